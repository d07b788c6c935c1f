// The short cuts of station/matching/match.ts (the match index, tiers and score bounds) against the plain
// rule they stand for: score everyone (every vacancy) with shared/domain/matching.ts and sort. On a few
// hundred generated people and vacancies of every kind — coded and free-text wishes, industry only, wages,
// areas, hours, skills, people in work who want to change, age ranges, both books — the two lists must be
// the same, item for item, reasons included. Also: the index follows every kind of resident write.
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentCreateSchema } from '../../shared/domain/resident';
import { addDays, todayInChina } from '../../shared/domain/dates';
import {
  byFit,
  freeTextFits,
  hardFilter,
  scoreMatch,
  type CodeNames,
  type MatchPerson,
  vacancyClosed,
  type MatchVacancy,
} from '../../shared/domain/matching';
import { occupationFit } from '../../shared/domain/vocabulary';
import { OCCUPATIONS_2015 } from '../../shared/reference/occupations2015';
import { INDUSTRIES_2017 } from '../../shared/reference/industries2017';
import { newResidentRow } from '../../station/residents/repository';
import { uuidv7 } from '../../station/ids';
import { newStation, type TestStation } from '../factories/station';
import { mulberry32, pick, randomInt, type Rng } from '../factories/people';
import { makeResidentInput } from '../../bench/stationData';
import { newEmployer } from './helpers';

let s: TestStation;
const today = todayInChina();
const rng = mulberry32(9090);
const ALL_OCC = OCCUPATIONS_2015.map((o) => o.code);
const LEAF = ALL_OCC.filter((c) => c.split('-').length >= 3);
const occ = (r: Rng) => pick(r, r() < 0.8 ? LEAF : ALL_OCC);
const IND = INDUSTRIES_2017.map((i) => i.code);
const WORDS = ['保安', '保洁', '家政', '厨师', ' 快递员', '服务员', '电工', '司机', '营业员'];
const TITLES = [
  '小区保安',
  '保洁员',
  '住家家政服务员',
  '中式厨师',
  '快递员（兼职）',
  '钟点工',
  '电工',
  '仓库管理员',
];
const PLACES = ['凯旋街道', '景昙社区', '江干区', '采荷街道', '凯旋'];
const SKILLS = ['电工', '焊工', '家政服务员', '保安员', '厨师'];

function prefs(r: Rng) {
  const p: Record<string, unknown> = { occupations: [], industries: [], confirmedAt: today };
  if (r() < 0.6) p.occupationCodes = Array.from({ length: randomInt(r, 1, 3) }, () => occ(r));
  if (r() < 0.5) p.occupations = Array.from({ length: randomInt(r, 1, 2) }, () => pick(r, WORDS));
  if (r() < 0.4) p.industryCodes = [pick(r, IND)];
  if (r() < 0.5) p.expectedWage = randomInt(r, 20, 80) * 100;
  if (r() < 0.3) p.area = pick(r, PLACES);
  if (r() < 0.6) p.hours = pick(r, ['full_time', 'part_time', 'flexible']);
  if (r() < 0.1) p.changeJob = true;
  return p;
}

function vacancyFields(r: Rng) {
  const wage = randomInt(r, 20, 70) * 100;
  const ageMin = r() < 0.4 ? randomInt(r, 16, 40) : null;
  return {
    title: pick(r, TITLES),
    occupation: r() < 0.3 ? pick(r, WORDS).trim() : null,
    occupation_code: r() < 0.85 ? occ(r) : null,
    industry_code: r() < 0.7 ? pick(r, IND) : null,
    positions: randomInt(r, 1, 5),
    hired: r() < 0.1 ? 5 : 0,
    wage_min: r() < 0.8 ? wage : null,
    wage_max: r() < 0.7 ? wage + randomInt(r, 5, 30) * 100 : null,
    requirements:
      r() < 0.4 ? `${pick(r, ['持证优先', '弹性工作', '有电工证', '会开车'])} ${pick(r, SKILLS)}` : null,
    age_min: ageMin,
    age_max: r() < 0.4 ? randomInt(r, 40, 60) : null,
    education: null,
    valid_from: addDays(today, -randomInt(r, 0, 60)),
    valid_to: addDays(today, r() < 0.1 ? -1 : randomInt(r, 1, 300)),
    status: r() < 0.9 ? 'open' : 'closed',
  };
}

function insert(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const cols = Object.keys(rows[0]!);
  const params: unknown[] = [];
  for (const row of rows) for (const c of cols) params.push(row[c] ?? null);
  return CompiledQuery.raw(
    `insert into ${table} (${cols.join(',')}) values ${rows.map(() => `(${cols.map(() => '?').join(',')})`).join(',')}`,
    params,
  );
}

let names: CodeNames;
let residentIds: string[] = [];
const community = '330104005051';

