// First-run setup, offline login, roles, disabling an operator, and how passwords are stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Station } from '../../station/station';
import { hashPassword, verifyPassword } from '../../station/auth/password';
import { ADMIN, TEST_COMMUNITY, newStation, type TestStation } from '../factories/station';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function freshStation(): Promise<Station> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-ops-'));
  const st = await Station.open({ dataDir: dir });
  cleanup.push(async () => {
    await st.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return st;
}
async function tested(): Promise<TestStation> {
  const s = await newStation();
  cleanup.push(() => s.close());
  return s;
}
const setupInput = (over: Record<string, unknown> = {}) => ({
  communityCode: TEST_COMMUNITY,
  admin: ADMIN,
  ...over,
});

describe('session.setup', () => {
  it('runs once; the second call answers already_setup', async () => {
    const st = await freshStation();
    expect(await st.call('session.state', {})).toEqual({
      setupDone: false,
      communityCode: null,
      stationName: null,
    });
    const info = (await st.call('session.setup', setupInput())) as {
      communityName: string;
      streetName: string;
      stationName: string;
      operator: { role: string };
    };
    expect(info).toMatchObject({
      communityName: '景昙社区',
      streetName: '凯旋街道',
      stationName: '景昙社区工作站',
      operator: { role: 'admin' },
    });
    await expect(
      st.call('session.setup', setupInput({ admin: { ...ADMIN, username: 'other' } })),
    ).rejects.toMatchObject({ code: 'already_setup' });
    expect(await st.db.selectFrom('operators').select('username').execute()).toEqual([{ username: 'admin' }]);
    expect(await st.call('session.state', {})).toMatchObject({
      setupDone: true,
      communityCode: TEST_COMMUNITY,
    });
  });

  it('two setups at the same moment: exactly one wins', async () => {
    const st = await freshStation();
    const results = await Promise.allSettled([
      st.call('session.setup', setupInput({ admin: { ...ADMIN, username: 'first' } })),
      st.call(
        'session.setup',
        setupInput({ admin: { ...ADMIN, username: 'second' }, communityCode: '330104006051' }),
      ),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'already_setup' });
    expect(await st.db.selectFrom('operators').select('username').execute()).toHaveLength(1);
    const meta = await st.db.selectFrom('meta').selectAll().where('key', '=', 'community_code').execute();
    expect(meta).toHaveLength(1);
  });

  it('refuses a community code that is not in the reference data, and a malformed one', async () => {
    const st = await freshStation();
    await expect(
      st.call('session.setup', setupInput({ communityCode: '330104999999' })),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'communityCode' }],
    });
    await expect(st.call('session.setup', setupInput({ communityCode: '3301' }))).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'communityCode', message: '社区代码应为 12 位数字' }],
    });
    expect(st.identity).toBeNull();
    expect(await st.db.selectFrom('operators').selectAll().execute()).toEqual([]);
  });

  it('refuses a short password for the first admin', async () => {
    const st = await freshStation();
    await expect(
      st.call('session.setup', setupInput({ admin: { ...ADMIN, password: 'short' } })),
    ).rejects.toMatchObject({
      issues: [{ path: 'admin.password', message: '密码至少 8 位' }],
    });
  });
});

