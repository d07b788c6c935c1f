// The district server's HTTP face: the endpoints of shared/sync/protocol.ts and nothing else. Guards:
// every body parsed with the protocol's zod schema, gzip bodies decompressed under the same size limit
// (no zip bombs), every request but enroll authenticated, errors always in the protocol's shape.
import { promisify } from 'node:util';
import { PassThrough } from 'node:stream';
import { constants, createGunzip, createGzip, gzip } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ZodError, type z } from 'zod';
import {
  boardRequest,
  ENDPOINTS,
  enrollRequest,
  PUSH_STREAM_TYPE,
  pullRequest,
  pullStreamRequest,
  pushRequest,
  referenceRequest,
  snapshotRequest,
  statusRequest,
} from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { referenceData } from '../reference';
import { authenticate, enroll, type AuthedStation } from '../stations';
import { pull, pullLines, snapshot } from '../sync/pull';
import { push } from '../sync/push';
import { pushStream } from '../sync/pushStream';
import { status } from '../sync/status';
import { currentEpoch } from '../sync/epoch';
import { board } from '../sync/board';
import { coursesBoard } from '../training/board';
import { sharedFairs } from '../fairs/shared';
import { FAIRS_ENDPOINT, fairsRequest } from '../../shared/sync/fairsProtocol';
import { registerUpdateRoutes } from '../delivery/updateRoutes';
import { registerConsoleApi } from '../console/routes';
import { registerConsolePages } from '../console/pages';

const gzipAsync = promisify(gzip);
const COMPRESS_OVER = 1024;

export interface AppOptions {
  bodyLimit: number;
  /** Socket inactivity (ms) after which the connection is closed; 0: never. */
  idleTimeoutMs: number;
  logger: boolean;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    throw new SyncError(
      'invalid_input',
      `请求内容不符合同步协议：${first ? `${first.path.join('.') || '(根)'} ${first.message}` : ''}`,
      {
        issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      },
    );
  }
  return r.data;
}