beforeAll(async () => {
  s = await newStation();
  const db = s.station.db;
  const stamp = new Date().toISOString();
  const seen = new Set<string>();
  const rows = [];
  while (rows.length < 600) {
    const input = residentCreateSchema.parse(makeResidentInput(rng, today));
    if (seen.has(input.idNumber)) continue;
    seen.add(input.idNumber);
    if (rng() < 0.85) input.preferences = residentCreateSchema.shape.preferences.parse(prefs(rng));
    if (rng() < 0.5)
      input.skills = {
        items: [{ name: pick(rng, SKILLS), certificate: '职业技能等级证书' }],
        confirmedAt: today,
      };
    rows.push(newResidentRow(input, community, uuidv7(Date.now() + rows.length), stamp));
  }
  for (let i = 0; i < rows.length; i += 100)
    await db.executeQuery(insert('residents', rows.slice(i, i + 100)));
  residentIds = rows.map((r) => r.id);
  const e = await newEmployer(s, '杭州凯旋物业管理有限公司');
  await sql`update employers set address = '杭州市江干区凯旋路 100 号' where id = ${e.id}`.execute(db);
  const own = Array.from({ length: 80 }, (_, i) => ({
    id: uuidv7(Date.now() + 5000 + i),
    community_code: community,
    employer_id: e.id,
    shared: 1,
    created_at: stamp,
    updated_at: stamp,
    ...vacancyFields(rng),
  }));
  const board = Array.from({ length: 120 }, (_, i) => ({
    id: uuidv7(Date.now() + 9000 + i),
    community_code: pick(rng, ['330104005052', '330104006051', '330104014001']),
    employer_id: uuidv7(Date.now() + 20000 + i),
    employer_name: `外社区单位${i}`,
    employer_address: rng() < 0.5 ? '杭州市江干区采荷路 8 号' : null,
    employer_contacts: '[]',
    bseq: i + 1,
    updated_at: stamp,
    ...vacancyFields(rng),
  }));
  await db.executeQuery(insert('vacancies', own));
  await db.executeQuery(insert('board_vacancies', board));
  // a few card holders, so the order at equal score is exercised
  let cards = 0;
  for (const id of residentIds) {
    if (cards >= 40) break;
    // most are not eligible (in work, too young): those are refused, which is fine here
    await s.call('cards.issue', { residentId: id, categories: ['older_unemployed'] }).then(
      () => (cards += 1),
      () => undefined,
    );
  }
  expect(cards).toBeGreaterThan(10);

  const occNames = new Map(
    (await db.selectFrom('ref_occupations').select(['code', 'name']).execute()).map((o) => [o.code, o.name]),
  );
  const ind = new Map(
    (await db.selectFrom('ref_industries').select(['code', 'name', 'parent_code']).execute()).map((i) => [
      i.code,
      i,
    ]),
  );
  names = {
    occupation: (c) => occNames.get(c),
    industry: (c) => ind.get(c)?.name,
    industrySection: (c) => {
      const it = ind.get(c);
      return !it ? null : it.parent_code === null ? it.code : it.parent_code;
    },
  };
}, 120_000);
afterAll(async () => s?.close());

interface Loaded {
  people: Array<MatchPerson & { key: string }>;
  vacancies: MatchVacancy[];
  employerNames: Map<string, string>;
}

async function load(): Promise<Loaded> {
  const db = s.station.db;
  const cards = new Set(
    (
      await sql<{
        resident_id: string;
      }>`select resident_id from cards where status = 'valid' and deleted_at is null`.execute(db)
    ).rows.map((r) => r.resident_id),
  );
  const rs = (
    await sql<Record<string, string | null>>`select * from residents where deleted_at is null`.execute(db)
  ).rows;
  const j = <T>(x: string | null) => (x ? (JSON.parse(x) as T) : null);
  const people = rs.map((r) => ({
    id: r.id!,
    name: r.name!,
    key: `${r.name_pinyin}\u0000${r.id}`,
    birthDate: r.birth_date!,
    preferences: j<MatchPerson['preferences']>(r.clear_preferences),
    skills: j<{ items: MatchPerson['skills'] }>(r.clear_skills)?.items ?? [],
    employmentStatus: j<{ status: string }>(r.clear_unemployment)?.status ?? null,
    outcome: j<{ result: string }>(r.clear_outcome)?.result ?? null,
    cardHolder: cards.has(r.id!),
    zeroEmployment: false,
  }));
  const vs = [
    ...(
      await sql<Record<string, unknown>>`select v.*, e.name as employer_name, e.address as employer_address
        from vacancies v join employers e on e.id = v.employer_id where v.deleted_at is null`.execute(db)
    ).rows,
    ...(await sql<Record<string, unknown>>`select * from board_vacancies`.execute(db)).rows,
  ];
  const communities = new Map(
    (
      await sql<{
        code: string;
        name: string;
        street: string | null;
      }>`select rc.code, rc.name, rs.name as street
      from ref_communities rc left join ref_streets rs on rs.code = rc.street_code`.execute(db)
    ).rows.map((c) => [c.code, c]),
  );
  const vacancies = vs.map((v) => ({
    id: v.id as string,
    title: v.title as string,
    occupation: v.occupation as string | null,
    occupationCode: v.occupation_code as string | null,
    industryCode: v.industry_code as string | null,
    wageMin: v.wage_min as number | null,
    wageMax: v.wage_max as number | null,
    requirements: v.requirements as string | null,
    ageMin: v.age_min as number | null,
    ageMax: v.age_max as number | null,
    validFrom: v.valid_from as string,
    validTo: v.valid_to as string,
    status: v.status as string,
    positions: v.positions as number,
    hired: v.hired as number,
    own: v.community_code === community,
    streetName: communities.get(v.community_code as string)?.street ?? null,
    communityName: communities.get(v.community_code as string)?.name ?? null,
    employerAddress: v.employer_address as string | null,
  }));
  return {
    people,
    vacancies,
    employerNames: new Map(vs.map((v) => [v.id as string, v.employer_name as string])),
  };
}

