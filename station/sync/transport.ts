// The station's HTTP link to the district server: gzip both ways, a timeout on every request, every
// response parsed with the protocol's schema, and every failure turned into a SyncFailure with plain words.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { z } from 'zod';
import { errorResponse } from '../../shared/sync/protocol';
import { failureMessage, type FailureKind } from './messages';

const gzipAsync = promisify(gzip);

export class SyncFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The server's error code, when it answered with one. */
    readonly serverCode?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
  /** The server never answered (network, timeout): worth retrying with backoff. */
  get unreachable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'server_error';
  }
}

export interface TransportOptions {
  baseUrl: string;
  credential?: string;
  timeoutMs?: number;
}

export interface WireCounters {
  requests: number;
  bytesOut: number;
  bytesIn: number;
}

export function newCounters(): WireCounters {
  return { requests: 0, bytesOut: 0, bytesIn: 0 };
}

function serverFailure(status: number, body: unknown): SyncFailure {
  const parsed = errorResponse.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const details = parsed.success ? parsed.data.error.details : undefined;
  const kind: FailureKind =
    code === 'revoked'
      ? 'revoked'
      : code === 'unauthorized' || status === 401
        ? 'unauthorized'
        : code === 'enroll_code_invalid'
          ? 'enroll_code_invalid'
          : code === 'gap'
            ? 'gap'
            : code === 'payload_too_large' || status === 413
              ? 'payload_too_large'
              : status >= 500
                ? 'server_error'
                : 'rejected_request';
  const serverText = parsed.success ? parsed.data.error.message : undefined;
  return new SyncFailure(kind, failureMessage(kind, serverText), code, details);
}

export async function post<S extends z.ZodType>(
  opts: TransportOptions,
  path: string,
  payload: unknown,
  schema: S,
  counters?: WireCounters,
): Promise<z.output<S>> {
  const body = await gzipAsync(Buffer.from(JSON.stringify(payload)));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000);
  const url = opts.baseUrl.replace(/\/+$/, '') + path;
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
          'Accept-Encoding': 'gzip',
          ...(opts.credential ? { Authorization: `Bearer ${opts.credential}` } : {}),
        },
        body,
        signal: controller.signal,
      });
    } catch (e) {
      throw networkFailure(e, controller.signal.aborted);
    }
    if (counters) {
      counters.requests++;
      counters.bytesOut += body.length;
      counters.bytesIn += Number(res.headers.get('content-length') ?? 0);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      if (controller.signal.aborted || (e as Error).name !== 'SyntaxError')
        throw networkFailure(e, controller.signal.aborted);
      json = null;
    }
    if (!res.ok) throw serverFailure(res.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncFailure('bad_response', failureMessage('bad_response'));
    return parsed.data;
  } finally {
    clearTimeout(timer);
  }
}

function networkFailure(_e: unknown, aborted: boolean): SyncFailure {
  return aborted
    ? new SyncFailure('timeout', failureMessage('timeout'))
    : new SyncFailure('network', failureMessage('network'));
}
