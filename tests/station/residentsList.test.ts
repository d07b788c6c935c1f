// The residents grid: paging with a total, each filter (ages on the birthday itself, six-clears states on
// the day a confirmation turns stale), each sort, and paging that never shows a row twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, newStation, type TestStation } from '../factories/station';
import { addDays } from '../../shared/domain/dates';
import type { ResidentRow } from '../../shared/domain/resident';
import { createResident, fullClears, idWith, movableClock, people } from './support';

// Today at the station (China time) is 2025-07-01.
const clock = movableClock('2025-07-01T02:00:00Z');
const TODAY = '2025-07-01';
let s: TestStation;

const list = (input: Record<string, unknown>): Promise<{ items: ResidentRow[]; total: number }> =>
  s.call('residents.list', { offset: 0, limit: 100, ...input } as never);
const names = async (input: Record<string, unknown>) => (await list(input)).items.map((r) => r.name).sort();

const FIXED = {
  // ages on the edge days
  turns30Today: { name: '甲今天三十', birth: '1995-07-01', seq: '011' },
  turns30Tomorrow: { name: '乙明天三十', birth: '1995-07-02', seq: '013' },
  turned41Yesterday: { name: '丙昨天四一', birth: '1984-06-30', seq: '015' },
  is40: { name: '丁四十', birth: '1985-03-01', seq: '012' },
  leapDay: { name: '戊闰日', birth: '2004-02-29', seq: '014' },
  // six clears on the edge day
  complete: { name: '己齐全', birth: '1980-01-01', seq: '017' },
  edgeNotStale: { name: '庚刚好', birth: '1980-01-02', seq: '019' },
  staleByOneDay: { name: '辛过期', birth: '1980-01-03', seq: '021' },
  futureConfirmed: { name: '壬将来', birth: '1980-01-04', seq: '023' },
} as const;

beforeAll(async () => {
  s = await newStation({ now: clock.now });
  const c = (on: string) => fullClears(on);
  for (const [k, f] of Object.entries(FIXED)) {
    const extra =
      k === 'complete'
        ? c('2025-06-01')
        : k === 'edgeNotStale'
          ? { ...c('2025-06-01'), training: c(addDays(TODAY, -180)).training }
          : k === 'staleByOneDay'
            ? { ...c('2025-06-01'), income: c(addDays(TODAY, -181)).income }
            : k === 'futureConfirmed'
              ? c('2025-07-05')
              : k === 'is40'
                ? { unemployment: c('2025-06-01').unemployment }
                : {};
    // a confirmation dated after today is refused at this desk; such a row comes from a PC whose clock ran
    // ahead: written here with the clock moved on for the moment, then set back
    if (k === 'futureConfirmed') {
      clock.set('2025-07-06T02:00:00Z');
      const { token } = (await s.station.call('session.login', {
        username: ADMIN.username,
        password: ADMIN.password,
      })) as { token: string };
      await s.station.call(
        'residents.create',
        { name: f.name, idNumber: idWith(f.birth, f.seq), ...extra },
        token,
      );
      clock.set('2025-07-01T02:00:00Z');
      continue;
    }
    await createResident(s, f.name, idWith(f.birth, f.seq), extra);
  }
  // 23 generated people, all written at the same instant: updated_at ties everywhere
  const next = people(2025);
  for (let i = 0; i < 23; i++) {
    const p = next({ today: TODAY, minAge: 18, maxAge: 60 });
    await createResident(s, i % 5 === 0 ? '同名' : p.name, p.idNumber);
  }
});
afterAll(async () => {
  await s.close();
});

