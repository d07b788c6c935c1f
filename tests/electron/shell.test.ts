// The Electron shell with only 'electron' faked: a real station on a temp folder behind real IPC handlers,
// reached through the real preload bridge. Proves the contract is served whole, parsed with zod, refused to
// foreign frames, and that every window is hardened.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { makePerson, mulberry32 } from '../factories/people';
import { fake, fakeEvent, type FakeBrowserWindow } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const { registerSchemes, startShell } = await import('../../electron/shell');

type Bridge = Record<string, (input?: unknown, token?: string) => Promise<any>>;

const PRELOAD = '/app/dist/electron/preload.cjs';
let dir: string;
let shell: Awaited<ReturnType<typeof startShell>>;
let bridge: Bridge;

beforeAll(async () => {
  fake.reset();
  dir = mkdtempSync(join(tmpdir(), 'liuqing-shell-'));
  fake.userData = join(dir, 'userData');
  // Electron makes userData before the app is ready, with the umask's modes: here as loose as usual
  mkdirSync(fake.userData, { mode: 0o755 });
  chmodSync(fake.userData, 0o755);
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>六清</title>');
  registerSchemes();
  shell = await startShell({ rendererDir, preload: PRELOAD });
  await import('../../electron/preload');
  bridge = fake.exposed.get('liuqing') as Bridge;
});

afterAll(async () => {
  await shell?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: '王管理' };

describe('IPC handlers', () => {
  it('registers exactly one handler per contract method, plus print.cards', () => {
    const expected = [...METHOD_NAMES.map((m) => `liuqing:${m}`), 'liuqing:print.cards'].sort();
    expect([...fake.handlers.keys()].sort()).toEqual(expected);
  });

  it('opens the station in <userData>/station', () => {
    expect(shell.station.dataDir).toBe(join(fake.userData, 'station'));
  });

  it('closes userData (Chromium storage too) and the station folder to other accounts', () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(fake.userData)).toBe(0o700);
    const station = join(fake.userData, 'station');
    expect(mode(station)).toBe(0o700);
    const files = readdirSync(station);
    expect(files).toContain('station.sqlite');
    for (const f of files) expect(mode(join(station, f)), f).toBe(0o600);
  });

  it('runs setup, login and residents.create through the bridge, and the resident comes back masked', async () => {
    const setup = await bridge['session.setup']!({ communityCode: '330104005051', admin: ADMIN });
    expect(setup).toMatchObject({ ok: true, value: { communityCode: '330104005051' } });
    const login = await bridge['session.login']!({ username: ADMIN.username, password: ADMIN.password });
    expect(login.ok).toBe(true);
    const token: string = login.value.token;

    const person = makePerson(mulberry32(7));
    const created = await bridge['residents.create']!(
      { name: person.name, idNumber: person.idNumber },
      token,
    );
    expect(created.ok).toBe(true);
    expect(created.value.name).toBe(person.name);
    expect(created.value.birthDate).toBe(person.birthDate);

    const got = await bridge['residents.get']!({ id: created.value.id }, token);
    expect(got.ok).toBe(true);
    expect(got.value.idNumber).not.toBe(person.idNumber);
    expect(got.value.idNumberMasked).toBe(true);

    const found = await bridge['residents.search']!({ query: person.idNumber.slice(-6) }, token);
    expect(found.value.items.map((r: { id: string }) => r.id)).toContain(created.value.id);

    // setup a second time answers 409's code, not a crash
    const again = await bridge['session.setup']!({ communityCode: '330104005051', admin: ADMIN });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_setup' } });
  });

  it('parses every input with zod: wrong types and a bad check digit come back as invalid_input with issues', async () => {
    const { value } = await bridge['session.login']!({ username: ADMIN.username, password: ADMIN.password });
    const wrongType = await bridge['residents.create']!({ name: 42, idNumber: [] }, value.token);
    expect(wrongType.ok).toBe(false);
    expect(wrongType.error.code).toBe('invalid_input');
    expect(wrongType.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['name', 'idNumber']),
    );

    const person = makePerson(mulberry32(8));
    const last = person.idNumber.at(-1) === '0' ? '1' : '0';
    const badCheck = await bridge['residents.create']!(
      { name: person.name, idNumber: person.idNumber.slice(0, 17) + last },
      value.token,
    );
    expect(badCheck.error.code).toBe('invalid_input');
    expect(badCheck.error.message).toMatch(/校验/);

    const list = await bridge['residents.list']!({ offset: -1, limit: 100000 }, value.token);
    expect(list.error.code).toBe('invalid_input');
  });

  it('refuses calls without a session', async () => {
    const r = await bridge['residents.list']!({ offset: 0, limit: 10 });
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const forged = await bridge['residents.list']!({ offset: 0, limit: 10 }, 'not-a-token');
    expect(forged.error.code).toBe('unauthorized');
  });

  it('refuses a frame that is not our app origin, before the station sees the call', async () => {
    const { value } = await bridge['session.login']!({ username: ADMIN.username, password: ADMIN.password });
    const before = await bridge['residents.list']!({ offset: 0, limit: 1 }, value.token);
    for (const url of ['https://evil.example/', 'file:///C:/x.html', 'app://other/', 'about:blank']) {
      fake.senderUrl = url;
      const person = makePerson(mulberry32(url.length));
      const r = await bridge['residents.create']!(
        { name: person.name, idNumber: person.idNumber },
        value.token,
      );
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    fake.senderUrl = 'app://liuqing/residents';
    const after = await bridge['residents.list']!({ offset: 0, limit: 1 }, value.token);
    expect(after.value.total).toBe(before.value.total);
  });

  it('print.cards checks the session and its input like any contract method', async () => {
    const anon = await bridge['print.cards']!({ ids: [], layout: 'card' });
    expect(anon.error.code).toBe('unauthorized');
    const { value } = await bridge['session.login']!({ username: ADMIN.username, password: ADMIN.password });
    const bad = await bridge['print.cards']!({ ids: ['x'], layout: 'poster' }, value.token);
    expect(bad.error.code).toBe('invalid_input');
    expect(bad.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['ids.0', 'layout']),
    );
  });
});

