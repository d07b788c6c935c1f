// Enrolment, attendance and completion at the station. Each step is checked whole before anything is
// written; a completion writes the enrolment and the person's skills section (技术特长: the course's
// occupation with the certificate's level and number) in one transaction, each with its outbox entry.
// One enrolment per person and course: its id is made from the pair (ids.ts), so the check here is a
// primary-key lookup and two offline PCs make the same row (the district merges it).
import { sql, type Transaction } from 'kysely';
import { ruleError } from '../../shared/errors';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { occupationFit } from '../../shared/domain/vocabulary';
import { skillsSection } from '../../shared/domain/sixClears';
import {
  employmentDeadline,
  skillItemOf,
  type CertificateKind,
  type EnrolmentStatus,
} from '../../shared/domain/training/training';
import type { Enrolment, trainingContract, TrainingSuggestion } from '../../shared/contract/training';
import type { Ctx, Handlers, Record as RecordOutbox } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import type { Executor, StationDB, TrainingEnrolmentsTable } from '../db/schema';
import { insertRecorded, updateRecorded } from '../db/recorded';
import { deriveResidentColumns } from '../residents/repository';
import { requireCourse, type CourseRow } from './courses';
import { enrolmentId } from './ids';
import { hireDatesOf } from './hires';

type C = typeof trainingContract;

interface EnrolmentRow extends TrainingEnrolmentsTable {
  resident_name: string;
  resident_id_number: string;
}

function select(db: Executor) {
  return db
    .selectFrom('training_enrolments as t')
    .innerJoin('residents as r', 'r.id', 't.resident_id')
    .selectAll('t')
    .select(['r.name as resident_name', 'r.id_number as resident_id_number'])
    .where('t.deleted_at', 'is', null);
}

function toView(r: EnrolmentRow, hires: Map<string, string[]>): Enrolment {
  let employedOn: string | null = null;
  if (r.completed_on) {
    const last = employmentDeadline(r.completed_on);
    employedOn =
      (hires.get(r.resident_id) ?? []).filter((d) => d >= r.completed_on! && d <= last).sort()[0] ?? null;
  }
  return {
    id: r.id,
    courseId: r.course_id,
    courseName: r.course_name,
    residentId: r.resident_id,
    residentName: r.resident_name,
    idNumberMasked: maskIdNumber(r.resident_id_number),
    status: r.status as EnrolmentStatus,
    enrolledOn: r.enrolled_on,
    attendedHours: Number(r.attended_hours),
    completedOn: r.completed_on,
    certificate: r.certificate_kind
      ? {
          kind: r.certificate_kind as CertificateKind,
          ...(r.certificate_level ? { level: r.certificate_level } : {}),
          number: r.certificate_number ?? '',
        }
      : null,
    droppedOn: r.dropped_on,
    dropReason: r.drop_reason,
    employedOn,
  };
}

async function views(db: Executor, rows: EnrolmentRow[]): Promise<Enrolment[]> {
  const hires = await hireDatesOf(db, [
    ...new Set(rows.filter((r) => r.completed_on).map((r) => r.resident_id)),
  ]);
  return rows.map((r) => toView(r, hires));
}

async function getEnrolment(db: Executor, id: string): Promise<Enrolment> {
  const row = await select(db).where('t.id', '=', id).executeTakeFirst();
  if (!row)
    throw ruleError('not_found', '找不到该培训报名记录（可能已撤销报名）', {
      key: 'training.enrolmentNotFound',
    });
  return (await views(db, [row as EnrolmentRow]))[0]!;
}

async function requireResident(db: Executor, id: string) {
  const r = await db
    .selectFrom('residents')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r)
    throw ruleError(
      'invalid_input',
      '找不到该居民（居民编号不存在或已删除）',
      { key: 'training.residentNotFound' },
      [{ path: 'residentId', message: '居民不存在' }],
    );
  return r;
}

/** The live enrolment of the pair, or a 400 saying the person is not on the course. */
async function requireEnrolment(trx: Executor, course: CourseRow, residentId: string) {
  const row = await trx
    .selectFrom('training_enrolments')
    .selectAll()
    .where('id', '=', enrolmentId(course.id, residentId))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row)
    throw ruleError(
      'invalid_input',
      `该居民没有报名「${course.name}」，请先报名`,
      { key: 'training.notEnrolled', params: { course: course.name } },
      [{ path: 'residentId', message: '未报名本课程' }],
    );
  return row;
}

