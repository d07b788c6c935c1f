// Electron main process: lifecycle only. One instance per user (two processes on one station database
// would fight over its single writer); the station closes cleanly before the process exits.
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { registerSchemes, startShell, type Shell } from './shell';

// The bundle lives in dist/electron/; the renderer in dist/renderer/.
const paths = {
  rendererDir: join(__dirname, '..', 'renderer'),
  preload: join(__dirname, 'preload.cjs'),
  ...(process.env.LIUQING_DATA_DIR ? { dataDir: process.env.LIUQING_DATA_DIR } : {}),
};

registerSchemes();
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
    void closing.close().finally(() => app.exit(0));
  });
  startShell(paths)
    .then((s) => {
      shell = s;
    })
    .catch((e: unknown) => {
      dialog.showErrorBox(
        '六清无法启动',
        `工作站数据库无法打开：${e instanceof Error ? e.message : String(e)}\n请联系街道管理员。`,
      );
      app.exit(1);
    });
}
