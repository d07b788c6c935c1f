// The programme figures the console's reports show beside the assessment figures, where those issues have
// landed: job fairs held in the period (their five figures, server/fairs/summary.ts) and subsidy
// person-times and amounts per policy (server/subsidies/totals.ts), for the district or one street.
import type { ServerContext } from '../context';
import { districtFairSummary, type DistrictFairSummary } from '../fairs/summary';
import { subsidyTotals, type DistrictSubsidyTotal } from '../subsidies/totals';
import { decodeFields, knowLayouts } from '../sync/rowCodec';

export interface ProgrammeFigures {
  fairs: Array<DistrictFairSummary & { communityCode: string }>;
  subsidies: Array<DistrictSubsidyTotal & { policyName: string | null }>;
}

export async function programmeFigures(
  ctx: ServerContext,
  period: { from: string; to: string },
  communities: readonly string[] | 'all',
): Promise<ProgrammeFigures> {
  const db = ctx.store.db;
  const fairRows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'community_code', 'fields'])
    .where('entity', '=', 'fairs')
    .where('deleted', '=', 0)
    .execute();
  const fairs: ProgrammeFigures['fairs'] = [];
  await knowLayouts(
    db,
    fairRows.map((r) => r.fields),
  );
  for (const r of fairRows) {
    const f = decodeFields(r.fields) as { date?: string; deleted_at?: string | null };
    if (f.deleted_at || !f.date || f.date < period.from || f.date > period.to) continue;
    if (communities !== 'all' && !communities.includes(r.community_code)) continue;
    fairs.push({ ...(await districtFairSummary(ctx, r.row_id)), communityCode: r.community_code });
  }
  fairs.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));

  const totals = new Map<string, DistrictSubsidyTotal>();
  const add = (t: DistrictSubsidyTotal) => {
    const x = totals.get(t.policyCode);
    if (!x) return totals.set(t.policyCode, { ...t });
    for (const k of ['personTimes', 'amount', 'approved', 'paid', 'paidAmount'] as const) x[k] += t[k];
    return totals;
  };
  if (communities === 'all') (await subsidyTotals(ctx, period.from, period.to)).forEach(add);
  else for (const c of communities) (await subsidyTotals(ctx, period.from, period.to, c)).forEach(add);
  const names = new Map<string, string>();
  for (const p of await db.selectFrom('reference').select('data').where('kind', '=', 'policies').execute()) {
    const d = JSON.parse(p.data) as { code: string; name: string };
    names.set(d.code, d.name);
  }
  return {
    fairs,
    subsidies: [...totals.values()]
      .sort((a, b) => a.policyCode.localeCompare(b.policyCode))
      .map((t) => ({ ...t, policyName: names.get(t.policyCode) ?? null })),
  };
}
