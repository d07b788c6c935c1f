// The headless station over real HTTP on 127.0.0.1: every bad input gets the contract's error shape and
// status, nothing is half-written, the process keeps answering, and static files never leave their folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startHttpHost } from '../../station/http';
import { newStation, type TestStation } from '../factories/station';
import { idWith, rowCounts } from './support';

let s: TestStation;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  s = await newStation();
  ({ app, url: base } = await startHttpHost({ station: s.station }));
});
afterAll(async () => {
  await app.close();
  await s.close();
});

interface Answer {
  status: number;
  body: {
    error?: {
      code: string;
      message: string;
      issues?: Array<{ path: string; message: string }>;
      details?: Record<string, unknown>;
    };
  } & Record<string, unknown>;
}
async function post(
  method: string,
  body: unknown,
  opts: { token?: string | null; raw?: boolean; contentType?: string; origin?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  if (opts.origin) headers.origin = opts.origin;
  const token = opts.token === undefined ? s.token : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers,
    body: opts.raw ? (body as string) : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

describe('POST /api/<method>', () => {
  it('answers a good call with 200 and the result', async () => {
    const r = await post('session.state', {}, { token: null });
    expect(r).toEqual({
      status: 200,
      body: { setupDone: true, communityCode: '330104005051', stationName: '景昙社区工作站' },
    });
  });

  it('malformed JSON → 400 invalid_input with issues', async () => {
    for (const raw of ['{', '{"name": }', "{'a':1}", 'undefined', '\u0000']) {
      const r = await post('residents.create', raw, { raw: true });
      expect(r.status, raw).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('JSON') });
      expect(r.body.error!.issues!.length).toBeGreaterThan(0);
    }
  });

  it('a body that is not an object → 400', async () => {
    for (const raw of ['[]', '[{"name":"张三"}]', '42', '"张三"', 'true', 'null']) {
      const r = await post('residents.create', raw, { raw: true });
      expect(r.status, raw).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_input', issues: [{ path: '' }] });
    }
  });

  it('wrong types → 400 naming each field', async () => {
    const r = await post('residents.create', {
      name: 123,
      idNumber: true,
      landlessFarmer: 'yes',
      unemployment: { status: 'rich', confirmedAt: 'today' },
    });
    expect(r.status).toBe(400);
    const paths = r.body.error!.issues!.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'idNumber',
        'landlessFarmer',
        'unemployment.status',
        'unemployment.confirmedAt',
      ]),
    );
    const list = await post('residents.list', {
      offset: 'zero',
      limit: 10.5,
      sort: [{ field: 'salary', dir: 'up' }],
    });
    expect(list.status).toBe(400);
    expect(list.body.error!.issues!.map((i) => i.path)).toEqual(
      expect.arrayContaining(['offset', 'limit', 'sort.0.field', 'sort.0.dir']),
    );
  });

  it('an ID number with a wrong check digit → 400 naming the check digit and the right one', async () => {
    const good = idWith('1985-06-15', '001');
    const wrong = good.slice(0, 17) + (good[17] === '5' ? '6' : '5');
    const r = await post('residents.create', { name: '张三', idNumber: wrong });
    expect(r.status).toBe(400);
    expect(r.body.error!.issues).toEqual([
      {
        path: 'idNumber',
        message: expect.stringMatching(new RegExp(`校验位.*应为 ${good[17]}`)),
        kind: 'custom',
      },
    ]);
  });

  it('an impossible birth date in the ID number → 400 naming the date', async () => {
    const first17 = '33010419990230001';
    const r = await post('residents.create', { name: '张三', idNumber: first17 + '0' });
    expect(r.status).toBe(400);
    expect(r.body.error!.issues![0]).toMatchObject({
      path: 'idNumber',
      message: expect.stringContaining('1999-02-30'),
    });
    const bad = await post('vacancies.list', {});
    expect(bad.status).toBe(200);
  });

  it('an impossible date in a six-clears section → 400 naming the field', async () => {
    const r = await post('residents.create', {
      name: '张三',
      idNumber: idWith('1985-06-15', '001'),
      income: { householdSize: 2, monthlyIncome: 100, confirmedAt: '2025-02-30' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error!.issues).toEqual([
      { path: 'income.confirmedAt', message: expect.stringContaining('真实日期'), kind: 'custom' },
    ]);
  });

  it('unknown method → 404 unknown_method; GET on the API → 404 in the same shape', async () => {
    for (const m of ['residents.fly', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const r = await post(m, {});
      expect(r.status, m).toBe(404);
      expect(r.body.error!.code).toBe('unknown_method');
    }
    const get = await fetch(`${base}/api/x`);
    expect(get.status).toBe(404);
    expect(await get.json()).toEqual({ error: { code: 'unknown_method', message: expect.any(String) } });
    const getMethod = await fetch(`${base}/api/residents.list`);
    expect(getMethod.status).toBe(404);
  });

  it('no token or a bad token → 401', async () => {
    expect((await post('residents.list', {}, { token: null })).body.error!.code).toBe('unauthorized');
    expect((await post('residents.list', {}, { token: null })).status).toBe(401);
    expect((await post('residents.list', {}, { token: 'not-a-token' })).status).toBe(401);
    const basic = await fetch(`${base}/api/residents.list`, {
      method: 'POST',
      headers: { authorization: `Basic ${s.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(basic.status).toBe(401);
  });

  it('a duplicate ID number → 409 with the existing resident id', async () => {
    const id = idWith('1970-10-10', '005');
    const first = await post('residents.create', { name: '王五', idNumber: id });
    expect(first.status).toBe(200);
    const again = await post('residents.create', { name: '王伍', idNumber: id.toLowerCase() });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'duplicate_id_number',
      details: { existingId: first.body.id },
    });
  });

  it('a body over the limit (2 MB) → 413 payload_too_large', async () => {
    const big = JSON.stringify({
      name: '张三',
      idNumber: idWith('1985-06-15', '001'),
      note: 'x'.repeat(2 * 1024 * 1024),
    });
    const r = await post('residents.create', big, { raw: true });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large' });
  });

  it('any content type is read as JSON (a missing header is not a different error)', async () => {
    const r = await post('session.state', '{}', { raw: true, contentType: 'text/plain' });
    expect(r.status).toBe(200);
  });

  it('no body at all reads as {}, so the answer names the missing fields', async () => {
    const state = await fetch(`${base}/api/session.state`, { method: 'POST' });
    expect(state.status).toBe(200);
    const create = await fetch(`${base}/api/residents.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(create.status).toBe(400);
    const body = (await create.json()) as Answer['body'];
    expect(body.error!.issues!.map((i) => i.path).sort()).toEqual(['idNumber', 'name']);
  });

  it('a path outside the API and without static files → 404 in the contract shape', async () => {
    const r = await fetch(`${base}/nothing-here`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('after all of that the process answers and nothing was half-written', async () => {
    const before = await rowCounts(s.station);
    const bad = [
      () => post('residents.create', '{', { raw: true }),
      () => post('residents.create', { name: '张三', idNumber: '330104199902300010' }),
      () =>
        post('residents.create', JSON.stringify({ name: '张三', note: 'y'.repeat(1_100_000) }), {
          raw: true,
        }),
      () =>
        post('residents.create', {
          name: '张三',
          idNumber: idWith('1985-06-15', '001'),
          householdId: '01900000-0000-7000-8000-000000000000',
        }),
      () => post('residents.update', { id: '01900000-0000-7000-8000-000000000000', name: '李四' }),
      () =>
        post('households.setMember', {
          householdId: '01900000-0000-7000-8000-000000000000',
          residentId: '01900000-0000-7000-8000-000000000001',
        }),
      () =>
        post('vacancies.create', {
          employerId: '01900000-0000-7000-8000-000000000000',
          title: 't',
          positions: 1,
          validFrom: '2025-01-01',
          validTo: '2025-01-02',
        }),
      () => post('residents.create', { name: '张三', idNumber: idWith('1970-10-10', '005') }),
    ];
    const statuses = await Promise.all(bad.map((f) => f().then((r) => r.status)));
    expect(statuses).toEqual([400, 400, 413, 400, 404, 404, 404, 409]);
    expect(await rowCounts(s.station)).toEqual(before);
    const ok = await post('session.me', {});
    expect(ok.status).toBe(200);
  });
});

/** A request with headers fetch will not let us set (Host). */
function rawPost(
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(port),
        path,
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('callers from elsewhere', () => {
  it('a page of another site cannot call the API, even a public method without preflight', async () => {
    const before = await rowCounts(s.station);
    for (const origin of ['http://evil.example', 'https://127.0.0.1.evil.example', 'null']) {
      const r = await post(
        'session.login',
        { username: 'admin', password: 'x' },
        { token: null, contentType: 'text/plain', origin },
      );
      expect(r.status, origin).toBe(403);
      expect(r.body.error!.code).toBe('forbidden');
    }
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('a DNS-rebound name (Host not loopback) is refused; loopback names without an Origin are served', async () => {
    const evil = await rawPost(
      '/api/session.state',
      { host: 'evil.example:80', 'content-type': 'application/json' },
      '{}',
    );
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'forbidden' } });
    // scripts on this PC and proxies send no Origin: served under any loopback Host
    for (const host of ['127.0.0.1:1234', 'localhost:5173', '[::1]:80'])
      expect(
        (await rawPost('/api/session.state', { host, 'content-type': 'application/json' }, '{}')).status,
        host,
      ).toBe(200);
  });

  it('a page of another loopback port (another local app, a dev server) is another site: 403', async () => {
    // the host listens on port 0: its own origin is whatever port it got
    const port = Number(new URL(base).port);
    expect(port).toBeGreaterThan(0);
    const before = await rowCounts(s.station);
    for (const origin of [
      'http://127.0.0.1:1234',
      'http://localhost:5173',
      `http://127.0.0.1:${port + 1}`,
      `http://localhost:${port === 80 ? 81 : 80}`,
      'http://127.0.0.1',
      `http://[::1]:${port}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}.evil.example`,
    ]) {
      const r = await post(
        'session.login',
        { username: 'admin', password: 'x' },
        { token: null, contentType: 'text/plain', origin },
      );
      expect(r.status, origin).toBe(403);
      expect(r.body.error, origin).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('其他网站'),
      });
    }
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('its own page (http://127.0.0.1:<port>, or localhost on that port) is served', async () => {
    const port = new URL(base).port;
    for (const origin of [base, `http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const r = await post('session.me', {}, { origin });
      expect(r.status, origin).toBe(200);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`])
      expect(
        (
          await rawPost(
            '/api/session.state',
            { host, origin: `http://${host}`, 'content-type': 'application/json' },
            '{}',
          )
        ).status,
        host,
      ).toBe(200);
  });
});

describe('the listening address', () => {
  it('is 127.0.0.1 only', async () => {
    const addr = app.server.address();
    expect(addr).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // and another address of this machine does not answer on that port
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) {
      const port = (addr as { port: number }).port;
      const refused = await new Promise<string>((resolve) => {
        const sock = connect({ host: other.address, port });
        sock.on('connect', () => {
          sock.destroy();
          resolve('connected');
        });
        sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    }
  });
});

describe('static files', () => {
  let dir: string;
  let host: { app: FastifyInstance; url: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liuqing-static-'));
    mkdirSync(join(dir, 'www', 'assets'), { recursive: true });
    mkdirSync(join(dir, 'www-secret'));
    writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>六清</title>');
    writeFileSync(join(dir, 'www', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
    writeFileSync(join(dir, 'www-secret', 'key.txt'), 'TOP-SECRET');
    host = await startHttpHost({ station: s.station, staticDir: join(dir, 'www') });
  });
  afterAll(async () => {
    await host.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A GET with the path sent exactly as written (fetch would normalise the dots away). */
  function rawGet(path: string): Promise<{ status: number; body: string; type: string; cache: string }> {
    const { port } = new URL(host.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), path, method: 'GET' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            type: String(res.headers['content-type']),
            cache: String(res.headers['cache-control']),
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('serves index.html and assets, with their types', async () => {
    expect(await rawGet('/')).toMatchObject({
      status: 200,
      body: expect.stringContaining('六清'),
      type: 'text/html; charset=utf-8',
    });
    expect(await rawGet('/assets/app.js')).toMatchObject({
      status: 200,
      body: 'console.log(1)',
      type: 'text/javascript; charset=utf-8',
    });
    // client-side routes fall back to the app
    expect(await rawGet('/residents/123')).toMatchObject({
      status: 200,
      body: expect.stringContaining('六清'),
    });
  });

  it('lets the browser keep only the content-hashed assets; the page and every answer are never stored', async () => {
    expect((await rawGet('/assets/app.js')).cache).toBe('public, max-age=31536000, immutable');
    expect((await rawGet('/')).cache).toBe('no-store');
    expect((await rawGet('/residents/123')).cache).toBe('no-store');
    // a missing asset falls back to index.html, which is never cached
    expect((await rawGet('/assets/missing.js')).cache).toBe('no-store');
    const api = await fetch(`${host.url}/api/session.state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses path traversal in every spelling', async () => {
    for (const p of [
      '/../secret.txt',
      '/../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/etc/passwd',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt',
      '/..%5csecret.txt',
      '/../www-secret/key.txt',
      '/%2e%2e/www-secret/key.txt',
      '//etc/passwd',
      '/%00../secret.txt',
    ]) {
      const r = await rawGet(p);
      expect(r.body, p).not.toContain('TOP-SECRET');
      expect(r.body, p).not.toMatch(/root:.*:0:0:/);
      expect(r.status, p).toBeLessThan(500);
    }
  });

  it('a malformed percent-encoding is a client error, not a crash', async () => {
    const r = await rawGet('/%E0%A4%A');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect((await rawGet('/')).status).toBe(200);
  });
});
