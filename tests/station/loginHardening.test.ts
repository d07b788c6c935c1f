// Login hardening: a username under brute force is locked for a while (on the station's clock, so no
// sleeps), a password change or reset ends the other sessions, a corrupt stored hash is just a failed
// login, and a login before setup is a 409 over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { Station } from '../../station/station';
import { startHttpHost } from '../../station/http';
import { ADMIN, newStation, type TestStation } from '../factories/station';
import { movableClock } from './support';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function tested(clock = movableClock('2025-07-01T02:00:00Z')) {
  const s = await newStation({ now: clock.now });
  cleanup.push(() => s.close());
  return { s, clock };
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

const login = (s: TestStation, username: string, password: string) =>
  s.station.call('session.login', { username, password }) as Promise<{ token: string }>;
const MIN = 60_000;

describe('login rate limit', () => {
  it('after 5 failures in 15 minutes the username is refused for 5 minutes, even with the right password', async () => {
    const { s, clock } = await tested();
    for (let i = 0; i < 5; i++) {
      expect((await failure(login(s, ADMIN.username, 'wrong-password'))).code).toBe('unauthorized');
      clock.advance(2 * MIN);
    }
    const locked = await failure(login(s, ADMIN.username, ADMIN.password));
    expect(locked.code).toBe('rate_limited');
    expect(locked.message).toBe('登录失败次数过多，该账号已暂时锁定，请 3 分钟后再试');
    // the existing session is not touched; other usernames are not locked
    await expect(s.call('session.me', {})).resolves.toMatchObject({ operator: { username: ADMIN.username } });
    await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    await expect(login(s, 'xiaoli', 'assistant-1')).resolves.toHaveProperty('token');

    clock.advance(3 * MIN - 1);
    expect((await failure(login(s, ADMIN.username, ADMIN.password))).code).toBe('rate_limited');
    clock.advance(1);
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
  });

  it('failures spread over more than 15 minutes do not lock, and a success starts the count again', async () => {
    const { s, clock } = await tested();
    for (let i = 0; i < 8; i++) {
      expect((await failure(login(s, ADMIN.username, 'wrong-password'))).code).toBe('unauthorized');
      clock.advance(4 * MIN); // at most 4 failures in any 15 minutes
    }
    clock.advance(15 * MIN);
    for (let i = 0; i < 4; i++) await failure(login(s, ADMIN.username, 'wrong-password'));
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
    for (let i = 0; i < 4; i++)
      expect((await failure(login(s, ADMIN.username, 'wrong-password'))).code).toBe('unauthorized');
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
  });

  it('unknown usernames are locked the same way, so the answer does not tell which names exist', async () => {
    const { s } = await tested();
    for (let i = 0; i < 5; i++)
      expect((await failure(login(s, 'nobody', 'wrong-password'))).code).toBe('unauthorized');
    expect((await failure(login(s, 'nobody', 'wrong-password'))).code).toBe('rate_limited');
  });

  it('attempts made at the same moment cannot slip past the limit', async () => {
    const { s } = await tested();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => login(s, ADMIN.username, 'wrong-password')),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ApiError).code : 'ok'));
    expect(codes.filter((c) => c === 'unauthorized')).toHaveLength(5);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(7);
  });

  it('over HTTP the lock is a 429 with the Chinese message', async () => {
    const { s } = await tested();
    const { app, url } = await startHttpHost({ station: s.station });
    cleanup.push(() => app.close());
    const post = async () => {
      const res = await fetch(`${url}/api/session.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ADMIN.username, password: 'wrong-password' }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    for (let i = 0; i < 5; i++) expect((await post()).status).toBe(401);
    const r = await post();
    expect(r.status).toBe(429);
    expect(r.body.error).toEqual({
      code: 'rate_limited',
      message: '登录失败次数过多，该账号已暂时锁定，请 5 分钟后再试',
    });
  });

  it('an admin resetting the password lifts the lock', async () => {
    const { s } = await tested();
    const op = await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    for (let i = 0; i < 5; i++) await failure(login(s, 'xiaoli', 'wrong-password'));
    expect((await failure(login(s, 'xiaoli', 'assistant-1'))).code).toBe('rate_limited');
    await s.call('operators.resetPassword', { id: op.id, newPassword: 'new-secret-9' });
    await expect(login(s, 'xiaoli', 'new-secret-9')).resolves.toHaveProperty('token');
  });
});

describe('station-wide login limit', () => {
  const STATION_LOCK =
    '本机 15 分钟内登录失败已达 20 次，为防止密码被猜测，所有账号暂停登录，请 10 分钟后再试';
  /** 30 usernames, each tried fewer times than its own lock allows. */
  const spray = (i: number) => `guess${i % 30}`;

  it('20 failures across many usernames within 15 minutes refuse every login for 10 minutes, then let the right user in', async () => {
    const { s, clock } = await tested();
    for (let i = 0; i < 20; i++) {
      clock.advance(10_000); // the lock starts at the 20th failure, 200 s after the first
      expect((await failure(login(s, spray(i), 'wrong-password'))).code, `try ${i}`).toBe('unauthorized');
    }
    // every username is refused now, the right password of a real account too, with the rule named
    for (const [u, p] of [
      [spray(20), 'wrong-password'],
      [ADMIN.username, ADMIN.password],
    ] as const) {
      const e = await failure(login(s, u, p));
      expect(e.code).toBe('rate_limited');
      expect(e.message).toBe(STATION_LOCK);
    }
    // refusals during the lock do not prolong it: the guesser cannot keep the desk out for ever
    for (let i = 0; i < 50; i++) await failure(login(s, spray(i), 'wrong-password'));
    // sessions already open go on
    await expect(s.call('session.me', {})).resolves.toMatchObject({ operator: { username: ADMIN.username } });

    clock.advance(10 * MIN - 1);
    expect((await failure(login(s, ADMIN.username, ADMIN.password))).code).toBe('rate_limited');
    clock.advance(1);
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
  });

  it('19 failures do not lock; failures older than 15 minutes stop counting', async () => {
    const { s, clock } = await tested();
    for (let i = 0; i < 19; i++) await failure(login(s, spray(i), 'wrong-password'));
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
    // a right password does not reset the station's count: one more failure locks
    expect((await failure(login(s, spray(19), 'wrong-password'))).code).toBe('unauthorized');
    expect((await failure(login(s, ADMIN.username, ADMIN.password))).message).toBe(STATION_LOCK);

    clock.advance(10 * MIN);
    for (let i = 0; i < 19; i++) await failure(login(s, spray(i), 'wrong-password'));
    clock.advance(15 * MIN); // those 19 age out of the window
    for (let i = 0; i < 19; i++)
      expect((await failure(login(s, spray(i), 'wrong-password'))).code).toBe('unauthorized');
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
  });

  it('the per-username lock still holds under the station limit', async () => {
    const { s } = await tested();
    for (let i = 0; i < 5; i++) await failure(login(s, ADMIN.username, 'wrong-password'));
    const e = await failure(login(s, ADMIN.username, ADMIN.password));
    expect(e.message).toBe('登录失败次数过多，该账号已暂时锁定，请 5 分钟后再试');
  });

  it('attempts made at the same moment across usernames cannot slip past the station limit', async () => {
    const { s } = await tested();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => login(s, spray(i), 'wrong-password')),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ApiError).code : 'ok'));
    expect(codes.filter((c) => c === 'unauthorized')).toHaveLength(20);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(10);
  });

  it('over HTTP the station lock is a 429 with the Chinese message', async () => {
    const { s } = await tested();
    const { app, url } = await startHttpHost({ station: s.station });
    cleanup.push(() => app.close());
    const post = async (username: string) => {
      const res = await fetch(`${url}/api/session.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'wrong-password' }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    for (let i = 0; i < 20; i++) expect((await post(spray(i))).status).toBe(401);
    const r = await post(spray(20));
    expect(r.status).toBe(429);
    expect(r.body.error).toEqual({ code: 'rate_limited', message: STATION_LOCK });
  });
});

