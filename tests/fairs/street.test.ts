// A street's job fair reaching every station of the street through a real district server (SQLite and
// PostgreSQL): created at one community's PC, another community of the street brings its employer to it,
// both communities sign people up and record intents offline (two PCs of one community signing up the same
// person make one sign-up), a hire through the fair; the district's five figures are counted by hand, each
// station's own part too, and a community of another street never sees the fair.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { todayInChina, addDays } from '../../shared/domain/dates';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { creditCode } from '../matching/helpers';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

const OTHER_STREET = '330104006051'; // 采荷街道 芙蓉社区

function runCli(d: District, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args, ...d.cli.args], {
      env: { ...process.env, ...d.cli.env },
      cwd: join(import.meta.dirname, '../..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.each([false, true])('a street fair across stations, district on PostgreSQL: %s', (pg) => {
  let d: District;
  let a: SyncedStation;
  let a2: SyncedStation;
  let b: SyncedStation;
  let c: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a = await enrolledStation(d, COMMUNITY_A);
    a2 = await enrolledStation(d, COMMUNITY_A);
    b = await enrolledStation(d, COMMUNITY_B);
    c = await enrolledStation(d, OTHER_STREET);
  });
  afterEach(async () => {
    for (const s of [a, a2, b, c]) await s?.close();
    await d?.close();
  });

  it(
    'reaches both communities of the street, adds up their sign-ups and intents, and not the other street',
    { timeout: 120_000 },
    async () => {
      const today = todayInChina();
      const person = peopleFrom(10);
      const wants = (code: string) => ({
        preferences: { occupations: [], industries: [], occupationCodes: [code], confirmedAt: today },
      });
      const vacancy = async (
        s: SyncedStation,
        name: string,
        title: string,
        code: string,
        positions: number,
      ) => {
        const e = await s.call('employers.create', {
          creditCode: creditCode(),
          name,
          contacts: [{ name: '联系人', phone: '13900001111' }],
        });
        const v = await s.call('vacancies.create', {
          employerId: e.id,
          title,
          occupationCode: code,
          positions,
          validFrom: addDays(today, -30),
          validTo: addDays(today, 180),
        });
        return { e, v };
      };
      const ea = await vacancy(a, '杭州安居物业管理有限公司', '小区保安', '4-07-05-01', 6);
      const eb = await vacancy(b, '杭州康乐养老服务有限公司', '养老护理员', '4-10-01-05', 4);

      const fair = await a.call('fairs.create', {
        name: '凯旋街道春风行动招聘会',
        date: today,
        place: '凯旋街道社区服务中心',
        streetCode: '330104005',
        organiser: '凯旋街道劳动保障所',
      });
      expect(fair).toMatchObject({ scope: 'street', streetCode: '330104005' });
      await a.call('fairs.addEmployer', { fairId: fair.id, employerId: ea.e.id, vacancyIds: [ea.v.id] });
      const a1 = await a.call('residents.create', { ...person(), ...wants('4-10-01-05') });
      const a2p = await a.call('residents.create', { ...person(), ...wants('4-07-05-01') });
      const b1 = await b.call('residents.create', { ...person(), ...wants('4-07-05-01') });
      // A's own community fair stays at A; B's district fair reaches every street
      const own = await a.call('fairs.create', {
        name: '景昙社区专场',
        date: today,
        place: '景昙社区',
        organiser: '景昙社区居委会',
      });
      const district = await b.call('fairs.create', {
        name: '江干区就业援助月大型招聘会',
        date: addDays(today, 20),
        place: '区人力资源市场',
        organiser: '区人力社保局',
        scope: 'district',
      });
      for (const s of [a, b, c, a2]) await s.sync();

      // the street's other community holds the fair (read-only), the other street does not
      const atB = await b.call('fairs.list', {});
      expect(atB.items.map((f) => [f.id, f.own, f.scope])).toEqual([
        [district.id, true, 'district'],
        [fair.id, false, 'street'],
      ]);
      expect((await c.call('fairs.list', {})).items.map((f) => [f.id, f.own])).toEqual([
        [district.id, false],
      ]);
      await expect(c.call('fairs.get', { id: fair.id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(b.call('fairs.get', { id: own.id })).rejects.toMatchObject({ code: 'not_found' });
      expect((await a2.call('fairs.get', { id: own.id })).own).toBe(true);

      // B brings its employer; A sees it after the next round
      await b.call('fairs.addEmployer', { fairId: fair.id, employerId: eb.e.id, vacancyIds: [eb.v.id] });
      await b.sync();
      await a.sync();
      await a2.sync();
      const atA = await a.call('fairs.get', { id: fair.id });
      expect(atA.employers.map((e) => [e.employerName, e.positions, e.own])).toEqual([
        ['杭州安居物业管理有限公司', 6, true],
        ['杭州康乐养老服务有限公司', 4, false],
      ]);
      expect(atA.employers[1]!.vacancies).toEqual([
        expect.objectContaining({ id: eb.v.id, title: '养老护理员', positions: 4 }),
      ]);
      // the candidate list at A reaches B's vacancy through the board
      const found = await a.call('fairs.candidates', { fairId: fair.id });
      expect(found.items.find((x) => x.residentId === a1.id)?.vacancies.map((v) => v.id)).toContain(eb.v.id);
      // A brings B's board employer too, with the same vacancy: its 4 positions are counted once (by hand the
      // figures below stay 2 employers, 10 positions)
      await a.call('fairs.addEmployer', { fairId: fair.id, employerId: eb.e.id, vacancyIds: [eb.v.id] });
      expect((await a.call('fairs.summary', { fairId: fair.id })).positions).toBe(10);

      // offline: both PCs of A sign up the same person; A records an intent for B's vacancy; B for A's
      await a.call('fairs.signUp', { fairId: fair.id, residentId: a1.id });
      await a2.call('fairs.signUp', { fairId: fair.id, residentId: a1.id });
      await a.call('fairs.signUp', { fairId: fair.id, residentId: a2p.id });
      await a.call('fairs.recordIntent', { fairId: fair.id, residentId: a1.id, vacancyId: eb.v.id });
      await b.call('fairs.signUp', { fairId: fair.id, residentId: b1.id });
      const intent = await b.call('fairs.recordIntent', {
        fairId: fair.id,
        residentId: b1.id,
        vacancyId: ea.v.id,
      });
      await b.call('recommendations.update', { id: intent.recommendationId, status: 'interviewed' });
      await b.call('recommendations.update', { id: intent.recommendationId, status: 'hired' });
      expect((await b.call('residents.get', { id: b1.id })).outcome).toMatchObject({ channel: '招聘会' });

      for (const s of [a2, a, b, a2, a]) await s.sync();

      // by hand: employers 安居 (A) + 康乐 (B) = 2; positions 6 + 4 = 10; sign-ups a1 (twice offline: one row),
      // a2p, b1 = 3; intents a1→护理, b1→保安 = 2; hired b1 = 1
      expect(await d.server.fairSummary(fair.id)).toMatchObject({
        name: '凯旋街道春风行动招聘会',
        employers: 2,
        positions: 10,
        signUps: 3,
        intents: 2,
        hired: 1,
      });
      // the same at the command line, for the district's staff until the console shows fairs
      const cli = await runCli(d, ['fair-summary', fair.id]);
      expect(cli.stderr).not.toMatch(/Error/);
      expect(cli.stdout).toContain(
        '「凯旋街道春风行动招聘会」参会单位 2 家  岗位 10 个  报名 3 人  达成意向 2 人次  录用 1 人',
      );
      const unknown = await runCli(d, ['fair-summary', '0190a000-0000-7000-8000-000000000000']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr + unknown.stdout).toContain('区里没有编号为');
      // each station: the whole fair's employers, its own community's people
      expect(await a.call('fairs.summary', { fairId: fair.id })).toEqual({
        employers: 2,
        positions: 10,
        signUps: 2,
        intents: 1,
        hired: 0,
        communityOnly: true,
      });
      expect(await a2.call('fairs.summary', { fairId: fair.id })).toEqual(
        await a.call('fairs.summary', { fairId: fair.id }),
      );
      expect(await b.call('fairs.summary', { fairId: fair.id })).toEqual({
        employers: 2,
        positions: 10,
        signUps: 1,
        intents: 1,
        hired: 1,
        communityOnly: true,
      });
      // the district's hire count reached A's vacancy
      expect(await a.call('vacancies.get', { id: ea.v.id })).toMatchObject({ hired: 1 });
    },
  );

  it('two PCs of one community that both enter the same fair offline make one fair at the district', async () => {
    const today = todayInChina();
    const input = {
      name: '景昙社区冬季招聘会',
      date: today,
      place: '景昙社区活动室',
      organiser: '景昙社区',
    };
    const one = await a.call('fairs.create', input);
    const two = await a2.call('fairs.create', { ...input, place: '景昙社区二楼会议室' });
    expect(two.id).toBe(one.id);
    for (const s of [a, a2, a, a2]) await s.sync();
    // each PC holds what the district holds after it pulled: one fair, not two
    for (const s of [a, a2]) {
      const list = await s.call('fairs.list', {} as never);
      expect(list.items.filter((f: { name: string }) => f.name === input.name)).toHaveLength(1);
    }
    // the district merged the two as edits of one row: both PCs hold the same place
    const [pa, pa2] = await Promise.all([
      a.call('fairs.get', { id: one.id }),
      a2.call('fairs.get', { id: one.id }),
    ]);
    expect((pa as { place: string }).place).toBe((pa2 as { place: string }).place);
  });
});
