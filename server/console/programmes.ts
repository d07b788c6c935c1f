// The programme figures the console's reports show beside the assessment figures, where those issues have
// landed: job fairs held in the period (their five figures, server/fairs/summary.ts) and subsidy
// person-times and amounts per policy (server/subsidies/totals.ts), and the training employment rate of
// completions in the period, overall and per provider (server/training/rate.ts, the station's rule), for the
// district or one street.
import { rateOf, type TrainingRate } from '../../shared/domain/training/training';
import type { ServerContext } from '../context';
import { districtFairSummary, type DistrictFairSummary } from '../fairs/summary';
import { subsidyTotals, type DistrictSubsidyTotal } from '../subsidies/totals';
import { trainingRate, type DistrictRateQuery } from '../training/rate';
import { decodeFields, knowLayouts } from '../sync/rowCodec';

export interface ProgrammeFigures {
  fairs: Array<DistrictFairSummary & { communityCode: string }>;
  subsidies: Array<DistrictSubsidyTotal & { policyName: string | null }>;
  /** Completions in the period and those hired within six months: overall and per provider (with any). */
  training: TrainingRate & { providers: Array<TrainingRate & { provider: string }> };
}

/** The training rate over the scope: one query for the district, the sum of its communities' for a street. */
async function scopedRate(
  ctx: ServerContext,
  q: Omit<DistrictRateQuery, 'community'>,
  communities: readonly string[] | 'all',
): Promise<TrainingRate> {
  if (communities === 'all') return trainingRate(ctx, q);
  let completed = 0;
  let employed = 0;
  for (const community of communities) {
    const r = await trainingRate(ctx, { ...q, community });
    completed += r.completed;
    employed += r.employed;
  }
  return rateOf(completed, employed);
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
    const f = decodeFields(r.fields) as {
      date?: string;
      deleted_at?: string | null;
      cancelled_on?: string | null;
    };
    // a fair called off before its day is no fair held: left out of the district's figures
    if (f.deleted_at || f.cancelled_on || !f.date || f.date < period.from || f.date > period.to) continue;
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
  const q = { from: period.from, to: period.to };
  const overall = await scopedRate(ctx, q, communities);
  const providers: ProgrammeFigures['training']['providers'] = [];
  if (overall.completed > 0) {
    const offered = await db
      .selectFrom('training_courses')
      .select('provider')
      .distinct()
      .where('removed', '=', 0)
      .execute();
    for (const { provider } of offered.sort((a, b) => a.provider.localeCompare(b.provider, 'zh-CN'))) {
      const r = await scopedRate(ctx, { ...q, provider }, communities);
      if (r.completed > 0) providers.push({ provider, ...r });
    }
  }
  return {
    fairs,
    training: { ...overall, providers },
    subsidies: [...totals.values()]
      .sort((a, b) => a.policyCode.localeCompare(b.policyCode))
      .map((t) => ({ ...t, policyName: names.get(t.policyCode) ?? null })),
  };
}
