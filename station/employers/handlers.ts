// employers.* and vacancies.* — the employer book and its open positions. Credit codes are unique among
// live employers at a station; a vacancy past its valid-to date reads as expired whatever its status.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import type { Employer } from '../../shared/domain/employer';
import type { coreContract } from '../../shared/contract/core';
import type { Handlers } from '../context';
import { requireIdentity, write } from '../context';
import { insertRecorded, updateRecorded } from '../db/recorded';
import type { EmployersTable, Executor, VacanciesTable } from '../db/schema';
import { uuidv7 } from '../ids';
import { pinyinKeys } from '../residents/pinyin';
import { toVacancy, type VacancyRow } from './vacancyRow';
import { likeText } from '../db/like';
import { checkCodes } from '../matching/vocabulary';
import { boardVacancy, listBoard, refuseForeignEdit } from '../matching/boardVacancies';

type C = typeof coreContract;
type EmployerHandlers = Pick<
  Handlers<C>,
  | 'employers.create'
  | 'employers.update'
  | 'employers.get'
  | 'employers.search'
  | 'employers.list'
  | 'vacancies.create'
  | 'vacancies.update'
  | 'vacancies.get'
  | 'vacancies.list'
>;

async function openPositions(
  db: Executor,
  employerIds: string[],
  today: string,
): Promise<Map<string, number>> {
  if (employerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('vacancies')
    .select(['employer_id', (eb) => eb.fn.sum<number>('positions').as('n')])
    .where('employer_id', 'in', employerIds)
    .where('status', '=', 'open')
    .where('valid_to', '>=', today)
    .where('deleted_at', 'is', null)
    .groupBy('employer_id')
    .execute();
  return new Map(rows.map((r) => [r.employer_id, Number(r.n)]));
}

function toEmployer(r: EmployersTable, open: number): Employer {
  return {
    id: r.id,
    communityCode: r.community_code,
    creditCode: r.credit_code,
    name: r.name,
    industry: r.industry,
    size: r.size as Employer['size'],
    address: r.address,
    contacts: JSON.parse(r.contacts),
    openPositions: open,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function employersOut(db: Executor, rows: EmployersTable[], today: string): Promise<Employer[]> {
  const open = await openPositions(
    db,
    rows.map((r) => r.id),
    today,
  );
  return rows.map((r) => toEmployer(r, open.get(r.id) ?? 0));
}

async function getEmployerRow(db: Executor, id: string): Promise<EmployersTable> {
  const row = await db
    .selectFrom('employers')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', '找不到该用人单位');
  return row;
}

async function checkCreditCode(db: Executor, creditCode: string, selfId?: string) {
  const other = await db
    .selectFrom('employers')
    .select(['id', 'name'])
    .where('credit_code', '=', creditCode)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (other && other.id !== selfId)
    throw new ApiError(
      'conflict',
      `该统一社会信用代码已登记：${other.name}`,
      [{ path: 'creditCode', message: `已登记（${other.name}）` }],
      {
        existingId: other.id,
      },
    );
}

function employerQuery(db: Executor, query: string | undefined) {
  let q = db.selectFrom('employers').where('deleted_at', 'is', null);
  const t = query?.trim();
  if (t) {
    const lower = t.toLowerCase();
    q = q.where((eb) =>
      eb.or([
        likeText('name', '%', t, '%'),
        likeText('credit_code', '%', t.toUpperCase(), '%'),
        // any word of the name, not only the first: "jt" and "wuye" find 杭州景天物业 (initials are one
        // letter per syllable, so any run of them starts at a syllable)
        likeText('name_initials', '%', lower, '%'),
        likeText('name_pinyin', '%', lower, '%'),
      ]),
    );
  }
  return q;
}

function vacancySelect(db: Executor) {
  return db
    .selectFrom('vacancies as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .leftJoin('ref_occupations as ro', 'ro.code', 'v.occupation_code')
    .leftJoin('ref_industries as ri', 'ri.code', 'v.industry_code')
    .leftJoin('ref_communities as rc', 'rc.code', 'v.community_code')
    .leftJoin('ref_streets as rs', 'rs.code', 'rc.street_code')
    .selectAll('v')
    .select([
      'e.name as employer_name',
      'e.address as employer_address',
      'e.contacts as employer_contacts',
      'ro.name as occupation_name',
      'ri.name as industry_name',
      'rc.name as community_name',
      'rs.name as street_name',
    ])
    .where('v.deleted_at', 'is', null);
}

/** The stored row alone (no joined names), for a recorded write. */
async function vacancyRow(db: Executor, id: string): Promise<VacanciesTable> {
  const row = await db
    .selectFrom('vacancies')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', '找不到该岗位');
  return row;
}

async function getVacancy(db: Executor, id: string): Promise<VacancyRow> {
  const row = await vacancySelect(db).where('v.id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not_found', '找不到该岗位');
  return row;
}

const EMPLOYER_COLS = {
  creditCode: 'credit_code',
  name: 'name',
  industry: 'industry',
  size: 'size',
  address: 'address',
} as const;
const VACANCY_COLS = {
  title: 'title',
  occupation: 'occupation',
  positions: 'positions',
  wageMin: 'wage_min',
  wageMax: 'wage_max',
  requirements: 'requirements',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  status: 'status',
  occupationCode: 'occupation_code',
  industryCode: 'industry_code',
  ageMin: 'age_min',
  ageMax: 'age_max',
  education: 'education',
} as const;

/** The vacancy's coded fields must be in the vocabulary in force (those it already held may stay). */
async function checkVacancyCodes(
  db: Executor,
  input: { occupationCode?: string | null; industryCode?: string | null },
  before?: VacanciesTable,
): Promise<void> {
  await checkCodes(db, 'occupations', [input.occupationCode], 'occupationCode', [
    before?.occupation_code ?? '',
  ]);
  await checkCodes(db, 'industries', [input.industryCode], 'industryCode', [before?.industry_code ?? '']);
}

function applyInput<T extends object>(row: T, input: object, cols: Record<string, string>): T {
  const out = { ...row } as Record<string, unknown>;
  for (const [k, col] of Object.entries(cols)) {
    const v = (input as Record<string, unknown>)[k];
    if (v !== undefined) out[col] = v;
  }
  return out as T;
}

export const employerHandlers: EmployerHandlers = {
  async 'employers.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const stamp = ctx.now.toISOString();
    const keys = pinyinKeys(input.name);
    const row: EmployersTable = {
      id: uuidv7(ctx.now.getTime()),
      community_code: identity.communityCode,
      credit_code: input.creditCode,
      name: input.name,
      name_pinyin: keys.full,
      name_initials: keys.initials,
      industry: input.industry ?? null,
      size: input.size ?? null,
      address: input.address ?? null,
      contacts: JSON.stringify(input.contacts),
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    };
    await write(ctx, async (trx, record) => {
      await checkCreditCode(trx, row.credit_code);
      await insertRecorded(trx, record, 'employers', row);
    });
    return toEmployer(row, 0);
  },

  async 'employers.update'(input, ctx) {
    const row = await write(ctx, async (trx, record) => {
      const before = await getEmployerRow(trx, input.id);
      let after = applyInput(before, input, EMPLOYER_COLS);
      if (input.contacts !== undefined) after.contacts = JSON.stringify(input.contacts);
      if (after.credit_code !== before.credit_code) await checkCreditCode(trx, after.credit_code, before.id);
      const keys = pinyinKeys(after.name);
      after = {
        ...after,
        name_pinyin: keys.full,
        name_initials: keys.initials,
        updated_at: ctx.now.toISOString(),
      };
      return (await updateRecorded(trx, record, 'employers', before, after)) ? after : before;
    });
    return (await employersOut(ctx.db, [row], ctx.today))[0]!;
  },

  async 'employers.get'(input, ctx) {
    return (await employersOut(ctx.db, [await getEmployerRow(ctx.db, input.id)], ctx.today))[0]!;
  },

  async 'employers.search'(input, ctx) {
    const rows = await employerQuery(ctx.db, input.query)
      .selectAll()
      .orderBy('name_pinyin')
      .limit(input.limit)
      .execute();
    return { items: await employersOut(ctx.db, rows, ctx.today) };
  },

  async 'employers.list'(input, ctx) {
    const q = employerQuery(ctx.db, input.query);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('updated_at', 'desc')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: await employersOut(ctx.db, rows, ctx.today), total: Number(total.n) };
  },

  async 'vacancies.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const stamp = ctx.now.toISOString();
    const row: VacanciesTable = {
      id: uuidv7(ctx.now.getTime()),
      community_code: identity.communityCode,
      employer_id: input.employerId,
      title: input.title,
      occupation: input.occupation ?? null,
      positions: input.positions,
      wage_min: input.wageMin ?? null,
      wage_max: input.wageMax ?? null,
      requirements: input.requirements ?? null,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      status: input.status,
      occupation_code: input.occupationCode ?? null,
      industry_code: input.industryCode ?? null,
      age_min: input.ageMin ?? null,
      age_max: input.ageMax ?? null,
      education: input.education ?? null,
      shared: input.shared ? 1 : 0,
      hired: 0,
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    };
    await write(ctx, async (trx, record) => {
      await getEmployerRow(trx, input.employerId);
      await checkVacancyCodes(trx, input);
      await insertRecorded(trx, record, 'vacancies', row);
    });
    return toVacancy(await getVacancy(ctx.db, row.id), ctx.today);
  },

  async 'vacancies.update'(input, ctx) {
    await refuseForeignEdit(ctx.db, input.id);
    await write(ctx, async (trx, record) => {
      const before = await vacancyRow(trx, input.id);
      await checkVacancyCodes(trx, input, before);
      const after = { ...applyInput(before, input, VACANCY_COLS), updated_at: ctx.now.toISOString() };
      if (input.shared !== undefined) after.shared = input.shared ? 1 : 0;
      if (after.age_min != null && after.age_max != null && after.age_min > after.age_max)
        throw new ApiError('invalid_input', '最高年龄不能低于最低年龄', [
          { path: 'ageMax', message: '最高年龄不能低于最低年龄' },
        ]);
      if (after.wage_min != null && after.wage_max != null && after.wage_min > after.wage_max)
        throw new ApiError('invalid_input', '最高工资不能低于最低工资', [
          { path: 'wageMax', message: '最高工资不能低于最低工资' },
        ]);
      if (after.valid_from > after.valid_to)
        throw new ApiError('invalid_input', '截止日期不能早于开始日期', [
          { path: 'validTo', message: '截止日期不能早于开始日期' },
        ]);
      await updateRecorded(trx, record, 'vacancies', before, after);
    });
    return toVacancy(await getVacancy(ctx.db, input.id), ctx.today);
  },

  async 'vacancies.get'(input, ctx) {
    const own = await vacancySelect(ctx.db).where('v.id', '=', input.id).executeTakeFirst();
    if (own) return toVacancy(own, ctx.today);
    // another community's shared vacancy, read-only here (issue 9)
    const shared = await boardVacancy(ctx.db, input.id, ctx.today);
    if (shared) return shared;
    throw new ApiError('not_found', '找不到该岗位');
  },

  async 'vacancies.list'(input, ctx) {
    if (input.scope === 'shared') return listBoard(ctx.db, input, ctx.today);
    let q = vacancySelect(ctx.db);
    if (input.employerId) q = q.where('v.employer_id', '=', input.employerId);
    if (input.status) q = q.where('v.status', '=', input.status);
    if (!input.includeExpired) q = q.where('v.valid_to', '>=', ctx.today);
    const text = input.query?.trim();
    if (text)
      q = q.where((eb) =>
        eb.or([
          likeText('v.title', '%', text, '%'),
          likeText('v.occupation', '%', text, '%'),
          likeText('e.name', '%', text, '%'),
        ]),
      );
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy(sql`v.valid_to >= ${ctx.today}`, 'desc')
      .orderBy('v.valid_to')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: rows.map((r) => toVacancy(r, ctx.today)), total: Number(total.n) };
  },
};