describe('password change and reset end other sessions', () => {
  it('changePassword keeps the current session and ends the operator’s other ones, not other operators’', async () => {
    const { s } = await tested();
    await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    const other = await login(s, ADMIN.username, ADMIN.password);
    const li = await login(s, 'xiaoli', 'assistant-1');
    await s.call('operators.changePassword', { oldPassword: ADMIN.password, newPassword: 'admin-pass-2' });
    await expect(s.call('session.me', {})).resolves.toMatchObject({ operator: { username: ADMIN.username } });
    expect((await failure(s.station.call('session.me', {}, other.token))).code).toBe('unauthorized');
    await expect(s.station.call('session.me', {}, li.token)).resolves.toMatchObject({
      operator: { username: 'xiaoli' },
    });
    expect((await failure(login(s, ADMIN.username, ADMIN.password))).code).toBe('unauthorized');
    await expect(login(s, ADMIN.username, 'admin-pass-2')).resolves.toHaveProperty('token');
  });

  it('a wrong old password changes nothing and ends no session', async () => {
    const { s } = await tested();
    const other = await login(s, ADMIN.username, ADMIN.password);
    const e = await failure(
      s.call('operators.changePassword', { oldPassword: 'not-it-at-all', newPassword: 'admin-pass-2' }),
    );
    expect(e).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'oldPassword', message: '原密码不正确' }],
    });
    await expect(s.station.call('session.me', {}, other.token)).resolves.toBeTruthy();
    await expect(login(s, ADMIN.username, ADMIN.password)).resolves.toHaveProperty('token');
  });

  it('resetPassword (admin) sets a new password and ends all of that operator’s sessions', async () => {
    const { s } = await tested();
    const op = await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    const a = await login(s, 'xiaoli', 'assistant-1');
    const b = await login(s, 'xiaoli', 'assistant-1');
    await expect(
      s.call('operators.resetPassword', { id: op.id, newPassword: 'reset-pass-1' }),
    ).resolves.toEqual({ ok: true });
    for (const t of [a.token, b.token])
      expect((await failure(s.station.call('session.me', {}, t))).code).toBe('unauthorized');
    expect((await failure(login(s, 'xiaoli', 'assistant-1'))).code).toBe('unauthorized');
    await expect(login(s, 'xiaoli', 'reset-pass-1')).resolves.toHaveProperty('token');
    // the admin's own session goes on
    await expect(s.call('session.me', {})).resolves.toMatchObject({ operator: { username: ADMIN.username } });
  });

  it('resetPassword is for admins only, checks the id and the password rules', async () => {
    const { s } = await tested();
    const op = await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    const li = await login(s, 'xiaoli', 'assistant-1');
    const me = await s.call('session.me', {});
    expect(
      (
        await failure(
          s.station.call(
            'operators.resetPassword',
            { id: me.operator.id, newPassword: 'taken-over-1' },
            li.token,
          ),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await failure(
          s.call('operators.resetPassword', {
            id: '0190a0a0-0000-7000-8000-000000000000',
            newPassword: 'reset-pass-1',
          }),
        )
      ).code,
    ).toBe('not_found');
    expect(
      await failure(s.call('operators.resetPassword', { id: op.id, newPassword: 'short' })),
    ).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'newPassword', message: '密码至少 8 位' }],
    });
    await expect(login(s, 'xiaoli', 'assistant-1')).resolves.toHaveProperty('token');
  });
});

