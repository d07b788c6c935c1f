// The station's HTTP link to the district server: gzip both ways, a timeout on every request, every
// response parsed with the protocol's schema, and every failure turned into a SyncFailure with plain words.
import { promisify } from 'node:util';
import { constants, createGzip, gzip } from 'node:zlib';
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
  return send(opts, path, 'application/json', body, () => body.length, schema, counters);
}

/**
 * A body of lines (NDJSON, issue 14), gzip'd with a sync flush after each line so the server can take each
 * one up as soon as its bytes have arrived, sent as it is compressed (chunked, `duplex: 'half'`).
 */
export async function postLines<S extends z.ZodType>(
  opts: TransportOptions,
  path: string,
  contentType: string,
  lines: readonly string[],
  schema: S,
  counters?: WireCounters,
): Promise<z.output<S>> {
  const gz = createGzip();
  let sentBytes = 0;
  async function* body(): AsyncGenerator<Buffer> {
    for await (const chunk of gz as AsyncIterable<Buffer>) {
      sentBytes += chunk.length;
      yield chunk;
    }
  }
  for (const line of lines) {
    gz.write(line + '\n');
    gz.flush(constants.Z_SYNC_FLUSH);
  }
  gz.end();
  try {
    return await send(opts, path, contentType, body(), () => sentBytes, schema, counters);
  } finally {
    gz.destroy();
  }
}

/**
 * A JSON request whose answer is a body of lines (NDJSON, issue 14): each line parsed with `schema` and
 * given out as soon as it has arrived, so the caller works on it while the rest is still coming. A line cut
 * off at the end of a broken answer is not given; the break is thrown as a network failure.
 */
export async function* postForLines<S extends z.ZodType>(
  opts: TransportOptions,
  path: string,
  payload: unknown,
  schema: S,
  counters?: WireCounters,
): AsyncGenerator<z.output<S>> {
  const body = await gzipAsync(Buffer.from(JSON.stringify(payload)));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000);
  try {
    const res = await request(opts, path, 'application/json', body, controller);
    if (counters) {
      counters.requests++;
      counters.bytesOut += body.length;
    }
    if (!res.ok || !res.body) {
      let json: unknown = null;
      try {
        json = await res.json();
      } catch (e) {
        if (controller.signal.aborted || (e as Error).name !== 'SyntaxError')
          throw networkFailure(e, controller.signal.aborted);
      }
      throw serverFailure(res.status, json);
    }
    const text = new TextDecoder();
    let buffered = '';
    const reader = res.body.getReader();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw networkFailure(e, controller.signal.aborted);
        }
        if (chunk.done) break;
        if (counters) counters.bytesIn += chunk.value.length;
        buffered += text.decode(chunk.value, { stream: true });
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!line.trim()) continue;
          let json: unknown;
          try {
            json = JSON.parse(line);
          } catch {
            throw new SyncFailure('bad_response', failureMessage('bad_response'));
          }
          const parsed = schema.safeParse(json);
          if (!parsed.success) throw new SyncFailure('bad_response', failureMessage('bad_response'));
          yield parsed.data;
        }
      }
    } finally {
      reader.releaseLock();
      if (!controller.signal.aborted) controller.abort(); // a caller that stopped early: the rest is dropped
    }
    if (buffered.trim()) throw new SyncFailure('network', failureMessage('network'));
  } finally {
    clearTimeout(timer);
  }
}

async function send<S extends z.ZodType>(
  opts: TransportOptions,
  path: string,
  contentType: string,
  body: Buffer | AsyncIterable<Buffer>,
  bytesOut: () => number,
  schema: S,
  counters?: WireCounters,
): Promise<z.output<S>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000);
  try {
    const res = await request(opts, path, contentType, body, controller);
    if (counters) {
      counters.requests++;
      counters.bytesOut += bytesOut();
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

/** One POST to the district, gzip'd, under the caller's abort controller (its timeout covers the answer too). */
async function request(
  opts: TransportOptions,
  path: string,
  contentType: string,
  body: Buffer | AsyncIterable<Buffer>,
  controller: AbortController,
): Promise<Response> {
  try {
    return await fetch(opts.baseUrl.replace(/\/+$/, '') + path, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'Content-Encoding': 'gzip',
        'Accept-Encoding': 'gzip',
        ...(opts.credential ? { Authorization: `Bearer ${opts.credential}` } : {}),
      },
      body: body as BodyInit,
      // a streamed body goes out as it is made (Node's fetch requires saying so)
      ...(Buffer.isBuffer(body) ? {} : { duplex: 'half' }),
      signal: controller.signal,
    } as RequestInit);
  } catch (e) {
    throw networkFailure(e, controller.signal.aborted);
  }
}

function networkFailure(_e: unknown, aborted: boolean): SyncFailure {
  return aborted
    ? new SyncFailure('timeout', failureMessage('timeout'))
    : new SyncFailure('network', failureMessage('network'));
}
