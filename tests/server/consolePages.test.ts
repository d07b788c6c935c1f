// GET /console/…: the built console's files from its own folder only, index.html for every client route,
// a plain Chinese page when the console was never built, and never the API by GET.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsolePages } from '../../server/console/pages';

describe('console pages', () => {
  let dir: string;
  let app: FastifyInstance;
  let empty: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liuqing-console-pages-'));
    mkdirSync(join(dir, 'build', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'build', 'index.html'), '<!doctype html><title>控制台</title>');
    writeFileSync(join(dir, 'build', 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    app = Fastify();
    registerConsolePages(app, join(dir, 'build'));
    empty = Fastify();
    registerConsolePages(empty, join(dir, 'missing'));
  });
  afterAll(async () => {
    await app.close();
    await empty.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves files and index.html for client routes, with a content security policy', async () => {
    const asset = await app.inject({ method: 'GET', url: '/console/assets/app-1.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.body).toBe('console.log(1)');
    const route = await app.inject({ method: 'GET', url: '/console/merges/abc?status=open' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('控制台');
    expect(route.headers['content-security-policy']).toContain("default-src 'self'");
    expect(route.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ method: 'GET', url: '/console' })).headers.location).toBe('/console/');
  });

  it('never leaves its folder, and never answers the API by GET', async () => {
    for (const url of [
      '/console/../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.body).not.toContain('not for the web');
    }
    const api = await app.inject({ method: 'GET', url: '/console/api/me' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.message).toContain('POST');
  });

  it('says how to build it when it was never built', async () => {
    const r = await empty.inject({ method: 'GET', url: '/console/' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build:console');
  });
});