describe('login and roles', () => {
  it('a wrong password and an unknown user get the same 401 message', async () => {
    const s = await tested();
    const wrong = await s.station
      .call('session.login', { username: ADMIN.username, password: 'wrong-password' })
      .catch((e: unknown) => e);
    const unknown = await s.station
      .call('session.login', { username: 'nobody', password: 'wrong-password' })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'unauthorized', message: '用户名或密码错误' });
    expect(unknown).toMatchObject({ code: 'unauthorized', message: '用户名或密码错误' });
  });

  it('without a token, or with a made-up one, every operator method answers unauthorized', async () => {
    const s = await tested();
    await expect(s.station.call('residents.list', {})).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(s.station.call('residents.list', {}, 'made-up-token')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(s.station.call('session.me', {}, '')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('logout ends the session', async () => {
    const s = await tested();
    await s.call('session.logout', {});
    await expect(s.call('session.me', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('an assistant cannot call admin methods', async () => {
    const s = await tested();
    await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    const { token } = (await s.station.call('session.login', {
      username: 'xiaoli',
      password: 'assistant-1',
    })) as { token: string };
    await expect(s.station.call('operators.list', {}, token)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      s.station.call(
        'operators.create',
        { username: 'x2', password: 'password-2', displayName: '某', role: 'admin' },
        token,
      ),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(s.station.call('settings.update', { staleAfterDays: 30 }, token)).rejects.toMatchObject({
      code: 'forbidden',
    });
    // but can do the daily work, and the outbox names them
    await s.station.call('households.create', {}, token);
    const entry = await s.station.db
      .selectFrom('outbox')
      .select(['operator_name'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.operator_name).toBe('李协理');
  });

  it('a disabled operator is refused at login and their open sessions end at once', async () => {
    const s = await tested();
    const op = await s.call('operators.create', {
      username: 'xiaoli',
      password: 'assistant-1',
      displayName: '李协理',
      role: 'assistant',
    });
    const { token } = (await s.station.call('session.login', {
      username: 'xiaoli',
      password: 'assistant-1',
    })) as { token: string };
    const { token: token2 } = (await s.station.call('session.login', {
      username: 'xiaoli',
      password: 'assistant-1',
    })) as { token: string };
    expect(await s.station.call('session.me', {}, token)).toMatchObject({ operator: { username: 'xiaoli' } });
    await s.call('operators.setDisabled', { id: op.id, disabled: true });
    await expect(s.station.call('session.me', {}, token)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(s.station.call('session.me', {}, token2)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(
      s.station.call('session.login', { username: 'xiaoli', password: 'assistant-1' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // the wrong password still says only "wrong", not "disabled"
    await expect(
      s.station.call('session.login', { username: 'xiaoli', password: 'nope-nope' }),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    await s.call('operators.setDisabled', { id: op.id, disabled: false });
    await expect(
      s.station.call('session.login', { username: 'xiaoli', password: 'assistant-1' }),
    ).resolves.toHaveProperty('token');
  });

  it('an admin cannot disable their own account', async () => {
    const s = await tested();
    const me = await s.call('session.me', {});
    await expect(
      s.call('operators.setDisabled', { id: me.operator.id, disabled: true }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a duplicate username is a clear conflict', async () => {
    const s = await tested();
    await expect(
      s.call('operators.create', {
        username: 'admin',
        password: 'password-9',
        displayName: '某',
        role: 'assistant',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      issues: [{ path: 'username' }],
    });
  });

  it('two creates of the same username at once: one account, the other told it exists', async () => {
    const s = await tested();
    const input = {
      username: 'xiaozhang',
      password: 'assistant-1',
      displayName: '张协理',
      role: 'assistant' as const,
    };
    const results = await Promise.allSettled([
      s.call('operators.create', input),
      s.call('operators.create', input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'conflict',
      issues: [{ path: 'username' }],
    });
    expect(
      await s.station.db
        .selectFrom('operators')
        .select('username')
        .where('username', '=', 'xiaozhang')
        .execute(),
    ).toHaveLength(1);
  });

  it('login works after a restart (offline: the hash lives in the local database)', async () => {
    const s = await tested();
    await s.station.close();
    const again = await Station.open({ dataDir: s.dir });
    cleanup.push(() => again.close());
    await expect(
      again.call('session.login', { username: ADMIN.username, password: ADMIN.password }),
    ).resolves.toHaveProperty('token');
    // the old token did not survive the restart
    await expect(again.call('session.me', {}, s.token)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('password hashes', () => {
  it('are scrypt with a fresh salt, never the password', async () => {
    const a = await hashPassword('admin-pass-1');
    const b = await hashPassword('admin-pass-1');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('admin-pass-1');
    expect(await verifyPassword('admin-pass-1', a)).toBe(true);
    expect(await verifyPassword('admin-pass-2', a)).toBe(false);
    expect(await verifyPassword('admin-pass-1', 'plain$text')).toBe(false);
  });

  it('the stored hash of the first admin has that format', async () => {
    const s = await tested();
    const row = await s.station.db.selectFrom('operators').select('password_hash').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword(ADMIN.password, row.password_hash)).toBe(true);
  });
});
