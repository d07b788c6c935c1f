// subsidies.* and reference.policies. An application is checked whole before anything is written: the
// policy version in force on the period's first day, the applicant it needs, eligibility on that day (the
// catalogue's thresholds), the standard amount for the period, the document checklist, and no other claim
// of the same policy for the same person over an overlapping period on this PC. Across PCs the district
// decides (server/subsidies/claims.ts): the first application to arrive keeps the claim.
import { sql } from 'kysely';
import { type ApiError, ruleError, type RuleRef } from '../../shared/errors';
import { addDays } from '../../shared/domain/dates';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { money } from '../../shared/domain/ledgers/display';
import {
  CLAIMING_STATUSES,
  STATUS_NAMES,
  WITHDRAWABLE_STATUSES,
  periodMonths,
  periodsOverlap,
  standardAmount,
  type Policy,
} from '../../shared/domain/policy/policies';
import { policyEligibility, type PolicyResident } from '../../shared/domain/policy/eligibility';
import type { policyContract, SubsidyApplication, SubsidyTotal } from '../../shared/contract/policy';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { DB, Executor, SubsidyApplicationsTable } from '../db/schema';
import { insertRecorded, updateRecorded } from '../db/recorded';
import { uuidv7 } from '../ids';
import { clearsOf, getResidentRow } from '../residents/repository';
import { loadPolicies, loadPoliciesInForce, policyInForceOn } from './catalogue';

type C = typeof policyContract;

/**
 * What the eligibility rule reads of a resident. The card is the one valid now: a card carries
 * no validity range, and the assistant applies for a holder's period after the card was issued for it.
 */
export async function policyResident(db: Executor, residentId: string): Promise<PolicyResident> {
  const row = await getResidentRow(db, residentId);
  if (!row)
    throw ruleError('not_found', '找不到该居民（可能已被删除）', { key: 'subsidies.residentNotFound' });
  const clears = clearsOf(row);
  const card = await db
    .selectFrom('cards')
    .select('card_number')
    .where('resident_id', '=', residentId)
    .where('status', '=', 'valid')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return {
    birthDate: row.birth_date,
    sex: row.sex,
    landlessFarmer: !!row.landless_farmer,
    unemployment: clears.unemployment ?? null,
    outcome: clears.outcome ?? null,
    cardNumber: card?.card_number ?? null,
    trainingsCompleted: await completedCourseDates(db, residentId),
  };
}

/**
 * Dates of the courses the person completed. Training records arrive with the training part of issue 10;
 * until a station holds that table, no course counts (the policy that needs one says so in its reason).
 */
async function completedCourseDates(db: Executor, residentId: string): Promise<string[]> {
  const has = await sql<{
    n: number;
  }>`select count(*) as n from sqlite_master where type = 'table' and name = 'training_enrolments'`.execute(
    db,
  );
  if (!Number(has.rows[0]?.n)) return [];
  const rows = await sql<{ d: string }>`
    select completed_on as d from training_enrolments
    where resident_id = ${residentId} and completed_on is not null and deleted_at is null`.execute(db);
  return rows.rows.map((r) => r.d);
}

interface AppRow extends SubsidyApplicationsTable {
  resident_name: string | null;
  resident_id_number: string | null;
  employer_name: string | null;
}

function baseQuery(db: Executor) {
  return db
    .selectFrom('subsidy_applications as a')
    .leftJoin('residents as r', 'r.id', 'a.resident_id')
    .leftJoin('employers as e', 'e.id', 'a.employer_id')
    .selectAll('a')
    .select(['r.name as resident_name', 'r.id_number as resident_id_number', 'e.name as employer_name'])
    .where('a.deleted_at', 'is', null);
}

