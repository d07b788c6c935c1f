// The console's programme figures from real synced work (SQLite and PostgreSQL): a subsidy application made
// at a station reaches the district and is counted in the console's reports.programmes for its period, for
// the district and for its street, and not for another period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/console/accounts';
import {
  COMMUNITY_A,
  enrolledStation,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { NOON_2026_09_15, SOCIAL_INSURANCE_DOCS, flexibleCardHolder } from '../policy/helpers';
import { post } from './harness';

const now = () => NOON_2026_09_15;

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: console programme figures', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let token = '';
  const api = (method: string, body: unknown) =>
    post(d.url, `/console/api/${method}`, body, { credential: token });

  beforeAll(async () => {
    d = await startDistrict({ pg, now });
    a = await enrolledStation(d, COMMUNITY_A, { now });
    const { resident } = await flexibleCardHolder(a, 41);
    await a.call('subsidies.apply', {
      policyCode: 'social_insurance',
      residentId: resident.id,
      period: { from: '2026-09-01', to: '2027-02-28' },
      amount: 3600,
      documents: SOCIAL_INSURANCE_DOCS,
    });
    expect(await a.sync()).toMatchObject({ rejected: 0 });
    const u = await addUser(d.server.ctx, { username: 'qu', role: 'district' });
    const r = await post(d.url, '/console/api/login', { username: 'qu', password: u.password });
    token = r.body.token;
    await api('password.change', { current: u.password, next: 'qu-1234567890' });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await d?.close();
  });

  it('counts the application in its period, for the district and its street', async () => {
    const year = await api('reports.programmes', { period: { kind: 'year', value: '2026' } });
    expect(year.status).toBe(200);
    expect(year.body.subsidies).toEqual([
      expect.objectContaining({ policyCode: 'social_insurance', personTimes: 1, amount: 3600 }),
    ]);
    expect(year.body.subsidies[0].policyName).toBeTruthy();
    const street = await api('reports.programmes', {
      period: { kind: 'quarter', value: '2026-Q3' },
      street: COMMUNITY_A.slice(0, 9),
    });
    expect(street.body.subsidies.map((s: { personTimes: number }) => s.personTimes)).toEqual([1]);
    const otherStreet = await api('reports.programmes', {
      period: { kind: 'year', value: '2026' },
      street: '330104006',
    });
    expect(otherStreet.body.subsidies).toEqual([]);
    const before = await api('reports.programmes', { period: { kind: 'year', value: '2025' } });
    expect(before.body).toEqual({
      fairs: [],
      subsidies: [],
      training: { completed: 0, employed: 0, rate: null, providers: [] },
    });
  });
});
