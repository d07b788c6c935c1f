// The app:// protocol handler on a real folder: serves the renderer and its client routes, and never a file
// outside dist/renderer, however the path is spelt.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, isAppUrl, resolveRequest } from '../../electron/protocol';

let dir: string;
let root: string;
let serve: ReturnType<typeof createAppProtocolHandler>;
const SECRET = 'SECRET-OUTSIDE-RENDERER';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'liuqing-proto-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>INDEX</title>');
  writeFileSync(join(root, 'assets', 'app-1.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'renderer-sibling.txt'), SECRET); // shares the folder name's prefix
  serve = createAppProtocolHandler(root);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves index.html, assets with their types, and client routes', async () => {
    const index = await serve({ url: 'app://liuqing/' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await index.text()).toContain('INDEX');

    const js = await serve({ url: 'app://liuqing/assets/app-1.js' });
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('console.log');

    const route = await serve({ url: 'app://liuqing/print/cards?ids=a,b&layout=card' });
    expect(await route.text()).toContain('INDEX');
    // vite's base './' makes /print/cards ask for /print/assets/…; it still gets the real asset
    const nested = await serve({ url: 'app://liuqing/print/assets/app-1.js' });
    expect(nested.status).toBe(200);
    expect(await nested.text()).toContain('console.log');
  });

  it('serves the script-less page that print windows use to receive the session token', async () => {
    const r = await serve({ url: 'app://liuqing/__blank' });
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('INDEX');
  });

  it('answers 404 for a missing file with an extension instead of handing out index.html', async () => {
    const r = await serve({ url: 'app://liuqing/assets/missing.js' });
    expect(r.status).toBe(404);
  });

  it.each([
    'app://liuqing/../../secret.txt',
    'app://liuqing/../secret.txt',
    'app://liuqing/%2e%2e/secret.txt',
    'app://liuqing/%2E%2E%2Fsecret.txt',
    'app://liuqing/..%2fsecret.txt',
    'app://liuqing/assets/..%2f..%2fsecret.txt',
    'app://liuqing/..%5csecret.txt',
    'app://liuqing/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://liuqing/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://liuqing/..%2frenderer-sibling.txt',
    'app://liuqing/..%252fsecret.txt',
    'app://liuqing/index.html%00.png',
    'app://liuqing/%E0%A4%A',
    'app://evil/index.html',
    'app://liuqing.evil/index.html',
    'https://liuqing/index.html',
  ])('never serves what lies outside the renderer folder: %s', async (url) => {
    const r = await serve({ url });
    const body = await r.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toMatch(/root:.*:0:0:/);
    if (r.status === 200) expect(body).toContain('INDEX'); // a normalised path may land on the app itself
  });

  it('refuses encoded traversal, NUL bytes, bad encodings and other hosts outright', () => {
    // the URL parser itself folds `..` and `%2e%2e` segments; what survives it stays inside the root
    expect(resolveRequest(root, 'app://liuqing/%2e%2e/secret.txt')).toEqual({
      kind: 'file',
      file: join(root, 'secret.txt'),
    });
    expect(resolveRequest(root, 'app://liuqing/%2e%2e%2fsecret.txt')).toEqual({
      kind: 'refused',
      status: 403,
    });
    expect(resolveRequest(root, 'app://liuqing/..%2f..%2fetc%2fpasswd')).toEqual({
      kind: 'refused',
      status: 403,
    });
    expect(resolveRequest(root, 'app://liuqing/..%5csecret.txt')).toEqual({ kind: 'refused', status: 403 });
    expect(resolveRequest(root, 'app://liuqing/..%2frenderer-sibling.txt')).toEqual({
      kind: 'refused',
      status: 403,
    });
    expect(resolveRequest(root, 'app://liuqing/a%00b')).toEqual({ kind: 'refused', status: 400 });
    expect(resolveRequest(root, 'app://liuqing/%E0%A4%A')).toEqual({ kind: 'refused', status: 400 });
    expect(resolveRequest(root, 'app://evil/')).toEqual({ kind: 'refused', status: 403 });
    expect(resolveRequest(root, 'not a url')).toEqual({ kind: 'refused', status: 400 });
  });

  it('knows our origin from look-alikes', () => {
    expect(isAppUrl('app://liuqing/print/cards')).toBe(true);
    for (const u of [
      'app://liuqing.evil/',
      'app://evil/liuqing',
      'https://liuqing/',
      'app://liuqing:80@evil/',
      '',
      null,
      'garbage',
    ])
      expect(isAppUrl(u), String(u)).toBe(false);
  });
});
