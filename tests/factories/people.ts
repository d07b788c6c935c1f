// Deterministic generator of plausible district residents for tests and benchmarks.
// Same seed, same people: a failing test or a slow benchmark can be replayed exactly.
// Every ID number it makes passes parseIdNumber; keep it that way (tests/factories/people.test.ts checks).

import { idCheckCharacter } from '../../shared/validators/idNumber';

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data; returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both inclusive. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick: empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

export function pickWeighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new RangeError('pickWeighted: empty list');
  return last[0];
}

// --- regions ---------------------------------------------------------------------------------------

/** Districts of urban Hangzhou the station's residents mostly come from. 330104 (former 江干区) was
 *  abolished in 2021 but stays in the numbers of everyone registered there before. 330114 (钱塘区)
 *  only exists since 2021, so working-age holders are rare in reality; kept because the district
 *  data will contain some (numbers re-issued on household moves). */
// prettier-ignore
export const HANGZHOU_REGION_CODES = [
  '330102', '330104', '330105', '330106', '330108', '330110', '330114',
] as const;

/** Prefecture seats elsewhere in Zhejiang (宁波海曙, 温州鹿城, 嘉兴南湖, 湖州吴兴, 绍兴越城, 金华婺城,
 *  衢州柯城, 舟山定海, 台州椒江, 丽水莲都): residents who moved in from the rest of the province. */
// prettier-ignore
export const ZHEJIANG_REGION_CODES = [
  '330203', '330302', '330402', '330502', '330602', '330702', '330802', '330902', '331002', '331102',
] as const;

/** Common home areas of migrant workers in Hangzhou (安徽六安/亳州, 江西上饶, 河南周口, 四川三台,
 *  湖南长沙, 广西南宁, 贵州遵义, 江苏徐州). */
// prettier-ignore
export const MIGRANT_REGION_CODES = [
  '341502', '341602', '361102', '411602', '510722', '430102', '450102', '520302', '320302',
] as const;

export type Origin = 'hangzhou' | 'zhejiang' | 'migrant';

const ORIGIN_WEIGHTS: readonly (readonly [Origin, number])[] = [
  ['hangzhou', 70],
  ['zhejiang', 12],
  ['migrant', 18],
];

const REGION_CODES_BY_ORIGIN: Record<Origin, readonly string[]> = {
  hangzhou: HANGZHOU_REGION_CODES,
  zhejiang: ZHEJIANG_REGION_CODES,
  migrant: MIGRANT_REGION_CODES,
};

// --- ID numbers ------------------------------------------------------------------------------------

/** Fixed so generated data does not drift with the clock; pass `today` to override. */
export const DEFAULT_REFERENCE_DATE = '2025-07-01';

export interface IdNumberOptions {
  /** 6-digit area code; default drawn by origin. */
  regionCode?: string;
  origin?: Origin;
  sex?: 'M' | 'F';
  /** YYYY-MM-DD; default drawn so the person is aged minAge..maxAge on `today`. */
  birthDate?: string;
  minAge?: number;
  maxAge?: number;
  /** YYYY-MM-DD reference day for ages. */
  today?: string;
}

export interface GeneratedId {
  idNumber: string;
  regionCode: string;
  birthDate: string;
  sex: 'M' | 'F';
}

/** A valid 18-digit ID number with its parts, for factories that also need sex and birth date. */
export function makeIdParts(rng: Rng, opts: IdNumberOptions = {}): GeneratedId {
  const origin = opts.origin ?? pickWeighted(rng, ORIGIN_WEIGHTS);
  const regionCode = opts.regionCode ?? pick(rng, REGION_CODES_BY_ORIGIN[origin]);
  const sex = opts.sex ?? (rng() < 0.5 ? 'M' : 'F');
  const birthDate =
    opts.birthDate ??
    makeBirthDate(rng, opts.minAge ?? 16, opts.maxAge ?? 65, opts.today ?? DEFAULT_REFERENCE_DATE);
  // Sequence code: three digits whose last is odd for men, even for women (GB 11643 §5.3).
  const sequence = randomInt(rng, 0, 499) * 2 + (sex === 'M' ? 1 : 0);
  const first17 = regionCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return { idNumber: first17 + idCheckCharacter(first17), regionCode, birthDate, sex };
}

