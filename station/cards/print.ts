// cards.printData, cards.logPrint, cards.printLog — what the print route shows and the record of what was
// printed. The ID number leaves the station masked; only valid cards print (a replaced or cancelled card
// in someone's wallet is exactly what printing must not produce).
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import { maskIdNumber } from '../../shared/validators/idNumber';
import type {
  CardCategory,
  CardPrintData,
  MeasureKind,
  PrintLayout,
  PrintLogEntry,
} from '../../shared/domain/assistance/card';
import type { cardsContract } from '../../shared/contract/cards';
import type { Handlers } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { CardPrintsTable, CardsTable, Executor } from '../db/schema';
import { insertRecorded } from '../db/recorded';
import { uuidv7 } from '../ids';

type C = typeof cardsContract;
type PrintHandlers = Pick<
  Handlers<C>,
  'cards.printData' | 'cards.logPrint' | 'cards.printLog' | 'cards.reprints'
>;

/** The cards asked for, in the order asked, all valid; otherwise a clear refusal naming the card. */
async function printableCards(db: Executor, ids: string[]): Promise<CardsTable[]> {
  const unique = [...new Set(ids)];
  const rows = await db
    .selectFrom('cards')
    .selectAll()
    .where('id', 'in', unique)
    .where('deleted_at', 'is', null)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.map((id, i) => {
    const r = byId.get(id);
    if (!r)
      throw new ApiError('not_found', `找不到第 ${i + 1} 张援助卡`, [
        { path: `ids.${i}`, message: '找不到该援助卡' },
      ]);
    if (r.status !== 'valid')
      throw new ApiError(
        'conflict',
        `援助卡 ${r.card_number} ${r.status === 'replaced' ? '已换卡' : '已注销'}，不能打印`,
        [{ path: `ids.${i}`, message: '援助卡已失效' }],
      );
    return r;
  });
}

