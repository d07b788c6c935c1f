// `npm run station -- --data <dir> --port <port>`: the headless station, serving the built renderer and
// the contract on 127.0.0.1. `npm run station -- import …`: a ledger import from the command line
// (station/ledgers/cli.ts). The station holds its data folder's lock while it runs, so an import cannot
// write into a folder a running station holds.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CorruptDatabase, Station, STATION_DB_FILE } from './station';
import { startDailyBackup } from './backups/scheduler';
import { newestGoodBackup, replaceWithBackup } from './backups/store';
import { startHttpHost } from './http';
import { startBackgroundSync } from './sync/scheduler';
import { runImportCli } from './ledgers/cli';
import { DataFolderBusy, holdDataFolder } from './ledgers/lock';

if (process.argv[2] === 'import') {
  process.exit(await runImportCli(process.argv.slice(3)));
}
if (process.argv[2] === 'restore-backup') {
  process.exit(await restoreBackupCli(process.argv.slice(3)));
}

/**
 * `npm run station -- restore-backup --data <dir> [--id <backup>]`: with the station stopped, puts a backup
 * (the newest good one unless named) in place of a database that will not open; the damaged file is kept.
 */
async function restoreBackupCli(args: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args,
    options: { data: { type: 'string', default: '.data/station' }, id: { type: 'string' } },
  });
  const dir = resolve(v.data!);
  let release: () => void;
  try {
    release = holdDataFolder(dir, '恢复备份');
  } catch (e) {
    console.error(`liuqing: ${(e as Error).message}`);
    return 3;
  }
  try {
    const id = v.id ?? (await newestGoodBackup(dir))?.id;
    if (!id) {
      console.error('liuqing: 没有找到完好的备份。');
      return 1;
    }
    const aside = replaceWithBackup(dir, join(dir, STATION_DB_FILE), id);
    console.log(`已恢复备份 ${id}；损坏的数据库另存为 ${aside}。现在可以启动工作站。`);
    return 0;
  } finally {
    release();
  }
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.data/station' },
    port: { type: 'string', default: '5730' },
    // sync only when asked (同步 page, sync.now): tests that replay a seed need no timer of their own
    'manual-sync': { type: 'boolean', default: false },
  },
});

const here = dirname(fileURLToPath(import.meta.url));

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}
const staticDir = join(here, '..', 'dist', 'renderer');
const dataDir = resolve(values.data!);
let release: () => void;
try {
  release = holdDataFolder(dataDir, '工作站');
} catch (e) {
  if (!(e instanceof DataFolderBusy)) throw e;
  console.error(`liuqing: ${e.message}`);
  process.exit(3);
}
let station: Station;
try {
  station = await Station.open({ dataDir, appVersion: appVersion() });
} catch (e) {
  if (!(e instanceof CorruptDatabase)) throw e;
  // never a crash with a stack: what happened, and the one command that puts the newest good backup back
  console.error(`liuqing: ${e.message}`);
  if (e.newestGood)
    console.error(
      `恢复命令：npm run station -- restore-backup --data ${dataDir}   （损坏的文件会另存，不会删除）`,
    );
  release();
  process.exit(4);
}
if (!existsSync(join(staticDir, 'index.html')))
  console.log('liuqing: renderer not built yet (run `npm run build:renderer`); serving the API only.');
const { app, url } = await startHttpHost({ station, staticDir, port: Number(values.port) });
// syncs with the district in the background once an admin has enrolled this PC (同步 page)
const background = values['manual-sync'] ? { stop() {} } : startBackgroundSync(station);
const daily = startDailyBackup(station.backups, {
  onError: (e) => console.error(`liuqing: 每日备份没有完成：${(e as Error).message}`),
});
console.log(`liuqing station: ${url}  (data: ${dataDir})`);

const stop = async () => {
  background.stop();
  daily.stop();
  await app.close();
  await station.close();
  release();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
