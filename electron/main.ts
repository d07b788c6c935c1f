// Electron main process: lifecycle only. One instance per user (two processes on one station database
// would fight over its single writer); the station closes cleanly before the process exits.
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { dataDirOf, registerSchemes, startShell, type Shell, type ShellPaths } from './shell';
import { offerNewestBackup } from './recovery';
import { CorruptDatabase } from '../station/station';
import type { UpdaterLike } from './updates';

// The bundle lives in dist/electron/; the renderer in dist/renderer/.
const paths: ShellPaths = {
  rendererDir: join(__dirname, '..', 'renderer'),
  preload: join(__dirname, 'preload.cjs'),
  ...(process.env.LIUQING_DATA_DIR ? { dataDir: process.env.LIUQING_DATA_DIR } : {}),
};

registerSchemes();
// Chromium's own locale draws the date fields and their pickers: dates as Zhejiang writes them (2026/12/01,
// 十二月), whatever language Windows runs in; the desk's words follow its own language setting.
app.commandLine.appendSwitch('lang', 'zh-CN');
// Windows groups taskbar entries and shortcuts by this id; it must equal appId in electron-builder.yml
if (process.platform === 'win32') app.setAppUserModelId('cn.liuqing.station');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let shell: Shell | null = null;
  app.on('second-instance', () => {
    const win = shell?.mainWindow;
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!shell) return;
    const closing = shell;
    shell = null;
    event.preventDefault();
    // a downloaded update is installed only now, after asking and after a before-update backup
    void (async () => {
      const install = closing.updates ? await closing.updates.askToInstall().catch(() => false) : false;
      await closing.close();
      if (install) closing.updates!.install();
      else app.exit(0);
    })().catch(() => app.exit(0));
  });
  // The packaged app updates itself from the district (electron/updates.ts); development runs do not.
  const updater: Promise<UpdaterLike | undefined> = app.isPackaged
    ? import('electron-updater').then(
        (m) => m.autoUpdater as unknown as UpdaterLike,
        () => undefined,
      )
    : Promise.resolve(undefined);
  updater
    .then((u) => startShell(u ? { ...paths, updater: u } : paths))
    .then((s) => {
      shell = s;
    })
    .catch((e: unknown) => {
      if (e instanceof CorruptDatabase) return app.exit(offerNewestBackup(e, dataDirOf(paths)) ? 0 : 1);
      dialog.showErrorBox(
        '六清无法启动',
        `工作站数据库无法打开：${e instanceof Error ? e.message : String(e)}\n请联系街道管理员。`,
      );
      app.exit(1);
    });
}
