// plans.* and cards.overdueMeasures — one plan per holder (一人一策): measures with an owner and a due
// date, and a timeline of services given. The plan's id is the holder's resident id (see migration 0003),
// so it survives a card replacement and two stations cannot make two plans for one person.
import { sql, type Transaction } from 'kysely';
import { ApiError } from '../../shared/errors';
import { daysBetween } from '../../shared/domain/dates';
import type { cardsContract } from '../../shared/contract/cards';
import type { Ctx, Handlers, Record } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { CardPlansTable, PlanMeasuresTable, PlanServicesTable, StationDB } from '../db/schema';
import { uuidv7 } from '../ids';
import { insertRecorded, updateRecorded } from '../db/recorded';
import { getCardRow, overdueMeasuresQuery, toMeasure, toService } from './repository';

type C = typeof cardsContract;
type PlanHandlers = Pick<
  Handlers<C>,
  'plans.get' | 'plans.addMeasure' | 'plans.completeMeasure' | 'plans.addService' | 'cards.overdueMeasures'
>;

/** Opens the holder's plan if there is none yet; returns its id. */
export async function ensurePlan(
  ctx: Ctx,
  trx: Transaction<StationDB>,
  record: Record,
  residentId: string,
): Promise<string> {
  const have = await trx
    .selectFrom('card_plans')
    .select('id')
    .where('id', '=', residentId)
    .executeTakeFirst();
  if (have) return have.id;
  const stamp = ctx.now.toISOString();
  const row: CardPlansTable = {
    id: residentId,
    community_code: requireIdentity(ctx).communityCode,
    resident_id: residentId,
    created_at: stamp,
    updated_at: stamp,
  };
  await insertRecorded(trx, record, 'card_plans', row);
  return row.id;
}

async function validCardForPlan(trx: Transaction<StationDB>, cardId: string) {
  const card = await getCardRow(trx, cardId);
  if (card.status !== 'valid')
    throw new ApiError('conflict', `援助卡 ${card.card_number} 已失效，请在现行援助卡上登记`);
  return card;
}

export const planHandlers: PlanHandlers = {
  async 'plans.get'(input, ctx) {
    const card = await getCardRow(ctx.db, input.cardId);
    const holder = await ctx.db
      .selectFrom('residents')
      .select('name')
      .where('id', '=', card.resident_id)
      .executeTakeFirst();
    const planId = card.resident_id;
    const measures = await ctx.db
      .selectFrom('plan_measures')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('deleted_at', 'is', null)
      .orderBy('due_date')
      .orderBy(sql`rowid`)
      .execute();
    const services = await ctx.db
      .selectFrom('plan_services')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('date', 'desc')
      .orderBy(sql`rowid`, 'desc')
      .limit(500)
      .execute();
    return {
      id: planId,
      residentId: card.resident_id,
      holderName: holder?.name ?? '',
      cardId: card.id,
      cardNumber: card.card_number,
      measures: measures.map((m) => toMeasure(m, ctx.today)),
      services: services.map(toService),
    };
  },

  async 'plans.addMeasure'(input, ctx) {
    const identity = requireIdentity(ctx);
    const stamp = ctx.now.toISOString();
    const row = await write(ctx, async (trx, record) => {
      const card = await validCardForPlan(trx, input.cardId);
      const planId = await ensurePlan(ctx, trx, record, card.resident_id);
      const m: PlanMeasuresTable = {
        id: uuidv7(ctx.now.getTime()),
        community_code: identity.communityCode,
        plan_id: planId,
        kind: input.kind,
        owner: input.owner,
        due_date: input.dueDate,
        note: input.note || null,
        status: 'open',
        completed_on: null,
        result: null,
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      await insertRecorded(trx, record, 'plan_measures', m);
      return m;
    });
    return toMeasure(row, ctx.today);
  },

  async 'plans.completeMeasure'(input, ctx) {
    const operator = requireOperator(ctx);
    const completedOn = input.completedOn ?? ctx.today;
    if (completedOn > ctx.today)
      throw new ApiError('invalid_input', '完成日期不能晚于今天', [
        { path: 'completedOn', message: '完成日期不能晚于今天' },
      ]);
    const stamp = ctx.now.toISOString();
    const row = await write(ctx, async (trx, record) => {
      const before = await trx
        .selectFrom('plan_measures')
        .selectAll()
        .where('id', '=', input.measureId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!before) throw new ApiError('not_found', '找不到该援助措施');
      if (before.status === 'done')
        throw new ApiError('conflict', `该措施已于 ${before.completed_on ?? ''} 完成`);
      const after: PlanMeasuresTable = {
        ...before,
        status: 'done',
        completed_on: completedOn,
        result: input.result || null,
        updated_at: stamp,
      };
      await updateRecorded(trx, record, 'plan_measures', before, after);
      // a completed measure is a service given: it joins the timeline
      const service: PlanServicesTable = {
        id: uuidv7(ctx.now.getTime()),
        community_code: before.community_code,
        plan_id: before.plan_id,
        kind: before.kind,
        date: completedOn,
        note: input.result || before.note || '措施已完成',
        measure_id: before.id,
        given_by: operator.displayName,
        created_at: stamp,
      };
      await insertRecorded(trx, record, 'plan_services', service);
      return after;
    });
    return toMeasure(row, ctx.today);
  },

  async 'plans.addService'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const date = input.date ?? ctx.today;
    if (date > ctx.today)
      throw new ApiError('invalid_input', '服务日期不能晚于今天', [
        { path: 'date', message: '服务日期不能晚于今天' },
      ]);
    const stamp = ctx.now.toISOString();
    const row = await write(ctx, async (trx, record) => {
      const card = await validCardForPlan(trx, input.cardId);
      const planId = await ensurePlan(ctx, trx, record, card.resident_id);
      if (input.measureId) {
        const m = await trx
          .selectFrom('plan_measures')
          .select('plan_id')
          .where('id', '=', input.measureId)
          .executeTakeFirst();
        if (!m || m.plan_id !== planId)
          throw new ApiError('invalid_input', '该措施不属于这位持卡人的援助计划', [
            { path: 'measureId', message: '措施不属于该计划' },
          ]);
      }
      const s: PlanServicesTable = {
        id: uuidv7(ctx.now.getTime()),
        community_code: identity.communityCode,
        plan_id: planId,
        kind: input.kind,
        date,
        note: input.note,
        measure_id: input.measureId ?? null,
        given_by: operator.displayName,
        created_at: stamp,
      };
      await insertRecorded(trx, record, 'plan_services', s);
      return s;
    });
    return toService(row);
  },

  async 'cards.overdueMeasures'(input, ctx) {
    // open measures past their due date, for holders whose card is still valid
    const base = overdueMeasuresQuery(ctx.db, ctx.today);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll('m')
      .select(['c.id as cardId', 'c.card_number as cardNumber', 'r.id as residentId', 'r.name as holderName'])
      .orderBy('m.due_date')
      .orderBy('m.id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return {
      items: rows.map((r) => ({
        measure: toMeasure(r, ctx.today),
        cardId: r.cardId,
        cardNumber: r.cardNumber,
        residentId: r.residentId,
        holderName: r.holderName,
        daysOverdue: daysBetween(r.due_date, ctx.today),
      })),
      total: Number(total.n),
    };
  },
};
