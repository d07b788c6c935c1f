// Courses at the station: this community's own (a synced table, written with its outbox entry) and other
// communities' as the district's course board sent them (board_courses, read-only here). A course is found
// by id in either; every reader goes through `allCourses` so the two never drift apart.
import { sql } from 'kysely';
import { ApiError, ruleError, type RuleRef } from '../../shared/errors';
import { addDays } from '../../shared/domain/dates';
import { MAX_COURSE_DAYS, type CourseKind } from '../../shared/domain/training/training';
import { daysBetween } from '../../shared/domain/dates';
import type { Course, trainingContract } from '../../shared/contract/training';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { Executor } from '../db/schema';
import { insertRecorded } from '../db/recorded';
import { uuidv7 } from '../ids';

type C = typeof trainingContract;

export interface CourseRow {
  id: string;
  community_code: string;
  name: string;
  kind: string;
  occupation_code: string;
  provider: string;
  start_on: string;
  end_on: string;
  hours: number;
  subsidy_per_person: number | null;
  foreign: number;
}

/** Own live courses and the board's, as one relation (SQL) with a `foreign` flag. */
export const ALL_COURSES = sql`(
  select id, community_code, name, kind, occupation_code, provider, start_on, end_on, hours,
         subsidy_per_person, 0 as "foreign"
    from training_courses where deleted_at is null
  union all
  select id, community_code, name, kind, occupation_code, provider, start_on, end_on, hours,
         subsidy_per_person, 1 as "foreign"
    from board_courses where id not in (select id from training_courses)
)`;

export async function findCourse(db: Executor, id: string): Promise<CourseRow | undefined> {
  const r = await sql<CourseRow>`select * from ${ALL_COURSES} c where c.id = ${id}`.execute(db);
  return r.rows[0];
}

/** The course or a 400 naming the rule: an enrolment must name a course the station knows. */
export async function requireCourse(db: Executor, id: string): Promise<CourseRow> {
  const c = await findCourse(db, id);
  if (!c)
    throw new ApiError(
      'invalid_input',
      '找不到该培训课程（课程编号不存在，或区里共享的课程尚未同步到本机）',
      [{ path: 'courseId', message: '课程不存在' }],
      { rule: { key: 'training.courseNotFound' } },
    );
  return c;
}

async function viewsOf(db: Executor, rows: CourseRow[]): Promise<Course[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = await db
    .selectFrom('training_enrolments')
    .select(['course_id'])
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'completed').then(1).else(0).end()).as('done'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'dropped').then(1).else(0).end()).as('left'),
    ])
    .where('course_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .groupBy('course_id')
    .execute();
  const occ = await db
    .selectFrom('ref_occupations')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(rows.map((r) => r.occupation_code))])
    .execute();
  const communities = await db
    .selectFrom('ref_communities')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(rows.map((r) => r.community_code))])
    .execute();
  return rows.map((r) => {
    const c = counts.find((x) => x.course_id === r.id);
    return {
      id: r.id,
      name: r.name,
      kind: r.kind as CourseKind,
      occupationCode: r.occupation_code,
      occupationName: occ.find((o) => o.code === r.occupation_code)?.name ?? null,
      provider: r.provider,
      start: r.start_on,
      end: r.end_on,
      hours: Number(r.hours),
      subsidyPerPerson: r.subsidy_per_person === null ? null : Number(r.subsidy_per_person),
      communityCode: r.community_code,
      communityName: communities.find((x) => x.code === r.community_code)?.name ?? null,
      foreign: Number(r.foreign) === 1,
      enrolled: Number(c?.n ?? 0),
      completed: Number(c?.done ?? 0),
      dropped: Number(c?.left ?? 0),
    };
  });
}

export async function getCourse(db: Executor, id: string): Promise<Course> {
  const row = await findCourse(db, id);
  if (!row)
    throw ruleError('not_found', '找不到该培训课程（可能已删除，或区里共享的课程尚未同步到本机）', {
      key: 'training.courseNotFound',
    });
  return (await viewsOf(db, [row]))[0]!;
}

const bad = (message: string, path: string, rule: RuleRef): ApiError =>
  ruleError('invalid_input', message, rule, [{ path, message }]);

export const courseHandlers: Pick<
  Handlers<C>,
  'training.courses.create' | 'training.courses.get' | 'training.courses.list'
> = {
  async 'training.courses.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    if (input.start < '2000-01-01')
      throw bad('开班日期不能早于 2000 年', 'start', { key: 'training.startEarly' });
    if (input.start > addDays(ctx.today, 366))
      throw bad('开班日期不能晚于一年以后', 'start', { key: 'training.startLate' });
    if (daysBetween(input.start, input.end) > MAX_COURSE_DAYS)
      throw bad(`一期培训最长 ${MAX_COURSE_DAYS} 天，请检查结业日期`, 'end', {
        key: 'training.tooLong',
        params: { days: MAX_COURSE_DAYS },
      });
    const occupation = await ctx.db
      .selectFrom('ref_occupations')
      .select(['code', 'name'])
      .where('code', '=', input.occupationCode)
      .where('in_force', '=', 1)
      .executeTakeFirst();
    if (!occupation)
      throw bad(
        `职业代码 ${input.occupationCode} 不在现行职业分类（GB/T 6565-2015）中，请从列表中选择`,
        'occupationCode',
        { key: 'training.occupationUnknown', params: { code: input.occupationCode } },
      );
    const id = uuidv7(ctx.now.getTime());
    const stamp = ctx.now.toISOString();
    await write(ctx, (trx, record) =>
      insertRecorded(trx, record, 'training_courses', {
        id,
        community_code: identity.communityCode,
        name: input.name,
        kind: input.kind,
        occupation_code: input.occupationCode,
        provider: input.provider,
        start_on: input.start,
        end_on: input.end,
        hours: input.hours,
        subsidy_per_person: input.subsidyPerPerson ?? null,
        created_by: operator.displayName.slice(0, 60),
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      }),
    );
    return getCourse(ctx.db, id);
  },

  async 'training.courses.get'(input, ctx) {
    return getCourse(ctx.db, input.id);
  },

  async 'training.courses.list'(input, ctx: Ctx) {
    const conds = [sql`1 = 1`];
    if (input.query?.trim()) {
      const q = `%${input.query.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      conds.push(sql`(c.name like ${q} escape '\\' or c.provider like ${q} escape '\\')`);
    }
    if (input.provider?.trim()) conds.push(sql`c.provider = ${input.provider.trim()}`);
    const where = sql.join(conds, sql` and `);
    const total = await sql<{ n: number }>`select count(*) as n from ${ALL_COURSES} c where ${where}`.execute(
      ctx.db,
    );
    const rows = await sql<CourseRow>`select * from ${ALL_COURSES} c where ${where}
      order by c.start_on desc, c.id desc limit ${input.limit} offset ${input.offset}`.execute(ctx.db);
    return { items: await viewsOf(ctx.db, rows.rows), total: Number(total.rows[0]?.n ?? 0) };
  },
};
