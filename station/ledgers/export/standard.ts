// The standard ledgers the district and the streets expect back: 六清台账 (every resident with the six
// clears), 就业援助卡发放台账 (every card issued), 零就业家庭台账 (households where no working-age member
// works), 推荐就业台账 (every recommendation to a vacancy and how it ended) and 培训台账 (every enrolment of
// the community's residents, its certificate and whether a hire followed within six months). Each as an .xlsx (title, community and date above the header, A4 landscape, header repeated on
// every printed page) and as rows for the print page. The 六清台账's .xlsx columns are the import's own
// headers, one per field, so the file imports back into a station unchanged (with reveal: the full ID
// numbers and income; masked ones are refused by the import, as they should be).
import type { FileOut, StandardLedger, StandardLedgerData } from '../../../shared/contract/ledgers';
import { LABELS, MASK, money, sixClearsWords } from '../../../shared/domain/ledgers/display';
import { evaluateSixClears, type SixClears } from '../../../shared/domain/sixClears';
import { ageOn } from '../../../shared/domain/dates';
import { isWorkingAge, isZeroEmploymentHousehold, perCapitaIncome } from '../../../shared/domain/household';
import type { CardCategory } from '../../../shared/domain/assistance/card';
import { maskIdNumber } from '../../../shared/validators/idNumber';
import { STATUS_NAMES, type RecommendationStatus } from '../../../shared/domain/recommendation';
import {
  CERTIFICATE_KIND_NAMES,
  COURSE_KIND_NAMES,
  ENROLMENT_STATUS_NAMES,
  employmentDeadline,
  type CertificateKind,
  type CourseKind,
  type EnrolmentStatus,
} from '../../../shared/domain/training/training';
import { requireIdentity, type Ctx } from '../../context';
import { ALL_COURSES } from '../../training/courses';
import { hireDatesOf } from '../../training/hires';
import { sql } from 'kysely';
import type { ResidentRowDb } from '../../db/schema';
import { clearsOf } from '../../residents/repository';
import { writeXlsx } from '../xlsxOut';
import { chinaDate, communityOf, logReveal, stampedName } from './common';

type Cell = string | number | null;
interface Col<T> {
  header: string;
  width: number;
  value: (row: T, i: number) => Cell;
}

const TITLES: Record<StandardLedger, string> = {
  sixClears: '六清台账',
  cards: '就业援助卡发放台账',
  zeroEmployment: '零就业家庭台账',
  recommendations: '推荐就业台账',
  training: '培训台账',
};

const yes = (b: unknown) => (b ? '是' : '否');
const list = (xs: readonly string[] | undefined, empty = '无') => (xs && xs.length ? xs.join('、') : empty);
type S = Record<string, unknown> | null | undefined;
const str = (v: unknown): Cell =>
  v === undefined || v === null || v === '' ? null : typeof v === 'number' ? v : String(v);

interface ResidentLine {
  r: ResidentRowDb;
  c: SixClears;
}

function idOf(r: ResidentRowDb, reveal: boolean): string {
  return reveal ? r.id_number : maskIdNumber(r.id_number);
}

