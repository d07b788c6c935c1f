// A station database that cannot be read at start (a dead sector, a half-copied file): instead of a crash,
// the shell offers the newest backup that passes a check now. The damaged file is moved aside, never
// deleted, and the app starts again on the backup. Without a good backup it says so and whom to call.
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { CorruptDatabase, STATION_DB_FILE } from '../station/station';
import { replaceWithBackup } from '../station/backups/store';

/** Returns true when a backup was put in place (the caller relaunches). */
export function offerNewestBackup(e: unknown, dataDir: string): boolean {
  if (!(e instanceof CorruptDatabase)) return false;
  const good = e.newestGood;
  if (!good) {
    dialog.showErrorBox('六清无法启动', `${e.message}\n数据文件夹：${dataDir}`);
    return false;
  }
  const response = dialog.showMessageBoxSync({
    type: 'error',
    title: '六清',
    message: '工作站数据库已损坏，无法打开',
    detail:
      `可以恢复最近一次完好的备份：${good.createdAt.slice(0, 16).replace('T', ' ')}（居民 ${good.counts.residents} 人，` +
      `其中 ${good.unsynced} 条修改当时尚未上传）。这之后在本机做的修改，已上传到区里的会在下次同步时重新下载。\n` +
      '损坏的数据库会另存在数据文件夹中，不会删除。',
    buttons: ['恢复这个备份', '退出'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return false;
  replaceWithBackup(dataDir, join(dataDir, STATION_DB_FILE), good.id);
  app.relaunch();
  return true;
}
