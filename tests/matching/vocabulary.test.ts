// The occupation (GB/T 6565-2015) and industry (GB/T 4754-2017) vocabularies: what a new station holds,
// search by characters, pinyin, initials and code, codes checked against the list in force on vacancies and
// on a person's job wishes (a code the district dropped stays readable), and the district's loader.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { applyDistrictReference } from '../../station/reference';
import { DEFAULT_REFERENCE, referenceData } from '../../server/reference';
import { OCCUPATIONS_2015 } from '../../shared/reference/occupations2015';
import { INDUSTRIES_2017 } from '../../shared/reference/industries2017';
import { occupationFit, vocabularyProblem } from '../../shared/domain/vocabulary';
import { BACKENDS, startServer, type TestServer } from '../server/harness';
import { newEmployer, idNumberFor } from './helpers';

let s: TestStation;
beforeAll(async () => {
  s = await newStation();
});
afterAll(() => s.close());

describe('the default vocabularies', () => {
  it('are whole: every parent present, 8 大类 and 20 门类, the codes of the 2015 and 2017 editions', () => {
    expect(vocabularyProblem(OCCUPATIONS_2015, '职业')).toBeNull();
    expect(vocabularyProblem(INDUSTRIES_2017, '行业')).toBeNull();
    expect(OCCUPATIONS_2015.filter((o) => o.parentCode === null)).toHaveLength(8);
    expect(
      INDUSTRIES_2017.filter((o) => o.parentCode === null)
        .map((o) => o.code)
        .join(''),
    ).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(INDUSTRIES_2017.filter((o) => o.parentCode !== null)).toHaveLength(97);
    expect(OCCUPATIONS_2015.find((o) => o.code === '4-07-05-01')).toEqual({
      code: '4-07-05-01',
      name: '保安员',
      parentCode: '4-07-05',
    });
  });

  it('tells how close two occupations are: same 职业 > same 小类 > same 中类 > same 大类', () => {
    expect(occupationFit('4-03-02-01', '4-03-02-01')).toBe(4);
    expect(occupationFit('4-03-02', '4-03-02-05')).toBe(4); // a wish for the whole 小类
    expect(occupationFit('4-03-02-01', '4-03-02-05')).toBe(3);
    expect(occupationFit('4-03-01-01', '4-03-02-05')).toBe(2);
    expect(occupationFit('4-07-05-01', '4-03-02-05')).toBe(1);
    expect(occupationFit('6-18-02-04', '4-03-02-05')).toBe(0);
  });

  it('are on a new station and found by characters, full pinyin, initials and code', async () => {
    const all = await s.call('reference.occupations', {});
    expect(all.items).toHaveLength(OCCUPATIONS_2015.length);
    const names = async (query: string) =>
      (await s.call('reference.occupations', { query })).items.map((i) => i.name);
    expect(await names('保安')).toEqual(expect.arrayContaining(['保安员']));
    expect(await names('baoanyuan')).toEqual(['保安员']);
    expect(await names('jzfwy')).toEqual(['家政服务员']);
    expect(await names('4-03-02-0')).toHaveLength(5);
    expect((await s.call('reference.industries', { query: 'cyy' })).items.map((i) => i.code)).toEqual(['62']);
    expect((await s.call('reference.industries', { parentCode: null })).items).toHaveLength(20);
    expect((await s.call('reference.occupations', { query: '不存在的职业' })).items).toEqual([]);
  });
});

