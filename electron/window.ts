// Window security: every web contents gets the same hardened preferences, may navigate only within our
// app origin, and may open no window except our own print route. Relaxing any of this lets a page that
// loaded something foreign reach the station's data — read DESIGN.md "One contract" first.
import {
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { APP_INDEX_URL, isAppUrl } from './protocol';

export const WINDOW_TITLE = '六清 · 社区劳动保障工作站';

export function hardenedWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** Our print route (`app://liuqing/print/…`), the only URL a page may open in a new window. */
export function isPrintRoute(url: string): boolean {
  if (!isAppUrl(url)) return false;
  return new URL(url).pathname.startsWith('/print/');
}

export function printWindowOptions(preload: string, show: boolean): BrowserWindowConstructorOptions {
  return {
    show,
    width: 960,
    height: 720,
    title: '打印预览',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(preload),
  };
}

/** Applied to every web contents the app creates (main window, print windows, anything else). */
export function hardenContents(contents: WebContents, preload: string): void {
  contents.setWindowOpenHandler(({ url }) =>
    isPrintRoute(url)
      ? { action: 'allow', overrideBrowserWindowOptions: printWindowOptions(preload, true) }
      : { action: 'deny' },
  );
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: WINDOW_TITLE,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: hardenedWebPreferences(preload),
  });
  win.once('ready-to-show', () => win.show());
  // keep our title: the page's <title> may change, the taskbar should still say what the app is
  win.on('page-title-updated', (event) => event.preventDefault());
  void win.loadURL(APP_INDEX_URL);
  return win;
}
