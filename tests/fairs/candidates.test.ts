// The fair's one-pass candidate list (station/fairs/candidates.ts) against the matching it stands for:
// `candidates` of station/matching/match.ts asked vacancy by vacancy. On a fixed set of generated people —
// coded and free-text wishes, industries, wages, areas, hours, skills, card holders and 零就业家庭 members
// (the order at equal score), people already recommended to a job or signed up for the fair — and a fair of
// vacancies of every kind, each vacancy's list must be the same, item for item, reasons included, for lists
// of several lengths; and still the same after people's wishes, cards and households change once the people
// are held in memory (station/matching/peopleBook.ts), through this connection or another. Then
// fairs.candidates as the desk calls it: each person once, with the jobs they fit.
import { join } from 'node:path';
import { CompiledQuery, Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentCreateSchema } from '../../shared/domain/resident';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { OCCUPATIONS_2015 } from '../../shared/reference/occupations2015';
import { INDUSTRIES_2017 } from '../../shared/reference/industries2017';
import { newResidentRow } from '../../station/residents/repository';
import { uuidv7 } from '../../station/ids';
import { candidates } from '../../station/matching/match';
import { candidatesByVacancy } from '../../station/fairs/candidates';
import { newStation, TEST_COMMUNITY, type TestStation } from '../factories/station';
import { mulberry32, pick, randomInt, type Rng } from '../factories/people';
import { makeResidentInput } from '../../bench/stationData';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { STATION_DB_FILE } from '../../station/station';
import { idNumberFor, newEmployer } from '../matching/helpers';

const today = todayInChina();
const rng = mulberry32(20261201);
// few codes, so that many people share a vacancy's best score and the order at equal score decides
const LEAVES = OCCUPATIONS_2015.map((o) => o.code).filter((c) => c.split('-').length >= 3);
const CODES = [
  ...LEAVES.filter((c) => c.startsWith('4-0')).slice(0, 4),
  ...LEAVES.filter((c) => c.startsWith('6-')).slice(0, 3),
];
const IND = INDUSTRIES_2017.map((i) => i.code);
const WORDS = ['保安', '保洁', '家政', '厨师', '快递员', '营业员', '司机'];
const AREAS = ['凯旋街道', '景昙社区', '江干区', '采荷'];
const SKILLS = ['电工', '保安员', '家政服务员', '厨师'];

function wishes(r: Rng) {
  const p: Record<string, unknown> = { occupations: [], industries: [], confirmedAt: today };
  if (r() < 0.75) p.occupationCodes = Array.from({ length: randomInt(r, 1, 2) }, () => pick(r, CODES));
  if (r() < 0.5) p.occupations = [pick(r, WORDS)];
  if (r() < 0.3) p.industryCodes = [pick(r, IND)];
  if (r() < 0.7) p.expectedWage = randomInt(r, 25, 60) * 100;
  if (r() < 0.4) p.area = pick(r, AREAS);
  if (r() < 0.7) p.hours = pick(r, ['full_time', 'part_time', 'flexible']);
  if (r() < 0.1) p.changeJob = true;
  return p;
}

let s: TestStation;
let vacancyIds: string[] = [];
let exclude = new Set<string>();
const ctx = { today, community: TEST_COMMUNITY };

function insert(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const cols = Object.keys(rows[0]!);
  const params: unknown[] = [];
  for (const row of rows) for (const c of cols) params.push(row[c] ?? null);
  return CompiledQuery.raw(
    `insert into ${table} (${cols.join(',')}) values ${rows.map(() => `(${cols.map(() => '?').join(',')})`).join(',')}`,
    params,
  );
}

