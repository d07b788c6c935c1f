// reports.* — this community's assessment figures, offline, from the station's own tables through the
// district's report definitions (nodelib/reports/compute.ts): the desk and the console count alike.
import type { reportsContract } from '../../shared/contract/reports';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { toPeriod } from '../../shared/reports/query';
import { communityFigures, figureList, type ReportInput } from '../../nodelib/reports/compute';
import { stationReportSource } from '../../nodelib/reports/stationSource';
import { emptyFigures } from '../../shared/reports/figures';
import { loadCategories } from '../cards/categories';
import type { Ctx, Handlers } from '../context';
import { requireIdentity } from '../context';

async function inputOf(ctx: Ctx, period: Parameters<typeof toPeriod>[0]): Promise<ReportInput> {
  const id = requireIdentity(ctx);
  return { scope: [id.communityCode], period: toPeriod(period), categories: await loadCategories(ctx.db) };
}

export const reportsHandlers: Handlers<typeof reportsContract> = {
  async 'reports.community'({ period }, ctx) {
    const input = await inputOf(ctx, period);
    const code = requireIdentity(ctx).communityCode;
    const byCommunity = await communityFigures(stationReportSource(ctx.db), input);
    const name = await ctx.db
      .selectFrom('ref_communities')
      .select('name')
      .where('code', '=', code)
      .executeTakeFirst();
    return {
      period: input.period,
      community: { code, name: name?.name ?? null },
      figures: byCommunity.get(code) ?? emptyFigures(),
    };
  },
  async 'reports.list'({ period, figure, offset, limit }, ctx) {
    const input = await inputOf(ctx, period);
    const r = await figureList(stationReportSource(ctx.db), input, figure, { offset, limit });
    return {
      total: r.total,
      items: r.items.map((i) => ({
        id: i.id,
        communityCode: i.communityCode,
        name: i.name,
        idNumberMasked: i.idNumber ? maskIdNumber(i.idNumber) : null,
        detail: i.detail,
      })),
    };
  },
};
