// District-wide shared vacancies through a real district server (SQLite and PostgreSQL) with two stations of
// two communities: a vacancy made at one community is matched and recommended to at the other after sync,
// read-only there; a hire at the other community fills it at the district and at its own community; closing
// and un-sharing propagate; nothing of a person crosses to the other community.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { ENDPOINTS, boardResponse } from '../../shared/sync/protocol';
import { post } from '../../station/sync/transport';
import { readSyncState } from '../../station/sync/state';
import { creditCode, idNumberFor } from './helpers';

describe.each([false, true])('shared vacancies, district on PostgreSQL: %s', (pg) => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a = await enrolledStation(d, COMMUNITY_A);
    b = await enrolledStation(d, COMMUNITY_B);
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
    await d?.close();
  });

  it('reach the other community read-only, are matched and recommended there, and filling propagates', async () => {
    const e = await a.call('employers.create', {
      creditCode: creditCode(),
      name: '杭州景昙保安服务有限公司',
      address: '景昙路 8 号',
      contacts: [{ name: '吴队长', phone: '13800002222' }],
    });
    const base = { employerId: e.id, validFrom: '2026-01-01', validTo: '2027-12-31' };
    const guard = await a.call('vacancies.create', {
      ...base,
      title: '小区保安',
      occupationCode: '4-07-05-01',
      positions: 1,
      wageMin: 4000,
      wageMax: 5000,
    });
    const own = await a.call('vacancies.create', { ...base, title: '内部岗位', positions: 1, shared: false });
    const closing = await a.call('vacancies.create', {
      ...base,
      title: '夜班保安',
      occupationCode: '4-07-05-01',
      positions: 2,
    });
    await a.sync();

    const p = await b.call('residents.create', {
      name: '郑伟',
      idNumber: idNumberFor('19850612', 41),
      preferences: {
        occupations: [],
        industries: [],
        occupationCodes: ['4-07-05-01'],
        expectedWage: 4500,
        confirmedAt: '2026-01-05',
      },
    });
    await b.sync();

    // B sees A's shared vacancies with the employer's name, street and contact — not A's unshared one
    const shared = await b.call('vacancies.list', { scope: 'shared' });
    expect(shared.items.map((v) => v.title).sort()).toEqual(['夜班保安', '小区保安']);
    const seen = await b.call('vacancies.get', { id: guard.id });
    expect(seen).toMatchObject({
      foreign: true,
      employerName: '杭州景昙保安服务有限公司',
      employerAddress: '景昙路 8 号',
      employerContacts: [{ name: '吴队长', phone: '13800002222' }],
      communityName: '景昙社区',
      streetName: '凯旋街道',
      occupationName: '保安员',
      openPositions: 1,
    });
    await expect(b.call('vacancies.get', { id: own.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.call('vacancies.update', { id: guard.id, title: '改名' })).rejects.toMatchObject({
      code: 'forbidden',
      message: '这是景昙社区的岗位，由区里共享给本社区查看和推荐，只能在该社区修改',
    });
    expect((await b.call('vacancies.list', {})).total).toBe(0);

    // matched both ways at B, offline from here
    const cands = await b.call('matching.candidates', { vacancyId: guard.id });
    expect(cands.items.map((c) => c.residentId)).toEqual([p.id]);
    expect(cands.items[0]!.reasons).toEqual(['意向工种一致：保安员', '期望工资 4,500 元在岗位范围内']);
    const jobs = await b.call('matching.vacancies', { residentId: p.id });
    expect(jobs.items.map((j) => [j.title, j.foreign, j.communityName])).toEqual([
      ['小区保安', true, '景昙社区'],
      ['夜班保安', true, '景昙社区'],
    ]);

    // B recommends and records the hire: its board copy is filled at once, A's vacancy after the sync
    const { id } = await b.call('recommendations.create', { residentId: p.id, vacancyId: guard.id });
    await b.call('recommendations.update', { id, status: 'interviewed' });
    await b.call('recommendations.update', { id, status: 'hired' });
    expect(await b.call('vacancies.get', { id: guard.id })).toMatchObject({ hired: 1, status: 'filled' });
    expect((await b.call('recommendations.get', { id })).foreign).toBe(true);
    await b.sync();
    await a.sync();
    expect(await a.call('vacancies.get', { id: guard.id })).toMatchObject({
      hired: 1,
      openPositions: 0,
      status: 'filled',
      foreign: false,
    });
    // A never learns who: no person of B, no recommendation reaches A
    expect((await a.call('residents.list', {})).total).toBe(0);
    expect((await a.call('recommendations.list', {})).total).toBe(0);

    // A closes one and un-shares nothing else: B's copy follows after its next sync
    await a.call('vacancies.update', { id: closing.id, status: 'closed' });
    await a.sync();
    await b.sync();
    expect(await b.call('vacancies.get', { id: closing.id })).toMatchObject({ status: 'closed' });
    await expect(b.call('matching.candidates', { vacancyId: closing.id })).rejects.toMatchObject({
      code: 'conflict',
      message: '岗位已关闭，不再为它找人',
    });
    await expect(
      b.call('recommendations.create', { residentId: p.id, vacancyId: closing.id }),
    ).rejects.toMatchObject({ code: 'conflict', message: '岗位「夜班保安」已关闭，不能再推荐' });

    // un-shared at A: gone from B
    await a.call('vacancies.update', { id: closing.id, shared: false });
    await a.sync();
    await b.sync();
    await expect(b.call('vacancies.get', { id: closing.id })).rejects.toMatchObject({ code: 'not_found' });

    // what the board carries: the vacancy and its employer, never a person or a credit code
    const state = (await readSyncState(b.station.db))!;
    const board = await post(
      { baseUrl: state.server_url, credential: state.credential },
      ENDPOINTS.board,
      { after: 0 },
      boardResponse,
    );
    const keys = new Set(board.items.flatMap((i) => Object.keys(i.fields ?? {})));
    expect([...keys].sort()).toEqual(
      [
        'age_max',
        'age_min',
        'education',
        'employer_address',
        'employer_contacts',
        'employer_id',
        'employer_name',
        'hired',
        'industry_code',
        'occupation',
        'occupation_code',
        'positions',
        'requirements',
        'status',
        'title',
        'valid_from',
        'valid_to',
        'wage_max',
        'wage_min',
      ].sort(),
    );
    expect(board.items.every((i) => i.community === COMMUNITY_A)).toBe(true);
  });
});
