// Matching both ways on a fixed set of people (real station, real SQLite): who is left out by the hard
// filters, the order, and the reasons a person reads — each point of the score said in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStation } from '../factories/station';
import { Clock, makeResident, rng, stationAt } from '../cards/helpers';
import { newEmployer } from './helpers';

let s: TestStation;
const clock = new Clock(); // 2026-03-15
const people: Record<string, { id: string; name: string }> = {};
let homecare: { id: string };
let guard: { id: string };
let expired: { id: string };
let young: { id: string };

const prefs = (p: Record<string, unknown>) => ({
  preferences: { occupations: [], industries: [], confirmedAt: '2026-03-01', ...p },
});

beforeAll(async () => {
  s = await stationAt(clock);
  const e = await newEmployer(s, '杭州好帮手家政服务有限公司');
  const base = { employerId: e.id, validFrom: '2026-03-01', validTo: '2026-12-31', positions: 5 };
  homecare = await s.call('vacancies.create', {
    ...base,
    title: '住家家政服务员',
    occupationCode: '4-10-01-06',
    industryCode: '80',
    wageMin: 4000,
    wageMax: 6000,
    ageMin: 18,
    ageMax: 55,
    requirements: '持家政服务员证优先',
  });
  guard = await s.call('vacancies.create', {
    ...base,
    title: '小区保安',
    occupationCode: '4-07-05-01',
    wageMin: 3000,
    wageMax: 4000,
  });
  expired = await s.call('vacancies.create', {
    ...base,
    title: '钟点工',
    occupationCode: '4-10-01-06',
    validFrom: '2025-01-01',
    validTo: '2026-02-28',
  });
  young = await s.call('vacancies.create', {
    ...base,
    title: '家政服务员（青年）',
    occupationCode: '4-10-01-06',
    ageMin: 18,
    ageMax: 30,
  });
  const make = async (key: string, seed: number, opts: Parameters<typeof makeResident>[2]) => {
    const r = await makeResident(s, rng(seed), opts);
    people[key] = { id: r.id, name: r.name };
    return r;
  };
  await make('A', 11, {
    ...prefs({
      occupationCodes: ['4-10-01-06'],
      industryCodes: ['80'],
      expectedWage: 5000,
      area: '凯旋街道',
      hours: 'full_time',
    }),
    skills: { items: [{ name: '家政', certificate: '家政服务员证' }], confirmedAt: '2026-03-01' },
  });
  const b = await make('B', 12, { ...prefs({ occupationCodes: ['4-10-01-05'], expectedWage: 3500 }) });
  await s.call('cards.issue', { residentId: b.id, categories: ['older_unemployed'] });
  await make('C', 13, { ...prefs({ occupationCodes: ['4-10-01-05'], expectedWage: 3500 }) });
  await make('D', 14, { ...prefs({ occupations: ['家政'] }) });
  await make('E', 15, { ...prefs({ occupationCodes: ['4-03-02-05'] }) });
  await make('F', 16, { birthDate: '1960-02-01', ...prefs({ occupationCodes: ['4-10-01-06'] }) });
  await make('G', 17, { status: 'employed', ...prefs({ occupationCodes: ['4-10-01-06'] }) });
  await make('H', 18, { status: 'employed', ...prefs({ occupationCodes: ['4-10-01-06'], changeJob: true }) });
  await make('I', 19, { ...prefs({ occupationCodes: ['6-18-02-04'] }) });
});
afterAll(() => s.close());

const who = (id: string) => Object.entries(people).find(([, p]) => p.id === id)?.[0];

