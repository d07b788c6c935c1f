// The work list's part of the 推荐 desk: recommendations whose follow-up is due (the interview result a week
// after, the retention check three months after the hire), and people whose job wishes are free text only.
import { sql } from 'kysely';
import type { Ctx } from '../context';
import { recommendationHandlers } from './recommendations';

export async function worklistMatching(ctx: Ctx, limit: number) {
  const due = await recommendationHandlers['recommendations.list']({ offset: 0, limit, due: true }, ctx);
  const uncodedWhere = sql`deleted_at is null and clear_preferences is not null
    and (coalesce(json_array_length(clear_preferences, '$.occupations'), 0) > 0
      or coalesce(json_array_length(clear_preferences, '$.industries'), 0) > 0)
    and coalesce(json_array_length(clear_preferences, '$.occupationCodes'), 0) = 0
    and coalesce(json_array_length(clear_preferences, '$.industryCodes'), 0) = 0`;
  const total = await sql<{ n: number }>`select count(*) as n from residents where ${uncodedWhere}`.execute(
    ctx.db,
  );
  const rows = await sql<{ id: string; name: string; clear_preferences: string }>`
    select id, name, clear_preferences from residents where ${uncodedWhere}
    order by json_extract(clear_unemployment, '$.status') = 'unemployed' desc, updated_at desc, id limit ${limit}`.execute(
    ctx.db,
  );
  return {
    followUps: due.items,
    followUpsTotal: due.total,
    uncoded: rows.rows.map((r) => {
      const p = JSON.parse(r.clear_preferences) as { occupations?: string[]; industries?: string[] };
      return {
        residentId: r.id,
        name: r.name,
        occupations: p.occupations ?? [],
        industries: p.industries ?? [],
      };
    }),
    uncodedTotal: Number(total.rows[0]?.n ?? 0),
  };
}
