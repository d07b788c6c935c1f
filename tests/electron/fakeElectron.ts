// The one mock of the project: a stand-in for the 'electron' module, which cannot be imported from plain
// Node. It records what the shell registers (windows and their preferences, IPC handlers, the protocol
// handler, the exposed bridge) so tests can drive them; everything behind it — station, SQLite — is real.
// Use with: vi.mock('electron', () => import('./fakeElectron'))
import { EventEmitter } from 'node:events';

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>;

export interface FakeEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url: string): FakeEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export const fake = {
  userData: '/nonexistent',
  /** URL of the frame that sends IPC from the fake renderer. */
  senderUrl: 'app://liuqing/',
  handlers: new Map<string, Handler>(),
  exposed: new Map<string, unknown>(),
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
  windows: [] as FakeBrowserWindow[],
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  menu: null as null | { template: unknown[] },
  saveDialog: { canceled: true, filePath: '' } as { canceled: boolean; filePath?: string },
  /** What executeJavaScript answers for the print-ready script. */
  printReady: 'true' as string,
  pdfBytes: Buffer.from('%PDF-1.7 fake'),
  reset() {
    this.handlers.clear();
    this.exposed.clear();
    this.privilegedSchemes = [];
    this.protocolHandlers.clear();
    this.windows = [];
    this.permissionRequest = null;
    this.permissionCheck = null;
    this.menu = null;
    this.senderUrl = 'app://liuqing/';
    this.printReady = 'true';
    app.removeAllListeners();
  },
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  /** Chromium switches appended before ready (name → value). */
  readonly switches = new Map<string, string>();
  readonly commandLine = {
    appendSwitch: (name: string, value = '') => void this.switches.set(name, value),
  };
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`fake app.getPath: ${name} not faked`);
    return fake.userData;
  }
  getVersion() {
    return '0.0.0-test';
  }
  requestSingleInstanceLock() {
    return true;
  }
  quit() {}
  exit() {}
  relaunch() {}
}
export const app = new FakeApp();

export class FakeWebContents extends EventEmitter {
  windowOpenHandler:
    ((d: { url: string }) => { action: 'allow' | 'deny'; overrideBrowserWindowOptions?: any }) | null = null;
  /** Every script run in the page, in order. */
  scripts: string[] = [];
  urls: string[] = [];
  printed = 0;
  setWindowOpenHandler(fn: NonNullable<FakeWebContents['windowOpenHandler']>) {
    this.windowOpenHandler = fn;
  }
  async executeJavaScript(code: string) {
    this.scripts.push(code);
    if (code.includes('printReady')) return fake.printReady;
    return true;
  }
  print(_opts: unknown, cb: (success: boolean, reason: string) => void) {
    this.printed++;
    cb(true, '');
  }
  async printToPDF(_opts: unknown) {
    return fake.pdfBytes;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  constructor(readonly options: any) {
    super();
    fake.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.webContents.urls.push(url);
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}
export { FakeBrowserWindow as BrowserWindow };

export const ipcMain = {
  handle(channel: string, fn: Handler) {
    if (fake.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    fake.handlers.delete(channel);
  },
};

/** Like Electron: arguments and answers are structured-cloned, a missing handler rejects. */
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]) {
    const h = fake.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await h({ senderFrame: { url: fake.senderUrl } }, ...structuredClone(args)));
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    fake.exposed.set(key, api);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    fake.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, fn: (req: { url: string }) => Promise<Response>) {
    fake.protocolHandlers.set(scheme, fn);
  },
  unhandle(scheme: string) {
    fake.protocolHandlers.delete(scheme);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(fn: typeof fake.permissionRequest) {
      fake.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn: typeof fake.permissionCheck) {
      fake.permissionCheck = fn;
    },
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] }) {
    fake.menu = menu;
  },
};

export const dialog = {
  async showSaveDialog(..._args: unknown[]) {
    return fake.saveDialog;
  },
  async showMessageBox() {
    return { response: 0 };
  },
  showMessageBoxSync() {
    return 0;
  },
  showErrorBox() {},
};

export default {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  protocol,
  session,
  Menu,
  dialog,
};