export const printHandlers: PrintHandlers = {
  async 'cards.printData'(input, ctx) {
    const identity = requireIdentity(ctx);
    const cards = await printableCards(ctx.db, input.ids);
    const ids = cards.map((c) => c.id);
    const residentIds = [...new Set(cards.map((c) => c.resident_id))];
    const [holders, contacts, measures, printed, community] = await Promise.all([
      ctx.db
        .selectFrom('residents')
        .select(['id', 'name', 'id_number', 'sex'])
        .where('id', 'in', residentIds)
        .execute(),
      ctx.db.selectFrom('contact_cards').selectAll().where('card_id', 'in', ids).execute(),
      ctx.db
        .selectFrom('plan_measures')
        .select(['plan_id', 'kind', 'owner', 'due_date', 'status', 'note'])
        .where('plan_id', 'in', residentIds)
        .where('deleted_at', 'is', null)
        .orderBy('due_date')
        .execute(),
      ctx.db.selectFrom('card_prints').select('card_id').distinct().where('card_id', 'in', ids).execute(),
      ctx.db
        .selectFrom('ref_communities as c')
        .innerJoin('ref_streets as s', 's.code', 'c.street_code')
        .select(['c.name as communityName', 's.name as streetName'])
        .where('c.code', '=', identity.communityCode)
        .executeTakeFirst(),
    ]);
    const holderById = new Map(holders.map((h) => [h.id, h]));
    const contactByCard = new Map(contacts.map((c) => [c.card_id, c]));
    const printedSet = new Set(printed.map((p) => p.card_id));
    const items: CardPrintData[] = cards.map((c) => {
      const h = holderById.get(c.resident_id);
      const contact = contactByCard.get(c.id);
      return {
        cardId: c.id,
        cardNumber: c.card_number,
        holderName: h?.name ?? '',
        holderIdNumber: h ? maskIdNumber(h.id_number) : '',
        sex: h?.sex ?? 'M',
        categories: (JSON.parse(c.categories) as CardCategory[]).map(({ code, name }) => ({ code, name })),
        issuedOn: c.issued_on,
        communityName: community?.communityName ?? identity.communityCode,
        streetName: community?.streetName ?? '',
        stationName: identity.stationName,
        contact: contact
          ? { officerName: contact.officer_name, officerPhone: contact.officer_phone, hours: contact.hours }
          : null,
        measures: measures
          .filter((m) => m.plan_id === c.resident_id)
          .map((m) => ({
            kind: m.kind as MeasureKind,
            owner: m.owner,
            dueDate: m.due_date,
            status: m.status,
            note: m.note,
          })),
        printedBefore: printedSet.has(c.id),
      };
    });
    return { items };
  },

  async 'cards.logPrint'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const stamp = ctx.now.toISOString();
    const entries = await write(ctx, async (trx, record) => {
      const cards = await printableCards(trx, input.ids);
      const out: Array<CardPrintsTable & { card_number: string }> = [];
      for (const card of cards) {
        const before = await trx
          .selectFrom('card_prints')
          .select('id')
          .where('card_id', '=', card.id)
          .limit(1)
          .executeTakeFirst();
        const row: CardPrintsTable = {
          id: uuidv7(ctx.now.getTime()),
          community_code: identity.communityCode,
          card_id: card.id,
          layout: input.layout,
          printed_at: stamp,
          operator_id: operator.id,
          operator_name: operator.displayName,
          reprint: before ? 1 : 0,
        };
        await insertRecorded(trx, record, 'card_prints', row);
        // printed under its current number: a reprint asked for after a renumbering is done
        await trx
          .updateTable('card_reprints')
          .set({ done_at: stamp })
          .where('card_id', '=', card.id)
          .where('new_number', '=', card.card_number)
          .where('done_at', 'is', null)
          .execute();
        out.push({ ...row, card_number: card.card_number });
      }
      return out;
    });
    const holders = await holderNames(
      ctx.db,
      entries.map((e) => e.card_id),
    );
    return { items: entries.map((e) => toLogEntry(e, e.card_number, holders.get(e.card_id) ?? '')) };
  },

  async 'cards.reprints'(_input, ctx) {
    const rows = await ctx.db
      .selectFrom('card_reprints as p')
      .innerJoin('cards as c', 'c.id', 'p.card_id')
      .innerJoin('residents as r', 'r.id', 'c.resident_id')
      .select(['p.card_id', 'r.name', 'p.old_number', 'p.new_number', 'p.reason', 'p.at'])
      .where('p.done_at', 'is', null)
      .where('c.status', '=', 'valid')
      .orderBy('p.at')
      .execute();
    return {
      items: rows.map((r) => ({
        cardId: r.card_id,
        holderName: r.name,
        oldNumber: r.old_number,
        newNumber: r.new_number,
        reason: r.reason,
        at: r.at,
      })),
    };
  },

  async 'cards.printLog'(input, ctx) {
    let q = ctx.db
      .selectFrom('card_prints as p')
      .innerJoin('cards as c', 'c.id', 'p.card_id')
      .innerJoin('residents as r', 'r.id', 'c.resident_id');
    if (input.cardId) q = q.where('p.card_id', '=', input.cardId);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll('p')
      .select(['c.card_number as cardNumber', 'r.name as holderName'])
      .orderBy('p.printed_at', 'desc')
      .orderBy(sql`p.rowid`, 'desc') // insertion order breaks ties within one millisecond
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: rows.map((r) => toLogEntry(r, r.cardNumber, r.holderName)), total: Number(total.n) };
  },
};

async function holderNames(db: Executor, cardIds: string[]): Promise<Map<string, string>> {
  if (cardIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('cards as c')
    .innerJoin('residents as r', 'r.id', 'c.resident_id')
    .select(['c.id', 'r.name'])
    .where('c.id', 'in', cardIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

function toLogEntry(r: CardPrintsTable, cardNumber: string, holderName: string): PrintLogEntry {
  return {
    id: r.id,
    cardId: r.card_id,
    cardNumber,
    holderName,
    layout: r.layout as PrintLayout,
    printedAt: r.printed_at,
    operatorName: r.operator_name,
    reprint: !!r.reprint,
  };
}
