// visits.* and agreements.* — 走访 (an employer visited, by whom, what was collected: the vacancies typed
// during the visit) and 用工合作协议 (a period and the hires the employer committed to). Both sync as
// entities of their own (shared/sync/entities.ts); many visits or agreements per employer are fine, so two
// PCs that both record one keep both.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import type { Agreement, Visit, matchingContract } from '../../shared/contract/matching';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, write } from '../context';
import { insertRecorded } from '../db/recorded';
import type { CooperationAgreementsTable, EmployerVisitsTable, Executor } from '../db/schema';
import { uuidv7 } from '../ids';

type C = typeof matchingContract;

async function employerName(db: Executor, id: string): Promise<string> {
  const e = await db
    .selectFrom('employers')
    .select('name')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!e)
    throw new ApiError('not_found', '找不到该用人单位', [
      { path: 'employerId', message: '找不到该用人单位' },
    ]);
  return e.name;
}

async function toVisits(
  db: Executor,
  rows: Array<EmployerVisitsTable & { employer_name: string }>,
): Promise<Visit[]> {
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.vacancy_ids) as string[]))];
  const titles = ids.length
    ? new Map(
        (await db.selectFrom('vacancies').select(['id', 'title']).where('id', 'in', ids).execute()).map(
          (v) => [v.id, v.title],
        ),
      )
    : new Map<string, string>();
  return rows.map((r) => ({
    id: r.id,
    employerId: r.employer_id,
    employerName: r.employer_name,
    date: r.date,
    visitors: r.visitors,
    notes: r.notes,
    vacancies: (JSON.parse(r.vacancy_ids) as string[]).map((id) => ({ id, title: titles.get(id) ?? '' })),
    createdAt: r.created_at,
  }));
}

function visitQuery(db: Executor) {
  return db
    .selectFrom('employer_visits as w')
    .innerJoin('employers as e', 'e.id', 'w.employer_id')
    .selectAll('w')
    .select('e.name as employer_name')
    .where('w.deleted_at', 'is', null);
}

async function toAgreements(
  db: Executor,
  rows: Array<CooperationAgreementsTable & { employer_name: string }>,
  today: string,
): Promise<Agreement[]> {
  const out: Agreement[] = [];
  for (const r of rows) {
    // hires through recommendations to this employer's own vacancies, within the period
    const n = await sql<{ n: number }>`select count(*) as n from recommendations rec
      join vacancies v on v.id = rec.vacancy_id
      where v.employer_id = ${r.employer_id} and rec.deleted_at is null and rec.hired_on is not null
        and rec.hired_on between ${r.starts_on} and ${r.ends_on}`.execute(db);
    out.push({
      id: r.id,
      employerId: r.employer_id,
      employerName: r.employer_name,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      committedHires: r.committed_hires,
      hiresSoFar: Number(n.rows[0]?.n ?? 0),
      note: r.note,
      current: r.starts_on <= today && today <= r.ends_on,
    });
  }
  return out;
}

function agreementQuery(db: Executor) {
  return db
    .selectFrom('cooperation_agreements as a')
    .innerJoin('employers as e', 'e.id', 'a.employer_id')
    .selectAll('a')
    .select('e.name as employer_name')
    .where('a.deleted_at', 'is', null);
}

export const visitHandlers: Pick<
  Handlers<C>,
  'visits.create' | 'visits.list' | 'agreements.create' | 'agreements.list'
> = {
  async 'visits.create'(input, ctx: Ctx) {
    const identity = requireIdentity(ctx);
    if (input.date > ctx.today)
      throw new ApiError('invalid_input', '走访日期不能晚于今天', [
        { path: 'date', message: '走访日期不能晚于今天' },
      ]);
    const stamp = ctx.now.toISOString();
    const id = uuidv7(ctx.now.getTime());
    await write(ctx, async (trx, record) => {
      await employerName(trx, input.employerId);
      const ids = [...new Set(input.vacancyIds)];
      if (ids.length) {
        const found = await trx
          .selectFrom('vacancies')
          .select('id')
          .where('id', 'in', ids)
          .where('employer_id', '=', input.employerId)
          .where('deleted_at', 'is', null)
          .execute();
        if (found.length !== ids.length)
          throw new ApiError('invalid_input', '登记的岗位须是这家用人单位在本社区的岗位', [
            { path: 'vacancyIds', message: '岗位不属于这家用人单位' },
          ]);
      }
      await insertRecorded(trx, record, 'employer_visits', {
        id,
        community_code: identity.communityCode,
        employer_id: input.employerId,
        date: input.date,
        visitors: input.visitors,
        notes: input.notes || null,
        vacancy_ids: JSON.stringify(ids),
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      });
    });
    const row = await visitQuery(ctx.db).where('w.id', '=', id).executeTakeFirstOrThrow();
    return (await toVisits(ctx.db, [row]))[0]!;
  },

  async 'visits.list'(input, ctx) {
    let q = visitQuery(ctx.db);
    if (input.employerId) q = q.where('w.employer_id', '=', input.employerId);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('w.date', 'desc')
      .orderBy('w.id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: await toVisits(ctx.db, rows), total: Number(total.n) };
  },

  async 'agreements.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const stamp = ctx.now.toISOString();
    const id = uuidv7(ctx.now.getTime());
    await write(ctx, async (trx, record) => {
      await employerName(trx, input.employerId);
      await insertRecorded(trx, record, 'cooperation_agreements', {
        id,
        community_code: identity.communityCode,
        employer_id: input.employerId,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        committed_hires: input.committedHires,
        note: input.note || null,
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      });
    });
    const row = await agreementQuery(ctx.db).where('a.id', '=', id).executeTakeFirstOrThrow();
    return (await toAgreements(ctx.db, [row], ctx.today))[0]!;
  },

  async 'agreements.list'(input, ctx) {
    let q = agreementQuery(ctx.db);
    if (input.employerId) q = q.where('a.employer_id', '=', input.employerId);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('a.ends_on', 'desc')
      .orderBy('a.id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: await toAgreements(ctx.db, rows, ctx.today), total: Number(total.n) };
  },
};
