// Station enrolment and credentials: a one-time code from the district becomes a credential bound to one
// community. Only hashes are stored. Every sync request passes `authenticate` before touching data.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerContext } from './context';
import { SyncError } from './errors';
import { communityName } from './reference';

export const ENROLL_CODE_DAYS = 7;
// No 0/O, 1/I/L: the code is read off paper and typed at the station.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

function newCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)].map((g) => g.join('')).join('-');
}

export interface NewStation {
  code: string;
  stationId: string;
  stationNumber: number;
  communityCode: string;
  expiresAt: string;
}

export async function addStation(
  ctx: ServerContext,
  communityCode: string,
  name?: string,
): Promise<NewStation> {
  if (!/^\d{12}$/.test(communityCode))
    throw new SyncError('invalid_input', `社区代码应为12位数字：${communityCode}`);
  if (!(await communityName(ctx.store.db, communityCode)))
    throw new SyncError(
      'invalid_input',
      `参考数据中没有社区 ${communityCode}，请核对社区代码或先导入参考数据`,
    );
  const now = ctx.now();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + ENROLL_CODE_DAYS * 86_400_000).toISOString();
  return ctx.store.transaction(async (trx) => {
    const max = await trx
      .selectFrom('stations')
      .select((eb) => eb.fn.max('station_number').as('n'))
      .where('community_code', '=', communityCode)
      .executeTakeFirst();
    const stationNumber = Number(max?.n ?? 0) + 1;
    // 99 is the district's own number for renumbered cards (sync/identity.ts): PCs get 1–98
    if (stationNumber > 98)
      throw new SyncError(
        'invalid_input',
        `社区 ${communityCode} 已有 98 台工作站，不能再增加；请先停用不用的工作站`,
      );
    const stationId = randomUUID();
    await trx
      .insertInto('stations')
      .values({
        id: stationId,
        community_code: communityCode,
        station_number: stationNumber,
        name: name ?? null,
        created_at: now.toISOString(),
      })
      .execute();
    await trx
      .insertInto('enrollment_codes')
      .values({
        code_hash: sha256(normaliseCode(code)),
        station_id: stationId,
        community_code: communityCode,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { code, stationId, stationNumber, communityCode, expiresAt };
  });
}

export interface Enrolled {
  stationId: string;
  communityCode: string;
  stationNumber: number;
  credential: string;
}

export async function enroll(ctx: ServerContext, code: string, stationName?: string): Promise<Enrolled> {
  const now = ctx.now().toISOString();
  const hash = sha256(normaliseCode(code));
  return ctx.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom('enrollment_codes')
      .selectAll()
      .where('code_hash', '=', hash)
      .executeTakeFirst();
    if (!row) throw new SyncError('enroll_code_invalid', '注册码不正确，请核对后重新输入，或向区里重新申请');
    if (row.used_at)
      throw new SyncError(
        'enroll_code_invalid',
        '该注册码已经使用过，每个注册码只能用一次，请向区里重新申请',
      );
    if (row.expires_at <= now)
      throw new SyncError(
        'enroll_code_invalid',
        `该注册码已过期（有效期${ENROLL_CODE_DAYS}天），请向区里重新申请`,
      );
    const station = await trx
      .selectFrom('stations')
      .selectAll()
      .where('id', '=', row.station_id)
      .executeTakeFirstOrThrow();
    if (station.revoked_at) throw new SyncError('revoked', '该工作站已被区里停用，请联系区里');
    const secret = randomBytes(32).toString('base64url');
    const updated = await trx
      .updateTable('enrollment_codes')
      .set({ used_at: now })
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new SyncError('enroll_code_invalid', '该注册码已经使用过，请向区里重新申请');
    await trx
      .updateTable('stations')
      .set({ credential_hash: sha256(secret), enrolled_at: now, name: stationName ?? station.name })
      .where('id', '=', station.id)
      .execute();
    return {
      stationId: station.id,
      communityCode: station.community_code,
      stationNumber: station.station_number,
      credential: `${station.id}.${secret}`,
    };
  });
}

export interface AuthedStation {
  id: string;
  communityCode: string;
  stationNumber: number;
}

/** `Authorization: Bearer <stationId>.<secret>` → the station, or 401/403. */
export async function authenticate(ctx: ServerContext, header: string | undefined): Promise<AuthedStation> {
  const m = /^Bearer\s+([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,})$/.exec(header ?? '');
  if (!m) throw new SyncError('unauthorized', '缺少或无法识别工作站凭据，请重新注册本工作站');
  const station = await ctx.store.db
    .selectFrom('stations')
    .selectAll()
    .where('id', '=', m[1]!)
    .executeTakeFirst();
  if (!station || !station.credential_hash || station.credential_hash !== sha256(m[2]!))
    throw new SyncError('unauthorized', '工作站凭据无效，请重新注册本工作站');
  if (station.revoked_at) throw new SyncError('revoked', '该工作站已被区里停用，不能再同步。请联系区里');
  return { id: station.id, communityCode: station.community_code, stationNumber: station.station_number };
}

export async function revokeStation(ctx: ServerContext, stationId: string): Promise<void> {
  const r = await ctx.store.db
    .updateTable('stations')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('id', '=', stationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const exists = await ctx.store.db
      .selectFrom('stations')
      .select('id')
      .where('id', '=', stationId)
      .executeTakeFirst();
    if (!exists) throw new SyncError('not_found', `没有编号为 ${stationId} 的工作站`);
  }
}

export async function listStations(ctx: ServerContext) {
  return ctx.store.db
    .selectFrom('stations')
    .select([
      'id',
      'community_code',
      'station_number',
      'name',
      'enrolled_at',
      'revoked_at',
      'last_applied_seq',
      'last_seen_at',
      'clock_skew_ms',
    ])
    .orderBy('community_code')
    .orderBy('station_number')
    .execute();
}
