// session.*, operators.*, reference.*, settings.* — first-run setup, offline login, local accounts, the
// district's reference data and station settings.
import { ApiError } from '../../shared/errors';
import type { coreContract, Operator, SessionInfo } from '../../shared/contract/core';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, requireOperator } from '../context';
import { hashPassword, verifyPassword } from '../auth/password';
import { STATION_LOGIN_LIMITS, type LoginRefusal } from '../auth/loginThrottle';
import { uuidv7 } from '../ids';
import { setMeta } from '../meta';
import type { OperatorsTable } from '../db/schema';

type C = typeof coreContract;
type SessionHandlers = Pick<
  Handlers<C>,
  | 'session.state'
  | 'session.setup'
  | 'session.login'
  | 'session.logout'
  | 'session.me'
  | 'operators.create'
  | 'operators.list'
  | 'operators.setDisabled'
  | 'operators.changePassword'
  | 'operators.resetPassword'
  | 'reference.communities'
  | 'reference.streets'
  | 'settings.get'
  | 'settings.update'
>;

export function toOperator(r: OperatorsTable): Operator {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: !!r.disabled,
    phone: r.phone ?? null,
  };
}

async function sessionInfo(ctx: Ctx, operator: Operator): Promise<SessionInfo> {
  const identity = requireIdentity(ctx);
  const community = await ctx.db
    .selectFrom('ref_communities as c')
    .innerJoin('ref_streets as s', 's.code', 'c.street_code')
    .select(['c.name as communityName', 's.name as streetName'])
    .where('c.code', '=', identity.communityCode)
    .executeTakeFirst();
  return {
    operator,
    communityCode: identity.communityCode,
    communityName: community?.communityName ?? identity.communityCode,
    streetName: community?.streetName ?? '',
    stationName: identity.stationName,
    stationNumber: identity.stationNumber,
  };
}

/** The 429 a locked login answers, naming the rule that locked it. */
function loginRefused(r: LoginRefusal): ApiError {
  const minutes = Math.ceil(r.waitMs / 60_000);
  if (r.scope === 'station') {
    const { failures, windowMs } = STATION_LOGIN_LIMITS;
    return new ApiError(
      'rate_limited',
      `本机 ${windowMs / 60_000} 分钟内登录失败已达 ${failures} 次，为防止密码被猜测，所有账号暂停登录，请 ${minutes} 分钟后再试`,
    );
  }
  return new ApiError('rate_limited', `登录失败次数过多，该账号已暂时锁定，请 ${minutes} 分钟后再试`);
}

// A wrong password costs the same whether or not the user exists.
const DUMMY_HASH = hashPassword('not-a-real-password');