describe('matching.candidates', () => {
  it('ranks the fitting people, leaves out the too old, the employed and the unrelated, and says why', async () => {
    const { items } = await s.call('matching.candidates', { vacancyId: homecare.id, limit: 10 });
    expect(items.map((i) => who(i.residentId))).toEqual(['A', 'B', 'C', 'H', 'D', 'E']);
    expect(items.map((i) => i.score)).toEqual([90, 45, 45, 40, 20, 10]);
    expect(items[0]).toMatchObject({
      name: people.A!.name,
      reasons: [
        '意向工种一致：家政服务员',
        '意向行业一致：居民服务业',
        '期望工资 5,000 元在岗位范围内',
        '意向地点相符：凯旋街道',
        '全职岗位，符合工作时间意向',
        '有相关技能：家政服务员证',
      ],
    });
    // equal fit: the assistance-card holder first, and she is told why
    expect(items[1]!.reasons).toEqual([
      '意向同属小类：生活照料服务人员',
      '岗位工资高于期望（期望 3,500 元）',
      '援助对象优先',
    ]);
    expect(items[2]!.reasons).toEqual([
      '意向同属小类：生活照料服务人员',
      '岗位工资高于期望（期望 3,500 元）',
    ]);
    expect(items[3]!.reasons).toEqual(['意向工种一致：家政服务员']);
    expect(items[4]!.reasons).toEqual(['意向工种相近：家政']);
    expect(items[5]!.reasons).toEqual(['意向同属大类：社会生产服务和生活服务人员']);
    for (const i of items) expect(i.reasons.length).toBeGreaterThan(0);
    expect((await s.call('matching.candidates', { vacancyId: homecare.id, limit: 2 })).items).toHaveLength(2);
  });

  it('leaves out whoever was already recommended to the vacancy', async () => {
    const { id } = await s.call('recommendations.create', {
      residentId: people.C!.id,
      vacancyId: homecare.id,
    });
    const { items } = await s.call('matching.candidates', { vacancyId: homecare.id, limit: 10 });
    expect(items.map((i) => who(i.residentId))).toEqual(['A', 'B', 'H', 'D', 'E']);
    await s.station.db.deleteFrom('outbox').where('row_id', '=', id).execute();
    await s.station.db.deleteFrom('recommendations').where('id', '=', id).execute();
  });

  it('refuses an expired vacancy and an unknown one, in Chinese', async () => {
    await expect(s.call('matching.candidates', { vacancyId: expired.id })).rejects.toMatchObject({
      code: 'conflict',
      message: '岗位已于 2026-02-28 过期，不再为它找人',
    });
    await expect(
      s.call('matching.candidates', { vacancyId: '0190a000-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('matching.vacancies', () => {
  it('offers the open, current jobs a person fits, best first, without the expired or age-barred ones', async () => {
    const { items } = await s.call('matching.vacancies', { residentId: people.A!.id, limit: 10 });
    expect(items.map((i) => i.vacancyId)).toEqual([homecare.id, guard.id]);
    expect(items[0]).toMatchObject({
      title: '住家家政服务员',
      employerName: '杭州好帮手家政服务有限公司',
      score: 95,
      foreign: false,
      communityName: '景昙社区',
    });
    expect(items[0]!.reasons).toContain('本社区岗位');
    expect(items[1]).toMatchObject({ score: 30 });
    expect(items[1]!.reasons).toEqual([
      '意向同属大类：社会生产服务和生活服务人员',
      '意向地点相符：凯旋街道',
      '本社区岗位',
      '全职岗位，符合工作时间意向',
    ]);
    expect(items.map((i) => i.vacancyId)).not.toContain(expired.id);
    expect(items.map((i) => i.vacancyId)).not.toContain(young.id);
    // employed and not looking: nothing is offered
    expect((await s.call('matching.vacancies', { residentId: people.G!.id })).items).toEqual([]);
  });
});

describe('worklist.matching', () => {
  it('lists people whose wishes are free text only', async () => {
    const w = await s.call('worklist.matching', {});
    expect(w.uncoded.map((u) => who(u.residentId))).toEqual(['D']);
    expect(w.uncoded[0]).toMatchObject({ occupations: ['家政'] });
    expect(w.uncodedTotal).toBe(1);
    expect(w.followUpsTotal).toBe(0);
  });
});
