// A row of a residents ledger (a door-to-door survey sheet) → the resident's profile and the parts of the
// six clears it records. Sections come out partial (only the columns the sheet has); completing them with
// what the station already knows, and checking the whole, is merge.ts's and validate.ts's job.
import { parseIdNumber } from '../../validators/idNumber';
import { parsePhone } from '../../validators/phone';
import {
  cleanText,
  readBool,
  readChoice,
  readCodeText,
  readDate,
  readInteger,
  readNumber,
  splitList,
  text,
  type Cell,
  type Read,
} from './cells';
import { put, RowReader, type BuildOptions, type Built, type Get } from './row';

export const HUKOU_WORDS = [
  [
    'local_urban',
    ['本地城镇', '城镇', '本地非农', '非农', '非农业', '本市城镇', '城镇户口', '本地城镇户口', '居民户口'],
  ],
  ['local_rural', ['本地农村', '农村', '农业', '本地农业', '本市农村', '农村户口', '农业户口']],
  ['nonlocal_urban', ['外地城镇', '外地非农', '外来城镇', '外省城镇', '外地非农业', '外地城镇户口']],
  ['nonlocal_rural', ['外地农村', '外地农业', '外来农村', '外省农村', '外地农村户口']],
] as const;
export const STATUS_WORDS = [
  ['employed', ['就业', '已就业', '在业', '在职', '就业中', '单位就业', '有工作', '是']],
  ['flexible', ['灵活就业', '灵活']],
  ['unemployed', ['失业', '未就业', '无业', '待业', '失业中', '登记失业', '否']],
] as const;
export const RESULT_WORDS = [
  ['placed', ['已就业', '单位就业', '推荐就业', '已推荐就业', '就业', '已安置', '介绍就业']],
  ['self_employed', ['自主创业', '创业', '个体', '自谋职业', '个体经营', '自主就业']],
  ['flexible', ['灵活就业', '灵活']],
  ['public_welfare', ['公益性岗位', '公益岗位', '公益性岗位安置']],
  ['not_yet', ['尚未就业', '未就业', '暂未就业', '待业', '无']],
] as const;
export const HOURS_WORDS = [
  ['full_time', ['全日制', '全职', '全天']],
  ['part_time', ['非全日制', '兼职', '半天', '钟点']],
  ['flexible', ['灵活', '不限', '均可', '都可以']],
] as const;
export const SUBSISTENCE_WORDS = [
  ['dibao', ['低保', '是', '低保户', '城乡低保', '享受低保']],
  ['dibian', ['低边', '低保边缘', '低边户', '低保边缘户']],
  ['none', ['无', '否', '非低保', '不是', '一般']],
] as const;
const SEX_WORDS = [
  ['M', ['男', '男性', 'm']],
  ['F', ['女', '女性', 'f']],
] as const;

const LEVELS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

function readDisability(c: Cell): Read<{ level: number } | null | undefined> {
  const s = cleanText(c).replace(/\s+/gu, '');
  if (s === '') return { ok: true, value: undefined };
  if (['无', '否', '非残疾', '健全'].includes(s)) return { ok: true, value: null };
  const m = /^(?:残疾)?([一二三四1-4])级?(?:残疾)?$/u.exec(s);
  if (m) return { ok: true, value: { level: LEVELS[m[1]!]! } };
  return { ok: false, reason: `残疾等级“${s}”不是可识别的等级，可填：一级、二级、三级、四级 或 无` };
}

function readYear(c: Cell): Read<number | undefined> {
  if (typeof c === 'number' && c > 1900 && c < 2200) return readInteger(c, '毕业年份', 1950, 2100);
  const s = cleanText(c).replace(/\s+/gu, '');
  const m = /^(\d{4})(?:年|届|年毕业)?$/u.exec(s);
  if (m) return readInteger(Number(m[1]), '毕业年份', 1950, 2100);
  const d = readDate(c);
  if (d.ok && d.value) return readInteger(Number(d.value.slice(0, 4)), '毕业年份', 1950, 2100);
  return s === '' ? { ok: true, value: undefined } : { ok: false, reason: `毕业年份“${s}”不是年份` };
}

