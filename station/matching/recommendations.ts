// recommendations.* — the chain from a recommendation to a lasting job (shared/domain/recommendation.ts).
// Every step is one write() transaction with its outbox entries: the recommendation, and on a hire the
// person's 就业结果 (channel 推荐, or 招聘会 for an intent reached at a job fair: station/fairs/channel.ts),
// the plan's open job-recommendation measure and the vacancy's hires.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import {
  NEEDS_REASON,
  NEXT_STATUSES,
  RETENTION_MONTHS,
  addMonths,
  followUpDue,
  stepProblem,
  INTERVIEW_FOLLOW_UP_DAYS,
  type Recommendation,
  type RecommendationStatus,
} from '../../shared/domain/recommendation';
import { addDays } from '../../shared/domain/dates';
import { maskIdNumber } from '../../shared/validators/idNumber';
import type { matchingContract } from '../../shared/contract/matching';
import type { Ctx, Handlers, Record as RecordOutbox } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import { insertRecorded, updateRecorded } from '../db/recorded';
import type { Executor, PlanServicesTable, RecommendationsTable, StationDB } from '../db/schema';
import type { Transaction } from 'kysely';
import { uuidv7 } from '../ids';
import { deriveResidentColumns } from '../residents/repository';
import { recommendationId } from './ids';
import { anyVacancy, closedReason } from './vacancies';
import { hireChannel } from '../fairs/channel';

type C = typeof matchingContract;
type RecommendationHandlers = Pick<
  Handlers<C>,
  'recommendations.create' | 'recommendations.update' | 'recommendations.get' | 'recommendations.list'
>;
type Row = RecommendationsTable & { resident_name: string; resident_id_number: string };

function toRecommendation(r: Row, ctx: Ctx): Recommendation {
  const status = r.status as RecommendationStatus;
  const f = followUpDue({
    status,
    recommendedOn: r.recommended_on,
    interviewedOn: r.interviewed_on,
    hiredOn: r.hired_on,
  });
  return {
    id: r.id,
    residentId: r.resident_id,
    residentName: r.resident_name,
    residentIdNumber: maskIdNumber(r.resident_id_number),
    vacancyId: r.vacancy_id,
    vacancyTitle: r.vacancy_title,
    employerName: r.employer_name,
    vacancyCommunity: r.vacancy_community,
    foreign: r.vacancy_community !== r.community_code,
    status,
    recommendedOn: r.recommended_on,
    interviewedOn: r.interviewed_on,
    hiredOn: r.hired_on,
    closedOn: r.closed_on,
    reason: r.reason,
    note: r.note,
    recommendedBy: r.recommended_by,
    next: [...NEXT_STATUSES[status]],
    followUp: f ? { ...f, due: f.dueOn <= ctx.today } : null,
    updatedAt: r.updated_at,
  };
}

function select(db: Executor) {
  return db
    .selectFrom('recommendations as r')
    .innerJoin('residents as p', 'p.id', 'r.resident_id')
    .selectAll('r')
    .select(['p.name as resident_name', 'p.id_number as resident_id_number'])
    .where('r.deleted_at', 'is', null);
}

