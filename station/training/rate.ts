// training.rate at the station: completions of this community's residents in [from, to] (optionally of one
// course or one provider's courses) and how many of them were hired within six months after completing —
// the same rule the district applies over every community (server/training/rate.ts).
import { sql } from 'kysely';
import { employedAfter, rateOf } from '../../shared/domain/training/training';
import type { trainingContract } from '../../shared/contract/training';
import type { Handlers } from '../context';
import { ALL_COURSES } from './courses';
import { hireDatesOf } from './hires';

type C = typeof trainingContract;

export const rateHandlers: Pick<Handlers<C>, 'training.rate'> = {
  async 'training.rate'(input, ctx) {
    const conds = [
      sql`t.deleted_at is null`,
      sql`t.status = 'completed'`,
      sql`t.completed_on >= ${input.from}`,
      sql`t.completed_on <= ${input.to}`,
    ];
    if (input.courseId) conds.push(sql`t.course_id = ${input.courseId}`);
    if (input.provider) conds.push(sql`c.provider = ${input.provider}`);
    const rows = await sql<{ resident_id: string; completed_on: string }>`
      select t.resident_id, t.completed_on from training_enrolments t
        ${input.provider ? sql`join ${ALL_COURSES} c on c.id = t.course_id` : sql``}
       where ${sql.join(conds, sql` and `)}`.execute(ctx.db);
    const hires = await hireDatesOf(ctx.db, [...new Set(rows.rows.map((r) => r.resident_id))]);
    let employed = 0;
    for (const r of rows.rows) if (employedAfter(r.completed_on, hires.get(r.resident_id) ?? [])) employed++;
    return { from: input.from, to: input.to, ...rateOf(rows.rows.length, employed) };
  },
};
