// The desktop shell around the station core: opens the station on the user's data folder, serves the
// renderer from app://liuqing, hardens every web contents, and answers the contract over IPC. Kept apart
// from main.ts (process lifecycle) so tests can start it against a mocked 'electron' and a real station.
import { join } from 'node:path';
import { app, ipcMain, protocol, session, type BrowserWindow, type Session } from 'electron';
import { METHOD_NAMES } from '../shared/contract';
import { todayInChina } from '../shared/domain/dates';
import { ensurePrivateDir } from '../nodelib/privateData';
import { Station } from '../station/station';
import { startBackgroundSync } from '../station/sync/scheduler';
import { holdDataFolder } from '../station/ledgers/lock';
import { PRINT_METHOD, channelOf } from './channels';
import { guarded, registerContractHandlers } from './ipc';
import { installMenu } from './menu';
import { printCards } from './print';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { createMainWindow, hardenContents } from './window';
import { startDailyBackup } from '../station/backups/scheduler';
import { askBeforeQuit } from './quitGuard';
import { startUpdates, type Updates, type UpdaterLike } from './updates';

export interface ShellPaths {
  /** Built renderer (dist/renderer). */
  rendererDir: string;
  /** Built preload (dist/electron/preload.cjs). */
  preload: string;
  /** Station data folder; default `<userData>/station`. */
  dataDir?: string;
  /** electron-updater's autoUpdater in the packaged app; none in development and tests. */
  updater?: UpdaterLike;
}

/** The station's data folder for these paths. */
export function dataDirOf(paths: Pick<ShellPaths, 'dataDir'>): string {
  return paths.dataDir ?? join(app.getPath('userData'), 'station');
}

export interface Shell {
  station: Station;
  mainWindow: BrowserWindow;
  /** Updates from the district, when an updater was given. */
  updates: Updates | null;
  close(): Promise<void>;
}

/** Must run before `app` is ready: privileged schemes cannot be registered later. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** No camera, microphone, notifications, geolocation…: the desk needs none, so every request is refused. */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

export async function startShell(paths: ShellPaths): Promise<Shell> {
  await app.whenReady();
  // Chromium keeps the renderer's storage (drafts in Local Storage, caches) in userData: close the whole
  // folder to other accounts, not only the station's. On Windows userData sits in the user's profile,
  // private by its ACL (see nodelib/privateData.ts), and no chmod is attempted.
  const userData = app.getPath('userData');
  ensurePrivateDir(userData);
  const dataDir = paths.dataDir ?? join(userData, 'station');
  void userData;
  // held while the window runs: a command-line ledger import refuses to write into this folder meanwhile
  const release = holdDataFolder(dataDir, '桌面工作站');
  let station: Station;
  try {
    station = await Station.open({ dataDir, appVersion: app.getVersion() });
  } catch (e) {
    release();
    throw e;
  }
  // sync whenever the district server answers; idle until the station is enrolled
  const background = startBackgroundSync(station);
  const daily = startDailyBackup(station.backups);
  const updates = paths.updater ? startUpdates(station, paths.updater) : null;

  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
  // before the first window, so no web contents is ever unhardened
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, paths.preload));

  const unregister = registerContractHandlers(ipcMain, station, METHOD_NAMES);
  let mainWindow: BrowserWindow | null = null;
  const printChannel = channelOf(PRINT_METHOD);
  ipcMain.handle(
    printChannel,
    guarded((input, token) =>
      printCards(
        {
          preload: paths.preload,
          parent: mainWindow,
          isLoggedIn: async (t) => (await station.context(t)).operator !== null,
          today: () => todayInChina(new Date()),
        },
        input,
        token,
      ),
    ),
  );

  installMenu();
  mainWindow = createMainWindow(paths.preload);
  // the unsynced guard at quit: closing the window asks first when the district lacks entries (issue 13)
  let mayClose = false;
  const win = mainWindow;
  win.on('close', (event: { preventDefault(): void }) => {
    if (mayClose) return;
    event.preventDefault();
    void askBeforeQuit(station, win).then((ok) => {
      if (!ok || win.isDestroyed()) return;
      mayClose = true;
      win.close();
    });
  });

  let closed = false;
  return {
    station,
    mainWindow,
    updates,
    async close() {
      if (closed) return;
      closed = true;
      unregister();
      ipcMain.removeHandler(printChannel);
      protocol.unhandle(APP_SCHEME);
      background.stop();
      daily.stop();
      updates?.stop();
      await station.close();
      release();
    },
  };
}