export function buildApp(ctx: ServerContext, opts: AppOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: opts.bodyLimit,
    // Fastify's default is no limit at all: a stalled upload would hold its request for ever
    connectionTimeout: opts.idleTimeoutMs,
    logger: opts.logger ? { level: 'info' } : false,
  });

  app.addHook('preParsing', async (req, _reply, payload) => {
    const enc = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (enc === 'identity') return payload;
    if (enc !== 'gzip') throw new SyncError('invalid_input', `不支持的压缩方式：${enc}（只支持 gzip）`);
    const gunzip = createGunzip() as ReturnType<typeof createGunzip> & { receivedEncodedLength: number };
    // Fastify checks the decompressed size against bodyLimit and the compressed size against Content-Length.
    gunzip.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => (gunzip.receivedEncodedLength += chunk.length));
    if (String(req.headers['content-type'] ?? '').startsWith(PUSH_STREAM_TYPE)) {
      // A streamed push (issue 14) cut off mid-way still hands over the sub-batches that arrived whole:
      // what the gunzip holds is flushed out and the body simply ends there (without its end line, which
      // server/sync/pushStream.ts refuses once it has applied the complete ones).
      const out = new PassThrough();
      let over = false;
      const stop = () => {
        if (over) return;
        over = true;
        gunzip.unpipe(out);
        out.end();
      };
      payload.on('error', () => gunzip.flush(constants.Z_SYNC_FLUSH, () => (stop(), gunzip.destroy())));
      gunzip.on('error', stop); // a broken gzip: what came through whole stands, as above
      payload.pipe(gunzip).pipe(out);
      return out;
    }
    payload.on('error', (err) => gunzip.destroy(err));
    payload.pipe(gunzip);
    return gunzip;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < COMPRESS_OVER) return payload;
    if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return payload;
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    return gzipAsync(payload);
  });

  app.setErrorHandler((err, req, reply) => {
    const e = toSyncError(err, opts.bodyLimit);
    // Only code and message: a database error's detail can quote an ID number.
    if (e.status >= 500)
      req.log.error(
        { code: (err as { code?: string }).code, message: (err as Error).message },
        'request failed',
      );
    return reply.status(e.status).send(e.toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new SyncError('not_found', `没有这个接口：${req.method} ${req.url}`);
    return reply.status(404).send(e.toBody());
  });

  // the streamed push reads its body itself, line by line as it arrives (server/sync/pushStream.ts)
  app.addContentTypeParser(PUSH_STREAM_TYPE, (_req, payload, done) => done(null, payload));

  const authed = (req: FastifyRequest): Promise<AuthedStation> =>
    authenticate(ctx, req.headers.authorization);

  app.post(ENDPOINTS.enroll, async (req) => {
    const input = parse(enrollRequest, req.body);
    const r = await enroll(ctx, input.code, input.stationName);
    return { ...r, serverTime: ctx.now().toISOString(), epoch: await currentEpoch(ctx.store.db) };
  });
  /** The pull that follows the push rides on its answer (issue 14); a pull that cannot be answered here is
   * left out, and the station asks for it on its own (and hears why). Every push answer says the district
   * takes a streamed push. */
  const withPull = async (
    station: AuthedStation,
    answer: Awaited<ReturnType<typeof push>>,
    asked: z.infer<typeof pullRequest> | undefined,
  ) => {
    const told = { ...answer, pushStream: true as const };
    if (!asked) return told;
    try {
      return { ...told, pull: await pull(ctx, station, asked) };
    } catch {
      return told;
    }
  };
  app.post(ENDPOINTS.push, async (req) => {
    const station = await authed(req);
    const body = parse(pushRequest, req.body);
    return withPull(station, await push(ctx, station, body), body.pull);
  });
  app.post(ENDPOINTS.pushStream, async (req) => {
    const station = await authed(req);
    if (!String(req.headers['content-type'] ?? '').startsWith(PUSH_STREAM_TYPE))
      throw new SyncError('invalid_input', `分批上传的内容类型应为 ${PUSH_STREAM_TYPE}`);
    const { header, answer } = await pushStream(
      ctx,
      station,
      req.body as AsyncIterable<Buffer>,
      opts.bodyLimit,
    );
    return withPull(station, answer, header.pull);
  });
  app.post(ENDPOINTS.pull, async (req) => {
    const station = await authed(req);
    return { ...(await pull(ctx, station, parse(pullRequest, req.body))), pushStream: true as const };
  });
  app.post(ENDPOINTS.pullStream, async (req, reply) => {
    const station = await authed(req);
    const { per, ...asked } = parse(pullStreamRequest, req.body);
    const lines = await pullLines(ctx, station, await pull(ctx, station, asked), per);
    // all read before the first byte: the station applies each line while the next ones are on the way
    const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const out = gzipped ? createGzip() : new PassThrough();
    for (const line of lines) {
      out.write(JSON.stringify({ ...line, pushStream: true }) + '\n');
      if (gzipped) (out as ReturnType<typeof createGzip>).flush(constants.Z_SYNC_FLUSH);
    }
    out.end();
    reply.type(PUSH_STREAM_TYPE);
    if (gzipped) reply.header('content-encoding', 'gzip');
    return reply.send(out);
  });
  app.post(ENDPOINTS.snapshot, async (req, reply) => {
    const station = await authed(req);
    const body = await snapshot(ctx, station, parse(snapshotRequest, req.body));
    return reply.type('application/json; charset=utf-8').send(body);
  });
  app.post(ENDPOINTS.status, async (req) => {
    const station = await authed(req);
    return status(ctx, station, parse(statusRequest, req.body));
  });
  app.post(ENDPOINTS.board, async (req) => {
    const station = await authed(req);
    return board(ctx, station, parse(boardRequest, req.body));
  });
  app.post(ENDPOINTS.courses, async (req) => {
    const station = await authed(req);
    return coursesBoard(ctx, station, parse(boardRequest, req.body));
  });
  app.post(FAIRS_ENDPOINT, async (req) => {
    const station = await authed(req);
    return sharedFairs(ctx, station, parse(fairsRequest, req.body));
  });
  app.post(ENDPOINTS.reference, async (req) => {
    await authed(req);
    parse(referenceRequest, req.body);
    return referenceData(ctx);
  });
  registerUpdateRoutes(app, ctx);
  registerConsoleApi(app, ctx);
  registerConsolePages(app);
  return app;
}

function toSyncError(err: unknown, bodyLimit: number): SyncError {
  if (err instanceof SyncError) return err;
  if (err instanceof ZodError) return new SyncError('invalid_input', '请求内容不符合同步协议');
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new SyncError(
      'payload_too_large',
      `上传的数据太大（超过 ${Math.floor(bodyLimit / 1024)} KB），请分成更小的批次上传`,
      { limit: bodyLimit },
    );
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) {
    return new SyncError('invalid_input', '请求内容类型应为 application/json');
  }
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR')
    return new SyncError('invalid_input', '压缩数据已损坏，请重新上传');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new SyncError(
      'invalid_input',
      e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? '请求内容为空' : '请求内容不是有效的 JSON',
    );
  }
  return new SyncError('internal', '服务器内部错误，请稍后再试；如一直出现请联系区里');
}
