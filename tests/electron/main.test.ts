// Electron main's lifecycle with 'electron' faked: on start it opens the station in <userData>/station and
// serves the contract; on quit it holds the exit until the station database is closed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { app, fake, fakeEvent } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const dir = mkdtempSync(join(tmpdir(), 'liuqing-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electron/main.ts', () => {
  it('starts the shell, then on quit closes the station before exiting', async () => {
    fake.reset();
    fake.userData = dir;
    const exit = vi.spyOn(app, 'exit');
    await import('../../electron/main');
    await vi.waitFor(() => expect(fake.handlers.size).toBe(METHOD_NAMES.length + 1), {
      timeout: 20_000,
      interval: 20,
    });
    expect(existsSync(join(dir, 'station', 'station.sqlite'))).toBe(true);
    expect(fake.windows).toHaveLength(1);
    // date fields drawn as Zhejiang writes dates, whatever the language of Windows
    expect(app.switches.get('lang')).toBe('zh-CN');

    const quit = fakeEvent('');
    app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true); // exit waits for the database
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0), { timeout: 20_000, interval: 20 });
    expect(fake.handlers.size).toBe(0);

    // a second will-quit (from app.exit) passes straight through
    const again = fakeEvent('');
    app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });
});
