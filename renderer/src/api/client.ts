// The renderer's one way to data: a typed client of the contract over either transport — Electron's
// preload bridge (window.liuqing) or HTTP to the headless station. No node:*, no electron here.
import type { Contract, InputOf, MethodName, OutputOf } from '../../../shared/contract';
import { ApiError, type ErrorBody } from '../../../shared/errors';

type Bridge = Record<
  string,
  (input: unknown, token?: string) => Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorBody }>
>;

declare global {
  interface Window {
    liuqing?: Bridge;
  }
}

let token: string | undefined = sessionStorage.getItem('liuqing.token') ?? undefined;

export function setToken(t: string | undefined): void {
  token = t;
  if (t) sessionStorage.setItem('liuqing.token', t);
  else sessionStorage.removeItem('liuqing.token');
}
export function getToken(): string | undefined {
  return token;
}

export async function call<M extends MethodName>(
  method: M,
  input: InputOf<Contract[M]>,
): Promise<OutputOf<Contract[M]>> {
  try {
    return await send(method, input);
  } catch (e) {
    // An expired session anywhere sends the desk back to its login form (SessionGate listens).
    if (e instanceof ApiError && e.code === 'unauthorized' && !method.startsWith('session.')) {
      window.dispatchEvent(new Event('liuqing:unauthorized'));
    }
    throw e;
  }
}

async function send<M extends MethodName>(
  method: M,
  input: InputOf<Contract[M]>,
): Promise<OutputOf<Contract[M]>> {
  const bridge = window.liuqing;
  if (bridge) {
    const fn = bridge[method];
    if (!fn) throw new ApiError('unknown_method', `未知的方法：${method}`);
    const r = await fn(input, token);
    if (!r.ok) throw ApiError.fromBody(r.error);
    return r.value as OutputOf<Contract[M]>;
  }
  let res: Response;
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new ApiError('unavailable', '无法连接本机工作站服务');
  }
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw ApiError.fromBody(body?.error ?? { code: 'internal', message: `请求失败（${res.status}）` });
  return body as OutputOf<Contract[M]>;
}