beforeAll(async () => {
  s = await newStation();
  const db = s.station.db;
  const stamp = new Date().toISOString();
  const seen = new Set<string>();
  const rows = [];
  while (rows.length < 3000) {
    const input = residentCreateSchema.parse(makeResidentInput(rng, today));
    if (seen.has(input.idNumber)) continue;
    seen.add(input.idNumber);
    if (rng() < 0.9) input.preferences = residentCreateSchema.shape.preferences.parse(wishes(rng));
    if (rng() < 0.4)
      input.skills = {
        items: [{ name: pick(rng, SKILLS), certificate: '职业技能等级证书' }],
        confirmedAt: today,
      };
    rows.push(newResidentRow(input, TEST_COMMUNITY, uuidv7(Date.now() + rows.length), stamp));
  }
  // 养蜂 wishers for the job below: fifteen also wish a code of its 大类 (found by the free text, bound 40,
  // score 30), five do not but want part-time work (bound and score 35) — the five come first
  for (let i = 0; i < 20; i++) {
    const input = residentCreateSchema.parse({
      name: `蜂农${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i < 10 ? '一' : '二'}`,
      idNumber: idNumberFor('19800101', 900 + i),
      preferences: {
        occupations: ['养蜂'],
        ...(i < 15 ? { occupationCodes: ['5-01'] } : {}),
        industries: [],
        expectedWage: 4000,
        hours: i < 15 ? 'full_time' : 'part_time',
        confirmedAt: today,
      },
    });
    rows.push(newResidentRow(input, TEST_COMMUNITY, uuidv7(Date.now() + 4000 + i), stamp));
  }
  for (let i = 0; i < rows.length; i += 100)
    await db.executeQuery(insert('residents', rows.slice(i, i + 100)));
  const ids = rows.map((r) => r.id);

  // households: some whose every member of working age is out of work (零就业家庭), some not
  for (let h = 0; h < 120; h++) {
    const household = await s.call('households.create', {
      address: `凯旋路 ${h + 1} 号`,
      subsistence: 'none',
    });
    const members = ids.slice(h * 3, h * 3 + 2 + (h % 2));
    await sql`update residents set household_id = ${household.id}
      where id in (select value from json_each(${JSON.stringify(members)}))`.execute(db);
  }
  // card holders
  let cards = 0;
  for (const id of ids.slice(400)) {
    if (cards >= 300) break;
    await s.call('cards.issue', { residentId: id, categories: ['older_unemployed'] }).then(
      () => (cards += 1),
      () => undefined,
    );
  }
  expect(cards).toBeGreaterThan(10);

  // the vacancies: own and the district's board, coded at every level, free text only, industry only,
  // wage ranges, ages, part-time words, places; one closed, one expired
  const e = await newEmployer(s, '杭州凯旋物业管理有限公司');
  await sql`update employers set address = '杭州市江干区凯旋路 100 号' where id = ${e.id}`.execute(db);
  const fields = (i: number) => {
    const wage = randomInt(rng, 25, 55) * 100;
    return {
      title: pick(rng, [
        '小区保安',
        '保洁员',
        '家政服务员',
        '中式厨师',
        '快递员（兼职）',
        '钟点工',
        '营业员',
      ]),
      occupation: i % 5 === 0 ? pick(rng, WORDS) : null,
      occupation_code: i % 7 === 3 ? null : pick(rng, CODES),
      industry_code: i % 3 === 0 ? pick(rng, IND) : null,
      positions: 5,
      hired: 0,
      wage_min: i % 4 === 0 ? null : wage,
      wage_max: i % 4 === 1 ? null : wage + 1500,
      requirements: i % 3 === 1 ? `${pick(rng, ['持证优先', '弹性工作'])} ${pick(rng, SKILLS)}` : null,
      age_min: i % 5 === 2 ? 30 : null,
      age_max: i % 6 === 4 ? 50 : null,
      education: null,
      valid_from: addDays(today, -5),
      valid_to: addDays(today, i === 13 ? -1 : 90),
      status: i === 12 ? 'closed' : 'open',
    };
  };
  const own = Array.from({ length: 10 }, (_, i) => ({
    id: uuidv7(Date.now() + 5000 + i),
    community_code: TEST_COMMUNITY,
    employer_id: e.id,
    shared: 1,
    created_at: stamp,
    updated_at: stamp,
    ...fields(i),
  }));
  const board = Array.from({ length: 6 }, (_, i) => ({
    id: uuidv7(Date.now() + 9000 + i),
    community_code: pick(rng, ['330104005052', '330104006051']),
    employer_id: uuidv7(Date.now() + 20000 + i),
    employer_name: `外社区单位${i}`,
    employer_address: i % 2 ? '杭州市江干区采荷路 8 号' : null,
    employer_contacts: '[]',
    bseq: i + 1,
    updated_at: stamp,
    ...fields(i + 10),
  }));
  // a job coded where nobody's coded wish meets it closer than the 大类, whose title free-text wishes name:
  // people wishing both are found by their free text (bound 20) but score by their code (10)
  own.push({
    ...own[0]!,
    ...fields(22),
    id: uuidv7(Date.now() + 6100),
    title: '养蜂人',
    occupation: null,
    occupation_code: '5-03',
    industry_code: null,
    requirements: null,
    wage_min: 3000,
    wage_max: 5000,
    age_min: null,
    age_max: null,
  });
  for (const [i, title] of ['小区保安', '保安（兼职）'].entries())
    own.push({
      ...own[0]!,
      ...fields(20 + i),
      id: uuidv7(Date.now() + 6000 + i),
      title,
      occupation: null,
      occupation_code: '6-31-01-03',
      industry_code: null,
    });
  await db.executeQuery(insert('vacancies', own));
  await db.executeQuery(insert('board_vacancies', board));
  vacancyIds = [...own, ...board].map((v) => v.id);
  // people recommended to a job already are not its candidates
  for (const v of vacancyIds.slice(0, 4)) {
    const first = await candidates(db, { vacancyId: v, limit: 3 }, ctx).catch(() => []);
    for (const c of first.slice(0, 2))
      await s.call('recommendations.create', { residentId: c.residentId, vacancyId: v });
  }
  exclude = new Set(ids.filter((_, i) => i % 97 === 0));
}, 180_000);
afterAll(async () => s?.close());

