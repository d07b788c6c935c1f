// worklist.markContacted / worklist.contacts / operators.setPhone (issue 15). A contact mark made on 今日工作
// (电话 / 上门 / 未联系上, with a note) is a service on the person's plan — the plan whose id is the person's
// id, opened for anyone on their first service, so it syncs, follows a transfer and a merge like a card
// holder's services — carrying the date the person is due again; worklist.today leaves the row out until
// then. Two PCs marking the same person offline make two services (a log, no uniqueness to keep).
import { ApiError } from '../../shared/errors';
import { addDays } from '../../shared/domain/dates';
import { parsePhone } from '../../shared/validators/phone';
import { CONTACT_KINDS, type ContactKind } from '../../shared/domain/assistance/card';
import {
  CONTACT_NEXT_DAYS,
  CONTACT_NEXT_MAX_DAYS,
  type ContactHow,
  type deskLifeContract,
} from '../../shared/contract/deskLife';
import type { Handlers } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { PlanServicesTable } from '../db/schema';
import { uuidv7 } from '../ids';
import { insertRecorded } from '../db/recorded';
import { ensurePlan } from '../cards/plans';
import { toService } from '../cards/repository';
import { toOperator } from './session';

const KIND: Record<ContactHow, ContactKind> = {
  phone: 'contact_phone',
  visit: 'contact_visit',
  unreached: 'contact_unreached',
};
/** Stored when the assistant wrote no note (the service's note is required). */
const DEFAULT_NOTE: Record<ContactHow, string> = {
  phone: '电话联系',
  visit: '上门走访',
  unreached: '未联系上',
};

export const contactHandlers: Handlers<typeof deskLifeContract> = {
  async 'worklist.markContacted'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const nextDue = input.nextDue ?? addDays(ctx.today, CONTACT_NEXT_DAYS[input.how]);
    if (nextDue <= ctx.today)
      throw new ApiError('invalid_input', '下次联系日期应晚于今天', [
        { path: 'nextDue', message: '下次联系日期应晚于今天' },
      ]);
    if (nextDue > addDays(ctx.today, CONTACT_NEXT_MAX_DAYS))
      throw new ApiError('invalid_input', `下次联系日期最多在 ${CONTACT_NEXT_MAX_DAYS} 天之后`, [
        { path: 'nextDue', message: `下次联系日期最多在 ${CONTACT_NEXT_MAX_DAYS} 天之后` },
      ]);
    const stamp = ctx.now.toISOString();
    const row = await write(ctx, async (trx, record) => {
      const person = await trx
        .selectFrom('residents')
        .select(['id', 'lifecycle'])
        .where('id', '=', input.residentId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw new ApiError('not_found', '找不到该居民');
      if (person.lifecycle)
        throw new ApiError('conflict', '此人已离册（迁出、退休、死亡或超出劳动年龄），不在今日工作之列');
      if (input.measureId) {
        const m = await trx
          .selectFrom('plan_measures')
          .select(['plan_id', 'status'])
          .where('id', '=', input.measureId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!m || m.plan_id !== person.id)
          throw new ApiError('invalid_input', '该措施不属于这位居民的援助计划', [
            { path: 'measureId', message: '措施不属于该居民' },
          ]);
      }
      const planId = await ensurePlan(ctx, trx, record, person.id);
      const s: PlanServicesTable = {
        id: uuidv7(ctx.now.getTime()),
        community_code: identity.communityCode,
        plan_id: planId,
        kind: KIND[input.how],
        date: ctx.today,
        note: input.note || DEFAULT_NOTE[input.how],
        measure_id: input.measureId ?? null,
        given_by: operator.displayName,
        created_at: stamp,
        next_due: nextDue,
      };
      await insertRecorded(trx, record, 'plan_services', s);
      return s;
    });
    return { service: toService(row), nextDue };
  },

  async 'worklist.contacts'(input, ctx) {
    const rows = await ctx.db
      .selectFrom('plan_services')
      .selectAll()
      .where('plan_id', '=', input.residentId)
      .where('kind', 'in', [...CONTACT_KINDS])
      .orderBy('date', 'desc')
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return { items: rows.map(toService) };
  },

  async 'operators.setPhone'(input, ctx) {
    const me = requireOperator(ctx);
    if (input.id !== me.id && me.role !== 'admin')
      throw new ApiError('forbidden', '只能修改自己的电话；修改他人的电话需要管理员');
    let phone: string | null = null;
    if (input.phone) {
      const r = parsePhone(input.phone);
      if (!r.ok)
        throw new ApiError('invalid_input', r.error.message, [{ path: 'phone', message: r.error.message }]);
      phone = r.value.phone;
    }
    const row = await ctx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new ApiError('not_found', '找不到该账号');
    await ctx.db.updateTable('operators').set({ phone }).where('id', '=', input.id).execute();
    return toOperator({ ...row, phone });
  },
};