/** The importable 六清台账: one column per import field, values in the words the import reads. */
function sixClearsFull(ctx: Ctx, reveal: boolean): Array<Col<ResidentLine>> {
  const u = (x: ResidentLine) => x.c.unemployment as S;
  const p = (x: ResidentLine) => x.c.preferences as S;
  const inc = (x: ResidentLine) => x.c.income as S;
  const o = (x: ResidentLine) => x.c.outcome as S;
  const on = (s: S) => str(s?.confirmedAt);
  const level = (r: ResidentRowDb) => {
    const d = r.disability ? (JSON.parse(r.disability) as { level?: number }) : null;
    return d?.level ? ['', '一级', '二级', '三级', '四级'][d.level]! : null;
  };
  return [
    { header: '序号', width: 6, value: (_x, i) => i + 1 },
    { header: '姓名', width: 10, value: (x) => x.r.name },
    { header: '身份证号码', width: 21, value: (x) => idOf(x.r, reveal) },
    { header: '性别', width: 6, value: (x) => (x.r.sex === 'M' ? '男' : '女') },
    { header: '出生日期', width: 12, value: (x) => x.r.birth_date },
    { header: '联系电话', width: 14, value: (x) => x.r.phone },
    { header: '户籍性质', width: 10, value: (x) => (x.r.hukou_type ? LABELS.hukou[x.r.hukou_type]! : null) },
    { header: '现住址', width: 24, value: (x) => x.r.address },
    { header: '与户主关系', width: 8, value: (x) => x.r.household_relation },
    { header: '失地农民', width: 6, value: (x) => yes(x.r.landless_farmer) },
    { header: '残疾等级', width: 6, value: (x) => level(x.r) },
    { header: '低保低边', width: 6, value: (x) => LABELS.subsistence[x.r.subsistence] ?? null },
    { header: '退役军人', width: 6, value: (x) => yes(x.r.veteran) },
    { header: '单亲家庭', width: 6, value: (x) => yes(x.r.single_parent) },
    { header: '刑释戒毒', width: 6, value: (x) => yes(x.r.released_or_rehab) },
    { header: '毕业年份', width: 8, value: (x) => x.r.graduate_year },
    { header: '备注', width: 16, value: (x) => x.r.note },
    { header: '就业状况', width: 8, value: (x) => (u(x) ? LABELS.status[String(u(x)!.status)]! : null) },
    { header: '失业时间', width: 12, value: (x) => str(u(x)?.since) },
    {
      header: '失业登记',
      width: 6,
      value: (x) => (typeof u(x)?.registered === 'boolean' ? yes(u(x)!.registered) : null),
    },
    { header: '失业原因', width: 12, value: (x) => str(u(x)?.reason) },
    { header: '失业状况清确认日期', width: 12, value: (x) => on(u(x)) },
    {
      header: '技术特长',
      width: 16,
      value: (x) =>
        x.c.skills ? list(x.c.skills.items.map((i) => (i.level ? `${i.name}（${i.level}）` : i.name))) : null,
    },
    { header: '技术特长清确认日期', width: 12, value: (x) => on(x.c.skills as S) },
    {
      header: '培训需求',
      width: 14,
      value: (x) => (x.c.training ? (x.c.training.wants ? list(x.c.training.courses, '有') : '无') : null),
    },
    { header: '培训需求清确认日期', width: 12, value: (x) => on(x.c.training as S) },
    { header: '择业意向', width: 14, value: (x) => (p(x) ? list(p(x)!.occupations as string[]) : null) },
    {
      header: '意向行业',
      width: 12,
      value: (x) => (p(x) ? list(p(x)!.industries as string[], '') || null : null),
    },
    { header: '意向地点', width: 10, value: (x) => str(p(x)?.area) },
    {
      header: '工作时间要求',
      width: 8,
      value: (x) => (p(x)?.hours ? LABELS.hours[String(p(x)!.hours)]! : null),
    },
    { header: '期望工资', width: 8, value: (x) => str(p(x)?.expectedWage) },
    { header: '择业意向清确认日期', width: 12, value: (x) => on(p(x)) },
    { header: '家庭人口', width: 6, value: (x) => str(inc(x)?.householdSize) },
    {
      header: '家庭月收入',
      width: 10,
      value: (x) => (inc(x) ? (reveal ? (inc(x)!.monthlyIncome as number) : MASK) : null),
    },
    { header: '家庭收入清确认日期', width: 12, value: (x) => on(inc(x)) },
    { header: '就业去向', width: 10, value: (x) => (o(x) ? LABELS.result[String(o(x)!.result)]! : null) },
    { header: '就业单位', width: 16, value: (x) => str(o(x)?.employer) },
    { header: '就业时间', width: 12, value: (x) => str(o(x)?.date) },
    { header: '就业渠道', width: 10, value: (x) => str(o(x)?.channel) },
    { header: '未就业原因', width: 12, value: (x) => str(o(x)?.reasonNotYet) },
    { header: '就业结果清确认日期', width: 12, value: (x) => on(o(x)) },
    {
      header: '六清状态',
      width: 18,
      value: (x) => sixClearsWords(evaluateSixClears(x.c, ctx.today, ctx.staleAfterDays)),
    },
  ];
}