/** Each vacancy's list the slow way: the matching asked once per vacancy, people signed up left out. */
async function perVacancy(k: number) {
  const out = [];
  for (const vid of vacancyIds) {
    const list = await candidates(s.station.db, { vacancyId: vid, limit: k + exclude.size }, ctx).catch(
      (e: { code?: string }) => {
        if (e.code === 'conflict') return null; // closed, filled or out of date: not at the fair's list
        throw e;
      },
    );
    if (list) out.push({ vacancyId: vid, items: list.filter((c) => !exclude.has(c.residentId)).slice(0, k) });
  }
  return out;
}

describe('the fair candidate list in one pass', () => {
  it('gives each vacancy the list the matching gives it alone, for lists of several lengths', async () => {
    let tied = 0;
    for (const k of [1, 3, 10, 40]) {
      const want = await perVacancy(k);
      const got = await candidatesByVacancy(s.station.db, { vacancyIds, perVacancy: k, exclude }, ctx);
      expect(got.map((g) => ({ vacancyId: g.vacancyId, items: g.items }))).toEqual(want);
      // closed and expired vacancies are left out; the rest each have someone
      expect(got.length).toBe(vacancyIds.length - 2);
      expect(got.filter((g) => g.items.length > 0).length).toBeGreaterThan(10);
      // the order at equal score mattered: the last place was shared with people left off the list
      const longer = await perVacancy(k + 1);
      for (const [i, w] of want.entries()) {
        const next = longer[i]!.items[k];
        if (w.items.length === k && next && next.score === w.items[k - 1]!.score) tied += 1;
      }
    }
    expect(tied).toBeGreaterThan(5);
  });

  it('fairs.candidates: each person once, with every job of the fair on whose list they are', async () => {
    const fair = await s.call('fairs.create', {
      name: '春风行动专场',
      date: addDays(today, 7),
      place: '社区服务中心',
      organiser: '景昙社区',
    });
    const employer = await s.station.db.selectFrom('employers').select('id').executeTakeFirstOrThrow();
    const own = vacancyIds.slice(0, 13);
    await s.call('fairs.addEmployer', { fairId: fair.id, employerId: employer.id, vacancyIds: own });
    const signed = [...exclude].slice(0, 5);
    for (const residentId of signed) await s.call('fairs.signUp', { fairId: fair.id, residentId });
    const r = await s.call('fairs.candidates', { fairId: fair.id, limit: 40 });

    const k = Math.max(10, Math.ceil(40 / own.length));
    const lists = new Map<string, Array<{ residentId: string; score: number; reasons: string[] }>>();
    for (const vid of own) {
      const list = await candidates(s.station.db, { vacancyId: vid, limit: k + signed.length }, ctx);
      lists.set(vid, list.filter((c) => !signed.includes(c.residentId)).slice(0, k));
    }
    expect(r.items.length).toBe(40);
    const ids = r.items.map((c) => c.residentId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of r.items) {
      expect(signed).not.toContain(c.residentId);
      const on = own.filter((vid) => lists.get(vid)!.some((x) => x.residentId === c.residentId));
      expect(c.vacancies.map((v) => v.id).sort()).toEqual([...on].sort());
      const best = Math.max(
        ...on.map((vid) => lists.get(vid)!.find((x) => x.residentId === c.residentId)!.score),
      );
      expect(c.score).toBe(best);
    }
    // best first; and nobody left off who fits better than the last one listed
    const scores = r.items.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const listed = new Set(ids);
    for (const list of lists.values())
      for (const x of list)
        if (!listed.has(x.residentId)) expect(x.score).toBeLessThanOrEqual(scores.at(-1)!);
  });

  it('follows every change of the people once they are held in memory, from this connection or another', async () => {
    const db = s.station.db;
    const k = 5;
    const same = async () => {
      const want = await perVacancy(k);
      const got = await candidatesByVacancy(db, { vacancyIds, perVacancy: k, exclude }, ctx);
      expect(got.map((g) => ({ vacancyId: g.vacancyId, items: g.items }))).toEqual(want);
      return got;
    };
    const before = await same();
    const list = before.find((g) => g.items.length === k && g.items[0]!.score >= 40)!;
    const vacancy = await db
      .selectFrom('vacancies')
      .select(['occupation_code', 'wage_max', 'title'])
      .where('id', '=', list.vacancyId)
      .executeTakeFirstOrThrow();
    const top = list.items[0]!.residentId;
    const onList = () =>
      candidatesByVacancy(db, { vacancyIds: [list.vacancyId], perVacancy: k, exclude }, ctx).then((r) =>
        r[0]!.items.map((x) => x.residentId),
      );

    // the best of a list stops wishing anything: off every list
    await s.call('residents.update', {
      id: top,
      preferences: { occupations: [], industries: [], confirmedAt: today },
    });
    expect(await onList()).not.toContain(top);
    await same();

    // a newcomer wishing exactly the job, first by name at the best score: on its list
    const newcomer = await s.call('residents.create', {
      name: '阿安',
      idNumber: idNumberFor('19850101', 77),
      preferences: {
        occupations: [],
        industries: [],
        ...(vacancy.occupation_code ? { occupationCodes: [vacancy.occupation_code] } : {}),
        ...(vacancy.wage_max !== null ? { expectedWage: vacancy.wage_max } : {}),
        hours: /兼职|钟点|弹性|灵活/.test(vacancy.title) ? 'part_time' : 'full_time',
        area: '景昙社区',
        confirmedAt: today,
      },
    });
    expect(await onList()).toContain(newcomer.id);
    await same();

    // a card and a household move people up at equal score
    const longer = await perVacancy(k + 20);
    const next = longer.find((g) => g.vacancyId === list.vacancyId)!.items.slice(k);
    const carded = await db.selectFrom('cards').select('resident_id').execute();
    const lifted = next.find((x) => !carded.some((c) => c.resident_id === x.residentId));
    expect(lifted).toBeDefined();
    await s
      .call('cards.issue', { residentId: lifted!.residentId, categories: ['older_unemployed'] })
      .catch(() => undefined);
    const household = await s.call('households.create', { address: '景昙路 9 号', subsistence: 'none' });
    await sql`update residents set household_id = ${household.id}
      where id in (select value from json_each(${JSON.stringify(next.slice(-3).map((x) => x.residentId))}))`.execute(
      db,
    );
    await same();

    // another connection (a command-line import) changes someone: everyone is read again
    const other = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(s.dir, STATION_DB_FILE), onOpen: PRAGMAS }),
    });
    const second = (await onList())[0]!;
    try {
      await sql`update residents set clear_preferences = null where id = ${second}`.execute(other);
    } finally {
      await other.destroy();
    }
    expect(await onList()).not.toContain(second);
    await same();
  }, 180_000);
});
