// What the district accepts from a station by version (shared/sync/versions.ts): entries of a sync schema
// it does not know are never applied, and a station older than the minimum app version set at the district
// (`npm run server -- require-version <v>`) is told to update. Both answers are plain Chinese; the station
// shows them on 同步 and goes on working offline.
import { SYNC_SCHEMA, compareVersions } from '../../shared/sync/versions';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';

export const MIN_APP_KEY = 'min_app_version';

export async function minAppVersion(ctx: ServerContext): Promise<string | null> {
  const row = await ctx.store.db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', MIN_APP_KEY)
    .executeTakeFirst();
  return row?.value || null;
}

/** Throws `too_old` or `unknown_schema`; a station that sends no versions (older builds) counts as schema 1. */
export async function checkStationVersion(
  ctx: ServerContext,
  app: { version: string; schema: number } | undefined,
): Promise<void> {
  const schema = app?.schema ?? 1;
  if (schema > SYNC_SCHEMA)
    throw new SyncError(
      'unknown_schema',
      `本机的数据格式（第 ${schema} 版）比区服务器新（第 ${SYNC_SCHEMA} 版），区服务器暂不能接收；请联系区里先升级服务器。本机数据照常保存，可以继续离线工作`,
      { serverSchema: SYNC_SCHEMA, stationSchema: schema },
    );
  const min = await minAppVersion(ctx);
  if (min && compareVersions(app?.version ?? '0.0.0', min) < 0)
    throw new SyncError(
      'too_old',
      `本机的六清版本（${app?.version ?? '未知'}）太旧，区里要求至少 ${min}。请更新六清后再同步（重启程序会自动安装已下载的更新）；在此之前本机可以照常离线工作，数据不会丢`,
      { minAppVersion: min, appVersion: app?.version ?? null },
    );
}
