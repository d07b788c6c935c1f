// Matching people and vacancies, both ways: hard filters first (age range, a vacancy that is open and
// current with positions left, a person not already in work unless they want to change), then a score a
// person can check, every point with its reason in Chinese. Pure: the station feeds it rows, the tests feed
// it a fixed set of people. Weights are here and nowhere else:
//   occupation   40 same 职业 · 30 same 小类 · 20 same 中类 · 10 same 大类 (coded); 20 for free text alike
//   industry     10 same 大类 · 5 same 门类
//   wage         15 expected wage inside the range, or the range above it
//   area         10 wished place names the vacancy's street or community · 5 own community
//   hours         5 part-time/flexible wish and a job that says so, or full-time and one that does not
//   skills       10 a skill or certificate the vacancy names
// Assistance-card holders and members of 零就业家庭 come first at equal score (and say so).
// A vacancy's schooling (education) is not scored: residents carry no 学历 field to compare it with.
import { ageOn } from './dates';
import { occupationFit, occupationAt } from './vocabulary';

export interface MatchPerson {
  id: string;
  name: string;
  birthDate: string;
  preferences: {
    occupations?: string[];
    occupationCodes?: string[];
    industries?: string[];
    industryCodes?: string[];
    area?: string;
    hours?: 'full_time' | 'part_time' | 'flexible';
    expectedWage?: number;
    changeJob?: boolean;
  } | null;
  skills: Array<{ name: string; level?: string; certificate?: string }>;
  employmentStatus: string | null;
  outcome: string | null;
  cardHolder: boolean;
  zeroEmployment: boolean;
}

export interface MatchVacancy {
  id: string;
  title: string;
  occupation: string | null;
  occupationCode: string | null;
  industryCode: string | null;
  wageMin: number | null;
  wageMax: number | null;
  requirements: string | null;
  ageMin: number | null;
  ageMax: number | null;
  validFrom: string;
  validTo: string;
  status: string;
  positions: number;
  hired: number;
  /** The station's own community's vacancy. */
  own: boolean;
  streetName: string | null;
  communityName: string | null;
  employerAddress: string | null;
}

/** Names of codes, from the vocabularies the station holds. */
export interface CodeNames {
  occupation(code: string): string | undefined;
  industry(code: string): string | undefined;
  /** An industry code's 门类 letter. */
  industrySection(code: string): string | null;
}

export interface MatchResult {
  score: number;
  reasons: string[];
  /** 2 card holder and 零就业家庭, 1 either, 0 none: the order at equal score. */
  priority: number;
}