describe('windows', () => {
  const main = () => shell.mainWindow as unknown as FakeBrowserWindow;

  it('opens one hardened 1366×768 window with a Chinese title on app://liuqing/', () => {
    const o = main().options;
    expect(o).toMatchObject({ width: 1366, height: 768, title: expect.stringMatching(/六清/) });
    expect(o.minWidth).toBeGreaterThan(0);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: PRELOAD,
    });
    expect(main().webContents.urls).toEqual(['app://liuqing/']);
  });

  it('denies every new window except our own print route, which opens hardened', () => {
    const open = main().webContents.windowOpenHandler!;
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:5730/print/cards',
      'file:///etc/passwd',
      'app://liuqing/',
      'app://liuqing/residents',
      'app://evil/print/cards?ids=1',
      'javascript:alert(1)',
    ])
      expect(open({ url }).action, url).toBe('deny');
    const allowed = open({ url: 'app://liuqing/print/cards?ids=a,b&layout=card' });
    expect(allowed.action).toBe('allow');
    expect(allowed.overrideBrowserWindowOptions.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    });
  });

  it('blocks navigation and redirects away from our origin', () => {
    const wc = main().webContents;
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-navigate', 'app://liuqing.evil/', true],
      ['will-redirect', 'http://127.0.0.1/', true],
      ['will-navigate', 'app://liuqing/residents', false],
    ] as const) {
      const e = fakeEvent(url);
      wc.emit(event, e);
      expect(e.defaultPrevented, `${event} ${url}`).toBe(blocked);
    }
  });

  it('hardens web contents created later too (a print window)', () => {
    const win = new (main().constructor as new (o: unknown) => FakeBrowserWindow)({});
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com' }).action).toBe('deny');
    const e = fakeEvent('https://example.com');
    win.webContents.emit('will-navigate', e);
    expect(e.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      fake.permissionRequest!({}, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(fake.permissionCheck!({}, 'media')).toBe(false);
  });

  it('registers app:// as a privileged standard, secure scheme and serves it', async () => {
    expect(fake.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    const res = await fake.protocolHandlers.get('app')!({ url: 'app://liuqing/' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('六清');
  });

  it('installs a Chinese menu', () => {
    const labels = (fake.menu!.template as Array<{ label: string }>).map((m) => m.label);
    expect(labels).toEqual(['文件', '编辑', '视图', '帮助']);
  });
});