describe('a corrupt stored password hash', () => {
  const corrupt = [
    'garbage',
    '',
    'scrypt$3$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5',
    'scrypt$abc$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5',
    'scrypt$16384$0$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5',
    'scrypt$16384$8$-1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5',
    'scrypt$1048576$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5',
    'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$',
    'scrypt$16384$8$1$$a2V5a2V5a2V5a2V5',
  ];

  it('answers 401 with the wrong-password message, never 500', async () => {
    const { s } = await tested();
    const { app, url } = await startHttpHost({ station: s.station });
    cleanup.push(() => app.close());
    for (const hash of corrupt) {
      await s.station.db
        .updateTable('operators')
        .set({ password_hash: hash })
        .where('username', '=', ADMIN.username)
        .execute();
      const e = await failure(login(s, ADMIN.username, ADMIN.password));
      expect(e, hash).toMatchObject({ code: 'unauthorized', message: '用户名或密码错误' });
      const res = await fetch(`${url}/api/session.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
      });
      expect(res.status, hash).toBe(401);
      // do not let the rate limit answer for the hash
      await s.call('operators.resetPassword', {
        id: (await s.call('session.me', {})).operator.id,
        newPassword: ADMIN.password,
      });
    }
  });

  it('changePassword against a corrupt hash says the old password is wrong', async () => {
    const { s } = await tested();
    await s.station.db
      .updateTable('operators')
      .set({ password_hash: 'scrypt$3$8$1$c2FsdA==$a2V5' })
      .where('username', '=', ADMIN.username)
      .execute();
    const e = await failure(
      s.call('operators.changePassword', { oldPassword: ADMIN.password, newPassword: 'admin-pass-2' }),
    );
    expect(e).toMatchObject({ code: 'invalid_input', issues: [{ path: 'oldPassword' }] });
  });
});

describe('session.login before setup', () => {
  it('is a 409 conflict saying setup is not done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-nosetup-'));
    const st = await Station.open({ dataDir: dir });
    const { app, url } = await startHttpHost({ station: st });
    cleanup.push(async () => {
      await app.close();
      await st.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const res = await fetch(`${url}/api/session.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'whatever-1' }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'conflict', message: '本机尚未完成初始设置' } });
  });
});