/** The printed 六清台账: what fits across A4 landscape, each clear in a few words. */
function sixClearsPrint(ctx: Ctx, reveal: boolean): Array<Col<ResidentLine>> {
  const s = (x: ResidentLine, k: keyof SixClears) => x.c[k] as S;
  return [
    { header: '序号', width: 4, value: (_x, i) => i + 1 },
    { header: '姓名', width: 8, value: (x) => x.r.name },
    { header: '性别', width: 3, value: (x) => (x.r.sex === 'M' ? '男' : '女') },
    { header: '年龄', width: 3, value: (x) => ageOn(x.r.birth_date, ctx.today) },
    { header: '身份证号码', width: 15, value: (x) => idOf(x.r, reveal) },
    { header: '联系电话', width: 10, value: (x) => x.r.phone },
    { header: '户籍性质', width: 7, value: (x) => (x.r.hukou_type ? LABELS.hukou[x.r.hukou_type]! : null) },
    {
      header: '就业状况',
      width: 7,
      value: (x) => (s(x, 'unemployment') ? LABELS.status[String(s(x, 'unemployment')!.status)]! : null),
    },
    {
      header: '技术特长',
      width: 9,
      value: (x) => (x.c.skills ? list(x.c.skills.items.map((i) => i.name)) : null),
    },
    {
      header: '培训需求',
      width: 9,
      value: (x) => (x.c.training ? (x.c.training.wants ? list(x.c.training.courses, '有') : '无') : null),
    },
    {
      header: '择业意向',
      width: 9,
      value: (x) => (s(x, 'preferences') ? list(s(x, 'preferences')!.occupations as string[]) : null),
    },
    {
      header: '家庭收入',
      width: 9,
      value: (x) => {
        const i = s(x, 'income');
        return i ? `${String(i.householdSize)}人 ${reveal ? money(i.monthlyIncome as number) : MASK}` : null;
      },
    },
    {
      header: '就业去向',
      width: 9,
      value: (x) => {
        const o = s(x, 'outcome');
        return o ? [LABELS.result[String(o.result)], o.employer].filter(Boolean).join(' ') : null;
      },
    },
    {
      header: '六清',
      width: 20,
      value: (x) => sixClearsWords(evaluateSixClears(x.c, ctx.today, ctx.staleAfterDays)),
    },
  ];
}

/** Live residents by name (pinyin), read in pages on the live-name index. */
async function* residentLines(ctx: Ctx): AsyncGenerator<ResidentLine> {
  let after: { p: string; id: string } | null = null;
  for (;;) {
    let q = ctx.db.selectFrom('residents').selectAll().where('deleted_at', 'is', null);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([eb('name_pinyin', '>', a.p), eb.and([eb('name_pinyin', '=', a.p), eb('id', '>', a.id)])]),
      );
    }
    const rows = await q.orderBy('name_pinyin').orderBy('id').limit(5_000).execute();
    for (const r of rows) yield { r, c: clearsOf(r) };
    if (rows.length < 5_000) return;
    const last = rows[rows.length - 1]!;
    after = { p: last.name_pinyin, id: last.id };
  }
}

interface CardLine {
  card_number: string;
  categories: string;
  issued_on: string;
  issued_by: string;
  status: string;
  status_reason: string | null;
  name: string;
  sex: 'M' | 'F';
  id_number: string;
  officer_name: string | null;
}

