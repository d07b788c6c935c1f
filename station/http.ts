// The headless station: the built renderer and `POST /api/<method>` on 127.0.0.1 only. The same contract
// as Electron's preload, for development, tests, and PCs where Electron cannot run. Errors always have
// the contract's shape; no request, however malformed, takes the process down.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ApiError, HTTP_STATUS, type ErrorBody } from '../shared/errors';
import type { Station } from './station';

export interface HttpHostOptions {
  station: Station;
  /** Folder of the built renderer (index.html and assets); omit to serve the API only. */
  staticDir?: string;
  port?: number;
  /** Request bodies above this many bytes answer 413. */
  bodyLimit?: number;
}

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

function errorBody(e: unknown): { status: number; body: { error: ErrorBody } } {
  if (e instanceof ApiError) return { status: HTTP_STATUS[e.code], body: { error: e.toBody() } };
  const fe = e as { statusCode?: number; code?: string };
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, body: { error: { code: 'payload_too_large', message: '请求内容过大' } } };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: '请求格式不正确：需要 JSON 对象',
          issues: [{ path: '', message: '无法解析的 JSON' }],
        },
      },
    };
  return { status: 500, body: { error: { code: 'internal', message: '内部错误，操作未完成，数据未改动' } } };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Host of a `Host` header, without the port; '' when unreadable. */
function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
}

/**
 * The origins of this station's own page: its address under either loopback name, on the port it actually
 * listens on (known only after listen, so port 0 works). `URL.origin` drops a default :80 as browsers do.
 */
export function ownOrigins(port: number): Set<string> {
  return new Set(['127.0.0.1', 'localhost'].map((h) => new URL(`http://${h}:${port}`).origin));
}

/**
 * Any content type is accepted as JSON, so a web page elsewhere could POST here without a preflight
 * (and DNS rebinding could make its own name point at 127.0.0.1). Only loopback Host names may call the
 * API, and a browser (which always sends Origin with a POST) only from the station's own page: a page
 * served by anything else on this PC — another local app, a dev server on another port — is another site.
 * Callers without an Origin (scripts on this PC, the Vite dev proxy, which vouches for its own page by
 * setting it — renderer/vite.config.ts) are served as before.
 */
function refuseForeignCaller(
  headers: { host?: string | undefined; origin?: string | undefined },
  own: Set<string>,
): void {
  if (!LOOPBACK_HOSTS.has(hostnameOf(headers.host ?? '')))
    throw new ApiError('forbidden', '本接口只接受本机访问（Host 不是 127.0.0.1 或 localhost）');
  if (headers.origin !== undefined && !own.has(headers.origin))
    throw new ApiError('forbidden', '本接口不接受来自其他网站的请求（只接受本工作站页面的请求）');
}

export async function startHttpHost(opts: HttpHostOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 1_048_576 });

  // Accept any body as JSON regardless of content type, so a missing header is not a different error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body ?? '');
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        new ApiError('invalid_input', '请求格式不正确：不是有效的 JSON', [
          { path: '', message: '无法解析的 JSON' },
        ]),
        undefined,
      );
    }
  });

  app.setErrorHandler((err, _req, reply) => {
    const { status, body } = errorBody(err);
    if (status === 500) console.error('station: internal error', (err as Error).message);
    void reply.status(status).send(body);
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    // answers carry personal data: never stored; only the renderer's content-hashed assets say otherwise
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });

  // before the body is read: a foreign page gets nothing parsed, let alone run
  let own: Set<string> | null = null;
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    own ??= ownOrigins((app.server.address() as AddressInfo).port);
    refuseForeignCaller(req.headers, own);
  });

  app.post<{ Params: { method: string } }>('/api/:method', async (req, reply) => {
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    // No body at all (curl -XPOST without -d) reads as {}: the method's own schema then names what is missing.
    const body = req.body === undefined ? {} : req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new ApiError('invalid_input', '请求格式不正确：需要 JSON 对象', [
        { path: '', message: '需要 JSON 对象' },
      ]);
    const result = await opts.station.call(req.params.method, body, token);
    return reply.status(200).send(result ?? {});
  });
  app.all('/api/*', async () => {
    throw new ApiError('unknown_method', '接口只接受 POST /api/<方法名>');
  });
  app.setNotFoundHandler(async (_req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: '找不到该地址' } satisfies ErrorBody }),
  );

  if (opts.staticDir) {
    const root = resolve(opts.staticDir);
    app.get('/*', async (req, reply) => {
      const urlPath = decodeURIComponent(req.url.split('?')[0] ?? '/');
      const candidate = normalize(join(root, urlPath));
      // no path traversal: the file must sit inside the renderer folder
      const inside = candidate === root || candidate.startsWith(root + sep);
      let file = inside ? candidate : join(root, 'index.html');
      const s = await stat(file).catch(() => null);
      if (!s || !s.isFile()) file = join(root, 'index.html'); // client-side routes (/print/cards …)
      const data = await readFile(file);
      reply.header('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
      // Vite names its bundles by their content (assets/index-<hash>.js): one never changes, so a page
      // opened again (a reload, a print page in a new tab) takes it from the browser's cache instead of
      // fetching and compiling 2 MB again. index.html keeps no-store, so a new build is seen at once.
      if (file.startsWith(join(root, 'assets') + sep))
        reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'",
      );
      return reply.send(data);
    });
  }

  const address = await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  return { app, url: address.replace('[::1]', '127.0.0.1') };
}
