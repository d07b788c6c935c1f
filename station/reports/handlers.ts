// reports.* — this community's assessment figures, offline, from the station's own tables through the
// district's report definitions (nodelib/reports/compute.ts): the desk and the console count alike.
import type { reportsContract } from '../../shared/contract/reports';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { toPeriod } from '../../shared/reports/query';
import { communityFigures, figureList, type ReportInput } from '../../nodelib/reports/compute';
import { stationReportSource } from '../../nodelib/reports/stationSource';
import { bulletinXlsx } from '../../nodelib/reports/xlsx';
import { emptyFigures } from '../../shared/reports/figures';
import { bulletinTitle } from '../../shared/reports/bulletin';
import { loadCategories } from '../cards/categories';
import type { Ctx, Handlers } from '../context';
import { requireIdentity } from '../context';

async function inputOf(ctx: Ctx, period: Parameters<typeof toPeriod>[0]): Promise<ReportInput> {
  const id = requireIdentity(ctx);
  return { scope: [id.communityCode], period: toPeriod(period), categories: await loadCategories(ctx.db) };
}

async function communityReport(ctx: Ctx, period: Parameters<typeof toPeriod>[0]) {
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
}

export const reportsHandlers: Handlers<typeof reportsContract> = {
  'reports.community': ({ period }, ctx) => communityReport(ctx, period),
  async 'reports.export'({ period }, ctx) {
    const r = await communityReport(ctx, period);
    const name = r.community.name ?? r.community.code;
    const buf = await bulletinXlsx({
      title: bulletinTitle(name),
      period: r.period,
      scopeName: name,
      rows: [{ name, code: r.community.code, level: 'community', figures: r.figures }],
      total: r.figures,
      at: ctx.today,
    });
    return {
      fileName: `${name}_报表_${r.period.from}_${r.period.to}.xlsx`,
      base64: buf.toString('base64'),
      rows: 1,
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
