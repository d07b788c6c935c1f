// Browser tests: a real headless station over HTTP on 127.0.0.1 and Debian's Chromium driven by
// playwright-core. `npm test` builds the renderer first (dist/renderer).
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Station } from '../../station/station';
import { startHttpHost } from '../../station/http';
import { ADMIN, TEST_COMMUNITY } from '../factories/station';

export { ADMIN };

export const RENDERER_DIR = resolve(import.meta.dirname, '../../dist/renderer');
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../test-results');

export interface RunningStation {
  station: Station;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startStation(dir?: string): Promise<RunningStation> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('renderer not built: run `npm run build:renderer` first');
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'liuqing-e2e-'));
  const station = await Station.open({ dataDir });
  const { app, url } = await startHttpHost({ station, staticDir: RENDERER_DIR, port: 0 });
  return {
    station,
    url,
    dir: dataDir,
    async close() {
      await app.close();
      await station.close();
      if (!dir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  throw new Error('Chromium not found: apt-get install -y chromium (see .ci/run)');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--lang=zh-CN',
    ],
  });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** Sets up a fresh station (community, station number, the ADMIN account) and returns the admin's token. */
export async function setUpAndLogin(
  rs: RunningStation,
  stationNumber: number,
  communityCode: string = TEST_COMMUNITY,
): Promise<string> {
  await rs.station.call('session.setup', { communityCode, stationNumber, admin: ADMIN });
  const { token } = (await rs.station.call('session.login', {
    username: ADMIN.username,
    password: ADMIN.password,
  })) as { token: string };
  return token;
}
