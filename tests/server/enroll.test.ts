// Enrolment and credentials over real HTTP: a one-time code, 7-day expiry, revocation, the CLI's --json.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, enrollResponse, statusResponse } from '../../shared/sync/protocol';
import { dropPgSchema } from '../../server/index';
import { BACKENDS, COMMUNITY_A, PG_URL, post, startServer, TestStation, type TestServer } from './harness';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

describe.each(BACKENDS)('enrolment on %s', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startServer(backend);
  });
  afterAll(() => ts.close());

  it('turns a one-time code into a credential bound to the community, once', async () => {
    const { code, stationId } = await ts.server.addStation(COMMUNITY_A);
    const first = await post(ts.url, ENDPOINTS.enroll, {
      code: code.toLowerCase(),
      stationName: '景昙一号机',
    });
    expect(first.status).toBe(200);
    const body = enrollResponse.parse(first.body);
    expect(body).toMatchObject({ stationId, communityCode: COMMUNITY_A, stationNumber: expect.any(Number) });

    const again = await post(ts.url, ENDPOINTS.enroll, { code });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('enroll_code_invalid');
    expect(again.body.error.message).toContain('已经使用过');

    const status = await post(
      ts.url,
      ENDPOINTS.status,
      { clock: new Date(ts.clock.now + 3 * 86_400_000).toISOString() },
      { credential: body.credential },
    );
    expect(status.status).toBe(200);
    const s = statusResponse.parse(status.body);
    expect(s).toMatchObject({ stationId, communityCode: COMMUNITY_A, lastAppliedSeq: 0, head: 0 });
    expect(s.clockSkewMs).toBe(3 * 86_400_000);
  });

  it('numbers stations per community', async () => {
    const a = await ts.server.addStation('330104005052');
    const b = await ts.server.addStation('330104005052');
    const ea = await post(ts.url, ENDPOINTS.enroll, { code: a.code });
    const eb = await post(ts.url, ENDPOINTS.enroll, { code: b.code });
    expect([ea.body.stationNumber, eb.body.stationNumber]).toEqual([1, 2]);
  });

  it('refuses a wrong code and a code older than 7 days', async () => {
    const wrong = await post(ts.url, ENDPOINTS.enroll, { code: 'AAAA-BBBB-CCCC' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'enroll_code_invalid',
      message: expect.stringContaining('不正确'),
    });

    const { code } = await ts.server.addStation(COMMUNITY_A);
    const saved = ts.clock.now;
    try {
      ts.clock.now += 7 * 86_400_000 + 1000;
      const late = await post(ts.url, ENDPOINTS.enroll, { code });
      expect(late.status).toBe(400);
      expect(late.body.error.message).toContain('已过期');
    } finally {
      ts.clock.now = saved;
    }
    // Within the week the same code still works: expiry, not the first failure, refused it.
    ts.clock.now = saved + 6 * 86_400_000;
    try {
      expect((await post(ts.url, ENDPOINTS.enroll, { code })).status).toBe(200);
    } finally {
      ts.clock.now = saved;
    }
  });

  it('refuses a community that is not in the reference data', async () => {
    await expect(ts.server.addStation('330104999999')).rejects.toThrow('参考数据中没有社区');
  });

  it('refuses a missing, forged or revoked credential', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    expect((await post(ts.url, ENDPOINTS.pull, { after: 0 })).status).toBe(401);
    const forged = `${st.stationId}.${'x'.repeat(43)}`;
    const f = await post(ts.url, ENDPOINTS.pull, { after: 0 }, { credential: forged });
    expect(f.status).toBe(401);
    expect(f.body.error.code).toBe('unauthorized');

    expect((await st.pull(0)).status).toBe(200);
    await ts.server.revokeStation(st.stationId);
    const pulled = await st.pull(0);
    expect(pulled.status).toBe(403);
    expect(pulled.body.error).toMatchObject({ code: 'revoked', message: expect.stringContaining('停用') });
    const pushed = await st.push([
      st.entry('residents', crypto.randomUUID(), 'update', { note: [null, 'x'] }),
    ]);
    expect(pushed.status).toBe(403);
    expect(pushed.body.error.code).toBe('revoked');
    const listed = await ts.server.listStations();
    expect(listed.find((s) => s.id === st.stationId)?.revoked_at).toBeTruthy();
  });
});

function runCli(
  args: string[],
  env: Record<string, string | undefined>,
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

describe.each(BACKENDS)('admin CLI on %s', (backend) => {
  let target: { args: string[]; env: Record<string, string | undefined>; cleanup: () => Promise<void> };
  beforeAll(async () => {
    if (backend === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'liuqing-cli-'));
      target = {
        args: ['--data', dir],
        env: { DATABASE_URL: '' },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    } else {
      const schema = `t_cli_${Math.random().toString(36).slice(2, 8)}`;
      target = {
        args: [],
        env: { DATABASE_URL: PG_URL, PGSCHEMA: schema },
        cleanup: () => dropPgSchema(PG_URL, schema),
      };
    }
  });
  afterAll(() => target.cleanup());

  it('add-station --json prints exactly one JSON line; list and revoke see it; bad community refused', async () => {
    const r = await runCli(['add-station', '--community', COMMUNITY_A, '--json', ...target.args], target.env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as { code: string; stationId: string };
    expect(Object.keys(parsed).sort()).toEqual(['code', 'stationId']);
    expect(parsed.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const list = await runCli(['list-stations', ...target.args], target.env);
    expect(list.stdout).toContain(parsed.stationId);
    expect(list.stdout).toContain('待注册');
    const revoke = await runCli(['revoke-station', parsed.stationId, ...target.args], target.env);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect((await runCli(['list-stations', ...target.args], target.env)).stdout).toContain('已停用');

    const bad = await runCli(['add-station', '--community', '12345', '--json', ...target.args], target.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('社区代码应为12位数字');
    expect(bad.stdout).toBe('');
  });
});
