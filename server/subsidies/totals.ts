// Person-times and amounts per policy for applications whose period starts in [from, to], for the whole
// district or one community: one grouped scan of subsidy_claims (the narrow table beside the synced rows).
import { sql } from 'kysely';
import { CLAIMING_STATUSES } from '../../shared/domain/policy/policies';
import type { ServerContext } from '../context';

export interface DistrictSubsidyTotal {
  policyCode: string;
  personTimes: number;
  amount: number;
  approved: number;
  paid: number;
  paidAmount: number;
}

export async function subsidyTotals(
  ctx: ServerContext,
  from: string,
  to: string,
  community?: string,
): Promise<DistrictSubsidyTotal[]> {
  let q = ctx.store.db
    .selectFrom('subsidy_claims')
    .select(['policy_code', 'status'])
    .select([sql<string>`count(*)`.as('n'), sql<string>`sum(amount_fen)`.as('fen')])
    .where('period_from', '>=', from)
    .where('period_from', '<=', to)
    .groupBy(['policy_code', 'status']);
  if (community) q = q.where('community_code', '=', community);
  const out = new Map<string, DistrictSubsidyTotal>();
  for (const r of await q.execute()) {
    const t = out.get(r.policy_code) ?? {
      policyCode: r.policy_code,
      personTimes: 0,
      amount: 0,
      approved: 0,
      paid: 0,
      paidAmount: 0,
    };
    const n = Number(r.n);
    const yuan = Number(r.fen ?? 0) / 100;
    if ((CLAIMING_STATUSES as readonly string[]).includes(r.status)) {
      t.personTimes += n;
      t.amount += yuan;
    }
    if (r.status === 'approved' || r.status === 'paid') t.approved += n;
    if (r.status === 'paid') {
      t.paid += n;
      t.paidAmount += yuan;
    }
    out.set(r.policy_code, t);
  }
  return [...out.values()].sort((a, b) => a.policyCode.localeCompare(b.policyCode));
}
