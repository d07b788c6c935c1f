// The training employment rate at the district (issue 10): completions in [from, to] over every community
// (or one), of one course or one provider's courses, and how many were hired within six months after —
// a hire in the recommendation chain (report_recommendations.hired_on) or a recorded 就业结果
// (report_residents.placed_on). The same rule as the station's (station/training/rate.ts): employ_by is
// the completion date plus six months (shared/domain/training/training.ts), computed when the fact is written.
import { sql } from 'kysely';
import { rateOf, type TrainingRate } from '../../shared/domain/training/training';
import type { ServerContext } from '../context';

export interface DistrictRateQuery {
  from: string;
  to: string;
  courseId?: string | undefined;
  provider?: string | undefined;
  community?: string | undefined;
}

export async function trainingRate(ctx: ServerContext, q: DistrictRateQuery): Promise<TrainingRate> {
  const conds = [
    sql`f.status = 'completed'`,
    sql`f.completed_on >= ${q.from}`,
    sql`f.completed_on <= ${q.to}`,
  ];
  if (q.courseId) conds.push(sql`f.course_id = ${q.courseId}`);
  if (q.community) conds.push(sql`f.community_code = ${q.community}`);
  if (q.provider)
    conds.push(
      sql`f.course_id in (select c.row_id from training_courses c where c.provider = ${q.provider} and c.removed = 0)`,
    );
  const r = await sql<{ completed: number | string; employed: number | string | null }>`
    select count(*) as completed,
      sum(case when exists (select 1 from report_recommendations r
                             where r.resident_id = f.resident_id
                               and r.hired_on >= f.completed_on and r.hired_on <= f.employ_by)
                 or exists (select 1 from report_residents p
                             where p.id = f.resident_id
                               and p.placed_on >= f.completed_on and p.placed_on <= f.employ_by)
               then 1 else 0 end) as employed
      from training_facts f
     where ${sql.join(conds, sql` and `)}`.execute(ctx.store.db);
  const row = r.rows[0];
  return rateOf(Number(row?.completed ?? 0), Number(row?.employed ?? 0));
}
