// Releases for the fleet (issue 13): `publish-release` copies an installer into the releases folder and
// records its version, size, sha512 (base64, as electron-builder writes it) and rollout percentage; the
// HTTP app serves `/updates/latest.yml` and the files it names in the layout electron-updater's generic
// provider reads. Staged rollout by station: a station whose bucket (a hash of its id, 0–99, sent in the
// `x-liuqing-station` header) is under a release's percentage is offered it; the others are offered the
// newest release that has reached them (or nothing). A new rollout percentage is a second publish.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compareVersions, VERSION_RE } from '../../shared/sync/versions';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { MIN_APP_KEY } from './versions';

export interface Release {
  version: string;
  file: string;
  sha512: string;
  size: number;
  rollout: number;
  publishedAt: string;
}

/** Where installers are kept: `<data>/releases`, or LIUQING_RELEASES_DIR (needed with PostgreSQL). */
export function releasesDirOf(opts: { dataDir?: string }, data?: string): string {
  const dir =
    process.env.LIUQING_RELEASES_DIR ||
    ((data ?? opts.dataDir) ? join((data ?? opts.dataDir)!, 'releases') : '');
  if (!dir)
    throw new SyncError(
      'invalid_input',
      '需要存放安装包的目录：给出 --data <目录>，或设置环境变量 LIUQING_RELEASES_DIR',
    );
  return dir;
}

export function sha512Base64(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha512');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('base64')))
      .on('error', reject);
  });
}

export async function publishRelease(
  ctx: ServerContext,
  dir: string,
  input: { file: string; version: string; rollout: number },
): Promise<Release> {
  if (!VERSION_RE.test(input.version))
    throw new SyncError('invalid_input', `版本号应形如 1.2.3：${input.version.slice(0, 40)}`);
  if (!Number.isInteger(input.rollout) || input.rollout < 0 || input.rollout > 100)
    throw new SyncError('invalid_input', '推送比例应为 0 到 100 之间的整数（百分比）');
  if (!existsSync(input.file) || !statSync(input.file).isFile())
    throw new SyncError('invalid_input', `找不到安装包：${input.file}`);
  const name = basename(input.file);
  if (!/^[\w.\-]+$/.test(name))
    throw new SyncError(
      'invalid_input',
      '安装包文件名只能有字母、数字、点、横线和下划线（工作站按文件名下载）',
    );
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const existing = await ctx.store.db
    .selectFrom('releases')
    .selectAll()
    .where('file', '=', name)
    .executeTakeFirst();
  if (existing && existing.version !== input.version)
    throw new SyncError('invalid_input', `文件名 ${name} 已用于版本 ${existing.version}，请换一个文件名`);
  const sha512 = await sha512Base64(input.file);
  if (existing && existing.sha512 !== sha512)
    throw new SyncError(
      'invalid_input',
      `版本 ${input.version} 已发布过另一个安装包；发布后的安装包不能替换，请用新版本号`,
    );
  if (!existing) {
    copyFileSync(input.file, `${target}.partial`);
    renameSync(`${target}.partial`, target);
  }
  const size = statSync(target).size;
  const release = {
    version: input.version,
    file: name,
    sha512,
    size,
    rollout: input.rollout,
    published_at: existing?.published_at ?? ctx.now().toISOString(),
  };
  await ctx.store.db
    .insertInto('releases')
    .values(release)
    .onConflict((oc) => oc.column('version').doUpdateSet({ rollout: input.rollout }))
    .execute();
  return {
    version: release.version,
    file: name,
    sha512,
    size,
    rollout: input.rollout,
    publishedAt: release.published_at,
  };
}

/** 0–99, stable for a station: which share of the fleet it belongs to. */
export function bucketOf(stationId: string): number {
  return createHash('sha256').update(stationId).digest().readUInt32BE(0) % 100;
}

/** The newest release this station (or, without an id, every station) is offered. */
export async function releaseFor(ctx: ServerContext, stationId: string | undefined): Promise<Release | null> {
  const rows = await ctx.store.db.selectFrom('releases').selectAll().execute();
  const bucket = stationId ? bucketOf(stationId) : 100;
  const offered = rows
    .filter((r) => r.rollout >= 100 || bucket < r.rollout)
    .sort((a, b) => compareVersions(b.version, a.version));
  const r = offered[0];
  return r
    ? {
        version: r.version,
        file: r.file,
        sha512: r.sha512,
        size: Number(r.size),
        rollout: r.rollout,
        publishedAt: r.published_at,
      }
    : null;
}

/** latest.yml exactly as electron-builder writes it for the generic provider. */
export function latestYml(r: Release): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return [
    `version: ${r.version}`,
    'files:',
    `  - url: ${r.file}`,
    `    sha512: ${r.sha512}`,
    `    size: ${r.size}`,
    `path: ${r.file}`,
    `sha512: ${r.sha512}`,
    `releaseDate: ${q(r.publishedAt)}`,
    '',
  ].join('\n');
}

export async function requireVersion(ctx: ServerContext, version: string): Promise<void> {
  if (!VERSION_RE.test(version))
    throw new SyncError('invalid_input', `版本号应形如 1.2.3：${version.slice(0, 40)}`);
  await ctx.store.db
    .insertInto('meta')
    .values({ key: MIN_APP_KEY, value: version })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: version }))
    .execute();
}
