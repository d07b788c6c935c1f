// The district's board as other communities see it, after two things that rewrite history at the district:
//   an employer redirected — two PCs of one community register the same employer (one credit code, two
//     names) offline, each with a shared vacancy; the district keeps the first employer and redirects the
//     second: every other station shows the surviving employer's name on both vacancies (board, vacancy
//     page, jobs for a person), and a later rename of it reaches both;
//   a restore — the district goes back to a backup and starts a new epoch; a third community then makes a
//     vacancy, so the district's board head is back where the other station's cursor was: that station must
//     drop what the district lost and read what it has now (a cursor compared with the head alone would
//     keep the lost vacancy and skip the new one);
//   the same restore for the course board and the shared fairs (every board is read through
//     station/sync/districtBoard.ts and carries the district's epoch).
// Real district servers over HTTP (SQLite; the redirect also on PostgreSQL), real station files.
import { afterEach, describe, expect, it } from 'vitest';
import { COMMUNITY_A, COMMUNITY_B, enrolledStation, startDistrict } from '../sync/harness';
import { startRestorableDistrict } from '../sync/restoreHarness';
import { creditCode, idNumberFor } from './helpers';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { CARE } from '../training/helpers';

const COMMUNITY_C = '330104005053';
const base = { validFrom: '2026-01-01', validTo: '2027-12-31', positions: 2 } as const;
const wishes = (codes: string[]) => ({
  occupations: [],
  industries: [],
  occupationCodes: codes,
  confirmedAt: '2026-01-05',
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
async function keep<T extends { close(): Promise<void> }>(x: Promise<T>): Promise<T> {
  const v = await x;
  closers.push(() => v.close());
  return v;
}

describe.each([false, true])('an employer redirected at the district (PostgreSQL: %s)', (pg) => {
  it('shows the surviving employer on every vacancy at another community, and follows its rename', async () => {
    const d = await keep(startDistrict({ pg }));
    const a1 = await keep(enrolledStation(d, COMMUNITY_A, { stationNumber: 1 }));
    const a2 = await keep(enrolledStation(d, COMMUNITY_A, { stationNumber: 2 }));
    const b = await keep(enrolledStation(d, COMMUNITY_B));

    // both PCs of A, offline: one employer under two names, a shared vacancy each
    const code = creditCode();
    const e1 = await a1.call('employers.create', { creditCode: code, name: '杭州景昙保洁服务有限公司' });
    const e2 = await a2.call('employers.create', { creditCode: code, name: '景昙保洁（二号机录入）' });
    const v1 = await a1.call('vacancies.create', {
      ...base,
      employerId: e1.id,
      title: '小区保洁员',
      occupationCode: '4-10-01-05',
    });
    const v2 = await a2.call('vacancies.create', {
      ...base,
      employerId: e2.id,
      title: '楼道保洁员',
      occupationCode: '4-10-01-05',
    });
    await a1.sync();
    await a2.sync();
    // A's second PC now holds the first employer: its vacancy was re-pointed to it
    expect((await a2.call('vacancies.get', { id: v2.id })).employerId).toBe(e1.id);

    const p = await b.call('residents.create', {
      name: '钱芳',
      idNumber: idNumberFor('19800505', 61),
      preferences: wishes(['4-10-01-05']),
    });
    await b.sync();
    const names = async () =>
      Object.fromEntries(
        (await b.call('vacancies.list', { scope: 'shared' })).items.map((v) => [v.title, v.employerName]),
      );
    expect(await names()).toEqual({
      小区保洁员: '杭州景昙保洁服务有限公司',
      楼道保洁员: '杭州景昙保洁服务有限公司',
    });
    expect(await b.call('vacancies.get', { id: v2.id })).toMatchObject({
      employerName: '杭州景昙保洁服务有限公司',
      foreign: true,
    });
    const jobs = await b.call('matching.vacancies', { residentId: p.id });
    expect(jobs.items.map((j) => [j.vacancyId, j.employerName]).sort()).toEqual(
      [
        [v1.id, '杭州景昙保洁服务有限公司'],
        [v2.id, '杭州景昙保洁服务有限公司'],
      ].sort(),
    );

    // the survivor renamed at A's second PC (which edits it under the kept id): both vacancies follow at B
    await a2.call('employers.update', { id: e1.id, name: '杭州景昙物业保洁有限公司' });
    await a2.sync();
    await b.sync();
    expect(await names()).toEqual({
      小区保洁员: '杭州景昙物业保洁有限公司',
      楼道保洁员: '杭州景昙物业保洁有限公司',
    });
    const again = await b.call('matching.vacancies', { residentId: p.id });
    expect(new Set(again.items.map((j) => j.employerName))).toEqual(new Set(['杭州景昙物业保洁有限公司']));
  });
});

describe('the board after the district is restored', () => {
  it('drops what the district lost and reads what it has now, though the head is back at the cursor', async () => {
    const d = await keep(startRestorableDistrict());
    const a = await keep(enrolledStation(d, COMMUNITY_A));
    const b = await keep(enrolledStation(d, COMMUNITY_B));
    const c = await keep(enrolledStation(d, COMMUNITY_C));
    const e = await a.call('employers.create', { creditCode: creditCode(), name: '杭州景昙快递有限公司' });
    const kept = await a.call('vacancies.create', { ...base, employerId: e.id, title: '快递分拣员' });
    await a.sync();
    await d.backup();
    const lost = await a.call('vacancies.create', { ...base, employerId: e.id, title: '快递派送员' });
    await a.sync();
    const p = await b.call('residents.create', {
      name: '孙强',
      idNumber: idNumberFor('19820707', 62),
      preferences: { ...wishes([]), occupations: ['快递'] },
    });
    await b.sync();
    const titles = async () =>
      (await b.call('vacancies.list', { scope: 'shared' })).items.map((v) => v.title).sort();
    expect(await titles()).toEqual(['快递分拣员', '快递派送员']);
    // matched at B: the lost vacancy is among the jobs before the restore
    expect(
      (await b.call('matching.vacancies', { residentId: p.id })).items.map((j) => j.vacancyId),
    ).toContain(lost.id);

    await d.restore('command');
    // a third community's vacancy takes the board number the lost one had
    const ec = await c.call('employers.create', { creditCode: creditCode(), name: '杭州采荷速递有限公司' });
    const fresh = await c.call('vacancies.create', { ...base, employerId: ec.id, title: '快递驿站店员' });
    await c.sync();

    await b.sync();
    expect(await titles()).toEqual(['快递分拣员', '快递驿站店员']);
    const ids = (await b.call('matching.vacancies', { residentId: p.id })).items.map((j) => j.vacancyId);
    expect(ids).toContain(kept.id);
    expect(ids).toContain(fresh.id);
    expect(ids).not.toContain(lost.id);
    await expect(b.call('matching.candidates', { vacancyId: lost.id })).rejects.toMatchObject({
      code: 'not_found',
    });

    // A re-sends what the district lacks; B then has it again
    await a.sync();
    await b.sync();
    expect(await titles()).toEqual(['快递分拣员', '快递派送员', '快递驿站店员']);
  });
});

describe('the course board and the shared fairs after the district is restored', () => {
  it('drop what the district lost and read what it has now, though each head is back at the cursor', async () => {
    const today = todayInChina();
    const course = (name: string) => ({
      ...CARE,
      name,
      start: addDays(today, 10),
      end: addDays(today, 40),
    });
    const fair = (name: string) => ({
      name,
      date: addDays(today, 14),
      place: '区人力资源市场',
      organiser: '区人力社保局',
      scope: 'district' as const,
    });
    const d = await keep(startRestorableDistrict());
    const a = await keep(enrolledStation(d, COMMUNITY_A));
    const b = await keep(enrolledStation(d, COMMUNITY_B));
    const c = await keep(enrolledStation(d, COMMUNITY_C));
    await a.call('training.courses.create', course('养老护理员（订单班）'));
    await a.call('fairs.create', fair('就业援助月招聘会'));
    await a.sync();
    await d.backup();
    await a.call('training.courses.create', course('家政服务员定向班'));
    await a.call('fairs.create', fair('春风行动招聘会'));
    await a.sync();
    await b.sync();
    const courses = async () => (await b.call('training.courses.list', {})).items.map((x) => x.name).sort();
    const fairs = async () => (await b.call('fairs.list', {})).items.map((x) => x.name).sort();
    expect(await courses()).toEqual(['养老护理员（订单班）', '家政服务员定向班'].sort());
    expect(await fairs()).toEqual(['就业援助月招聘会', '春风行动招聘会'].sort());

    await d.restore('command');
    // a third community's course and fair take the board numbers the lost ones had
    await c.call('training.courses.create', course('保安员定向班'));
    await c.call('fairs.create', fair('高校毕业生专场招聘会'));
    await c.sync();

    await b.sync();
    expect(await courses()).toEqual(['养老护理员（订单班）', '保安员定向班'].sort());
    expect(await fairs()).toEqual(['就业援助月招聘会', '高校毕业生专场招聘会'].sort());

    // A re-sends what the district lacks; B then has it again
    await a.sync();
    await b.sync();
    expect(await courses()).toEqual(['养老护理员（订单班）', '家政服务员定向班', '保安员定向班'].sort());
    expect(await fairs()).toEqual(['就业援助月招聘会', '春风行动招聘会', '高校毕业生专场招聘会'].sort());
  });
});