describe('paging', () => {
  it('offset, limit and total', async () => {
    const all = await list({});
    expect(all.total).toBe(32);
    expect(all.items).toHaveLength(32);
    const page = await list({ offset: 30, limit: 10 });
    expect(page.total).toBe(32);
    expect(page.items).toHaveLength(2);
    expect((await list({ offset: 40, limit: 10 })).items).toEqual([]);
  });

  it('never shows a row twice nor skips one, under every sort, even with ties', async () => {
    const sorts = [
      undefined,
      [{ field: 'name', dir: 'asc' }],
      [{ field: 'name', dir: 'desc' }],
      [{ field: 'age', dir: 'desc' }],
      [{ field: 'updatedAt', dir: 'desc' }],
      [{ field: 'sixClears', dir: 'asc' }],
      [{ field: 'oldestConfirmedAt', dir: 'asc' }],
    ];
    for (const sort of sorts) {
      const seen: string[] = [];
      for (let offset = 0; offset < 40; offset += 7)
        seen.push(...(await list({ offset, limit: 7, ...(sort ? { sort } : {}) })).items.map((r) => r.id));
      expect(new Set(seen).size, JSON.stringify(sort)).toBe(32);
      expect(seen).toHaveLength(32);
    }
  });

  it('refuses a limit above 500 or a negative offset', async () => {
    await expect(list({ limit: 501 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'limit' }],
    });
    await expect(list({ offset: -1 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'offset' }],
    });
  });
});

describe('filters', () => {
  it('by name (contains) and by the end of the ID number', async () => {
    expect(await names({ filter: { name: '三十' } })).toEqual(['乙明天三十', '甲今天三十']);
    expect(await names({ filter: { name: '%' } })).toEqual([]);
    const id = idWith(FIXED.leapDay.birth, FIXED.leapDay.seq);
    expect(await names({ filter: { idNumber: id.slice(-6) } })).toEqual(['戊闰日']);
    expect(await names({ filter: { idNumber: '*' } })).toEqual([]);
  });

  it('by sex', async () => {
    const men = await list({ filter: { sex: 'M' } });
    const women = await list({ filter: { sex: 'F' } });
    expect(men.total + women.total).toBe(32);
    expect(men.items.map((r) => r.name)).toContain('甲今天三十'); // sequence 011: odd, a man
    expect(women.items.map((r) => r.name)).toContain('丁四十'); // 012: even, a woman
  });

  it('by age, counting the birthday itself and nothing before it', async () => {
    const at30 = await names({ filter: { ageMin: 30, ageMax: 30 } });
    expect(at30).toContain('甲今天三十');
    expect(at30).not.toContain('乙明天三十');
    expect(await names({ filter: { ageMin: 29, ageMax: 29 } })).toContain('乙明天三十');
    const forties = await names({ filter: { ageMin: 40, ageMax: 40 } });
    expect(forties).toContain('丁四十');
    expect(forties).not.toContain('丙昨天四一');
    expect(await names({ filter: { ageMin: 41, ageMax: 41 } })).toContain('丙昨天四一');
    // ages shown agree with the filter for every row
    for (const r of (await list({ filter: { ageMin: 30, ageMax: 45 } })).items) {
      expect(r.age).toBeGreaterThanOrEqual(30);
      expect(r.age).toBeLessThanOrEqual(45);
    }
  });

  it('a 29 February birthday counts on 1 March in common years', async () => {
    // a jump of the clock by days outlasts the session's idle timeout: log in again at each date
    const at = async (iso: string) => {
      clock.set(iso);
      const { token } = (await s.station.call('session.login', {
        username: ADMIN.username,
        password: ADMIN.password,
      })) as { token: string };
      s.call = (method, input) => s.station.call(method, input, token) as never;
    };
    // 2004-02-29 is 21 on 2025-07-01; on 2025-02-28 still 20, on 2025-03-01 21
    expect(await names({ filter: { ageMin: 21, ageMax: 21 } })).toContain('戊闰日');
    try {
      await at('2025-02-28T02:00:00Z');
      expect(await names({ filter: { ageMin: 21 } })).not.toContain('戊闰日');
      expect(await names({ filter: { ageMax: 20 } })).toContain('戊闰日');
      await at('2025-03-01T02:00:00Z');
      expect(await names({ filter: { ageMin: 21, ageMax: 21 } })).toContain('戊闰日');
      // in a leap year the birthday is the day itself
      await at('2024-02-29T02:00:00Z');
      expect(await names({ filter: { ageMin: 20, ageMax: 20 } })).toContain('戊闰日');
      await at('2024-02-28T02:00:00Z');
      expect(await names({ filter: { ageMin: 19, ageMax: 19 } })).toContain('戊闰日');
    } finally {
      await at('2025-07-01T02:00:00Z');
    }
  });

  it('by six-clears state, with the stale edge on day 180', async () => {
    expect(await names({ filter: { sixClears: 'complete' } })).toEqual(['壬将来', '己齐全', '庚刚好'].sort());
    expect(await names({ filter: { sixClears: 'stale' } })).toEqual(['辛过期']);
    const missing = await names({ filter: { sixClears: 'missing' } });
    expect(missing).toHaveLength(28);
    expect(missing).toContain('丁四十');
    expect(missing).not.toContain('辛过期');
    const incomplete = await list({ filter: { sixClears: 'incomplete' } });
    expect(incomplete.total).toBe(29);
    expect(incomplete.items.map((r) => r.name)).toContain('辛过期');
    // the list's SQL filter and the domain rule agree on every row
    for (const r of (await list({})).items)
      expect(r.sixClearsState.complete, r.name).toBe(['壬将来', '己齐全', '庚刚好'].includes(r.name));
  });

  it('filters combine', async () => {
    // the three six-clear people are men (sequence codes 017, 019, 023 end odd)
    expect(await names({ filter: { sixClears: 'complete', sex: 'M' } })).toHaveLength(3);
    expect(await names({ filter: { sixClears: 'complete', sex: 'F' } })).toEqual([]);
    expect(await names({ filter: { sixClears: 'complete', ageMin: 45, name: '齐' } })).toEqual(['己齐全']);
  });
});

