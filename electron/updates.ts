// Updates from the district (issue 13) with electron-updater's generic provider: the feed is the district
// server the station is enrolled with (`<server>/updates`, see server/delivery/releases.ts), and the
// station's id rides along in `x-liuqing-station` so the district can stage a rollout. Checked on start
// and daily; downloaded in the background (electron-updater verifies the sha512 of latest.yml before it
// says "downloaded" — a file whose hash does not match is never offered); installed only on the next quit,
// after asking, and only after a before-update backup of the station database.
// The updater is passed in (main.ts gives electron-updater's autoUpdater), so this runs under the faked
// electron module in tests.
import type { EventEmitter } from 'node:events';
import { dialog } from 'electron';
import type { Station } from '../station/station';
import { readSyncState } from '../station/sync/state';

export interface UpdaterLike extends EventEmitter {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  requestHeaders: Record<string, string> | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface Updates {
  /** Looks for a release now (also run on start and daily). */
  check(): Promise<void>;
  /** The version downloaded and verified, waiting for the next quit. */
  readonly ready: string | null;
  /** The last problem (a failed check, a hash that did not match), in the updater's words; for support. */
  readonly lastError: string | null;
  /** At quit: asks, backs up, and says whether to install. */
  askToInstall(): Promise<boolean>;
  install(): void;
  stop(): void;
}

export function startUpdates(
  station: Station,
  updater: UpdaterLike,
  opts: { firstAfterMs?: number; everyMs?: number } = {},
): Updates {
  let ready: string | null = null;
  let lastError: string | null = null;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false; // never without asking
  updater.on('update-downloaded', (info: { version: string }) => {
    ready = info.version;
  });
  updater.on('error', (e: Error) => {
    lastError = e?.message ?? String(e);
  });

  const check = async () => {
    const state = await readSyncState(station.db);
    if (!state) return; // not enrolled: no district to ask
    updater.setFeedURL({ provider: 'generic', url: `${state.server_url}/updates` });
    updater.requestHeaders = { 'x-liuqing-station': state.station_id };
    try {
      await updater.checkForUpdates();
    } catch (e) {
      lastError = (e as Error).message; // offline, no release yet: the desk goes on as it is
    }
  };
  const first = setTimeout(() => void check(), opts.firstAfterMs ?? 30_000);
  const every = setInterval(() => void check(), opts.everyMs ?? 86_400_000);
  first.unref?.();
  every.unref?.();

  return {
    check,
    get ready() {
      return ready;
    },
    get lastError() {
      return lastError;
    },
    async askToInstall() {
      if (!ready) return false;
      const { response } = await dialog.showMessageBox({
        type: 'question',
        title: '六清',
        message: `六清新版本 ${ready} 已下载并核对无误，现在安装吗？`,
        detail: '安装前会先备份本机数据；安装需要一两分钟，完成后六清会自动重新打开。',
        buttons: ['现在安装', '下次再说'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      });
      if (response !== 0) return false;
      try {
        await station.backups.create('before-update');
      } catch (e) {
        await dialog.showMessageBox({
          type: 'error',
          title: '六清',
          message: '备份没有完成，这次不安装更新',
          detail: (e as Error).message,
          buttons: ['好'],
        });
        return false;
      }
      return true;
    },
    install() {
      updater.quitAndInstall(false, true);
    },
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