export const sessionHandlers: SessionHandlers = {
  async 'session.state'(_input, ctx) {
    return {
      setupDone: ctx.identity !== null,
      communityCode: ctx.identity?.communityCode ?? null,
      stationName: ctx.identity?.stationName ?? null,
    };
  },

  async 'session.setup'(input, ctx) {
    if (ctx.identity) throw new ApiError('already_setup', '本机已完成初始设置');
    const community = await ctx.db
      .selectFrom('ref_communities')
      .selectAll()
      .where('code', '=', input.communityCode)
      .executeTakeFirst();
    if (!community)
      throw new ApiError('invalid_input', '社区代码不在本区参考数据中', [
        { path: 'communityCode', message: '找不到该社区代码' },
      ]);
    const operator: OperatorsTable = {
      id: uuidv7(ctx.now.getTime()),
      username: input.admin.username,
      display_name: input.admin.displayName,
      password_hash: await hashPassword(input.admin.password),
      role: 'admin',
      disabled: 0,
      created_at: ctx.now.toISOString(),
    };
    await ctx.db.transaction().execute(async (trx) => {
      // re-checked inside the transaction: two setup calls racing must not both win
      const done = await trx
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'community_code')
        .executeTakeFirst();
      if (done) throw new ApiError('already_setup', '本机已完成初始设置');
      await setMeta(trx, {
        community_code: input.communityCode,
        station_name: input.stationName ?? `${community.name}工作站`,
        // no number until the district gives one at enrolment, unless the district told it ahead
        ...(input.stationNumber ? { station_number: String(input.stationNumber) } : {}),
        station_id: uuidv7(ctx.now.getTime()),
        setup_at: ctx.now.toISOString(),
      });
      await trx.insertInto('operators').values(operator).execute();
    });
    await ctx.services.reloadIdentity();
    return sessionInfo({ ...ctx, identity: ctx.services.identity() }, toOperator(operator));
  },

  async 'session.login'(input, ctx) {
    // 'conflict' answers HTTP 409 (shared/errors.ts HTTP_STATUS): the login form tells the person to run setup
    if (!ctx.identity) throw new ApiError('conflict', '本机尚未完成初始设置');
    const throttle = ctx.services.loginThrottle;
    const refused = throttle.begin(input.username, ctx.now.getTime());
    if (refused) throw loginRefused(refused);
    let row: OperatorsTable | undefined;
    let ok = false;
    try {
      row = await ctx.db
        .selectFrom('operators')
        .selectAll()
        .where('username', '=', input.username)
        .executeTakeFirst();
      ok = await verifyPassword(input.password, row?.password_hash ?? (await DUMMY_HASH));
    } finally {
      if (row && ok) throttle.succeeded(input.username);
      else throttle.failed(input.username, ctx.now.getTime());
    }
    if (!row || !ok) throw new ApiError('unauthorized', '用户名或密码错误');
    if (row.disabled) throw new ApiError('forbidden', '该账号已停用，请联系站点管理员');
    const token = ctx.services.sessions.create(row.id);
    return { token, session: await sessionInfo(ctx, toOperator(row)) };
  },

  async 'session.logout'(_input, ctx) {
    ctx.services.sessions.revoke(ctx.token);
    return { ok: true as const };
  },

  async 'session.me'(_input, ctx) {
    return sessionInfo(ctx, requireOperator(ctx));
  },

  async 'operators.create'(input, ctx) {
    const exists = await ctx.db
      .selectFrom('operators')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (exists)
      throw new ApiError('conflict', '用户名已存在', [{ path: 'username', message: '用户名已存在' }]);
    const row: OperatorsTable = {
      id: uuidv7(ctx.now.getTime()),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      role: input.role,
      disabled: 0,
      created_at: ctx.now.toISOString(),
    };
    // two admins (or a double click) creating the same name: the unique index decides, the loser is told why
    await ctx.db
      .insertInto('operators')
      .values(row)
      .execute()
      .catch((e: unknown) => {
        if (/UNIQUE constraint failed: operators\.username/.test(String(e)))
          throw new ApiError('conflict', '用户名已存在', [{ path: 'username', message: '用户名已存在' }]);
        throw e;
      });
    return toOperator(row);
  },

  async 'operators.list'(_input, ctx) {
    const rows = await ctx.db.selectFrom('operators').selectAll().orderBy('created_at').execute();
    return { items: rows.map(toOperator) };
  },

  async 'operators.setDisabled'(input, ctx) {
    if (input.id === requireOperator(ctx).id && input.disabled)
      throw new ApiError('conflict', '不能停用自己的账号');
    const row = await ctx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new ApiError('not_found', '找不到该账号');
    await ctx.db
      .updateTable('operators')
      .set({ disabled: input.disabled ? 1 : 0 })
      .where('id', '=', input.id)
      .execute();
    if (input.disabled) ctx.services.sessions.revokeOperator(input.id);
    return toOperator({ ...row, disabled: input.disabled ? 1 : 0 });
  },

  async 'operators.changePassword'(input, ctx) {
    const op = requireOperator(ctx);
    const row = await ctx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', op.id)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.oldPassword, row.password_hash)))
      throw new ApiError('invalid_input', '原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
    await ctx.db
      .updateTable('operators')
      .set({ password_hash: await hashPassword(input.newPassword) })
      .where('id', '=', op.id)
      .execute();
    // whoever knew the old password (another PC, a forgotten open window) is logged out; this window stays
    ctx.services.sessions.revokeOperator(op.id, ctx.token);
    return { ok: true as const };
  },

  async 'operators.resetPassword'(input, ctx) {
    const row = await ctx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new ApiError('not_found', '找不到该账号');
    await ctx.db
      .updateTable('operators')
      .set({ password_hash: await hashPassword(input.newPassword) })
      .where('id', '=', row.id)
      .execute();
    // an admin resetting their own password keeps the window they did it from
    ctx.services.sessions.revokeOperator(row.id, row.id === requireOperator(ctx).id ? ctx.token : undefined);
    ctx.services.loginThrottle.clear(row.username);
    return { ok: true as const };
  },

  async 'reference.communities'(input, ctx) {
    let q = ctx.db
      .selectFrom('ref_communities as c')
      .innerJoin('ref_streets as s', 's.code', 'c.street_code')
      .select(['c.code as code', 'c.name as name', 'c.street_code as streetCode', 's.name as streetName'])
      .orderBy('c.code');
    if (input.streetCode) q = q.where('c.street_code', '=', input.streetCode);
    return { items: await q.execute() };
  },

  async 'reference.streets'(_input, ctx) {
    return {
      items: await ctx.db.selectFrom('ref_streets').select(['code', 'name']).orderBy('code').execute(),
    };
  },

  async 'settings.get'(_input, ctx) {
    return { staleAfterDays: ctx.staleAfterDays, stationName: requireIdentity(ctx).stationName };
  },

  async 'settings.update'(input, ctx) {
    const values: Record<string, string> = {};
    if (input.staleAfterDays !== undefined) values.stale_after_days = String(input.staleAfterDays);
    if (input.stationName !== undefined) values.station_name = input.stationName;
    await setMeta(ctx.db, values);
    await ctx.services.reloadIdentity();
    return {
      staleAfterDays: input.staleAfterDays ?? ctx.staleAfterDays,
      stationName: input.stationName ?? requireIdentity(ctx).stationName,
    };
  },
};
