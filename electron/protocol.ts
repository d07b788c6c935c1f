// The renderer is served from `app://liuqing/…`, a privileged standard scheme, never from file:// (which
// would let a page read any file). Every request resolves to a file inside dist/renderer or is refused:
// this file is the path-traversal guard, keep its checks before any disk access.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'liuqing';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/`;
/** A same-origin page without script, used to hand a session token to a print window (see print.ts). */
export const BLANK_PATH = '/__blank';

/** Registered before `app.ready`; `standard` gives real origins and relative URLs, `secure` a secure context. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

const CSP =
  "default-src 'self'; script-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** True when `url` belongs to our renderer (scheme and host; Node reports non-special origins as "null"). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'index' }
  | { kind: 'blank' }
  | { kind: 'refused'; status: 400 | 403 | 404 };

/**
 * Maps a request URL to what to serve. Refuses other hosts, undecodable or NUL-bearing paths, and any path
 * that resolves outside `root` — whatever its encoding (`..`, `%2e%2e`, `%2f`, `\`).
 */
export function resolveRequest(root: string, rawUrl: string): Resolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'refused', status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (path.includes('\0')) return { kind: 'refused', status: 400 };
  if (path === BLANK_PATH) return { kind: 'blank' };
  const base = resolve(root);
  const candidate = resolve(base, '.' + path.replaceAll('\\', '/'));
  if (candidate !== base && !candidate.startsWith(base + sep)) return { kind: 'refused', status: 403 };
  if (candidate === base) return { kind: 'index' };
  return { kind: 'file', file: candidate };
}

async function isFile(file: string): Promise<boolean> {
  const s = await stat(file).catch(() => null);
  return !!s && s.isFile();
}

function refused(status: number): Response {
  return new Response('', { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function serveFile(file: string): Promise<Response> {
  const body = await readFile(file);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/** The `protocol.handle('app', …)` handler for the renderer folder `root`. */
export function createAppProtocolHandler(root: string): (request: { url: string }) => Promise<Response> {
  const base = resolve(root);
  const index = join(base, 'index.html');
  return async (request) => {
    const r = resolveRequest(base, request.url);
    switch (r.kind) {
      case 'refused':
        return refused(r.status);
      case 'blank':
        return new Response('<!doctype html><meta charset="utf-8"><title>六清</title>', {
          status: 200,
          // no CSP here on purpose: the page has no content, and main must run one line in it (print.ts)
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        });
      case 'index':
        return serveFile(index);
      case 'file': {
        if (await isFile(r.file)) return serveFile(r.file);
        // Vite builds with base './', so a client route one folder deep (/print/cards) asks for
        // ./assets/x.js relative to itself; the asset still lives at the root's assets/.
        const at = r.file.lastIndexOf(`${sep}assets${sep}`);
        if (at >= 0) {
          const asset = join(base, r.file.slice(at + 1));
          if (asset.startsWith(base + sep) && (await isFile(asset))) return serveFile(asset);
        }
        // A path without an extension is a client route: the single-page app decides what it shows.
        if (extname(r.file) === '') return serveFile(index);
        return refused(404);
      }
    }
  };
}