/** A dropped-out trainee's enrolment is closed: no more hours, no completion. */
function refuseDropped(row: TrainingEnrolmentsTable, name: string): void {
  if (row.status === 'dropped')
    throw ruleError(
      'conflict',
      `该居民已于 ${row.dropped_on ?? ''} 从「${name}」退学，不能再登记出勤或结业`,
      { key: 'training.droppedAlready', params: { course: name, date: row.dropped_on ?? '' } },
      [{ path: 'residentId', message: '已退学' }],
    );
}

/** Adds the course's skill to the person's 技术特长 (once per certificate), confirmed today. */
async function addSkill(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  ctx: Ctx,
  residentId: string,
  item: ReturnType<typeof skillItemOf>,
): Promise<void> {
  const before = await trx
    .selectFrom('residents')
    .selectAll()
    .where('id', '=', residentId)
    .executeTakeFirst();
  if (!before) return;
  const parsed = skillsSection.safeParse(before.clear_skills ? JSON.parse(before.clear_skills) : null);
  const items = parsed.success ? [...parsed.data.items] : [];
  const same = items.some((i) => i.name === item.name && (i.certificate ?? '') === (item.certificate ?? ''));
  if (!same) items.push(item);
  // the section holds at most 20 skills: the oldest gives way
  const skills = { items: items.slice(-20), confirmedAt: ctx.today };
  const merged = { ...before, clear_skills: JSON.stringify(skills) };
  const after = { ...merged, ...deriveResidentColumns(merged), updated_at: ctx.now.toISOString() };
  await updateRecorded(trx, record, 'residents', before, after);
}

export const enrolmentHandlers: Pick<
  Handlers<C>,
  | 'training.suggest'
  | 'training.enrol'
  | 'training.attend'
  | 'training.complete'
  | 'training.withdraw'
  | 'training.drop'
  | 'training.enrolments'
