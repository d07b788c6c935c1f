// reference.assistanceCategories and cards.* (suggest, issue, list, get, replace, cancel, contact card).
// One valid card per person: issuing while one is valid is refused; a replacement marks the old card
// replaced, links both ways, and keeps the old row as history.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import { suggestCategories } from '../../shared/domain/assistance/eligibility';
import type { CardCategory } from '../../shared/domain/assistance/card';
import type { cardsContract } from '../../shared/contract/cards';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { CardsTable, ContactCardsTable, Executor } from '../db/schema';
import { diffRow } from '../db/outbox';
import { insertRecorded, updateRecorded } from '../db/recorded';
import { uuidv7 } from '../ids';
import { loadCategoriesInForce } from './categories';
import { allocateCardNumber } from './numbers';
import { eligibilityInput, getCard, getCardRow, hydrateCards, toContact } from './repository';
import { ensurePlan } from './plans';

type C = typeof cardsContract;
type CardHandlers = Pick<
  Handlers<C>,
  | 'reference.assistanceCategories'
  | 'cards.suggest'
  | 'cards.issue'
  | 'cards.list'
  | 'cards.get'
  | 'cards.replace'
  | 'cards.cancel'
  | 'cards.setContact'
>;

const STATUS_NAME = { valid: '有效', replaced: '已换卡', cancelled: '已注销' } as const;

