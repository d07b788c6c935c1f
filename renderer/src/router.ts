// A tiny router on history/location: the desk needs a dozen flat routes, not a routing library.
// The headless host (and the Electron protocol handler) answer index.html for every unknown path.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => emit());

function emit(): void {
  for (const l of listeners) l();
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  emit();
}

function snapshot(): string {
  return location.pathname + location.search;
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore((cb) => {
    listeners.add(cb);
    return () => listeners.delete(cb);
  }, snapshot);
  const [path = '/', search = ''] = href.split('?');
  // a file:// load lands on …/index.html: treat it as the root
  return { path: path.endsWith('/index.html') ? '/' : path, query: new URLSearchParams(search) };
}

/** Matches "/residents/:id" style patterns; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(s[i]!);
    else if (seg !== s[i]) return null;
  }
  return params;
}
