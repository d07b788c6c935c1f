// residents.list with filter.quick: the quick filter is part of the SQL where-clause, so total and paging
// stay exact however many residents match (it used to stop at the first 500 matches).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { createResident, idWith } from './support';

const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
];
const ZHANG = 620;
const zhangName = (i: number) =>
  `张${GIVEN[i % GIVEN.length]}${GIVEN[Math.floor(i / GIVEN.length) % GIVEN.length]}`;

let s: TestStation;
beforeAll(async () => {
  s = await newStation();
  // 620 张 (more than the old cap of 500), 30 李, and two residents whose phone and ID digits overlap
  for (let i = 0; i < ZHANG; i++) {
    await createResident(s, zhangName(i), idWith('1980-05-20', String(i).padStart(3, '0')));
  }
  for (let i = 0; i < 30; i++)
    await createResident(s, `李${GIVEN[i % GIVEN.length]}`, idWith('1991-08-08', String(i).padStart(3, '0')));
  await createResident(s, '王电话', idWith('1975-01-01', '001'), { phone: '13800001234' });
  await createResident(s, '赵座机', idWith('1975-01-02', '002'), { phone: '0571-86001234' });
}, 120_000);
afterAll(async () => {
  await s.close();
});

const list = (quick: string, offset = 0, limit = 100) =>
  s.call('residents.list', { offset, limit, filter: { quick } });

describe('residents.list quick filter', () => {
  it('counts every match beyond 500, by characters and by pinyin', async () => {
    expect((await list('张')).total).toBe(ZHANG);
    expect((await list('zhang')).total).toBe(ZHANG);
    expect((await list('李')).total).toBe(30);
    expect((await list('  ')).total).toBe(ZHANG + 30 + 2); // blank: no filter
  });

  it('pages through all matches exactly once, the last page short', async () => {
    const seen = new Set<string>();
    for (let offset = 0; offset < ZHANG; offset += 200) {
      const page = await list('张', offset, 200);
      expect(page.total).toBe(ZHANG);
      expect(page.items.length).toBe(Math.min(200, ZHANG - offset));
      for (const r of page.items) {
        expect(r.name.startsWith('张')).toBe(true);
        seen.add(r.id);
      }
    }
    expect(seen.size).toBe(ZHANG);
    expect((await list('张', ZHANG, 100)).items).toEqual([]);
  });

  it('keeps the search classification: full ID, ID suffix, mobile and landline', async () => {
    const full = idWith('1980-05-20', '007');
    expect((await list(full)).items.map((r) => r.name)).toEqual([zhangName(7)]);
    const bySuffix = await list(full.slice(-4)); // sequence "007" + check character
    expect(bySuffix.items.map((r) => r.name)).toContain(zhangName(7));
    expect(bySuffix.total).toBe(bySuffix.items.length);
    expect((await list('13800001234')).items.map((r) => r.name)).toEqual(['王电话']);
    expect((await list('0571-86001234')).items.map((r) => r.name)).toEqual(['赵座机']);
    expect((await list('86001234')).items.map((r) => r.name)).toEqual(['赵座机']);
  });

  it('combines with the other filters in the same query', async () => {
    const r = await s.call('residents.list', { offset: 0, limit: 10, filter: { quick: '张', ageMin: 100 } });
    expect(r).toEqual({ items: [], total: 0 });
    const both = await s.call('residents.list', {
      offset: 0,
      limit: 10,
      filter: { quick: 'zhang', name: '张伟' },
    });
    expect(both.total).toBeGreaterThan(0);
    expect(both.items.every((x) => x.name.includes('张伟'))).toBe(true);
  });

  it('treats LIKE and GLOB wildcards in the query as plain text', async () => {
    expect((await list('%')).total).toBe(0);
    expect((await list('_')).total).toBe(0);
    expect((await list('z*')).total).toBe(0);
  });
});
