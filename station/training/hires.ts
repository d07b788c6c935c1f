// The hire dates that count for the training employment rate, per person: hires in the recommendation chain
// (a recommendation that reached 录用, whatever became of it later) and the date of a recorded 就业结果
// other than "not yet" (placed, self-employed, flexible, public welfare post).
import { sql } from 'kysely';
import type { Executor } from '../db/schema';

export async function hireDatesOf(
  db: Executor,
  residentIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const add = (id: string, d: string | null) => {
    if (!d) return;
    const list = out.get(id);
    if (list) list.push(d);
    else out.set(id, [d]);
  };
  for (let i = 0; i < residentIds.length; i += 5000) {
    const ids = JSON.stringify(residentIds.slice(i, i + 5000));
    const recs = await sql<{ id: string; d: string | null }>`
      select resident_id as id, hired_on as d from recommendations
       where deleted_at is null and hired_on is not null
         and resident_id in (select value from json_each(${ids}))`.execute(db);
    for (const r of recs.rows) add(r.id, r.d);
    const outcomes = await sql<{ id: string; d: string | null }>`
      select id, json_extract(clear_outcome, '$.date') as d from residents
       where clear_outcome is not null and json_extract(clear_outcome, '$.result') <> 'not_yet'
         and id in (select value from json_each(${ids}))`.execute(db);
    for (const r of outcomes.rows) add(r.id, r.d);
  }
  return out;
}