> = {
  async 'training.suggest'(input, ctx) {
    const course = await requireCourse(ctx.db, input.courseId);
    const occ = await ctx.db
      .selectFrom('ref_occupations')
      .select('name')
      .where('code', '=', course.occupation_code)
      .executeTakeFirst();
    const occName = occ?.name ?? '';
    const rows = await sql<{
      id: string;
      name: string;
      id_number: string;
      clear_training: string;
      clear_preferences: string | null;
    }>`select r.id, r.name, r.id_number, r.clear_training, r.clear_preferences from residents r
        where r.deleted_at is null and json_extract(r.clear_training, '$.wants') = 1
          and not exists (select 1 from training_enrolments t where t.resident_id = r.id
                          and t.course_id = ${course.id} and t.deleted_at is null)`.execute(ctx.db);
    const items: TrainingSuggestion[] = [];
    const fits = (wish: string) => {
      const w = wish.trim();
      if (!w) return false;
      return (
        (occName !== '' && (w.includes(occName) || occName.includes(w))) ||
        w.includes(course.name) ||
        course.name.includes(w)
      );
    };
    for (const r of rows.rows) {
      const training = JSON.parse(r.clear_training) as { courses?: string[] };
      const prefs = r.clear_preferences
        ? (JSON.parse(r.clear_preferences) as { occupationCodes?: string[] })
        : {};
      const reasons: string[] = [];
      const why: TrainingSuggestion['why'] = [];
      let score = 0;
      for (const wish of training.courses ?? [])
        if (fits(wish)) {
          reasons.push(`培训需求「${wish}」与本课程相符`);
          why.push({ key: 'wish', params: { wish } });
          score += 10;
        }
      let best = 0;
      for (const code of prefs.occupationCodes ?? [])
        best = Math.max(best, occupationFit(code, course.occupation_code));
      if (best >= 2) {
        reasons.push(best >= 3 ? '择业意向与培训职业相同' : '择业意向与培训职业同属一个中类');
        why.push({ key: best >= 3 ? 'sameOccupation' : 'sameGroup', params: {} });
        score += best;
      }
      if (score === 0) continue;
      items.push({
        residentId: r.id,
        name: r.name,
        idNumberMasked: maskIdNumber(r.id_number),
        reasons,
        why,
        score,
      });
    }
    items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
    return { items: items.slice(0, input.limit) };
  },

  async 'training.enrol'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const course = await requireCourse(ctx.db, input.courseId);
    const resident = await requireResident(ctx.db, input.residentId);
    if (ctx.today > course.end_on)
      throw ruleError(
        'invalid_input',
        `「${course.name}」已于 ${course.end_on} 结业，不能再报名`,
        { key: 'training.courseOver', params: { course: course.name, date: course.end_on } },
        [{ path: 'courseId', message: '课程已结业' }],
      );
    const id = enrolmentId(course.id, resident.id);
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const held = await trx
        .selectFrom('training_enrolments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (held && held.deleted_at === null)
        throw ruleError(
          'conflict',
          held.status === 'dropped'
            ? `${resident.name}已于 ${held.dropped_on ?? ''} 从「${course.name}」退学，同一课程不能再报名`
            : `${resident.name}已报名「${course.name}」（${held.enrolled_on}），同一课程不能重复报名`,
          held.status === 'dropped'
            ? {
                key: 'training.droppedAlready',
                params: { course: course.name, date: held.dropped_on ?? '' },
              }
            : {
                key: 'training.enrolledAlready',
                params: { name: resident.name, course: course.name, date: held.enrolled_on },
              },
          [{ path: 'residentId', message: '已报名本课程' }],
        );
      const row = {
        id,
        community_code: identity.communityCode,
        course_id: course.id,
        course_name: course.name.slice(0, 60),
        resident_id: resident.id,
        status: 'enrolled' as const,
        enrolled_on: ctx.today,
        attended_hours: 0,
        completed_on: null,
        certificate_kind: null,
        certificate_level: null,
        certificate_number: null,
        enrolled_by: operator.displayName.slice(0, 60),
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
        dropped_on: null,
        drop_reason: null,
      };
      // an enrolment withdrawn earlier comes back as the same row
      if (held)
        await updateRecorded(trx, record, 'training_enrolments', held, {
          ...row,
          created_at: held.created_at,
        });
      else await insertRecorded(trx, record, 'training_enrolments', row);
    });
    return getEnrolment(ctx.db, id);
  },

  async 'training.attend'(input, ctx) {
    const course = await requireCourse(ctx.db, input.courseId);
    await requireResident(ctx.db, input.residentId);
    if (input.hours > Number(course.hours)) {
      const message = `出勤学时 ${input.hours} 超过课程总课时 ${course.hours}`;
      throw ruleError(
        'invalid_input',
        message,
        { key: 'training.hoursOver', params: { hours: input.hours, total: Number(course.hours) } },
        [{ path: 'hours', message }],
      );
    }
    const id = enrolmentId(course.id, input.residentId);
    await write(ctx, async (trx, record) => {
      const before = await requireEnrolment(trx, course, input.residentId);
      refuseDropped(before, course.name);
      await updateRecorded(trx, record, 'training_enrolments', before, {
        ...before,
        attended_hours: input.hours,
        updated_at: ctx.now.toISOString(),
      });
    });
    return getEnrolment(ctx.db, id);
  },

  async 'training.complete'(input, ctx) {
    const course = await requireCourse(ctx.db, input.courseId);
    await requireResident(ctx.db, input.residentId);
    if (input.date < course.start_on)
      throw ruleError(
        'invalid_input',
        `结业日期 ${input.date} 早于课程开班日期 ${course.start_on}，请核对`,
        { key: 'training.completeBeforeStart', params: { date: input.date, start: course.start_on } },
        [{ path: 'date', message: '早于开班日期' }],
      );
    if (input.date > ctx.today) {
      const message = `结业日期 ${input.date} 晚于今天，不能预先登记结业`;
      throw ruleError(
        'invalid_input',
        message,
        { key: 'training.completeFuture', params: { date: input.date } },
        [{ path: 'date', message }],
      );
    }
    const occ = await ctx.db
      .selectFrom('ref_occupations')
      .select('name')
      .where('code', '=', course.occupation_code)
      .executeTakeFirst();
    const id = enrolmentId(course.id, input.residentId);
    await write(ctx, async (trx, record) => {
      const before = await requireEnrolment(trx, course, input.residentId);
      if (before.status === 'completed')
        throw ruleError(
          'conflict',
          `该居民已于 ${before.completed_on} 结业，不能重复登记`,
          { key: 'training.completedAlready', params: { date: before.completed_on ?? '' } },
          [{ path: 'date', message: '已结业' }],
        );
      refuseDropped(before, course.name);
      const cert = input.certificate;
      await updateRecorded(trx, record, 'training_enrolments', before, {
        ...before,
        status: 'completed',
        completed_on: input.date,
        certificate_kind: cert?.kind ?? null,
        certificate_level: cert?.level?.trim() || null,
        certificate_number: cert?.number ?? null,
        updated_at: ctx.now.toISOString(),
      });
      await addSkill(trx, record, ctx, input.residentId, skillItemOf(occ?.name ?? course.name, cert ?? null));
    });
    return getEnrolment(ctx.db, id);
  },

  async 'training.withdraw'(input, ctx) {
    const course = await requireCourse(ctx.db, input.courseId);
    const resident = await requireResident(ctx.db, input.residentId);
    const id = enrolmentId(course.id, resident.id);
    await write(ctx, async (trx, record) => {
      const before = await requireEnrolment(trx, course, resident.id);
      // withdrawal is for someone who never started: once hours are on record, or the course is over for
      // them, the enrolment stays and says how it ended (退学 or 结业)
      if (before.status !== 'enrolled' || Number(before.attended_hours) > 0)
        throw ruleError(
          'conflict',
          before.status === 'completed'
            ? `${resident.name}已于 ${before.completed_on} 结业，报名不能撤销`
            : before.status === 'dropped'
              ? `${resident.name}已于 ${before.dropped_on ?? ''} 退学，报名不能撤销`
              : `${resident.name}已有出勤 ${before.attended_hours} 学时，报名不能撤销；中途不再参加请登记退学`,
          {
            key:
              before.status === 'completed'
                ? 'training.withdrawCompleted'
                : before.status === 'dropped'
                  ? 'training.withdrawDropped'
                  : 'training.withdrawAttended',
            params: {
              name: resident.name,
              date: before.completed_on ?? before.dropped_on ?? '',
              hours: Number(before.attended_hours),
            },
          },
        );
      const stamp = ctx.now.toISOString();
      await updateRecorded(trx, record, 'training_enrolments', before, {
        ...before,
        deleted_at: stamp,
        updated_at: stamp,
      });
    });
    return { id };
  },

  async 'training.drop'(input, ctx) {
    const course = await requireCourse(ctx.db, input.courseId);
    const resident = await requireResident(ctx.db, input.residentId);
    if (ctx.today < course.start_on)
      throw ruleError(
        'conflict',
        `「${course.name}」${course.start_on} 才开班，还没开始的报名请撤销，不用登记退学`,
        { key: 'training.dropNotStarted', params: { course: course.name, date: course.start_on } },
        [{ path: 'date', message: '课程尚未开班' }],
      );
    if (input.date < course.start_on || input.date > course.end_on || input.date > ctx.today)
      throw ruleError(
        'invalid_input',
        `退学日期应在开班日期 ${course.start_on} 至 ${course.end_on < ctx.today ? course.end_on : ctx.today} 之间`,
        {
          key: 'training.dropDate',
          params: { from: course.start_on, to: course.end_on < ctx.today ? course.end_on : ctx.today },
        },
        [{ path: 'date', message: '不在上课期间' }],
      );
    const id = enrolmentId(course.id, resident.id);
    await write(ctx, async (trx, record) => {
      const before = await requireEnrolment(trx, course, resident.id);
      refuseDropped(before, course.name);
      if (before.status === 'completed')
        throw ruleError(
          'conflict',
          `${resident.name}已于 ${before.completed_on} 结业，不能再登记退学`,
          { key: 'training.dropCompleted', params: { name: resident.name, date: before.completed_on ?? '' } },
          [{ path: 'residentId', message: '已结业' }],
        );
      await updateRecorded(trx, record, 'training_enrolments', before, {
        ...before,
        status: 'dropped',
        dropped_on: input.date,
        drop_reason: input.reason?.trim() || null,
        updated_at: ctx.now.toISOString(),
      });
    });
    return getEnrolment(ctx.db, id);
  },

  async 'training.enrolments'(input, ctx) {
    let q = select(ctx.db);
    if (input.courseId) q = q.where('t.course_id', '=', input.courseId);
    if (input.residentId) q = q.where('t.resident_id', '=', input.residentId);
    if (input.status) q = q.where('t.status', '=', input.status);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('t.enrolled_on', 'desc')
      .orderBy('t.id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: await views(ctx.db, rows as EnrolmentRow[]), total: Number(total.n) };
  },
};
