// GET /console/…: the console web app (console/, built by `npm run build:console` into dist/console). Every
// path below /console/ that is not a file answers index.html (the app routes on the client); files must sit
// inside the build folder (no path traversal). Not built yet: a page that says how to build it.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Where the built console is: LIUQING_CONSOLE_DIR, or dist/console of this checkout. */
export const CONSOLE_DIR = resolve(
  process.env.LIUQING_CONSOLE_DIR || join(import.meta.dirname, '..', '..', 'dist', 'console'),
);

export function registerConsolePages(app: FastifyInstance, dir: string = CONSOLE_DIR): void {
  const root = resolve(dir);
  app.get('/console', async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/*', async (req, reply) => {
    const urlPath = decodeURIComponent((req.url.split('?')[0] ?? '/').slice('/console'.length) || '/');
    if (urlPath.startsWith('/api/'))
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: '控制台接口只接受 POST /console/api/<方法名>' } });
    const index = join(root, 'index.html');
    if (!(await stat(index).catch(() => null)))
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('区控制台尚未构建：请运行 npm run build:console 后重启区服务器。');
    const candidate = normalize(join(root, urlPath));
    const inside = candidate.startsWith(root + sep);
    let file = inside ? candidate : index;
    const s = await stat(file).catch(() => null);
    if (!s || !s.isFile()) file = index;
    reply.header('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    // hashed asset names: cache them; index.html always fresh
    reply.header('Cache-Control', file === index ? 'no-cache' : 'public, max-age=31536000, immutable');
    return reply.send(await readFile(file));
  });
}
