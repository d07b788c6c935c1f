// The district's default reference data: 10 streets and 187 communities with the official 2020 statistical
// codes, loaded into every new station and served by reference.streets / reference.communities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { COMMUNITIES, STREETS } from '../../shared/reference/jianggan2020';

let s: TestStation;
beforeAll(async () => {
  s = await newStation();
});
afterAll(async () => {
  await s.close();
});

describe('reference data', () => {
  it('has the 10 streets with their codes', async () => {
    const { items } = (await s.station.call('reference.streets', {})) as {
      items: Array<{ code: string; name: string }>;
    };
    expect(items).toHaveLength(10);
    expect(items.slice(0, 3)).toEqual([
      { code: '330104005', name: '凯旋街道' },
      { code: '330104006', name: '采荷街道' },
      { code: '330104007', name: '闸弄口街道' },
    ]);
    expect(items.map((x) => x.name)).toEqual(
      expect.arrayContaining([
        '四季青街道',
        '白杨街道',
        '下沙街道',
        '彭埠街道',
        '笕桥街道',
        '丁兰街道',
        '九堡街道',
      ]),
    );
    for (const x of items) expect(x.code).toMatch(/^330104\d{3}$/);
  });

  it('has the 187 communities, each 12 digits under its street', async () => {
    const { items } = await s.call('reference.communities', {});
    expect(items).toHaveLength(187);
    expect(new Set(items.map((c) => c.code)).size).toBe(187);
    for (const c of items) {
      expect(c.code).toMatch(/^\d{12}$/);
      expect(c.code.startsWith(c.streetCode)).toBe(true);
      expect(c.name.length).toBeGreaterThan(1);
    }
    expect(items.find((c) => c.code === '330104005051')).toEqual({
      code: '330104005051',
      name: '景昙社区',
      streetCode: '330104005',
      streetName: '凯旋街道',
    });
    expect(items.find((c) => c.code === '330104006051')).toMatchObject({
      name: '芙蓉社区',
      streetName: '采荷街道',
    });
    // village-level units are not all 社区: farms' living quarters and villages are in the official list too
    expect(items.filter((c) => /社区$/.test(c.name)).length).toBeGreaterThan(150);
  });

  it('what the station serves is exactly the shared list', async () => {
    const { items } = await s.call('reference.communities', {});
    expect(items.map(({ code, name, streetCode }) => ({ code, name, streetCode }))).toEqual(
      [...COMMUNITIES].sort((a, b) => a.code.localeCompare(b.code)),
    );
    expect(STREETS).toHaveLength(10);
  });

  it('lists the communities of one street', async () => {
    const { items } = await s.call('reference.communities', { streetCode: '330104005' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.streetCode === '330104005' && c.streetName === '凯旋街道')).toBe(true);
    expect(items).toHaveLength(COMMUNITIES.filter((c) => c.streetCode === '330104005').length);
    const perStreet = await Promise.all(
      STREETS.map((st) => s.call('reference.communities', { streetCode: st.code })),
    );
    expect(perStreet.reduce((n, r) => n + r.items.length, 0)).toBe(187);
    expect((await s.call('reference.communities', { streetCode: '999999999' })).items).toEqual([]);
  });

  it('is public (the setup screen needs it before anyone can log in)', async () => {
    const r = (await s.station.call('reference.communities', { streetCode: '330104014' })) as {
      items: unknown[];
    };
    expect(r.items.length).toBeGreaterThan(0);
  });

  it('is loaded once: reopening the folder does not duplicate it', async () => {
    const again = await newStation({ dir: s.dir });
    try {
      expect((await again.call('reference.communities', {})).items).toHaveLength(187);
    } finally {
      await again.station.close();
    }
  });
});
