// residents.* — register, edit, confirm, find and list residents. Each write diffs the row, appends the
// outbox entry in the same transaction, and answers with the fresh resident — masked: only residents.get
// and residents.history reveal, on request, and log it (shared/domain/privacy.ts).
import { ApiError } from '../../shared/errors';
import { parseIdNumber } from '../../shared/validators/idNumber';
import type { SectionKey } from '../../shared/domain/sixClears';
import type { coreContract } from '../../shared/contract/core';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, write } from '../context';
import { logReveal } from '../privacy/reveal';
import { insertRecorded, updateRecorded } from '../db/recorded';
import type { Executor, ResidentRowDb } from '../db/schema';
import { uuidv7 } from '../ids';
import {
  CLEAR_COLUMNS,
  clearsOf,
  deriveResidentColumns,
  findByIdNumber,
  getResidentRow,
  listResidents,
  newResidentRow,
  residentColumnsFromInput,
  searchResidents,
  toResident,
  toResidentRow,
  withOneSubsistence,
} from './repository';
import { residentHistory } from './history';
import { checkPreferenceCodes } from '../matching/vocabulary';
import { holdsOf } from '../sync/holds';
import type { Resident, ResidentRow } from '../../shared/domain/resident';
import { impossibleResidentDates, type Problem } from '../../shared/domain/plausibility';
import { namesSimilar } from './similarity';
import { LIFECYCLE_WORDS } from '../../shared/domain/lifecycle';
import { ageBandLimits, withListExtras } from './listExtras';

type C = typeof coreContract;
type ResidentHandlers = Pick<
  Handlers<C>,
  | 'residents.create'
  | 'residents.update'
  | 'residents.get'
  | 'residents.search'
  | 'residents.list'
  | 'residents.setLifecycle'
  | 'residents.remove'
  | 'residents.confirmClears'
  | 'residents.history'
  | 'residents.findByIdNumber'
  | 'residents.possibleDuplicates'
>;

const view = (ctx: Ctx, reveal = false) => ({ today: ctx.today, staleAfterDays: ctx.staleAfterDays, reveal });

/** Whether the resident's income section holds an amount (what a reveal would show). */
function hasIncomeAmount(row: ResidentRowDb): boolean {
  const income = clearsOf(row).income as { monthlyIncome?: unknown } | null | undefined;
  return income?.monthlyIncome !== undefined && income.monthlyIncome !== null;
}

/** The district's notice about a person also registered at another community, on every answer (issue 8). */
async function withHold(db: Executor, r: Resident): Promise<Resident> {
  return { ...r, hold: (await holdsOf(db, [r.id])).get(r.id) ?? null };
}
async function withHolds(db: Executor, rows: ResidentRow[]): Promise<ResidentRow[]> {
  const holds = await holdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, hold: holds.get(r.id) ?? null }));
}

function notFound(): ApiError {
  return new ApiError('not_found', '找不到该居民（可能已被删除）');
}

async function duplicateCheck(db: Executor, idNumber: string, selfId?: string): Promise<void> {
  const existing = await findByIdNumber(db, idNumber);
  if (existing && existing.id !== selfId) {
    throw new ApiError(
      'duplicate_id_number',
      `该身份证号已登记：${existing.name}`,
      [{ path: 'idNumber', message: `该身份证号已登记（${existing.name}）` }],
      {
        existingId: existing.id,
      },
    );
  }
}

/** A household id must name a live household: say so in words instead of failing on the foreign key. */
async function householdCheck(db: Executor, householdId: string | null | undefined): Promise<void> {
  if (!householdId) return;
  const h = await db
    .selectFrom('households')
    .select('id')
    .where('id', '=', householdId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!h)
    throw new ApiError('invalid_input', '所选家庭不存在（可能已被删除）', [
      { path: 'householdId', message: '找不到该家庭' },
    ]);
}