function cardColumns(reveal: boolean): Array<Col<CardLine>> {
  return [
    { header: '序号', width: 4, value: (_x, i) => i + 1 },
    { header: '卡号', width: 24, value: (x) => x.card_number },
    { header: '姓名', width: 8, value: (x) => x.name },
    { header: '性别', width: 4, value: (x) => (x.sex === 'M' ? '男' : '女') },
    { header: '身份证号码', width: 18, value: (x) => (reveal ? x.id_number : maskIdNumber(x.id_number)) },
    {
      header: '援助对象类别',
      width: 24,
      value: (x) => (JSON.parse(x.categories) as CardCategory[]).map((c) => c.name).join('、'),
    },
    { header: '发放日期', width: 10, value: (x) => x.issued_on },
    { header: '发放人', width: 8, value: (x) => x.issued_by },
    { header: '状态', width: 6, value: (x) => LABELS.cardStatus[x.status] ?? x.status },
    { header: '联系援助员', width: 8, value: (x) => x.officer_name },
  ];
}

async function cardLines(ctx: Ctx): Promise<CardLine[]> {
  return ctx.db
    .selectFrom('cards')
    .innerJoin('residents as r', 'r.id', 'cards.resident_id')
    .leftJoin('contact_cards as cc', 'cc.card_id', 'cards.id')
    .select([
      'cards.card_number',
      'cards.categories',
      'cards.issued_on',
      'cards.issued_by',
      'cards.status',
      'cards.status_reason',
      'r.name',
      'r.sex',
      'r.id_number',
      'cc.officer_name',
    ])
    .where('cards.deleted_at', 'is', null)
    .orderBy('cards.card_number')
    .execute();
}

interface HouseholdLine {
  head: string | null;
  address: string | null;
  income: number | null;
  subsistence: string;
  note: string | null;
  members: Array<{ name: string; age: number; sex: 'M' | 'F' }>;
}

function householdColumns(reveal: boolean): Array<Col<HouseholdLine>> {
  return [
    { header: '序号', width: 4, value: (_x, i) => i + 1 },
    { header: '户主姓名', width: 8, value: (x) => x.head },
    { header: '家庭住址', width: 26, value: (x) => x.address },
    { header: '家庭人口', width: 6, value: (x) => x.members.length },
    {
      header: '劳动年龄成员',
      width: 26,
      value: (x) =>
        x.members
          .filter((m) => isWorkingAge(m.age, m.sex))
          .map((m) => `${m.name}（${m.age}岁）`)
          .join('、'),
    },
    {
      header: '家庭月收入',
      width: 10,
      value: (x) => (x.income === null ? null : reveal ? money(x.income) : MASK),
    },
    {
      header: '人均月收入',
      width: 10,
      value: (x) => {
        const pc = perCapitaIncome(x.income, x.members.length);
        return pc === null ? null : reveal ? money(pc) : MASK;
      },
    },
    { header: '低保低边', width: 6, value: (x) => LABELS.subsistence[x.subsistence] ?? x.subsistence },
    { header: '备注', width: 14, value: (x) => x.note },
  ];
}

async function zeroEmploymentLines(ctx: Ctx): Promise<HouseholdLine[]> {
  const households = await ctx.db
    .selectFrom('households')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('address')
    .execute();
  const members = await ctx.db
    .selectFrom('residents')
    .select(['household_id', 'name', 'birth_date', 'sex', 'clear_unemployment'])
    .where('household_id', 'is not', null)
    .where('deleted_at', 'is', null)
    .orderBy('birth_date')
    .execute();
  const by = new Map<string, typeof members>();
  for (const m of members) by.set(m.household_id!, [...(by.get(m.household_id!) ?? []), m]);
  const out: HouseholdLine[] = [];
  for (const h of households) {
    const ms = (by.get(h.id) ?? []).map((m) => ({
      name: m.name,
      age: ageOn(m.birth_date, ctx.today),
      sex: m.sex,
      clears: { unemployment: m.clear_unemployment ? JSON.parse(m.clear_unemployment) : null },
    }));
    if (!isZeroEmploymentHousehold(ms)) continue;
    out.push({
      head: h.head_name,
      address: h.address,
      income: h.monthly_income,
      subsistence: h.subsistence,
      note: h.note,
      members: ms,
    });
  }
  return out;
}