async function getRow(db: Executor, id: string): Promise<Row> {
  const row = await select(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not_found', '找不到该推荐单');
  return row;
}

/** The person is placed: 就业结果 says where, when and through whom (推荐), confirmed today. */
async function fillOutcome(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  ctx: Ctx,
  residentId: string,
  outcome: Record<string, unknown>,
): Promise<void> {
  const before = await trx
    .selectFrom('residents')
    .selectAll()
    .where('id', '=', residentId)
    .executeTakeFirst();
  if (!before) return;
  const merged = { ...before, clear_outcome: JSON.stringify({ ...outcome, confirmedAt: ctx.today }) };
  const after = { ...merged, ...deriveResidentColumns(merged), updated_at: ctx.now.toISOString() };
  await updateRecorded(trx, record, 'residents', before, after);
}

/** The person's plan (id = the person's id): its earliest open job-recommendation measure is done. */
async function completeMeasure(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  ctx: Ctx,
  rec: RecommendationsTable,
  date: string,
): Promise<void> {
  const measure = await trx
    .selectFrom('plan_measures')
    .selectAll()
    .where('plan_id', '=', rec.resident_id)
    .where('kind', '=', 'job_recommendation')
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .orderBy('due_date')
    .limit(1)
    .executeTakeFirst();
  if (!measure) return;
  const result = `经推荐录用：${rec.employer_name}「${rec.vacancy_title}」`;
  await updateRecorded(trx, record, 'plan_measures', measure, {
    ...measure,
    status: 'done',
    completed_on: date,
    result,
    updated_at: ctx.now.toISOString(),
  });
  const service: PlanServicesTable = {
    id: uuidv7(ctx.now.getTime()),
    community_code: measure.community_code,
    plan_id: measure.plan_id,
    kind: 'job_recommendation',
    date,
    note: result,
    measure_id: measure.id,
    given_by: requireOperator(ctx).displayName,
    created_at: ctx.now.toISOString(),
  };
  await insertRecorded(trx, record, 'plan_services', service);
}

/**
 * One more hire on the vacancy. The own community's vacancy is a recorded write (its `hired` is the
 * district's to count, so the district recounts it from the recommendation); another community's is the
 * board copy only, until the district's count comes back.
 */
async function countHire(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  ctx: Ctx,
  vacancyId: string,
): Promise<void> {
  const own = await trx.selectFrom('vacancies').selectAll().where('id', '=', vacancyId).executeTakeFirst();
  if (own) {
    const hired = (own.hired ?? 0) + 1;
    const status = hired >= own.positions && own.status === 'open' ? 'filled' : own.status;
    await updateRecorded(trx, record, 'vacancies', own, {
      ...own,
      hired,
      status,
      updated_at: ctx.now.toISOString(),
    });
    return;
  }
  await trx
    .updateTable('board_vacancies')
    .set({
      hired: sql`hired + 1`,
      status: sql`case when hired + 1 >= positions and status = 'open' then 'filled' else status end`,
    })
    .where('id', '=', vacancyId)
    .execute();
}

export const recommendationHandlers: RecommendationHandlers = {
  async 'recommendations.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const id = await write(ctx, async (trx, record) => {
      const person = await trx
        .selectFrom('residents')
        .select(['id', 'name', 'community_code'])
        .where('id', '=', input.residentId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw new ApiError('not_found', '找不到该居民（可能已删除或不属于本社区）');
      const v = await anyVacancy(trx, input.vacancyId);
      if (!v) throw new ApiError('not_found', '找不到该岗位（可能已删除，或尚未从区里同步到本工作站）');
      const closed = closedReason(v, ctx.today);
      if (closed) throw new ApiError('conflict', closed);
      const id = recommendationId(person.id, v.id);
      const existing = await trx
        .selectFrom('recommendations')
        .select(['recommended_on', 'status'])
        .where((eb) =>
          eb.or([
            eb('id', '=', id),
            eb.and([eb('resident_id', '=', person.id), eb('vacancy_id', '=', v.id)]),
          ]),
        )
        .executeTakeFirst();
      if (existing)
        throw new ApiError(
          'conflict',
          `${person.name}已于 ${existing.recommended_on} 推荐到「${v.title}」，同一岗位不重复推荐；请在原推荐单上登记进展`,
          undefined,
          { existingId: id },
        );
      const stamp = ctx.now.toISOString();
      const row: RecommendationsTable = {
        id,
        community_code: identity.communityCode,
        resident_id: person.id,
        vacancy_id: v.id,
        vacancy_community: v.communityCode,
        vacancy_title: v.title,
        employer_name: v.employerName,
        status: 'recommended',
        recommended_on: ctx.today,
        interviewed_on: null,
        hired_on: null,
        closed_on: null,
        reason: null,
        note: input.note || null,
        recommended_by: operator.displayName,
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      await insertRecorded(trx, record, 'recommendations', row);
      return id;
    });
    return { id };
  },

  async 'recommendations.update'(input, ctx) {
    const date = input.date ?? ctx.today;
    await write(ctx, async (trx, record) => {
      const { resident_name: _n, resident_id_number: _i, ...before } = await getRow(trx, input.id);
      const current = before.status as RecommendationStatus;
      const problem = stepProblem(
        {
          status: current,
          recommendedOn: before.recommended_on,
          interviewedOn: before.interviewed_on,
          hiredOn: before.hired_on,
        },
        input.status,
        date,
        ctx.today,
        input.reason,
      );
      if (problem)
        throw new ApiError(
          problem.status === 409 ? 'conflict' : 'invalid_input',
          problem.message,
          problem.path ? [{ path: problem.path, message: problem.message }] : undefined,
        );
      const after: RecommendationsTable = {
        ...before,
        status: input.status,
        updated_at: ctx.now.toISOString(),
      };
      if (input.status === 'interviewed') after.interviewed_on = date;
      else if (input.status === 'hired') after.hired_on = date;
      else after.closed_on = date;
      if (NEEDS_REASON.includes(input.status) || input.reason) after.reason = input.reason?.trim() || null;
      await updateRecorded(trx, record, 'recommendations', before, after);
      if (input.status === 'hired') {
        await fillOutcome(trx, record, ctx, before.resident_id, {
          result: 'placed',
          employer: before.employer_name,
          date,
          channel: await hireChannel(trx, before),
        });
        await completeMeasure(trx, record, ctx, before, date);
        await countHire(trx, record, ctx, before.vacancy_id);
      } else if (input.status === 'left') {
        // the job did not last: the person is back among those still to place, with the reason
        await fillOutcome(trx, record, ctx, before.resident_id, {
          result: 'not_yet',
          reasonNotYet:
            `经推荐到${before.employer_name}就业后于 ${date} 离职：${input.reason?.trim() ?? ''}`.slice(
              0,
              200,
            ),
        });
      }
    });
    return toRecommendation(await getRow(ctx.db, input.id), ctx);
  },

  async 'recommendations.get'(input, ctx) {
    return toRecommendation(await getRow(ctx.db, input.id), ctx);
  },

  async 'recommendations.list'(input, ctx) {
    let q = select(ctx.db);
    if (input.residentId) q = q.where('r.resident_id', '=', input.residentId);
    if (input.vacancyId) q = q.where('r.vacancy_id', '=', input.vacancyId);
    if (input.status) q = q.where('r.status', '=', input.status);
    if (input.due) q = q.where(dueFilter(ctx.today));
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('r.recommended_on', 'desc')
      .orderBy('r.id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: rows.map((r) => toRecommendation(r, ctx)), total: Number(total.n) };
  },
};

/** Recommendations whose follow-up is due on `today` (the same rule as followUpDue, in SQL). */
export function dueFilter(today: string) {
  const interview = addDays(today, -INTERVIEW_FOLLOW_UP_DAYS);
  const retention = addMonths(today, -RETENTION_MONTHS);
  return sql<boolean>`((r.status = 'recommended' and r.recommended_on <= ${interview})
    or (r.status = 'interviewed' and r.interviewed_on <= ${interview})
    or (r.status = 'hired' and r.hired_on <= ${retention}))`;
}
