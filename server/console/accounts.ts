// Console accounts: district staff (everything), street staff (one street, read and decide there), viewers
// (read only). Passwords are scrypt hashes; a new account gets a one-time password printed once. Logins
// lock after 5 failures in 15 minutes per username (429 until the window passes); sessions are random
// tokens stored only as SHA-256 and expire after 8 hours.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ConsoleRole, ConsoleUser } from '../../shared/contract/console';
import type { ServerContext } from '../context';
import { ConsoleError } from './errors';
import { audit } from './audit';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
export const SESSION_HOURS = 8;
export const LOCK_FAILURES = 5;
export const LOCK_WINDOW_MS = 15 * 60_000;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), want.length);
  return timingSafeEqual(want, got);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Creates an account (or gives an existing one a new one-time password) and returns that password. */
export async function addUser(
  ctx: ServerContext,
  input: { username: string; role: ConsoleRole; street?: string | undefined },
): Promise<{ username: string; password: string }> {
  if (!/^[A-Za-z0-9_.-]{2,40}$/.test(input.username))
    throw new ConsoleError('invalid_input', '用户名应为 2–40 个字母、数字、点、横线或下划线');
  if (input.role === 'street') {
    if (!input.street || !/^\d{9}$/.test(input.street))
      throw new ConsoleError('invalid_input', '街道账号需要 --street <9位街道代码>');
    const known = await ctx.store.db
      .selectFrom('reference')
      .select('code')
      .where('kind', '=', 'streets')
      .where('code', '=', input.street)
      .executeTakeFirst();
    if (!known) throw new ConsoleError('invalid_input', `参考数据中没有街道 ${input.street}`);
  } else if (input.street) throw new ConsoleError('invalid_input', '只有街道账号（--role street）才指定街道');
  const password = randomBytes(9).toString('base64url');
  const row = {
    username: input.username,
    role: input.role,
    street_code: input.role === 'street' ? input.street! : null,
    password_hash: await hashPassword(password),
    must_change: 1,
    created_at: ctx.now().toISOString(),
    disabled_at: null,
  };
  await ctx.store.db
    .insertInto('console_users')
    .values(row)
    .onConflict((oc) =>
      oc.column('username').doUpdateSet({
        role: row.role,
        street_code: row.street_code,
        password_hash: row.password_hash,
        must_change: 1,
        disabled_at: null,
      }),
    )
    .execute();
  await audit(ctx, {
    username: null,
    action: 'user.add',
    target: input.username,
    outcome: 'ok',
    detail: input.role,
  });
  return { username: input.username, password };
}

export async function login(
  ctx: ServerContext,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: string; user: ConsoleUser; mustChange: boolean }> {
  const now = ctx.now();
  const since = new Date(now.getTime() - LOCK_WINDOW_MS).toISOString();
  const failures = await ctx.store.db
    .selectFrom('console_login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('at', '>', since)
    .executeTakeFirst();
  if (Number(failures?.n ?? 0) >= LOCK_FAILURES) {
    await audit(ctx, { username, action: 'login', target: null, outcome: 'refused', detail: 'locked' });
    throw new ConsoleError('locked', '密码连续输错 5 次，此账号已锁定 15 分钟，请稍后再试或请区里重置密码');
  }
  const user = await ctx.store.db
    .selectFrom('console_users')
    .selectAll()
    .where('username', '=', username)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user || !(await verifyPassword(password, user.password_hash))) {
    await ctx.store.db
      .insertInto('console_login_failures')
      .values({ username, at: now.toISOString() })
      .execute();
    await audit(ctx, { username, action: 'login', target: null, outcome: 'refused', detail: 'bad_password' });
    throw new ConsoleError('unauthorized', '用户名或密码不正确');
  }
  await ctx.store.db.deleteFrom('console_login_failures').where('username', '=', username).execute();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await ctx.store.db
    .insertInto('console_sessions')
    .values({
      token_hash: sha256(token),
      username,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  await audit(ctx, { username, action: 'login', target: null, outcome: 'ok', detail: null });
  return { token, expiresAt, user: toUser(user), mustChange: Number(user.must_change) === 1 };
}

const toUser = (u: { username: string; role: string; street_code: string | null }): ConsoleUser => ({
  username: u.username,
  role: u.role as ConsoleRole,
  streetCode: u.street_code,
});

/** The user behind a Bearer token; a forged, revoked or expired one is refused (and logged). */
export async function authenticate(
  ctx: ServerContext,
  header: string | undefined,
  action: string,
): Promise<ConsoleUser & { tokenHash: string; mustChange: boolean }> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  if (!m) {
    await audit(ctx, { username: null, action, target: null, outcome: 'refused', detail: 'no_session' });
    throw new ConsoleError('unauthorized', '请先登录');
  }
  const tokenHash = sha256(m[1]!);
  const row = await ctx.store.db
    .selectFrom('console_sessions as s')
    .innerJoin('console_users as u', 'u.username', 's.username')
    .select([
      'u.username',
      'u.role',
      'u.street_code',
      'u.must_change',
      's.expires_at',
      's.revoked_at',
      'u.disabled_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled_at) {
    await audit(ctx, {
      username: row?.username ?? null,
      action,
      target: null,
      outcome: 'refused',
      detail: 'session_invalid',
    });
    throw new ConsoleError('unauthorized', '登录已失效，请重新登录');
  }
  if (row.expires_at <= ctx.now().toISOString()) {
    await audit(ctx, {
      username: row.username,
      action,
      target: null,
      outcome: 'refused',
      detail: 'session_expired',
    });
    throw new ConsoleError('session_expired', `登录已超过 ${SESSION_HOURS} 小时，请重新登录`);
  }
  return { ...toUser(row), tokenHash, mustChange: Number(row.must_change) === 1 };
}

export async function logout(ctx: ServerContext, tokenHash: string): Promise<void> {
  await ctx.store.db
    .updateTable('console_sessions')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/**
 * Replaces the password (the one-time one at first login, or any later): the current one must be right,
 * the new one differ from it. Other sessions of the user end; this one goes on.
 */
export async function changePassword(
  ctx: ServerContext,
  user: { username: string; tokenHash: string },
  current: string,
  next: string,
): Promise<void> {
  const row = await ctx.store.db
    .selectFrom('console_users')
    .select('password_hash')
    .where('username', '=', user.username)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash))) {
    await audit(ctx, {
      username: user.username,
      action: 'password.change',
      target: user.username,
      outcome: 'refused',
      detail: 'bad_password',
    });
    throw new ConsoleError('invalid_input', '当前密码不正确');
  }
  if (current === next) throw new ConsoleError('invalid_input', '新密码不能与当前密码相同');
  const hash = await hashPassword(next);
  const now = ctx.now().toISOString();
  await ctx.store.transaction(async (trx) => {
    await trx
      .updateTable('console_users')
      .set({ password_hash: hash, must_change: 0 })
      .where('username', '=', user.username)
      .execute();
    await trx
      .updateTable('console_sessions')
      .set({ revoked_at: now })
      .where('username', '=', user.username)
      .where('token_hash', '!=', user.tokenHash)
      .where('revoked_at', 'is', null)
      .execute();
  });
  await audit(ctx, {
    username: user.username,
    action: 'password.change',
    target: user.username,
    outcome: 'ok',
    detail: null,
  });
}
