// The console's one way to the district: POST /console/api/<method> with the session's Bearer token. Every
// input is parsed with the method's zod schema from shared/contract/console.ts before it leaves the page
// (the server parses it again). A refused session sends the person to the login page, which brings them
// back to where they were; a one-time password still in use sends them to change it.
import type { z } from 'zod';
import { consoleContract, type ConsoleMethod } from '../../shared/contract/console';
import { navigate } from '../../renderer/src/router';
import { getLang, t, type MessageKey } from '../../renderer/src/i18n';
import { clearSession, getToken } from './session';

export class ConsoleApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

export type Input<M extends ConsoleMethod> = z.input<(typeof consoleContract)[M]>;

/** Where to come back to after logging in again. */
export function here(): string {
  return location.pathname + location.search;
}

export async function call<T>(method: ConsoleMethod, input: Input<typeof method>): Promise<T> {
  const r = await send(method, input);
  return (await r.json()) as T;
}

/** A method that answers a file (reports.export): its bytes and the name the server gives it. */
export async function download(
  method: ConsoleMethod,
  input: Input<typeof method>,
): Promise<{ blob: Blob; fileName: string }> {
  const r = await send(method, input);
  const cd = r.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return { blob: await r.blob(), fileName: m ? decodeURIComponent(m[1]!) : 'report.xlsx' };
}

async function send(method: ConsoleMethod, input: unknown): Promise<Response> {
  const parsed = consoleContract[method].safeParse(input ?? {});
  if (!parsed.success)
    throw new ConsoleApiError(
      'invalid_input',
      parsed.error.issues[0]?.message ?? t('console.err.invalid_input'),
      400,
    );
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(`/console/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(parsed.data),
    });
  } catch {
    throw new ConsoleApiError('network', t('console.err.network'), 0);
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const code = body?.error?.code ?? 'internal';
  const err = new ConsoleApiError(code, body?.error?.message ?? t('console.err.internal'), res.status);
  // several calls of one page may be refused together: only the first sends the person to login
  if (res.status === 401 && method !== 'login' && location.pathname !== '/console/login') {
    clearSession();
    const next = here();
    navigate(
      `/console/login?next=${encodeURIComponent(next)}&why=${code === 'session_expired' ? 'expired' : 'again'}`,
      { replace: true },
    );
  } else if (code === 'password_change_required' && location.pathname !== '/console/password') {
    navigate(`/console/password?next=${encodeURIComponent(here())}`, { replace: true });
  }
  throw err;
}

/** A failure in words for the person at the page: the district's Chinese message, or its kind in English. */
export function messageOf(e: unknown): string {
  if (e instanceof ConsoleApiError) {
    if (getLang() !== 'en' || e.code === 'network') return e.message;
    const key = `console.err.${e.code}` as MessageKey;
    const general = t(key);
    return general === key ? t('console.err.internal') : general;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Saves a blob under a name (the browser's download). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