function toView(r: AppRow, policies: readonly Policy[]): SubsidyApplication {
  const p =
    policies.find((x) => x.code === r.policy_code && x.version === r.policy_version) ??
    policies.find((x) => x.code === r.policy_code);
  const unit = p?.unit ?? 'once';
  return {
    id: r.id,
    policyCode: r.policy_code,
    policyName: p?.name ?? r.policy_code,
    policyVersion: r.policy_version,
    unit,
    residentId: r.resident_id,
    residentName: r.resident_name,
    idNumberMasked: r.resident_id_number ? maskIdNumber(r.resident_id_number) : null,
    employerId: r.employer_id,
    employerName: r.employer_name,
    period: { from: r.period_from, to: r.period_to },
    months: periodMonths(r.period_from, r.period_to),
    amount: Number(r.amount),
    standardAmount: p ? standardAmount(p, r.period_from, r.period_to) : Number(r.amount),
    documents: JSON.parse(r.documents) as SubsidyApplication['documents'],
    eligibilityReason: r.eligibility_reason ?? '',
    status: r.status,
    decisionReason: r.decision_reason,
    decidedOn: r.decided_on,
    decidedBy: r.decided_by,
    paidOn: r.paid_on,
    preparedBy: r.prepared_by,
    preparedOn: r.prepared_on,
  };
}

export async function getApplication(db: DB, id: string): Promise<SubsidyApplication> {
  const row = await baseQuery(db).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw ruleError('not_found', '找不到这份补贴申请（可能已撤回）', { key: 'subsidies.notFound' });
  return toView(row as AppRow, await loadPolicies(db));
}

const bad = (message: string, path: string, rule: RuleRef): ApiError =>
  ruleError('invalid_input', message, rule, [{ path, message }]);