async function validCardOf(db: Executor, residentId: string): Promise<CardsTable | undefined> {
  return db
    .selectFrom('cards')
    .selectAll()
    .where('resident_id', '=', residentId)
    .where('status', '=', 'valid')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

function requireValid(card: CardsTable, action: string): void {
  if (card.status !== 'valid')
    throw new ApiError('conflict', `援助卡 ${card.card_number} ${STATUS_NAME[card.status]}，不能${action}`);
}

/** The confirmed categories: the rules' reason where they suggested it, the assistant's reason otherwise. */
async function confirmCategories(
  ctx: Ctx,
  residentId: string,
  codes: string[],
  reason: string | undefined,
): Promise<CardCategory[]> {
  const inForce = await loadCategoriesInForce(ctx.db, ctx.today);
  const { resident, household } = await eligibilityInput(ctx.db, residentId, ctx.today);
  const suggested = new Map(
    suggestCategories(resident, household, inForce, ctx.today).map((s) => [s.code, s]),
  );
  const byCode = new Map(inForce.map((c) => [c.code, c]));
  const out: CardCategory[] = [];
  for (const [i, code] of [...new Set(codes)].entries()) {
    const category = byCode.get(code);
    if (!category)
      throw new ApiError('invalid_input', `援助对象类别「${code.slice(0, 40)}」不存在或已停用`, [
        { path: `categories.${i}`, message: '不是现行的援助对象类别' },
      ]);
    const s = suggested.get(code);
    if (s)
      out.push({ code, name: category.name, version: category.version, reason: s.reason, suggested: true });
    else if (reason && reason.length >= 2)
      out.push({
        code,
        name: category.name,
        version: category.version,
        reason: `协理员认定：${reason}`,
        suggested: false,
      });
    else
      throw new ApiError('invalid_input', `「${category.name}」不在系统建议的类别中，请填写认定理由`, [
        { path: 'reason', message: `请说明认定「${category.name}」的理由` },
      ]);
  }
  return out;
}

export const cardHandlers: CardHandlers = {
  async 'reference.assistanceCategories'(input, ctx) {
    const asOf = input.asOf ?? ctx.today;
    const items = await loadCategoriesInForce(ctx.db, asOf);
    return {
      asOf,
      items: items.map((c) => ({
        code: c.code,
        name: c.name,
        version: c.version,
        effectiveFrom: c.effectiveFrom,
        effectiveTo: c.effectiveTo,
        params: c.params,
      })),
    };
  },

  async 'cards.suggest'(input, ctx) {
    const asOf = input.asOf ?? ctx.today;
    const inForce = await loadCategoriesInForce(ctx.db, asOf);
    const { resident, household } = await eligibilityInput(ctx.db, input.residentId, asOf);
    return { asOf, suggestions: suggestCategories(resident, household, inForce, asOf) };
  },

  async 'cards.issue'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const categories = await confirmCategories(ctx, input.residentId, input.categories, input.reason);
    const id = uuidv7(ctx.now.getTime());
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const existing = await validCardOf(trx, input.residentId);
      if (existing)
        throw new ApiError(
          'conflict',
          `该居民已持有有效援助卡 ${existing.card_number}，如需重新制卡请使用“换卡”`,
          undefined,
          {
            existingId: existing.id,
          },
        );
      const row: CardsTable = {
        id,
        community_code: identity.communityCode,
        resident_id: input.residentId,
        card_number: await allocateCardNumber(trx, identity, +ctx.today.slice(0, 4)),
        status: 'valid',
        categories: JSON.stringify(categories),
        issue_reason: input.reason ?? null,
        issued_on: ctx.today,
        issued_by: operator.displayName,
        replaces_id: null,
        replaced_by_id: null,
        status_reason: null,
        status_changed_at: null,
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      await insertRecorded(trx, record, 'cards', row);
      await ensurePlan(ctx, trx, record, input.residentId);
    });
    return getCard(ctx.db, id);
  },

  async 'cards.list'(input, ctx) {
    let q = ctx.db
      .selectFrom('cards')
      .innerJoin('residents as r', 'r.id', 'cards.resident_id')
      .where('cards.deleted_at', 'is', null);
    if (input.residentId) q = q.where('cards.resident_id', '=', input.residentId);
    if (input.status) q = q.where('cards.status', '=', input.status);
    if (input.query) {
      const like = `%${input.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`r.name like ${like} escape '\\'`,
          sql<boolean>`cards.card_number like ${like} escape '\\'`,
        ]),
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll('cards')
      .orderBy('cards.created_at', 'desc')
      .orderBy(sql`cards.rowid`, 'desc') // insertion order breaks ties within one millisecond
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: await hydrateCards(ctx.db, rows), total: Number(total.n) };
  },

  async 'cards.get'(input, ctx) {
    return getCard(ctx.db, input.id);
  },

  async 'cards.replace'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const id = uuidv7(ctx.now.getTime());
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const old = await getCardRow(trx, input.id);
      requireValid(old, '换卡');
      const fresh: CardsTable = {
        ...old,
        id,
        card_number: await allocateCardNumber(trx, identity, +ctx.today.slice(0, 4)),
        community_code: identity.communityCode,
        issue_reason: `换卡：${input.reason}`,
        issued_on: ctx.today,
        issued_by: operator.displayName,
        replaces_id: old.id,
        replaced_by_id: null,
        status_reason: null,
        status_changed_at: null,
        created_at: stamp,
        updated_at: stamp,
      };
      // the old row first gives up its "valid" status, then the new one links back to it
      const retired: CardsTable = {
        ...old,
        status: 'replaced',
        replaced_by_id: id,
        status_reason: input.reason,
        status_changed_at: stamp,
        updated_at: stamp,
      };
      await trx.insertInto('cards').values(fresh).execute();
      await trx.updateTable('cards').set(retired).where('id', '=', old.id).execute();
      await record({
        entity: 'cards',
        rowId: old.id,
        op: 'update',
        changes: diffRow('cards', old, retired),
      });
      await record({ entity: 'cards', rowId: id, op: 'create', changes: diffRow('cards', null, fresh) });
      const contact = await trx
        .selectFrom('contact_cards')
        .selectAll()
        .where('card_id', '=', old.id)
        .executeTakeFirst();
      if (contact) {
        const copy: ContactCardsTable = {
          ...contact,
          id, // a card's contact card has the card's id (see cards.setContact)
          card_id: id,
          created_at: stamp,
          updated_at: stamp,
        };
        await insertRecorded(trx, record, 'contact_cards', copy);
      }
    });
    return getCard(ctx.db, id);
  },

  async 'cards.cancel'(input, ctx) {
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const before = await getCardRow(trx, input.id);
      requireValid(before, '注销');
      const after: CardsTable = {
        ...before,
        status: 'cancelled',
        status_reason: input.reason,
        status_changed_at: stamp,
        updated_at: stamp,
      };
      await updateRecorded(trx, record, 'cards', before, after);
    });
    return getCard(ctx.db, input.id);
  },

  async 'cards.setContact'(input, ctx) {
    const identity = requireIdentity(ctx);
    const stamp = ctx.now.toISOString();
    const row = await write(ctx, async (trx, record) => {
      const card = await getCardRow(trx, input.cardId);
      requireValid(card, '设置联系卡');
      const before = await trx
        .selectFrom('contact_cards')
        .selectAll()
        .where('card_id', '=', card.id)
        .executeTakeFirst();
      const after: ContactCardsTable = {
        // One contact card per card: its id is the card's id, so two PCs filling it in offline write the
        // same row and the district merges their fields (a conflict record keeps the losing officer) instead
        // of holding two rows no station could pull (issue 8, defect 1).
        id: before?.id ?? card.id,
        community_code: before?.community_code ?? identity.communityCode,
        card_id: card.id,
        officer_name: input.officerName,
        officer_phone: input.officerPhone,
        hours: input.hours,
        created_at: before?.created_at ?? stamp,
        updated_at: stamp,
      };
      if (!before) await insertRecorded(trx, record, 'contact_cards', after);
      else if (!(await updateRecorded(trx, record, 'contact_cards', before, after))) return before;
      return after;
    });
    return toContact(row);
  },
};