/** A candidate at all: wishes that meet the job by occupation (coded or free text) or by industry. */
function linked(p: MatchPerson, v: MatchVacancy): boolean {
  const pref = p.preferences;
  if (!pref) return false;
  if (v.occupationCode && (pref.occupationCodes ?? []).some((c) => occupationFit(c, v.occupationCode!) > 0))
    return true;
  if ((pref.occupations ?? []).some((w) => freeTextFits(w, v, names))) return true;
  const sec = v.industryCode ? names.industrySection(v.industryCode) : null;
  return (pref.industryCodes ?? []).some(
    (c) => c === v.industryCode || (sec !== null && names.industrySection(c) === sec),
  );
}

describe('matching through the index equals scoring everyone', () => {
  it('candidates: the same people, order, scores and reasons for every open vacancy', async () => {
    const { people, vacancies } = await load();
    let compared = 0;
    let nonEmpty = 0;
    const reasons = new Set<string>();
    for (const v0 of vacancies) {
      const v = { ...v0, own: false };
      if (vacancyClosed(v, today)) continue;
      for (const limit of [10, 40, 200]) {
        const expected = people
          .filter((p) => linked(p, v) && !hardFilter(p, v, today))
          .map((p) => ({ ...scoreMatch(p, v, names), key: p.key, id: p.id, name: p.name }))
          .filter((m) => m.score > 0)
          .sort(byFit)
          .slice(0, limit)
          .map((m) => ({ residentId: m.id, name: m.name, score: m.score, reasons: m.reasons }));
        const got = await s.call('matching.candidates', { vacancyId: v.id, limit });
        expect(got.items, `vacancy ${v.title} ${v.occupationCode} limit ${limit}`).toEqual(expected);
        compared += 1;
        if (expected.length) nonEmpty += 1;
        for (const x of expected) for (const r of x.reasons) reasons.add(r.split('：')[0]!);
      }
    }
    // every part of the score and every way in took part somewhere
    expect([...reasons]).toEqual(
      expect.arrayContaining([
        '意向工种一致',
        '意向同属小类',
        '意向同属中类',
        '意向同属大类',
        '意向工种相近',
        '意向行业一致',
        '意向行业同属门类',
        '意向地点相符',
        '有相关技能',
        '援助对象优先',
      ]),
    );
    expect(compared).toBeGreaterThan(200);
    expect(nonEmpty).toBeGreaterThan(compared * 0.8);
  }, 240_000);

  it('vacancies: the same jobs, order, scores and reasons for every person', async () => {
    const { people, vacancies, employerNames } = await load();
    let nonEmpty = 0;
    for (const p of people.slice(0, 300)) {
      const expected = vacancies
        .filter((v) => !hardFilter(p, v, today))
        .map((v) => ({ ...scoreMatch(p, v, names), key: `${v.validTo}\u0000${v.id}`, v }))
        .filter((m) => m.score > (m.v.own ? 5 : 0))
        .sort(byFit)
        .slice(0, 10)
        .map((m) => ({
          vacancyId: m.v.id,
          title: m.v.title,
          employerName: employerNames.get(m.v.id),
          score: m.score,
          reasons: m.reasons.filter((r) => r !== '援助对象优先' && r !== '零就业家庭优先'),
          foreign: !m.v.own,
          communityName: m.v.communityName,
        }));
      const got = await s.call('matching.vacancies', { residentId: p.id, limit: 10 });
      expect(got.items, `person ${p.name}`).toEqual(expected);
      if (expected.length) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThan(100);
  }, 240_000);
});