export const policyHandlers: Handlers<C> = {
  async 'reference.policies'(input, ctx) {
    const asOf = input.asOf ?? ctx.today;
    const items = await loadPoliciesInForce(ctx.db, asOf);
    return {
      asOf,
      items: items.map((p) => ({
        code: p.code,
        name: p.name,
        version: p.version,
        effectiveFrom: p.effectiveFrom,
        effectiveTo: p.effectiveTo,
        unit: p.unit,
        standard: p.standard,
        maxMonths: p.maxMonths,
        documents: p.documents,
        params: p.params,
      })),
    };
  },

  async 'subsidies.eligibility'(input, ctx) {
    const asOf = input.asOf ?? ctx.today;
    const resident = await policyResident(ctx.db, input.residentId);
    const policies = await loadPoliciesInForce(ctx.db, asOf);
    return { asOf, items: policies.map((p) => policyEligibility(resident, p, asOf)) };
  },

  async 'subsidies.apply'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const { from, to } = input.period;
    if (from < '2007-01-01')
      throw bad('补贴起始日期不能早于 2007 年', 'period.from', { key: 'subsidies.fromEarly' });
    if (from > addDays(ctx.today, 31))
      throw bad('补贴起始日期不能晚于一个月以后', 'period.from', { key: 'subsidies.fromLate' });
    if (to > addDays(ctx.today, 366))
      throw bad('补贴截止日期不能晚于一年以后', 'period.to', { key: 'subsidies.toLate' });
    const policy = await policyInForceOn(ctx.db, input.policyCode, from);
    const months = periodMonths(from, to);
    if (policy.unit === 'month' && policy.maxMonths !== null && months > policy.maxMonths)
      throw bad(
        `「${policy.name}」每次申请最长 ${policy.maxMonths} 个月，本次 ${months} 个月，请缩短期间`,
        'period.to',
        { key: 'subsidies.tooManyMonths', params: { policy: policy.name, most: policy.maxMonths, months } },
      );
    if (policy.params.applicant === 'employer') {
      if (!input.employerId)
        throw bad(`「${policy.name}」由用人单位申请，请选择用人单位`, 'employerId', {
          key: 'subsidies.needEmployer',
          params: { policy: policy.name },
        });
      if (!input.residentId)
        throw bad(`「${policy.name}」按录用人员申请，请选择被录用的居民`, 'residentId', {
          key: 'subsidies.needHired',
          params: { policy: policy.name },
        });
      const employer = await ctx.db
        .selectFrom('employers')
        .select('id')
        .where('id', '=', input.employerId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!employer)
        throw ruleError('not_found', '找不到该用人单位（可能已被删除）', {
          key: 'subsidies.employerNotFound',
        });
    } else {
      if (input.employerId)
        throw bad(`「${policy.name}」由个人申请，不需要选择用人单位`, 'employerId', {
          key: 'subsidies.noEmployer',
          params: { policy: policy.name },
        });
      if (!input.residentId)
        throw bad('请选择申请补贴的居民', 'residentId', { key: 'subsidies.needResident' });
    }
    const residentId = input.residentId!;
    const resident = await policyResident(ctx.db, residentId);
    const verdict = policyEligibility(resident, policy, from);
    if (!verdict.eligible)
      throw ruleError(
        'invalid_input',
        `该居民在 ${from} 不符合「${policy.name}」的条件：${verdict.reasons.join('；')}`,
        { key: 'subsidies.ineligible', params: { date: from, policy: policy.name } },
        [{ path: 'residentId', message: verdict.reasons.join('；') }],
      );
    const most = standardAmount(policy, from, to);
    if (input.amount > most + 1e-9) {
      const message = `申请金额 ${money(input.amount)} 超过政策标准 ${money(most)}（${money(policy.standard)}${policy.unit === 'month' ? `/月 × ${months} 个月` : '/次'}）`;
      throw ruleError(
        'invalid_input',
        message,
        { key: 'subsidies.aboveStandard', params: { amount: input.amount, most } },
        [{ path: 'amount', message }],
      );
    }
    const given = new Set(input.documents);
    const unknown = [...given].find((d) => !policy.documents.includes(d));
    if (unknown)
      throw bad(`「${unknown.slice(0, 60)}」不在「${policy.name}」的材料清单中`, 'documents', {
        key: 'subsidies.unknownDocument',
        params: { document: unknown.slice(0, 60), policy: policy.name },
      });
    const missing = policy.documents.filter((d) => !given.has(d));
    if (missing.length) {
      const message = `还缺申请材料：${missing.join('、')}`;
      throw ruleError(
        'invalid_input',
        message,
        { key: 'subsidies.missingDocuments', params: { documents: missing.join('、') } },
        [{ path: 'documents', message }],
      );
    }

    const id = uuidv7(ctx.now.getTime());
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const claims = await trx
        .selectFrom('subsidy_applications')
        .select(['period_from', 'period_to', 'status'])
        .where('resident_id', '=', residentId)
        .where('policy_code', '=', policy.code)
        .where('status', 'in', [...CLAIMING_STATUSES])
        .where('deleted_at', 'is', null)
        .execute();
      const clash = claims.find((c) =>
        periodsOverlap({ from: c.period_from, to: c.period_to }, { from, to }),
      );
      if (clash)
        throw ruleError(
          'conflict',
          `该居民已申请「${policy.name}」${clash.period_from} 至 ${clash.period_to}（${STATUS_NAMES[clash.status]}），与本次期间重叠，同一政策同一期间不能重复申请`,
          {
            key: 'subsidies.overlap',
            params: { policy: policy.name, from: clash.period_from, to: clash.period_to },
          },
          [{ path: 'period.from', message: '与已有申请的期间重叠' }],
        );
      await insertRecorded(trx, record, 'subsidy_applications', {
        id,
        community_code: identity.communityCode,
        policy_code: policy.code,
        policy_version: policy.version,
        resident_id: residentId,
        employer_id: input.employerId ?? null,
        period_from: from,
        period_to: to,
        amount: input.amount,
        documents: JSON.stringify(policy.documents.map((name) => ({ name, provided: given.has(name) }))),
        eligibility_reason: verdict.reasons.join('；').slice(0, 500),
        prepared_by: operator.displayName.slice(0, 60),
        prepared_on: ctx.today,
        status: 'submitted',
        decision_reason: null,
        decided_on: null,
        decided_by: null,
        paid_on: null,
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      });
    });
    return getApplication(ctx.db, id);
  },

  async 'subsidies.withdraw'(input, ctx) {
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const before = await trx
        .selectFrom('subsidy_applications')
        .selectAll()
        .where('id', '=', input.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!before)
        throw ruleError('not_found', '找不到这份补贴申请（可能已撤回）', { key: 'subsidies.notFound' });
      // once the district decided, the decision stands: a refusal is final, an approval is paid or not
      if (!WITHDRAWABLE_STATUSES.includes(before.status))
        throw ruleError(
          'conflict',
          `区里已于 ${before.decided_on ?? before.paid_on ?? ''} 作出决定（${STATUS_NAMES[before.status]}），申请不能撤回`,
          {
            key: 'subsidies.withdrawDecided',
            params: { date: before.decided_on ?? before.paid_on ?? '', status: before.status },
          },
        );
      await updateRecorded(trx, record, 'subsidy_applications', before, {
        ...before,
        deleted_at: stamp,
        updated_at: stamp,
      });
    });
    return { id: input.id };
  },

  async 'subsidies.get'(input, ctx) {
    return getApplication(ctx.db, input.id);
  },

  async 'subsidies.list'(input, ctx) {
    let q = baseQuery(ctx.db);
    if (input.residentId) q = q.where('a.resident_id', '=', input.residentId);
    if (input.employerId) q = q.where('a.employer_id', '=', input.employerId);
    if (input.policyCode) q = q.where('a.policy_code', '=', input.policyCode);
    if (input.status) q = q.where('a.status', '=', input.status);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('a.period_from', 'desc')
      .orderBy('a.id', 'desc')
      .offset(input.offset)
      .limit(input.limit)
      .execute();
    const policies = await loadPolicies(ctx.db);
    return { items: rows.map((r) => toView(r as AppRow, policies)), total: Number(total.n) };
  },

  async 'subsidies.totals'(input, ctx) {
    return { from: input.from, to: input.to, items: await subsidyTotals(ctx, input.from, input.to) };
  },
};

