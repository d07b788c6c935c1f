// One employer per credit code within a community, on the district as on the station's unique index: two
// stations registering the same employer offline end with one employer (the first to reach the district),
// the second id redirected and its vacancies re-pointed (real server over HTTP, real SQLite files).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { creditCheckCharacter } from '../../shared/validators/creditCode';
import { COMMUNITY_A, COMMUNITY_B, enrolledStation, serverRows, startDistrict } from './harness';
import type { District, SyncedStation } from './harness';
import { expectEqualToServer } from './scenarios';

function creditCode(seed: string): string {
  const first17 = ('9133010' + seed).padEnd(17, '0').slice(0, 17);
  return first17 + creditCheckCharacter(first17);
}

const vacancy = (employerId: string, title: string) => ({
  employerId,
  title,
  positions: 2,
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
});

let d: District;
let a1: SyncedStation;
let a2: SyncedStation;
let b: SyncedStation;
describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: employers registered twice offline', (_store, pg) => {
  beforeEach(async () => {
    d = await startDistrict({ pg });
    [a1, a2, b] = await Promise.all([
      enrolledStation(d, COMMUNITY_A),
      enrolledStation(d, COMMUNITY_A),
      enrolledStation(d, COMMUNITY_B),
    ]);
  });
  afterEach(async () => {
    await Promise.all([a1?.close(), a2?.close(), b?.close()]);
    await d?.close();
  });

  it('keeps the first employer of a credit code in the community and re-points the second one’s vacancies', async () => {
    const code = creditCode('4MA27QQ1');
    const first = await a1.call('employers.create', { creditCode: code, name: '杭州景昙物业有限公司' });
    const second = await a2.call('employers.create', { creditCode: code, name: '景昙物业' });
    const job = await a2.call('vacancies.create', vacancy(second.id, '保洁'));
    // an edit made offline against the second id is forwarded to the kept employer
    await a2.call('employers.update', { id: second.id, address: '景昙路 9 号' });
    // the same code in another community is that community's own employer
    const elsewhere = await b.call('employers.create', { creditCode: code, name: '杭州景昙物业有限公司' });

    await a1.sync();
    expect(await a2.sync()).toMatchObject({ rejected: 0 });
    await a1.sync();
    expect(await b.sync()).toMatchObject({ rejected: 0 });

    const atServer = await serverRows(a1, ['employers', 'vacancies']);
    const employers = [...atServer].filter(([k, v]) => k.startsWith('employers:') && v.credit_code === code);
    expect(employers.map(([k]) => k)).toEqual([`employers:${first.id}`]);
    expect(employers[0]![1].address).toBe('景昙路 9 号');
    expect(atServer.get(`vacancies:${job.id}`)?.employer_id).toBe(first.id);
    for (const s of [a1, a2]) {
      const v = await s.call('vacancies.get', { id: job.id });
      expect(v.employerId).toBe(first.id);
      await expect(s.call('employers.get', { id: second.id })).rejects.toThrow();
      expect((await s.call('employers.get', { id: first.id })).address).toBe('景昙路 9 号');
    }
    expect((await b.call('employers.get', { id: elsewhere.id })).creditCode).toBe(code);
    expect((await serverRows(b, ['employers'])).has(`employers:${elsewhere.id}`)).toBe(true);
    // both stations can keep working: a new vacancy under the kept employer lands everywhere
    const more = await a2.call('vacancies.create', vacancy(first.id, '保安'));
    expect(await a2.sync()).toMatchObject({ rejected: 0 });
    await a1.sync();
    expect((await a1.call('vacancies.get', { id: more.id })).employerId).toBe(first.id);
    for (const s of [a1, a2, b]) await expectEqualToServer(s);
  });

  it('sets aside, with a Chinese reason, an edit that gives an employer a credit code another one holds', async () => {
    const taken = creditCode('4MA27QQ2');
    const other = await a2.call('employers.create', {
      creditCode: creditCode('4MA27QQ3'),
      name: '杭州某保安公司',
    });
    await a2.sync();
    await a1.call('employers.create', { creditCode: taken, name: '杭州景昙物业有限公司' });
    await a1.sync();
    // a2 has not heard of the first employer yet, so its own index lets the edit through
    await a2.call('employers.update', { id: other.id, creditCode: taken, name: '杭州某保安公司' });
    const r = await a2.sync();
    expect(r.rejected).toBe(1);
    const status = await a2.call('sync.status', {});
    expect(JSON.stringify(status)).toContain('该统一社会信用代码已登记为本社区另一家用人单位');
    const atServer = await serverRows(a1, ['employers']);
    expect([...atServer.values()].filter((v) => v.credit_code === taken)).toHaveLength(1);
    await expectEqualToServer(a1);
  });
});