interface RecommendationLine {
  name: string;
  sex: 'M' | 'F';
  id_number: string;
  vacancy_title: string;
  employer_name: string;
  recommended_on: string;
  interviewed_on: string | null;
  hired_on: string | null;
  closed_on: string | null;
  status: string;
  reason: string | null;
  note: string | null;
  recommended_by: string;
}

function recommendationColumns(reveal: boolean): Array<Col<RecommendationLine>> {
  return [
    { header: '序号', width: 4, value: (_x, i) => i + 1 },
    { header: '姓名', width: 8, value: (x) => x.name },
    { header: '性别', width: 4, value: (x) => (x.sex === 'M' ? '男' : '女') },
    { header: '身份证号码', width: 18, value: (x) => (reveal ? x.id_number : maskIdNumber(x.id_number)) },
    { header: '推荐岗位', width: 14, value: (x) => x.vacancy_title },
    { header: '用人单位', width: 22, value: (x) => x.employer_name },
    { header: '推荐日期', width: 10, value: (x) => x.recommended_on },
    { header: '面试日期', width: 10, value: (x) => x.interviewed_on },
    { header: '录用日期', width: 10, value: (x) => x.hired_on },
    {
      header: '推荐结果',
      width: 10,
      value: (x) => STATUS_NAMES[x.status as RecommendationStatus] ?? x.status,
    },
    { header: '结束日期', width: 10, value: (x) => x.closed_on },
    { header: '原因', width: 14, value: (x) => x.reason },
    { header: '推荐人', width: 8, value: (x) => x.recommended_by },
    { header: '备注', width: 14, value: (x) => x.note },
  ];
}