describe('codes are checked against the vocabulary in force', () => {
  it('a vacancy: an unknown code, an absurd age range are refused in Chinese and nothing is written', async () => {
    const employer = await newEmployer(s);
    const base = {
      employerId: employer.id,
      title: '小区保安',
      positions: 3,
      validFrom: '2025-07-01',
      validTo: '2025-12-31',
    };
    const before = (await s.call('vacancies.list', {})).total;
    await expect(s.call('vacancies.create', { ...base, occupationCode: '4-07-05-99' })).rejects.toMatchObject(
      {
        code: 'invalid_input',
        message: expect.stringMatching(/职业代码 4-07-05-99 不在现行职业分类（GB\/T 6565-2015）中/),
        issues: [{ path: 'occupationCode' }],
      },
    );
    await expect(s.call('vacancies.create', { ...base, industryCode: 'Z' })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ path: 'industryCode', message: '行业代码格式不正确' })],
    });
    await expect(s.call('vacancies.create', { ...base, ageMin: 50, ageMax: 40 })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'ageMax', message: '最高年龄不能低于最低年龄' })],
    });
    await expect(s.call('vacancies.create', { ...base, ageMin: 12 })).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: expect.stringMatching(/不能小于 16 岁/) })],
    });
    expect((await s.call('vacancies.list', {})).total).toBe(before);

    const v = await s.call('vacancies.create', {
      ...base,
      occupationCode: '4-07-05-01',
      industryCode: '72',
      ageMin: 18,
      ageMax: 55,
      education: 'junior',
    });
    expect(v).toMatchObject({
      occupationCode: '4-07-05-01',
      occupationName: '保安员',
      industryName: '商务服务业',
      ageMin: 18,
      ageMax: 55,
      education: 'junior',
      shared: true, // the default
      hired: 0,
      openPositions: 3,
      foreign: false,
      communityName: '景昙社区',
      streetName: '凯旋街道',
    });
    const updated = await s.call('vacancies.update', {
      id: v.id,
      shared: false,
      occupationCode: '4-03-02-05',
    });
    expect(updated).toMatchObject({ shared: false, occupationName: '餐厅服务员' });
    await expect(s.call('vacancies.update', { id: v.id, ageMax: 17 })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'ageMax' })],
    });
  });

  it('a person’s coded wishes beside the free text; a code the district dropped stays, a new one must be in force', async () => {
    const r = await s.call('residents.create', {
      name: '李四',
      idNumber: idNumberFor('19800101', 11),
      preferences: {
        occupations: ['保安'],
        industries: [],
        occupationCodes: ['4-07-05-01'],
        industryCodes: ['72'],
        confirmedAt: '2025-07-01',
      },
    });
    expect(r.preferences).toMatchObject({ occupations: ['保安'], occupationCodes: ['4-07-05-01'] });
    await expect(
      s.call('residents.update', {
        id: r.id,
        preferences: {
          occupations: [],
          industries: [],
          occupationCodes: ['9-99'],
          confirmedAt: '2025-07-01',
        },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'preferences.occupationCodes.0', message: '职业代码格式不正确' }],
    });
    await expect(
      s.call('residents.update', {
        id: r.id,
        preferences: {
          occupations: [],
          industries: [],
          occupationCodes: ['4-99-99'],
          confirmedAt: '2025-07-01',
        },
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/职业代码 4-99-99 不在现行职业分类/) });

    // the district's new list drops 保安员: held values stay readable and editable around, new uses refused
    const data = await referenceDataWithout('4-07-05-01');
    await applyDistrictReference(s.station.db, data);
    expect((await s.call('reference.occupations', { query: '保安员' })).items).toEqual([]);
    const again = await s.call('residents.update', {
      id: r.id,
      preferences: {
        occupations: ['保安', '门卫'],
        industries: [],
        occupationCodes: ['4-07-05-01'],
        confirmedAt: '2025-07-02',
      },
    });
    expect(again.preferences?.occupations).toEqual(['保安', '门卫']);
    const other = await s.call('residents.create', { name: '王五', idNumber: idNumberFor('19850101', 13) });
    await expect(
      s.call('residents.update', {
        id: other.id,
        preferences: {
          occupations: [],
          industries: [],
          occupationCodes: ['4-07-05-01'],
          confirmedAt: '2025-07-02',
        },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await applyDistrictReference(s.station.db, { ...data, occupations: OCCUPATIONS_2015 });
  });
});

async function referenceDataWithout(code: string) {
  return {
    version: 'test-without',
    label: 'test',
    streets: [],
    communities: [],
    categories: [],
    occupations: OCCUPATIONS_2015.filter((o) => o.code !== code),
    industries: INDUSTRIES_2017,
  };
}

describe.each(BACKENDS)('the district’s vocabularies on %s', (backend) => {
  let ts: TestServer;
  beforeEach(async () => {
    ts = await startServer(backend);
  });
  afterEach(async () => ts?.close());

  it('serves the default lists and refuses a list with a missing parent or a duplicate, changing nothing', async () => {
    const before = await referenceData(ts.server.ctx);
    expect(before.occupations).toHaveLength(OCCUPATIONS_2015.length);
    expect(before.industries).toHaveLength(INDUSTRIES_2017.length);
    await expect(
      ts.server.loadReference({
        ...DEFAULT_REFERENCE,
        occupations: [...OCCUPATIONS_2015, { code: '4-15-01', name: '无上级', parentCode: '4-15' }],
      }),
    ).rejects.toThrow(/职业代码 4-15-01（无上级）的上级 4-15 不在列表中/);
    await expect(
      ts.server.loadReference({
        ...DEFAULT_REFERENCE,
        industries: [...INDUSTRIES_2017, INDUSTRIES_2017[0]!],
      }),
    ).rejects.toThrow(/行业代码 A 出现了两次/);
    expect(await referenceData(ts.server.ctx)).toEqual(before);
    const r = await ts.server.loadReference({
      ...DEFAULT_REFERENCE,
      occupations: [...OCCUPATIONS_2015, { code: '4-07-05-02', name: '安检员', parentCode: '4-07-05' }],
    });
    expect(r.version).not.toBe(before.version);
    expect((await referenceData(ts.server.ctx)).occupations).toContainEqual({
      code: '4-07-05-02',
      name: '安检员',
      parentCode: '4-07-05',
    });
  });
});
