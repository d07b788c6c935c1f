// households.* — a household and its members (residents pointing at it). Size, per-capita income and the
// zero-employment flag are derived from the members each time, never stored.
import { ApiError } from '../../shared/errors';
import { isZeroEmploymentHousehold, perCapitaIncome, type Household } from '../../shared/domain/household';
import { ageOn } from '../../shared/domain/dates';
import type { coreContract } from '../../shared/contract/core';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, write } from '../context';
import { insertRecorded, updateRecorded } from '../db/recorded';
import type { Executor, HouseholdsTable } from '../db/schema';
import { uuidv7 } from '../ids';
import { deriveResidentColumns, getResidentRow } from '../residents/repository';
import { likeText } from '../db/like';
import { logReveal } from '../privacy/reveal';
import { maskIncomeAmount } from '../../shared/domain/privacy';

type C = typeof coreContract;
type HouseholdHandlers = Pick<
  Handlers<C>,
  | 'households.create'
  | 'households.update'
  | 'households.get'
  | 'households.checkIncome'
  | 'households.list'
  | 'households.setMember'
  | 'households.removeMember'
>;

const COLS = {
  address: 'address',
  headName: 'head_name',
  monthlyIncome: 'monthly_income',
  subsistence: 'subsistence',
  note: 'note',
} as const;

/**
 * The household as an answer carries it: the income and the per-capita income masked unless `reveal`
 * (only households.get reveals, and logs it); writes and the list always answer masked.
 */
async function loadHousehold(
  db: Executor,
  row: HouseholdsTable,
  today: string,
  reveal = false,
): Promise<Household> {
  const members = await db
    .selectFrom('residents')
    .select(['id', 'name', 'household_relation', 'birth_date', 'sex', 'clear_unemployment'])
    .where('household_id', '=', row.id)
    .where('deleted_at', 'is', null)
    .orderBy('birth_date')
    .execute();
  const mapped = members.map((m) => {
    const unemployment = m.clear_unemployment ? JSON.parse(m.clear_unemployment) : null;
    return {
      id: m.id,
      name: m.name,
      relation: m.household_relation,
      age: ageOn(m.birth_date, today),
      sex: m.sex,
      employment: (unemployment?.status ?? null) as Household['members'][number]['employment'],
      clears: { unemployment },
    };
  });
  return {
    id: row.id,
    communityCode: row.community_code,
    address: row.address,
    headName: row.head_name,
    monthlyIncome: reveal ? row.monthly_income : maskIncomeAmount(row.monthly_income),
    subsistence: row.subsistence as Household['subsistence'],
    note: row.note,
    members: mapped.map(({ clears: _c, ...m }) => m),
    size: mapped.length,
    perCapitaIncome: reveal
      ? perCapitaIncome(row.monthly_income, mapped.length)
      : maskIncomeAmount(perCapitaIncome(row.monthly_income, mapped.length)),
    incomeMasked: !reveal,
    zeroEmployment: isZeroEmploymentHousehold(mapped),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function getRow(db: Executor, id: string): Promise<HouseholdsTable> {
  const row = await db
    .selectFrom('households')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', '找不到该家庭');
  return row;
}

async function setResidentHousehold(
  ctx: Ctx,
  residentId: string,
  householdId: string | null,
  relation: string | null,
  expectHousehold?: string,
) {
  return write(ctx, async (trx, record) => {
    if (householdId) await getRow(trx, householdId);
    const before = await getResidentRow(trx, residentId);
    if (!before) throw new ApiError('not_found', '找不到该居民');
    if (expectHousehold && before.household_id !== expectHousehold)
      throw new ApiError('conflict', '该居民不是这个家庭的成员');
    const merged = { ...before, household_id: householdId, household_relation: relation };
    const after = { ...merged, ...deriveResidentColumns(merged), updated_at: ctx.now.toISOString() };
    await updateRecorded(trx, record, 'residents', before, after);
  });
}

export const householdHandlers: HouseholdHandlers = {
  async 'households.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const stamp = ctx.now.toISOString();
    const row: HouseholdsTable = {
      id: uuidv7(ctx.now.getTime()),
      community_code: identity.communityCode,
      address: input.address ?? null,
      head_name: input.headName ?? null,
      monthly_income: input.monthlyIncome ?? null,
      subsistence: input.subsistence,
      note: input.note ?? null,
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    };
    await write(ctx, async (trx, record) => {
      await insertRecorded(trx, record, 'households', row);
    });
    return loadHousehold(ctx.db, row, ctx.today);
  },

  async 'households.update'(input, ctx) {
    const row = await write(ctx, async (trx, record) => {
      const before = await getRow(trx, input.id);
      const after: HouseholdsTable = { ...before, updated_at: ctx.now.toISOString() };
      for (const [k, col] of Object.entries(COLS)) {
        const v = (input as Record<string, unknown>)[k];
        if (v !== undefined) (after as unknown as Record<string, unknown>)[col] = v;
      }
      return (await updateRecorded(trx, record, 'households', before, after)) ? after : before;
    });
    return loadHousehold(ctx.db, row, ctx.today);
  },

  async 'households.get'(input, ctx) {
    const row = await getRow(ctx.db, input.id);
    const reveal = input.reveal === true;
    // seeing a household's income is logged like a resident's: who, whose, when, what
    if (reveal && row.monthly_income !== null) await logReveal(ctx, 'households', row.id, ['income']);
    return loadHousehold(ctx.db, row, ctx.today, reveal);
  },

  async 'households.checkIncome'(input, ctx) {
    const row = await getRow(ctx.db, input.id);
    const h = await loadHousehold(ctx.db, row, ctx.today);
    const differs: Array<'size' | 'income' | 'subsistence'> = [];
    if (input.householdSize !== undefined && input.householdSize !== h.size) differs.push('size');
    let amount = input.monthlyIncome;
    if (amount === undefined && input.residentId) {
      const r = await getResidentRow(ctx.db, input.residentId);
      const income = r?.clear_income ? (JSON.parse(r.clear_income) as { monthlyIncome?: number }) : null;
      amount = income?.monthlyIncome;
    }
    // compared in fen: ¥2,600.50 typed and stored are the same amount
    if (
      amount !== undefined &&
      row.monthly_income !== null &&
      Math.round(amount * 100) !== Math.round(row.monthly_income * 100)
    )
      differs.push('income');
    if (input.subsistence !== undefined && input.subsistence !== h.subsistence) differs.push('subsistence');
    return {
      headName: h.headName,
      size: h.size,
      subsistence: h.subsistence,
      hasIncome: row.monthly_income !== null,
      differs,
    };
  },

  async 'households.list'(input, ctx) {
    let q = ctx.db.selectFrom('households').where('deleted_at', 'is', null);
    const text = input.query?.trim();
    if (text)
      q = q.where((eb) =>
        eb.or([likeText('address', '%', text, '%'), likeText('head_name', '%', text, '%')]),
      );
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('updated_at', 'desc')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    const items = await Promise.all(rows.map((r) => loadHousehold(ctx.db, r, ctx.today)));
    return { items, total: Number(total.n) };
  },

  async 'households.setMember'(input, ctx) {
    await setResidentHousehold(ctx, input.residentId, input.householdId, input.relation ?? null);
    return loadHousehold(ctx.db, await getRow(ctx.db, input.householdId), ctx.today);
  },

  async 'households.removeMember'(input, ctx) {
    await setResidentHousehold(ctx, input.residentId, null, null, input.householdId);
    return loadHousehold(ctx.db, await getRow(ctx.db, input.householdId), ctx.today);
  },
};
