// The console's accounts and contract on a real server (SQLite and PostgreSQL) over real HTTP: add-user
// from the command line prints a one-time password; a street account is held to its street by the server;
// forged and expired sessions, a viewer deciding, bad input, repeated wrong passwords — each a clear 4xx in
// Chinese, nothing changed, the attempt in the audit log; full ID numbers read and decisions logged too.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_ROW } from '../../nodelib/reports/xlsx';
import { DEFAULT_REFERENCE } from '../../server/reference';
import { addUser } from '../../server/console/accounts';
import { weeklyUpload } from '../../server/console/fleet';
import {
  BACKENDS,
  COMMUNITY_A,
  COMMUNITY_B,
  TestStation,
  people,
  post,
  residentCreate,
  startServer,
  uuid,
  type TestServer,
} from './harness';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

const STREET_A = COMMUNITY_A.slice(0, 9);
const STREET_B = COMMUNITY_B.slice(0, 9);
const period = { kind: 'year', value: '2025' };

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args], {
      env: { ...process.env, ...env },
      cwd: join(import.meta.dirname, '../..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.each(BACKENDS)('district console accounts and contract on %s', (backend) => {
  let ts: TestServer;
  const tokens: Record<string, string> = {};
  const person = people(backend === 'sqlite' ? 1101 : 1102);
  let residentA = '';
  let residentB = '';
  let taskId = '';
  const api = (method: string, body: unknown, token?: string) =>
    post(ts.url, `/console/api/${method}`, body, token ? { credential: token } : {});
  const auditOf = (action: string) =>
    ts.server.db.selectFrom('console_audit').selectAll().where('action', '=', action).orderBy('at').execute();

  beforeAll(async () => {
    ts = await startServer(backend);
    for (const [username, role, street] of [
      ['qu', 'district', undefined],
      ['kx', 'street', STREET_A],
      ['ck', 'viewer', undefined],
    ] as const) {
      const u = await addUser(ts.server.ctx, { username, role, street });
      const r = await api('login', { username, password: u.password });
      expect(r.status).toBe(200);
      expect(r.body.mustChange).toBe(true);
      tokens[username] = r.body.token;
      // the one-time password is changed before anything else is open
      const early = await api('stations.list', {}, r.body.token);
      expect(early.status).toBe(403);
      expect(early.body.error.code).toBe('password_change_required');
      const changed = await api(
        'password.change',
        { current: u.password, next: `${username}-own-password` },
        r.body.token,
      );
      expect(changed.status).toBe(200);
    }
    // one person registered at A and again at B (a held registration and its merge task), one more at B
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const b = await TestStation.enroll(ts, COMMUNITY_B);
    const twice = person();
    residentA = uuid();
    residentB = uuid();
    await a.push([a.entry('residents', residentA, 'create', residentCreate(COMMUNITY_A, twice))]);
    await b.push([
      b.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_B, twice)),
      b.entry('residents', residentB, 'create', residentCreate(COMMUNITY_B, person())),
    ]);
    taskId = (await ts.server.listMergeTasks('open'))[0]!.id;
  }, 60_000);
  afterAll(() => ts.close());

  it('add-user prints a one-time password that logs in (--json), and refuses a street account without a street', async () => {
    if (backend === 'postgres') return; // the command line is the same on both; one run is enough
    // a second server on its own folder: the CLI opens the store itself
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const data = mkdtempSync(join(tmpdir(), 'liuqing-console-cli-'));
    const ok = await runCli(
      ['add-user', '--data', data, '--username', 'wang', '--role', 'district', '--json'],
      { DATABASE_URL: '' },
    );
    expect(ok.code).toBe(0);
    const printed = JSON.parse(ok.stdout.trim()) as { username: string; password: string };
    expect(printed.username).toBe('wang');
    expect(printed.password.length).toBeGreaterThanOrEqual(12);
    const bad = await runCli(['add-user', '--data', data, '--username', 'li', '--role', 'street'], {
      DATABASE_URL: '',
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('街道账号需要 --street');
    const { createServer } = await import('../../server/index');
    const s = await createServer({ dataDir: data });
    try {
      const url = await s.listen();
      const r = await post(url, '/console/api/login', { username: 'wang', password: printed.password });
      expect(r.status).toBe(200);
      const row = await s.db
        .selectFrom('console_users')
        .selectAll()
        .where('username', '=', 'wang')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain(printed.password);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('holds a street account to its street on the server, and logs the attempt', async () => {
    const own = await api('reports.district', { period }, tokens.kx);
    expect(own.status).toBe(200);
    expect(own.body.streets.map((s: { code: string }) => s.code)).toEqual([STREET_A]);
    const other = await api('reports.district', { period, street: STREET_B }, tokens.kx);
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'out_of_scope', message: '街道账号只能查看本街道的报表' });
    const list = await api('reports.list', { period, figure: 'workingAge', unit: COMMUNITY_B }, tokens.kx);
    expect(list.status).toBe(403);
    const reveal = await api('residents.reveal', { residentId: residentB }, tokens.kx);
    expect(reveal.status).toBe(403);
    const refused = (
      await ts.server.db
        .selectFrom('console_audit')
        .selectAll()
        .where('username', '=', 'kx')
        .where('outcome', '=', 'refused')
        .where('detail', '=', 'out_of_scope')
        .execute()
    ).map((a) => a.action);
    expect(refused.sort()).toEqual(['reports.district', 'reports.list', 'residents.reveal']);
    // the district sees both streets
    const all = await api('reports.district', { period }, tokens.qu);
    expect(all.body.streets.map((s: { code: string }) => s.code)).toEqual(
      expect.arrayContaining([STREET_A, STREET_B]),
    );
  });

  it('holds a street account to its street on drill-downs at every level and on the Excel export', async () => {
    const codes = (r: { body: { items: Array<{ communityCode: string }> } }) =>
      r.body.items.map((i) => i.communityCode);
    // a drill-down without a unit: the street's own people only; the district's has the other street's too
    const mine = await api('reports.list', { period, figure: 'workingAge' }, tokens.kx);
    expect(mine.status).toBe(200);
    expect(codes(mine).length).toBeGreaterThan(0);
    expect(codes(mine).every((c) => c.startsWith(STREET_A))).toBe(true);
    const everyone = await api('reports.list', { period, figure: 'workingAge' }, tokens.qu);
    expect(codes(everyone)).toContain(COMMUNITY_B);
    // another street as the unit
    const street = await api('reports.list', { period, figure: 'workingAge', unit: STREET_B }, tokens.kx);
    expect(street.status).toBe(403);
    expect(street.body.error).toMatchObject({
      code: 'out_of_scope',
      message: '街道账号只能查看本街道的明细',
    });
    // the Excel file: another street refused; its own lists its street and communities only
    const exportAs = (body: unknown) =>
      fetch(`${ts.url}/console/api/reports.export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.kx}` },
        body: JSON.stringify(body),
      });
    const other = await exportAs({ period, street: STREET_B });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toBe(
      '街道账号只能导出本街道的报表',
    );
    const own = await exportAs({ period });
    expect(own.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await own.arrayBuffer()) as never);
    const ws = wb.getWorksheet('通报')!;
    const units: string[] = [];
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) units.push(String(ws.getCell(r, 1).value).trim());
    const communities = DEFAULT_REFERENCE.communities.filter((c) => c.code.startsWith(STREET_A));
    const streetName = DEFAULT_REFERENCE.streets.find((x) => x.code === STREET_A)!.name;
    expect(units).toEqual([streetName, ...communities.map((c) => c.name), '合计']);
    const refused = (await ts.server.db
      .selectFrom('console_audit')
      .select(['action', 'target'])
      .where('username', '=', 'kx')
      .where('outcome', '=', 'refused')
      .where('action', 'in', ['reports.list', 'reports.export'])
      .execute()) as Array<{ action: string; target: string | null }>;
    expect(refused).toEqual(
      expect.arrayContaining([
        { action: 'reports.list', target: STREET_B },
        { action: 'reports.export', target: STREET_B },
      ]),
    );
  });

  it('refuses a forged session and an expired one with 401, in Chinese, and logs them', async () => {
    const forged = await api('me', {}, 'A'.repeat(43));
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatchObject({ code: 'unauthorized', message: '登录已失效，请重新登录' });
    const none = await api('me', {});
    expect(none.status).toBe(401);
    const u = await addUser(ts.server.ctx, { username: 'brief', role: 'viewer' });
    const t = (await api('login', { username: 'brief', password: u.password })).body.token as string;
    expect((await api('me', {}, t)).status).toBe(200);
    ts.clock.now += 8 * 3_600_000 + 1000;
    try {
      const expired = await api('me', {}, t);
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('session_expired');
    } finally {
      ts.clock.now -= 8 * 3_600_000 + 1000;
    }
    const details = (await auditOf('me')).filter((a) => a.outcome === 'refused').map((a) => a.detail);
    expect(details).toEqual(expect.arrayContaining(['session_invalid', 'no_session', 'session_expired']));
  });

  it('refuses a viewer deciding a merge (403, task untouched); the district decides, logged', async () => {
    const viewer = await api('merges.decide', { taskId, keepCommunity: COMMUNITY_A }, tokens.ck);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error).toMatchObject({ code: 'forbidden_role', message: '只读账号不能作出决定' });
    expect((await ts.server.listMergeTasks('open')).map((t) => t.id)).toContain(taskId);
    // a street account cannot decide a task that reaches into another street
    expect((await api('merges.decide', { taskId, keepCommunity: COMMUNITY_A }, tokens.kx)).status).toBe(403);
    const ok = await api('merges.decide', { taskId, keepCommunity: COMMUNITY_A }, tokens.qu);
    expect(ok.status).toBe(200);
    expect((await ts.server.listMergeTasks('open')).map((t) => t.id)).not.toContain(taskId);
    const log = await auditOf('merges.decide');
    expect(log.map((a) => [a.username, a.outcome])).toEqual([
      ['ck', 'refused'],
      ['kx', 'refused'],
      ['qu', 'ok'],
    ]);
  });

  it('gives a full ID number on request only, and logs who read whose (never the number)', async () => {
    const r = await api('residents.reveal', { residentId: residentA }, tokens.qu);
    expect(r.status).toBe(200);
    expect(r.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    const list = await api('reports.list', { period, figure: 'workingAge', unit: STREET_A }, tokens.qu);
    expect(JSON.stringify(list.body)).not.toContain(r.body.idNumber);
    const log = (await auditOf('residents.reveal')).filter((a) => a.outcome === 'ok');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ username: 'qu', target: residentA, detail: 'id_number' });
    expect(
      JSON.stringify(await ts.server.db.selectFrom('console_audit').selectAll().execute()),
    ).not.toContain(r.body.idNumber);
    expect((await api('residents.reveal', { residentId: residentA }, tokens.ck)).status).toBe(403);
  });

  it('answers malformed input with 400 and the reason in Chinese', async () => {
    const r = await api('reports.district', { period: { kind: 'month', value: '2025-13' } }, tokens.qu);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_input', message: '月份格式应为 2026-03' });
    const s = await api('reports.district', { period, street: '33' }, tokens.qu);
    expect(s.body.error.message).toBe('街道代码应为 9 位数字');
  });

  it('locks a username after 5 wrong passwords in 15 minutes (429), even for the right one', async () => {
    const u = await addUser(ts.server.ctx, { username: 'lock', role: 'viewer' });
    for (let i = 0; i < 5; i++) {
      const r = await api('login', { username: 'lock', password: 'wrong' });
      expect(r.status).toBe(401);
      expect(r.body.error.message).toBe('用户名或密码不正确');
    }
    const locked = await api('login', { username: 'lock', password: u.password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('locked');
    ts.clock.now += 15 * 60_000 + 1000;
    try {
      expect((await api('login', { username: 'lock', password: u.password })).status).toBe(200);
    } finally {
      ts.clock.now -= 15 * 60_000 + 1000;
    }
  });

  it('lists the fleet with each station’s weekly upload, street accounts their street only', async () => {
    const district = await api('stations.list', {}, tokens.qu);
    expect(district.body.items.map((s: { communityCode: string }) => s.communityCode).sort()).toEqual([
      COMMUNITY_A,
      COMMUNITY_B,
    ]);
    for (const s of district.body.items) expect(s.weekly).toBe('uploaded');
    const street = await api('stations.list', {}, tokens.kx);
    expect(street.body.items.map((s: { communityCode: string }) => s.communityCode)).toEqual([COMMUNITY_A]);
  });
});

describe('weekly upload', () => {
  // 2025-07-07 is a Monday; China time is UTC+8
  const at = (iso: string) => new Date(iso);
  it('says uploaded since Monday, pending before Friday 17:00, late after it, silent after two weeks', () => {
    expect(weeklyUpload('2025-07-07T00:30:00Z', at('2025-07-09T02:00:00Z'))).toBe('uploaded');
    expect(weeklyUpload('2025-07-06T15:30:00Z', at('2025-07-09T02:00:00Z'))).toBe('pending'); // Sunday 23:30 CST
    expect(weeklyUpload('2025-07-06T15:30:00Z', at('2025-07-11T08:59:00Z'))).toBe('pending'); // Fri 16:59
    expect(weeklyUpload('2025-07-06T15:30:00Z', at('2025-07-11T09:00:00Z'))).toBe('late'); // Fri 17:00
    expect(weeklyUpload('2025-06-25T00:00:00Z', at('2025-07-11T09:00:00Z'))).toBe('silent');
    expect(weeklyUpload(null, at('2025-07-11T09:00:00Z'))).toBe('silent');
  });
});
