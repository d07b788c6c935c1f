// The unsynced guard at quit (issue 13): closing the main window with entries the district has not
// accepted asks first — how many, since when — and offers to sync now or write a USB bundle (into the
// station's bundles folder, whose path is then shown). The same facts as the desk's logout guard
// (station/delivery/unsynced.ts); the words are Chinese, as every dialog of the shell.
import { join } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { Station } from '../station/station';
import { unsyncedInfo } from '../station/delivery/unsynced';
import { exportBundle } from '../station/delivery/bundle';
import { syncServiceOf } from '../station/sync/handlers';

function age(oldest: string, now: Date): string {
  const minutes = Math.max(1, Math.floor((now.getTime() - Date.parse(oldest)) / 60_000));
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} 小时前` : `${Math.floor(hours / 24)} 天前`;
}

/** Resolves true when the app may quit now. */
export async function askBeforeQuit(station: Station, parent: BrowserWindow | null = null): Promise<boolean> {
  for (;;) {
    const now = station.now();
    const info = await unsyncedInfo(station.db, now);
    if (info.count === 0) return true;
    const message = `本机还有 ${info.count} 条修改没有上传到区里，最早的一条是 ${age(info.oldestAt!, now)}做的。`;
    const buttons = info.enrolled
      ? ['立即同步', '写数据包（U 盘）', '仍然退出', '取消']
      : ['仍然退出', '取消'];
    const detail = info.enrolled
      ? '建议先同步；网络不通时可以写一个数据包，用 U 盘交给区里。'
      : '本机还没有在区里登记，这些修改暂时只保存在本机。';
    const options = {
      type: 'warning' as const,
      title: '六清',
      message,
      detail,
      buttons,
      cancelId: buttons.length - 1,
      defaultId: 0,
      noLink: true,
    };
    const { response } = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options);
    const choice = buttons[response];
    if (choice === '仍然退出') return true;
    if (choice === '取消' || choice === undefined) return false;
    if (choice === '立即同步') {
      try {
        await syncServiceOf({ db: station.db, services: station.services, now: station.now() }).run();
      } catch (e) {
        await dialog.showMessageBox({
          type: 'error',
          title: '六清',
          message: '同步没有完成',
          detail: (e as Error).message,
          buttons: ['好'],
        });
      }
      continue; // ask again with what is left
    }
    try {
      const r = await exportBundle(station.db, {
        dir: join(station.dataDir, 'bundles'),
        now,
        appVersion: station.appVersion,
        stationNumber: station.identity?.stationNumber ?? 0,
      });
      await dialog.showMessageBox({
        type: 'info',
        title: '六清',
        message: `已写数据包（${r.entries} 条）`,
        detail: `${r.file}\n请把这个文件复制到 U 盘交给区里；区里导入后会给一个回执，在“同步”页读入。`,
        buttons: ['好'],
      });
      return true;
    } catch (e) {
      await dialog.showMessageBox({
        type: 'error',
        title: '六清',
        message: '数据包没有写成',
        detail: (e as Error).message,
        buttons: ['好'],
      });
    }
  }
}