/** Every live recommendation of this station's community, oldest first. */
async function recommendationLines(ctx: Ctx): Promise<RecommendationLine[]> {
  return ctx.db
    .selectFrom('recommendations as rc')
    .innerJoin('residents as r', 'r.id', 'rc.resident_id')
    .select([
      'r.name',
      'r.sex',
      'r.id_number',
      'rc.vacancy_title',
      'rc.employer_name',
      'rc.recommended_on',
      'rc.interviewed_on',
      'rc.hired_on',
      'rc.closed_on',
      'rc.status',
      'rc.reason',
      'rc.note',
      'rc.recommended_by',
    ])
    .where('rc.community_code', '=', requireIdentity(ctx).communityCode)
    .where('rc.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    .orderBy('rc.recommended_on')
    .orderBy('r.name_pinyin')
    .orderBy('rc.id')
    .execute();
}

interface TrainingLine {
  name: string;
  id_number: string;
  course_name: string;
  kind: string | null;
  provider: string | null;
  occupation: string | null;
  start_on: string | null;
  end_on: string | null;
  hours: number | null;
  attended_hours: number;
  status: string;
  completed_on: string | null;
  certificate_kind: string | null;
  certificate_level: string | null;
  certificate_number: string | null;
  /** the first hire within six months after completion; null when none (or not completed) */
  hired_on: string | null;
}

function trainingColumns(reveal: boolean): Array<Col<TrainingLine>> {
  return [
    { header: '序号', width: 4, value: (_x, i) => i + 1 },
    { header: '姓名', width: 8, value: (x) => x.name },
    { header: '身份证号码', width: 18, value: (x) => (reveal ? x.id_number : maskIdNumber(x.id_number)) },
    { header: '培训课程', width: 16, value: (x) => x.course_name },
    {
      header: '培训类型',
      width: 10,
      value: (x) => (x.kind ? (COURSE_KIND_NAMES[x.kind as CourseKind] ?? x.kind) : null),
    },
    { header: '培训机构', width: 16, value: (x) => x.provider },
    { header: '培训职业', width: 12, value: (x) => x.occupation },
    {
      header: '培训起止日期',
      width: 20,
      value: (x) => (x.start_on && x.end_on ? `${x.start_on}至${x.end_on}` : null),
    },
    { header: '学时', width: 5, value: (x) => x.hours },
    { header: '已参训学时', width: 6, value: (x) => x.attended_hours },
    {
      header: '培训状态',
      width: 6,
      value: (x) => ENROLMENT_STATUS_NAMES[x.status as EnrolmentStatus] ?? x.status,
    },
    { header: '结业日期', width: 10, value: (x) => x.completed_on },
    {
      header: '证书类别',
      width: 12,
      value: (x) =>
        x.certificate_kind
          ? (CERTIFICATE_KIND_NAMES[x.certificate_kind as CertificateKind] ?? x.certificate_kind)
          : null,
    },
    { header: '证书等级', width: 10, value: (x) => x.certificate_level },
    { header: '证书编号', width: 14, value: (x) => x.certificate_number },
    {
      header: '六个月内就业',
      width: 6,
      value: (x) => (x.status === 'completed' && x.completed_on ? yes(x.hired_on) : null),
    },
    { header: '就业日期', width: 10, value: (x) => x.hired_on },
  ];
}

/** The printed 培训台账: what fits across A4 landscape — the certificate and the hire each in one cell. */
function trainingPrint(reveal: boolean): Array<Col<TrainingLine>> {
  const all = new Map(trainingColumns(reveal).map((c) => [c.header, c]));
  const col = (header: string, width: number): Col<TrainingLine> => ({ ...all.get(header)!, width });
  return [
    col('序号', 4),
    col('姓名', 6),
    col('身份证号码', 15),
    col('培训课程', 12),
    col('培训类型', 8),
    col('培训机构', 12),
    col('培训职业', 9),
    col('培训起止日期', 10),
    col('学时', 4),
    col('培训状态', 6),
    col('结业日期', 8),
    {
      header: '证书',
      width: 14,
      value: (x) =>
        x.certificate_kind
          ? [
              CERTIFICATE_KIND_NAMES[x.certificate_kind as CertificateKind] ?? x.certificate_kind,
              x.certificate_level,
              x.certificate_number,
            ]
              .filter(Boolean)
              .join(' ')
          : null,
    },
    {
      header: '六个月内就业',
      width: 9,
      value: (x) =>
        x.status === 'completed' && x.completed_on ? (x.hired_on ? `是（${x.hired_on}）` : '否') : null,
    },
  ];
}

/** Every live enrolment of this community's residents, by course start, course and name. */
async function trainingLines(ctx: Ctx): Promise<TrainingLine[]> {
  const rows = await sql<Omit<TrainingLine, 'hired_on'> & { resident_id: string }>`
    select r.name, r.id_number, t.resident_id, t.course_name, c.kind, c.provider, o.name as occupation,
           c.start_on, c.end_on, c.hours, t.attended_hours, t.status, t.completed_on,
           t.certificate_kind, t.certificate_level, t.certificate_number
      from training_enrolments t
      join residents r on r.id = t.resident_id
      left join ${ALL_COURSES} c on c.id = t.course_id
      left join ref_occupations o on o.code = c.occupation_code
     where t.community_code = ${requireIdentity(ctx).communityCode}
       and t.deleted_at is null and r.deleted_at is null
     order by c.start_on, t.course_id, r.name_pinyin, t.id`.execute(ctx.db);
  const hires = await hireDatesOf(ctx.db, [...new Set(rows.rows.map((r) => r.resident_id))]);
  return rows.rows.map(({ resident_id, ...r }) => {
    let hired_on: string | null = null;
    if (r.status === 'completed' && r.completed_on) {
      const last = employmentDeadline(r.completed_on);
      const within = (hires.get(resident_id) ?? []).filter((d) => d >= r.completed_on! && d <= last).sort();
      hired_on = within[0] ?? null;
    }
    return { ...r, hired_on };
  });
}

async function preamble(ctx: Ctx, ledger: StandardLedger, masked: boolean) {
  const { communityName, streetName } = await communityOf(ctx);
  return {
    communityName,
    streetName,
    lines: [
      TITLES[ledger],
      `社区：${streetName} ${communityName}　　制表日期：${chinaDate(ctx.today)}${masked ? '　　（身份证号码、收入已隐去）' : ''}`,
    ],
  };
}

async function materialise<T>(rows: AsyncIterable<T> | Iterable<T>, cols: Array<Col<T>>): Promise<Cell[][]> {
  const out: Cell[][] = [];
  for await (const line of lines(rows, cols)) out.push(line);
  return out;
}

async function* lines<T>(rows: AsyncIterable<T> | Iterable<T>, cols: Array<Col<T>>): AsyncGenerator<Cell[]> {
  let i = 0;
  for await (const r of rows) {
    const n = i++;
    yield cols.map((c) => c.value(r, n));
  }
}

export async function standardFile(ctx: Ctx, ledger: StandardLedger, reveal: boolean): Promise<FileOut> {
  const { lines: pre } = await preamble(ctx, ledger, !reveal);
  const title = TITLES[ledger];
  const common = { name: title, preamble: pre, print: true };
  let out;
  switch (ledger) {
    case 'sixClears': {
      const cols = sixClearsFull(ctx, reveal);
      out = await writeXlsx({ ...common, columns: cols, rows: lines(residentLines(ctx), cols) });
      break;
    }
    case 'cards': {
      const cols = cardColumns(reveal);
      out = await writeXlsx({ ...common, columns: cols, rows: lines(await cardLines(ctx), cols) });
      break;
    }
    case 'zeroEmployment': {
      const cols = householdColumns(reveal);
      out = await writeXlsx({ ...common, columns: cols, rows: lines(await zeroEmploymentLines(ctx), cols) });
      break;
    }
    case 'recommendations': {
      const cols = recommendationColumns(reveal);
      out = await writeXlsx({ ...common, columns: cols, rows: lines(await recommendationLines(ctx), cols) });
      break;
    }
    case 'training': {
      const cols = trainingColumns(reveal);
      out = await writeXlsx({ ...common, columns: cols, rows: lines(await trainingLines(ctx), cols) });
      break;
    }
  }
  if (reveal) await logReveal(ctx, `standard:${ledger}`, out.rows);
  return { fileName: stampedName(title, ctx.today), base64: out.base64, rows: out.rows };
}

export async function standardData(
  ctx: Ctx,
  ledger: StandardLedger,
  reveal: boolean,
): Promise<StandardLedgerData> {
  const { communityName, streetName } = await preamble(ctx, ledger, !reveal);
  let columns: Array<{ header: string; width: number }>;
  let rows: Cell[][];
  switch (ledger) {
    case 'sixClears': {
      const cols = sixClearsPrint(ctx, reveal);
      columns = cols;
      rows = await materialise(residentLines(ctx), cols);
      break;
    }
    case 'cards': {
      const cols = cardColumns(reveal);
      columns = cols;
      rows = await materialise(await cardLines(ctx), cols);
      break;
    }
    case 'zeroEmployment': {
      const cols = householdColumns(reveal);
      columns = cols;
      rows = await materialise(await zeroEmploymentLines(ctx), cols);
      break;
    }
    case 'recommendations': {
      const cols = recommendationColumns(reveal);
      columns = cols;
      rows = await materialise(await recommendationLines(ctx), cols);
      break;
    }
    case 'training': {
      const cols = trainingPrint(reveal);
      columns = cols;
      rows = await materialise(await trainingLines(ctx), cols);
      break;
    }
  }
  if (reveal) await logReveal(ctx, `print:${ledger}`, rows.length);
  return {
    title: TITLES[ledger],
    communityName,
    streetName,
    date: chinaDate(ctx.today),
    columns: columns.map((c, i) => ({ key: String(i), header: c.header, width: c.width })),
    rows: rows.map((r) => r.map((v) => (v === null ? '' : String(v)))),
    masked: !reveal,
  };
}