/** 3500 → "3,500"; 3500.5 → "3,500.50". */
export function yuan(n: number): string {
  const [int, frac] = (Number.isInteger(n) ? String(n) : n.toFixed(2)).split('.');
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

/** In work, as the six clears record it (flexible work does not count: such people still look). */
export function isEmployed(p: Pick<MatchPerson, 'employmentStatus' | 'outcome'>): boolean {
  return (
    p.employmentStatus === 'employed' ||
    p.outcome === 'placed' ||
    p.outcome === 'self_employed' ||
    p.outcome === 'public_welfare'
  );
}

/** Why the vacancy takes nobody today (closed, filled, expired, not yet open), or null. */
export function vacancyClosed(v: MatchVacancy, today: string): string | null {
  if (v.status === 'closed') return '岗位已关闭';
  if (v.status === 'filled' || v.hired >= v.positions) return '岗位已招满';
  if (v.validTo < today) return `岗位已于 ${v.validTo} 过期`;
  if (v.validFrom > today) return `岗位 ${v.validFrom} 才开始招聘`;
  return null;
}

/** Why this person does not fit this vacancy at all (hard filters), or null. */
export function hardFilter(p: MatchPerson, v: MatchVacancy, today: string): string | null {
  const closed = vacancyClosed(v, today);
  if (closed) return closed;
  const age = ageOn(p.birthDate, today);
  if (v.ageMin !== null && age < v.ageMin) return `年龄 ${age} 岁，低于岗位要求的 ${v.ageMin} 岁`;
  if (v.ageMax !== null && age > v.ageMax) return `年龄 ${age} 岁，高于岗位要求的 ${v.ageMax} 岁`;
  if (isEmployed(p) && !p.preferences?.changeJob) return '已就业（未表示想换工作）';
  return null;
}

const LEVEL_NAME = ['', '大类', '中类', '小类', '职业'];
/** `hay` names `needle` (trimmed, two characters or more): how every word of the score is compared. */
export const contains = (hay: string | null | undefined, needle: string) =>
  !!hay && needle.trim().length >= 2 && hay.includes(needle.trim());

/** A free-text occupation wish that names the job (or the job names it): the 20 points of 意向工种相近. */
export function freeTextFits(
  word: string,
  v: Pick<MatchVacancy, 'title' | 'occupation' | 'occupationCode'>,
  names: Pick<CodeNames, 'occupation'>,
): boolean {
  const jobWords = [v.title, v.occupation, v.occupationCode ? names.occupation(v.occupationCode) : undefined];
  return jobWords.some((j) => contains(j, word) || (j ? contains(word, j) : false));
}

/** Words in the vacancy's title or requirements that say it is not full-time work. */
export const PART_TIME_WORDS = ['兼职', '小时工', '钟点', '灵活', '弹性'] as const;
const PART_TIME = new RegExp(PART_TIME_WORDS.join('|'));

/** The score and its reasons; call after hardFilter says null. */
export function scoreMatch(p: MatchPerson, v: MatchVacancy, names: CodeNames): MatchResult {
  const reasons: string[] = [];
  let score = 0;
  const pref = p.preferences ?? {};

  // occupation: the closest coded wish, else free text that names the job
  let best = 0;
  if (v.occupationCode)
    for (const code of pref.occupationCodes ?? [])
      best = Math.max(best, occupationFit(code, v.occupationCode));
  if (best > 0 && v.occupationCode) {
    score += best * 10;
    if (best === 4) reasons.push(`意向工种一致：${names.occupation(v.occupationCode) ?? v.occupationCode}`);
    else {
      const at = occupationAt(v.occupationCode, best);
      reasons.push(`意向同属${LEVEL_NAME[best]}：${names.occupation(at) ?? at}`);
    }
  } else {
    const word = (pref.occupations ?? []).find((w) => freeTextFits(w, v, names));
    if (word) {
      score += 20;
      reasons.push(`意向工种相近：${word}`);
    }
  }

  // industry
  if (v.industryCode) {
    const codes = pref.industryCodes ?? [];
    if (codes.includes(v.industryCode)) {
      score += 10;
      reasons.push(`意向行业一致：${names.industry(v.industryCode) ?? v.industryCode}`);
    } else {
      const section = names.industrySection(v.industryCode);
      if (section && codes.some((c) => names.industrySection(c) === section)) {
        score += 5;
        reasons.push(`意向行业同属门类：${names.industry(section) ?? section}`);
      }
    }
  }

  // wage (元/月)
  const wish = pref.expectedWage;
  if (wish !== undefined && (v.wageMin !== null || v.wageMax !== null)) {
    const lo = v.wageMin ?? 0;
    const hi = v.wageMax ?? Number.POSITIVE_INFINITY;
    if (wish >= lo && wish <= hi) {
      score += 15;
      reasons.push(`期望工资 ${yuan(wish)} 元在岗位范围内`);
    } else if (wish < lo) {
      score += 15;
      reasons.push(`岗位工资高于期望（期望 ${yuan(wish)} 元）`);
    }
  }

  // area
  const area = pref.area?.trim();
  if (area) {
    const place = [v.streetName, v.communityName].find((x) => contains(area, x ?? '') || contains(x, area));
    if (place || contains(v.employerAddress, area)) {
      score += 10;
      reasons.push(`意向地点相符：${place ?? area}`);
    }
  }
  if (v.own) {
    score += 5;
    reasons.push('本社区岗位');
  }

  // hours
  const text = `${v.title} ${v.requirements ?? ''}`;
  const partTime = PART_TIME.test(text);
  if (pref.hours === 'full_time' && !partTime) {
    score += 5;
    reasons.push('全职岗位，符合工作时间意向');
  } else if ((pref.hours === 'part_time' || pref.hours === 'flexible') && partTime) {
    score += 5;
    reasons.push('工作时间灵活，符合意向');
  }

  // skills and certificates the vacancy names
  const wanted = `${text} ${v.occupation ?? ''} ${v.occupationCode ? (names.occupation(v.occupationCode) ?? '') : ''}`;
  const skill = p.skills.find(
    (s) => contains(wanted, s.name) || (s.certificate ? contains(wanted, s.certificate) : false),
  );
  if (skill) {
    score += 10;
    reasons.push(
      `有相关技能：${skill.certificate && contains(wanted, skill.certificate) ? skill.certificate : skill.name}`,
    );
  }

  const priority = (p.cardHolder ? 1 : 0) + (p.zeroEmployment ? 1 : 0);
  if (p.cardHolder) reasons.push('援助对象优先');
  if (p.zeroEmployment) reasons.push('零就业家庭优先');
  return { score, reasons, priority };
}

/** Best first: score, then priority (援助对象, 零就业家庭), then a stable key. */
export function byFit<T extends { score: number; priority: number; key: string }>(a: T, b: T): number {
  return b.score - a.score || b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
