// print.cards in main with 'electron' faked: the session is checked before anything renders, the token
// reaches the hidden window through sessionStorage (never a URL), the PDF lands where the user chose, and
// the hidden window is always destroyed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const { printCards, printUrl, readyScript } = await import('../../electron/print');

const dir = mkdtempSync(join(tmpdir(), 'liuqing-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'tok-3f9a';
const IDS = ['0190a8e2-7c1d-7000-8000-000000000001', '0190a8e2-7c1d-7000-8000-000000000002'];
const deps = {
  preload: '/p/preload.cjs',
  isLoggedIn: async (t: string | undefined) => t === TOKEN,
  today: () => '2025-07-01',
};

beforeEach(() => fake.reset());

describe('print.cards', () => {
  it('refuses a caller without a session before opening any window', async () => {
    await expect(printCards(deps, { ids: IDS, layout: 'card' }, 'stale')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(fake.windows).toHaveLength(0);
  });

  it('rejects bad input with field issues in Chinese', async () => {
    await expect(printCards(deps, { ids: [], layout: 'card' }, TOKEN)).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'ids', message: '请选择要打印的卡' }],
    });
    await expect(printCards(deps, { ids: IDS, layout: 'poster' }, TOKEN)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(fake.windows).toHaveLength(0);
  });

  it('prints through a hidden hardened window that got the token via sessionStorage, then destroys it', async () => {
    await expect(printCards(deps, { ids: IDS, layout: 'sheet' }, TOKEN)).resolves.toEqual({ printed: true });
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(win.webContents.urls).toEqual(['app://liuqing/__blank', printUrl(IDS, 'sheet')]);
    expect(new URL(win.webContents.urls[1]!).searchParams.get('ids')).toBe(IDS.join(','));
    for (const u of win.webContents.urls) expect(u).not.toContain(TOKEN);
    expect(win.webContents.scripts[0]).toContain(`sessionStorage.setItem('liuqing.token', "${TOKEN}")`);
    expect(win.webContents.printed).toBe(1);
    expect(win.destroyed).toBe(true);
  });

  it('saves a PDF where the user chose', async () => {
    const target = join(dir, 'cards.pdf');
    fake.saveDialog = { canceled: false, filePath: target };
    const r = await printCards(deps, { ids: IDS, layout: 'card', pdf: true }, TOKEN);
    expect(r).toEqual({ savedTo: target, bytes: fake.pdfBytes.length });
    expect(readFileSync(target)).toEqual(fake.pdfBytes);
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it('does nothing when the save dialog is cancelled', async () => {
    fake.saveDialog = { canceled: true };
    await expect(printCards(deps, { ids: IDS, layout: 'card', pdf: true }, TOKEN)).resolves.toEqual({
      cancelled: true,
    });
    expect(fake.windows).toHaveLength(0);
  });

  it('reports a print page that failed to get ready, and still destroys the window', async () => {
    fake.printReady = 'error';
    await expect(printCards(deps, { ids: IDS, layout: 'card' }, TOKEN)).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(fake.windows[0]!.destroyed).toBe(true);
    expect(fake.windows[0]!.webContents.printed).toBe(0);
  });

  it('waits on the printReady attribute with an observer, not a polling loop', () => {
    const s = readyScript(1000);
    expect(s).toContain('MutationObserver');
    expect(s).toContain("attributeFilter: ['data-print-ready']");
  });
});