/** A value that cannot be true is refused whole, naming each field (shared/domain/plausibility.ts). */
export function refuseImpossible(problems: Problem[]): void {
  if (problems.length === 0) return;
  throw new ApiError(
    'invalid_input',
    problems[0]!.message,
    problems.map((p) => ({ path: p.path, message: p.message, kind: p.kind })),
  );
}

export const residentHandlers: ResidentHandlers = {
  async 'residents.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const id = uuidv7(ctx.now.getTime());
    const stamp = ctx.now.toISOString();
    refuseImpossible(impossibleResidentDates(input, ctx.today));
    const row = await write(ctx, async (trx, record) => {
      await duplicateCheck(trx, input.idNumber);
      await householdCheck(trx, input.householdId);
      await checkPreferenceCodes(trx, input.preferences, null);
      const full = newResidentRow(input, identity.communityCode, id, stamp);
      await insertRecorded(trx, record, 'residents', full);
      return full;
    });
    return withHold(ctx.db, toResident(row, view(ctx)));
  },

  async 'residents.update'(input, ctx) {
    refuseImpossible(impossibleResidentDates(input, ctx.today));
    const row = await write(ctx, async (trx, record) => {
      const before = await getResidentRow(trx, input.id);
      if (!before) throw notFound();
      const cols = residentColumnsFromInput(input);
      if (cols.id_number && cols.id_number !== before.id_number)
        await duplicateCheck(trx, cols.id_number, before.id);
      if (cols.household_id !== before.household_id) await householdCheck(trx, cols.household_id);
      await checkPreferenceCodes(trx, input.preferences, before.clear_preferences);
      const merged = withOneSubsistence({ ...before, ...cols }, input.subsistence);
      const after = { ...merged, ...deriveResidentColumns(merged), updated_at: ctx.now.toISOString() };
      // nothing changed: no write, no outbox entry
      return (await updateRecorded(trx, record, 'residents', before, after)) ? after : before;
    });
    return withHold(ctx.db, toResident(row, view(ctx)));
  },

  async 'residents.setLifecycle'(input, ctx) {
    const l = input.lifecycle;
    if (l && l.date > ctx.today)
      throw new ApiError('invalid_input', `${LIFECYCLE_WORDS[l.state]}日期不能晚于今天`, [
        { path: 'lifecycle.date', message: '日期不能晚于今天' },
      ]);
    const row = await write(ctx, async (trx, record) => {
      const before = await getResidentRow(trx, input.id);
      if (!before) throw notFound();
      if (l && l.date < before.birth_date)
        throw new ApiError('invalid_input', '日期不能早于出生日期', [
          { path: 'lifecycle.date', message: '日期不能早于出生日期' },
        ]);
      if (l?.state === 'moved_away' && l.toCommunity) {
        const known = await trx
          .selectFrom('ref_communities')
          .select('code')
          .where('code', '=', l.toCommunity)
          .executeTakeFirst();
        if (!known || l.toCommunity === before.community_code)
          throw new ApiError('invalid_input', '请从本区其他社区中选择迁入社区', [
            { path: 'lifecycle.toCommunity', message: '请从本区其他社区中选择迁入社区' },
          ]);
      }
      const value = l
        ? JSON.stringify({
            state: l.state,
            date: l.date,
            reason: l.reason,
            ...(l.state === 'moved_away' && l.destination ? { destination: l.destination } : {}),
            ...(l.state === 'moved_away' && l.toCommunity ? { toCommunity: l.toCommunity } : {}),
          })
        : null;
      const after = { ...before, lifecycle: value, updated_at: ctx.now.toISOString() };
      return (await updateRecorded(trx, record, 'residents', before, after)) ? after : before;
    });
    return withHold(ctx.db, toResident(row, view(ctx)));
  },

  async 'residents.confirmClears'(input, ctx) {
    const row = await write(ctx, async (trx, record) => {
      const before = await getResidentRow(trx, input.id);
      if (!before) throw notFound();
      const cols: Partial<ResidentRowDb> = {};
      const missing: SectionKey[] = [];
      for (const k of input.sections) {
        const raw = before[CLEAR_COLUMNS[k]];
        if (!raw) {
          missing.push(k);
          continue;
        }
        cols[CLEAR_COLUMNS[k]] = JSON.stringify({ ...JSON.parse(raw), confirmedAt: ctx.today });
      }
      if (missing.length)
        throw new ApiError(
          'invalid_input',
          '尚未填写的部分不能“确认无变化”，请先填写',
          missing.map((k) => ({ path: k, message: '尚未填写，不能确认无变化' })),
        );
      const merged = withOneSubsistence({ ...before, ...cols });
      const after = { ...merged, ...deriveResidentColumns(merged), updated_at: ctx.now.toISOString() };
      return (await updateRecorded(trx, record, 'residents', before, after, 'confirm')) ? after : before;
    });
    return withHold(ctx.db, toResident(row, view(ctx)));
  },

  async 'residents.get'(input, ctx) {
    const row = await getResidentRow(ctx.db, input.id);
    if (!row) throw notFound();
    const reveal = input.reveal === true;
    // a reveal shows the full ID number and the income amount: both are logged (who, whose, when, what)
    if (reveal)
      await logReveal(
        ctx,
        'residents',
        row.id,
        hasIncomeAmount(row) ? ['id_number', 'income'] : ['id_number'],
      );
    return withHold(ctx.db, toResident(row, view(ctx, reveal)));
  },

  async 'residents.search'(input, ctx) {
    const rows = await searchResidents(ctx.db, input.query, input.limit);
    return {
      items: await withHolds(
        ctx.db,
        rows.map((r) => toResidentRow(r, view(ctx))),
      ),
    };
  },

  async 'residents.list'(input, ctx) {
    const bands = input.filter?.ageBand ? await ageBandLimits(ctx.db, ctx.today) : undefined;
    const { rows, total } = await listResidents(ctx.db, input, view(ctx), bands);
    return {
      items: await withListExtras(
        ctx.db,
        await withHolds(
          ctx.db,
          rows.map((r) => toResidentRow(r, view(ctx))),
        ),
      ),
      total,
    };
  },

  async 'residents.remove'(input, ctx) {
    await write(ctx, async (trx, record) => {
      const before = await getResidentRow(trx, input.id);
      if (!before) throw notFound();
      const stamp = ctx.now.toISOString();
      const after = { ...before, deleted_at: stamp, updated_at: stamp };
      await updateRecorded(trx, record, 'residents', before, after, 'delete');
    });
    return { ok: true as const };
  },

  async 'residents.history'(input, ctx) {
    const reveal = input.reveal === true;
    const items = await residentHistory(ctx.db, input.id, reveal);
    // seeing income is logged like seeing an ID number: who, whose, when — never the amount
    if (reveal && items.length) await logReveal(ctx, 'residents', input.id, ['income']);
    return { items, incomeMasked: !reveal };
  },

  async 'residents.findByIdNumber'(input, ctx) {
    const p = parseIdNumber(input.idNumber);
    if (!p.ok) return { resident: null };
    const row = await findByIdNumber(ctx.db, p.value.idNumber);
    return { resident: row ? (await withHolds(ctx.db, [toResidentRow(row, view(ctx))]))[0]! : null };
  },

  async 'residents.possibleDuplicates'(input, ctx) {
    // everyone born that day, then the names compared by reading and by one character (similarity.ts)
    let q = ctx.db
      .selectFrom('residents')
      .selectAll()
      .where('deleted_at', 'is', null)
      .where('birth_date', '=', input.birthDate);
    if (input.excludeId) q = q.where('id', '!=', input.excludeId);
    const rows = (await q.limit(500).execute()).filter((r) => namesSimilar(r.name, input.name));
    rows.sort((x, y) => Number(y.name === input.name) - Number(x.name === input.name));
    return { items: rows.slice(0, 20).map((r) => toResidentRow(r, view(ctx))) };
  },
};