async function subsidyTotals(ctx: Ctx, from: string, to: string) {
  const rows = await ctx.db
    .selectFrom('subsidy_applications')
    .select(['policy_code', 'status'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('amount')])
    .where('deleted_at', 'is', null)
    .where('period_from', '>=', from)
    .where('period_from', '<=', to)
    .groupBy(['policy_code', 'status'])
    .execute();
  const policies = await loadPolicies(ctx.db);
  return summarise(rows, policies);
}

/** Per policy: person-times and amounts (claims held), approved, paid — one shape at station and district. */
export function summarise(
  rows: ReadonlyArray<{
    policy_code: string;
    status: string;
    n: number | string;
    amount: number | string | null;
  }>,
  policies: ReadonlyArray<Pick<Policy, 'code' | 'name' | 'sortOrder'>>,
) {
  const out = new Map<string, SubsidyTotal>();
  for (const r of rows) {
    const t = out.get(r.policy_code) ?? {
      policyCode: r.policy_code,
      policyName: policies.find((p) => p.code === r.policy_code)?.name ?? r.policy_code,
      personTimes: 0,
      amount: 0,
      approved: 0,
      paid: 0,
      paidAmount: 0,
    };
    const n = Number(r.n);
    const amount = Number(r.amount ?? 0);
    if ((CLAIMING_STATUSES as readonly string[]).includes(r.status)) {
      t.personTimes += n;
      t.amount += amount;
    }
    if (r.status === 'approved' || r.status === 'paid') t.approved += n;
    if (r.status === 'paid') {
      t.paid += n;
      t.paidAmount += amount;
    }
    out.set(r.policy_code, t);
  }
  const order = (code: string) => policies.find((p) => p.code === code)?.sortOrder ?? 999;
  return [...out.values()]
    .map((t) => ({
      ...t,
      amount: Math.round(t.amount * 100) / 100,
      paidAmount: Math.round(t.paidAmount * 100) / 100,
    }))
    .sort((a, b) => order(a.policyCode) - order(b.policyCode));
}