/** 电工（中级）、焊工 → [{ name: 电工, level: 中级 }, { name: 焊工 }] */
export function parseSkills(s: string): Array<{ name: string; level?: string }> {
  return splitList(s).map((item) => {
    const m = /^(.+?)[(（]([^)）]+)[)）]$/u.exec(item);
    return m ? { name: m[1]!.trim(), level: m[2]!.trim() } : { name: item };
  });
}

const CONFIRMATIONS = [
  ['unemployment', 'u.confirmedAt'],
  ['skills', 'skills.confirmedAt'],
  ['training', 'training.confirmedAt'],
  ['preferences', 'p.confirmedAt'],
  ['income', 'i.confirmedAt'],
  ['outcome', 'o.confirmedAt'],
] as const;

const NO_TRAINING = new Set(['无', '否', '不需要', '没有', '暂无', '无需求', '无需']);

export function buildResident(get: Get, opts: BuildOptions): Built {
  const r = new RowReader(get);
  const v: Record<string, unknown> = {};

  // identity: the ID number is the key, and the sex and birth date columns must agree with it
  let key = '';
  let idSex: 'M' | 'F' | null = null;
  let idBirth: string | null = null;
  const idText = r.read('idNumber', (c) => readCodeText(c, '身份证号码'));
  if (!idText) r.fail('idNumber', '缺少身份证号码');
  else {
    const p = parseIdNumber(idText);
    if (!p.ok) r.fail('idNumber', p.error.message);
    else {
      key = p.value.idNumber;
      idSex = p.value.sex;
      idBirth = p.value.birthDate;
    }
  }
  const name = r.read('name', text(30));
  if (!name) r.fail('name', '缺少姓名');
  else v.name = name.replace(/\s+/gu, '');
  const sex = r.read('sex', (c) => readChoice(c, SEX_WORDS, '性别'));
  if (sex && idSex && sex !== idSex)
    r.fail(
      'sex',
      `性别“${sex === 'M' ? '男' : '女'}”与身份证号不符（身份证号第 17 位表示${idSex === 'M' ? '男' : '女'}性）`,
    );
  const birth = r.read('birthDate', readDate);
  // a month-only birth date (1980年1月) is checked to the month
  if (
    birth &&
    idBirth &&
    birth !== idBirth &&
    !(birth.endsWith('-01') && birth.slice(0, 7) === idBirth.slice(0, 7))
  )
    r.fail('birthDate', `出生日期 ${birth} 与身份证号中的出生日期 ${idBirth} 不符`);

  const phone = r.read('phone', text(30));
  if (phone) {
    const p = parsePhone(phone);
    if (p.ok) v.phone = p.value.phone;
    else r.fail('phone', p.error.message);
  }
  put(
    v,
    'hukouType',
    r.read('hukouType', (c) => readChoice(c, HUKOU_WORDS, '户籍性质')),
  );
  put(v, 'address', r.read('address', text(200)));
  put(v, 'householdRelation', r.read('householdRelation', text(20)));
  put(v, 'landlessFarmer', r.read('landlessFarmer', readBool));
  put(v, 'disability', r.read('disabilityLevel', readDisability));
  put(
    v,
    'subsistence',
    r.read('subsistence', (c) => readChoice(c, SUBSISTENCE_WORDS, '低保低边')),
  );
  put(v, 'veteran', r.read('veteran', readBool));
  put(v, 'singleParent', r.read('singleParent', readBool));
  put(v, 'releasedOrRehab', r.read('releasedOrRehab', readBool));
  put(v, 'graduateYear', r.read('graduateYear', readYear));
  put(v, 'note', r.read('note', text(500)));

  const survey = r.read('surveyDate', readDate);
  if (survey && survey > opts.today) r.fail('surveyDate', `调查日期 ${survey} 晚于今天（${opts.today}）`);

  // the six clears, each as far as the sheet records it
  const u: Record<string, unknown> = {};
  put(
    u,
    'status',
    r.read('u.status', (c) => readChoice(c, STATUS_WORDS, '就业状况')),
  );
  put(u, 'since', r.read('u.since', readDate));
  put(u, 'registered', r.read('u.registered', readBool));
  put(u, 'reason', r.read('u.reason', text(200)));
  if (Object.keys(u).length) v.unemployment = u;

  const skills = r.read('skills', text(1000));
  if (skills !== undefined) {
    const items = parseSkills(skills);
    const long = items.find((i) => [...i.name].length > 50 || [...(i.level ?? '')].length > 30);
    if (long) r.fail('skills', `技能“${long.name}”过长：技能名称最多 50 个字，等级最多 30 个字`);
    else if (items.length > 20) r.fail('skills', `技能最多 20 项，当前 ${items.length} 项`);
    else v.skills = { items };
  }

  const training = r.read('training', text(500));
  if (training !== undefined) {
    const t = training.replace(/\s+/gu, '');
    const courses = NO_TRAINING.has(t) ? [] : splitList(training).filter((x) => x !== '有' && x !== '是');
    if (courses.some((x) => [...x].length > 50)) r.fail('training', '每项培训最多 50 个字');
    else if (courses.length > 20) r.fail('training', '培训需求最多 20 项');
    else v.training = { wants: !NO_TRAINING.has(t), courses };
  }

  const p: Record<string, unknown> = {};
  const occupations = r.read('p.occupations', text(1000));
  if (occupations !== undefined) p.occupations = splitList(occupations);
  const industries = r.read('p.industries', text(1000));
  if (industries !== undefined) p.industries = splitList(industries);
  put(p, 'area', r.read('p.area', text(100)));
  put(
    p,
    'hours',
    r.read('p.hours', (c) => readChoice(c, HOURS_WORDS, '工作时间要求')),
  );
  put(
    p,
    'expectedWage',
    r.read('p.expectedWage', (c) => readNumber(c, '期望工资')),
  );
  for (const k of ['occupations', 'industries'] as const) {
    const list = p[k] as string[] | undefined;
    if (list && (list.length > 20 || list.some((x) => [...x].length > 50)))
      r.fail(k === 'occupations' ? 'p.occupations' : 'p.industries', '最多 20 项，每项最多 50 个字');
  }
  if (Object.keys(p).length) v.preferences = p;

  const i: Record<string, unknown> = {};
  put(
    i,
    'householdSize',
    r.read('i.householdSize', (c) => readInteger(c, '家庭人口', 1, 30)),
  );
  put(
    i,
    'monthlyIncome',
    r.read('i.monthlyIncome', (c) => readNumber(c, '家庭月收入', { secret: true })),
  );
  if (Object.keys(i).length) v.income = i;

  const o: Record<string, unknown> = {};
  put(
    o,
    'result',
    r.read('o.result', (c) => readChoice(c, RESULT_WORDS, '就业去向')),
  );
  put(o, 'employer', r.read('o.employer', text(100)));
  put(o, 'date', r.read('o.date', readDate));
  put(o, 'channel', r.read('o.channel', text(50)));
  put(o, 'reasonNotYet', r.read('o.reasonNotYet', text(200)));
  if (Object.keys(o).length) v.outcome = o;

  // the income section's subsistence is the household's, the same fact as the profile's 低保低边
  if (v.income && v.subsistence !== undefined)
    (v.income as Record<string, unknown>).subsistence = v.subsistence;
  for (const [section, field] of CONFIRMATIONS) {
    const on = r.read(field, readDate);
    if (on && on > opts.today) r.fail(field, `确认日期 ${on} 晚于今天（${opts.today}）`);
    else if (on && v[section]) (v[section] as Record<string, unknown>).confirmedAt = on;
  }

  if (r.issues.length) return { ok: false, issues: r.issues };
  if (survey) v.confirmedAt = survey;
  return { ok: true, key, values: v };
}