describe('sorts', () => {
  it('by name follows pinyin order', async () => {
    const got = (
      await list({ sort: [{ field: 'name', dir: 'asc' }], filter: { sixClears: 'complete' } })
    ).items.map((r) => r.name);
    expect(got).toEqual(['庚刚好', '己齐全', '壬将来']); // geng < ji < ren
    const desc = (
      await list({ sort: [{ field: 'name', dir: 'desc' }], filter: { sixClears: 'complete' } })
    ).items.map((r) => r.name);
    expect(desc).toEqual(['壬将来', '己齐全', '庚刚好']);
  });

  it('by age and by birth date', async () => {
    const byAge = (await list({ sort: [{ field: 'age', dir: 'asc' }] })).items;
    const ages = byAge.map((r) => r.age);
    expect(ages).toEqual([...ages].sort((a, b) => a - b));
    const byBirth = (await list({ sort: [{ field: 'birthDate', dir: 'desc' }] })).items.map(
      (r) => r.birthDate,
    );
    expect(byBirth).toEqual([...byBirth].sort().reverse());
  });
});

describe('worklist.today', () => {
  it('holds exactly the residents the list calls incomplete, unemployed people first', async () => {
    const work = await s.call('worklist.today', { offset: 0, limit: 100 });
    const incomplete = await list({ filter: { sixClears: 'incomplete' } });
    expect(work.total).toBe(incomplete.total);
    expect(work.items.map((w) => w.resident.id).sort()).toEqual(incomplete.items.map((r) => r.id).sort());
    // 丁四十: unemployed with five sections missing; 辛过期: unemployed, one section stale; then the rest
    expect(work.items.slice(0, 2).map((w) => [w.resident.name, w.reason, w.sections])).toEqual([
      ['丁四十', 'missing', ['skills', 'training', 'preferences', 'income', 'outcome']],
      ['辛过期', 'stale', ['income']],
    ]);
    const priorities = work.items.map((w) => w.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });
});
