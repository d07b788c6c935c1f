// Small helpers every export shares: China-time timestamps, file names, and the access log entry that an
// export with full ID numbers and income leaves (who, what, how many rows, when — never the data).
import type { Ctx } from '../../context';
import { requireOperator } from '../../context';

/** 2026-03-01T06:05:00Z → 2026-03-01 14:05 (China time, what the desk shows). */
export function chinaDateTime(iso: string | null): string | null {
  if (!iso) return null;
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 2026-03-01 → 2026年3月1日 */
export function chinaDate(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

export function stampedName(title: string, today: string): string {
  return `${title}-${today.replaceAll('-', '')}.xlsx`;
}

export async function logReveal(ctx: Ctx, what: string, rows: number): Promise<void> {
  await ctx.db
    .insertInto('access_log')
    .values({
      operator_id: requireOperator(ctx).id,
      entity: 'ledgers',
      row_id: `${what}:${rows}`,
      what: 'reveal_export',
      at: ctx.now.toISOString(),
    })
    .execute();
}

export async function communityOf(ctx: Ctx): Promise<{ communityName: string; streetName: string }> {
  const code = ctx.identity?.communityCode ?? '';
  const r = await ctx.db
    .selectFrom('ref_communities as c')
    .innerJoin('ref_streets as s', 's.code', 'c.street_code')
    .select(['c.name as communityName', 's.name as streetName'])
    .where('c.code', '=', code)
    .executeTakeFirst();
  return r ?? { communityName: code, streetName: '' };
}