export function makeIdNumber(rng: Rng, opts: IdNumberOptions = {}): string {
  return makeIdParts(rng, opts).idNumber;
}

/** A real calendar date on which the person is between minAge and maxAge (inclusive) on `today`. */
export function makeBirthDate(rng: Rng, minAge: number, maxAge: number, today: string): string {
  const t = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`makeBirthDate: invalid today "${today}"`);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  // Youngest: born exactly minAge years ago. Oldest: born the day after (maxAge + 1) years ago.
  let latest = Date.UTC(ty - minAge, tm - 1, td);
  // On 29 Feb, "minAge years ago" may not exist; Date.UTC rolls to 1 Mar, a day too young.
  if (new Date(latest).getUTCDate() !== td) latest -= DAY_MS;
  const earliest = Date.UTC(ty - maxAge - 1, tm - 1, td) + DAY_MS;
  const days = Math.floor((latest - earliest) / DAY_MS);
  return new Date(earliest + randomInt(rng, 0, days) * DAY_MS).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

// --- names -----------------------------------------------------------------------------------------

// Roughly in order of national frequency; weights fall off like a Zipf curve, with the top five
// boosted to match their known shares (王/李/张 about 7 % each, 刘 5 %, 陈 4.5 %).
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪辛柯庄',
];
const TOP_SURNAME_WEIGHTS = [7.1, 7.0, 6.7, 5.4, 4.5];
const SURNAME_WEIGHTS: readonly (readonly [string, number])[] = SURNAMES.map((s, i) => [
  s,
  TOP_SURNAME_WEIGHTS[i] ?? 14 / (i + 1),
]);

const MALE_GIVEN = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆建国文林峰海东亮志成龙翔'];
const FEMALE_GIVEN = [...'芳娜敏静丽艳娟霞燕玲婷雪慧琳颖倩洁莉红梅萍琴云兰英珍佳欣怡悦晨蓉'];
const NEUTRAL_GIVEN = [...'晓春秋天子家思嘉一雨安宁新清明玉永金立小晶丹阳'];

/** A plausible Chinese name: weighted surname plus a 1- or 2-character given name (2 is commoner). */
export function makeName(rng: Rng, sex: 'M' | 'F' = rng() < 0.5 ? 'M' : 'F'): string {
  const surname = pickWeighted(rng, SURNAME_WEIGHTS);
  const pool = sex === 'M' ? MALE_GIVEN : FEMALE_GIVEN;
  const givenChar = (): string => (rng() < 0.25 ? pick(rng, NEUTRAL_GIVEN) : pick(rng, pool));
  const given = rng() < 0.3 ? givenChar() : givenChar() + pick(rng, pool);
  return surname + given;
}

// --- phones ----------------------------------------------------------------------------------------

// Prefixes in public use by China Mobile, Unicom, Telecom and Broadnet; 170/171 (resellers) left out
// because labour-station contacts rarely use them.
// prettier-ignore
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '173', '175', '176', '177', '178',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
  '191', '193', '195', '196', '197', '198', '199',
] as const;

/** An 11-digit mainland mobile number that passes parsePhone. */
export function makePhone(rng: Rng): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(randomInt(rng, 0, 9));
  return pick(rng, MOBILE_PREFIXES) + rest;
}

// --- people ----------------------------------------------------------------------------------------

export interface GeneratedPerson extends GeneratedId {
  name: string;
  phone: string;
  origin: Origin;
}

/** A whole person whose name, sex and ID number agree with each other. */
export function makePerson(rng: Rng, opts: IdNumberOptions = {}): GeneratedPerson {
  const origin =
    opts.origin ??
    (opts.regionCode === undefined ? pickWeighted(rng, ORIGIN_WEIGHTS) : originOf(opts.regionCode));
  const id = makeIdParts(rng, { ...opts, origin });
  return { ...id, origin, name: makeName(rng, id.sex), phone: makePhone(rng) };
}

function originOf(regionCode: string): Origin {
  if (regionCode.startsWith('3301')) return 'hangzhou';
  return regionCode.startsWith('33') ? 'zhejiang' : 'migrant';
}
