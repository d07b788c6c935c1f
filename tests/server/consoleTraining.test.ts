// The console's training employment rate from real synced work (SQLite and PostgreSQL): the hand-counted
// scenario of tests/training/helpers.ts run at a station of street 330104005, plus one completion (not hired)
// at a station of street 330104006 on the first station's course. reports.programmes gives, for the
// report's period and scope, completed / employed / rate overall and per provider — the same figures as the
// district's trainingRate — and a street user sees only its street.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/console/accounts';
import {
  COMMUNITY_A,
  enrolledStation,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { idNumberFor } from '../matching/helpers';
import { CARE, GUARD, desk, movableClock, runScenario } from '../training/helpers';
import { post } from './harness';

const COMMUNITY_OTHER_STREET = '330104006051';
const STREET_A = COMMUNITY_A.slice(0, 9);
const YEAR = { kind: 'year', value: '2026' };

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: console training employment rate', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let c: SyncedStation;
  const tokens: Record<string, string> = {};
  const api = (user: string, method: string, body: unknown) =>
    post(d.url, `/console/api/${method}`, body, { credential: tokens[user] });
  const login = async (username: string, role: 'district' | 'street', street?: string) => {
    const u = await addUser(d.server.ctx, { username, role, street });
    const r = await post(d.url, '/console/api/login', { username, password: u.password });
    tokens[username] = r.body.token;
    expect(
      (await api(username, 'password.change', { current: u.password, next: `${username}-1234567890` }))
        .status,
    ).toBe(200);
  };

  beforeAll(async () => {
    const clock = movableClock('2026-01-20');
    d = await startDistrict({ pg, now: clock.now });
    a = await enrolledStation(d, COMMUNITY_A, { now: clock.now });
    c = await enrolledStation(d, COMMUNITY_OTHER_STREET, { now: clock.now });
    const da = desk(a);
    const dc = desk(c);
    const { care } = await runScenario(da, clock);
    await da.call('sync.now', {});
    await dc.call('sync.now', {});
    clock.set('2026-03-05');
    const p = await dc.call('residents.create', { name: '韩梅', idNumber: idNumberFor('19810707', 77) });
    await dc.call('training.enrol', { courseId: care.id, residentId: p.id });
    clock.set('2026-04-02');
    await dc.call('training.complete', { courseId: care.id, residentId: p.id, date: '2026-03-31' });
    clock.set('2026-10-15');
    await dc.call('sync.now', {});
    await da.call('sync.now', {});
    await login('qu', 'district');
    await login('jd5', 'street', STREET_A);
    await login('jd6', 'street', COMMUNITY_OTHER_STREET.slice(0, 9));
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.close(), c?.close()]);
    await d?.close();
  });

  it('gives the district rate overall and per provider, as trainingRate does', async () => {
    const r = await api('qu', 'reports.programmes', { period: YEAR });
    expect(r.status).toBe(200);
    // hand count: A's five completions (P1, P2, P6 hired in time) and C's one (not hired)
    expect(r.body.training).toEqual({
      completed: 6,
      employed: 3,
      rate: 0.5,
      providers: [
        { provider: CARE.provider, completed: 5, employed: 2, rate: 0.4 },
        { provider: GUARD.provider, completed: 1, employed: 1, rate: 1 },
      ].sort((x, y) => x.provider.localeCompare(y.provider, 'zh-CN')),
    });
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const { providers, ...overall } = r.body.training;
    expect(overall).toEqual(await d.server.trainingRate(year));
    for (const p of providers as Array<{ provider: string }>) {
      const { provider, ...figures } = p;
      expect(figures).toEqual(await d.server.trainingRate({ ...year, provider }));
    }
    // the period bounds the completions: only the 保安员 completion (04-10) falls in Q2
    const q2 = await api('qu', 'reports.programmes', { period: { kind: 'quarter', value: '2026-Q2' } });
    expect(q2.body.training).toEqual({
      completed: 1,
      employed: 1,
      rate: 1,
      providers: [{ provider: GUARD.provider, completed: 1, employed: 1, rate: 1 }],
    });
    const before = await api('qu', 'reports.programmes', { period: { kind: 'year', value: '2025' } });
    expect(before.body.training).toEqual({ completed: 0, employed: 0, rate: null, providers: [] });
  });

  it('gives a street only its own communities, for a district user asking and for a street user', async () => {
    const streetA = {
      completed: 5,
      employed: 3,
      rate: 0.6,
      providers: [
        { provider: CARE.provider, completed: 4, employed: 2, rate: 0.5 },
        { provider: GUARD.provider, completed: 1, employed: 1, rate: 1 },
      ].sort((x, y) => x.provider.localeCompare(y.provider, 'zh-CN')),
    };
    const asked = await api('qu', 'reports.programmes', { period: YEAR, street: STREET_A });
    expect(asked.body.training).toEqual(streetA);
    expect(asked.body.training).toMatchObject(
      await d.server.trainingRate({ from: '2026-01-01', to: '2026-12-31', community: COMMUNITY_A }),
    );
    // a street user gets its street without asking, and is refused another street's
    expect((await api('jd5', 'reports.programmes', { period: YEAR })).body.training).toEqual(streetA);
    const other = await api('jd6', 'reports.programmes', { period: YEAR });
    expect(other.body.training).toEqual({
      completed: 1,
      employed: 0,
      rate: 0,
      providers: [{ provider: CARE.provider, completed: 1, employed: 0, rate: 0 }],
    });
    const refused = await api('jd6', 'reports.programmes', { period: YEAR, street: STREET_A });
    expect(refused.status).toBe(403);
  });
});
