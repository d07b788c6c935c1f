// The district server as a library: what the CLI, the tests and the benchmarks start. One call opens the
// store (SQLite under dataDir, or PostgreSQL), loads default reference data on first run and builds the
// HTTP app; `listen` then serves it on 127.0.0.1 unless told otherwise.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerContext } from './context';
import { openStore, type Store } from './db/open';
import type { ServerDB } from './db/schema';
import { buildApp } from './http/app';
import { listMergeTasks, resolveMerge, type MergeDecision, type MergeTaskInfo } from './merges';
import { ensureReference, loadReference, type ReferenceFile } from './reference';
import { ensureProjection } from './reports/projection';
import { addStation, listStations, revokeStation, type NewStation } from './stations';
import { transferResident, type TransferResult } from './transfers';
import { compact, type CompactOptions, type CompactResult } from './sync/compact';
import { storeSize, type StoreSize } from './sync/storeSize';

/** Days of log compaction keeps at least, unless told otherwise. */
export const DEFAULT_KEEP_DAYS = 30;
import { decideSubsidy, type DecisionResult, type SubsidyDecision } from './subsidies/decide';
import { subsidyTotals, type DistrictSubsidyTotal } from './subsidies/totals';
import { trainingRate, type DistrictRateQuery } from './training/rate';
import type { TrainingRate } from '../shared/domain/training/training';
import { districtFairSummary, type DistrictFairSummary } from './fairs/summary';

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export interface ServerOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema (created if missing); lets tests and benchmarks share one database. */
  pgSchema?: string;
  /** Log retention in ms; a station whose cursor is older is told to take a snapshot. Default: forever. */
  retention?: number;
  /** Compaction (sync/compact.ts): keep at least this many days of log (default 30). */
  keepDays?: number;
  /** How often the server compacts by itself, in ms (default every 6 hours; 0: never). */
  compactEveryMs?: number;
  /** Largest request body in bytes, after decompression. */
  bodyLimit?: number;
  /** A connection on which nothing has moved for this long is closed (default 2 minutes): a station whose line
   * died in the middle of a streamed push holds nothing at the district for longer than that. */
  idleTimeoutMs?: number;
  /** The server's clock (tests move it). */
  now?: () => Date;
  logger?: boolean;
  /** Folder of published installers; default `<dataDir>/releases` or LIUQING_RELEASES_DIR. */
  releasesDir?: string;
}

export interface DistrictServer {
  app: FastifyInstance;
  db: Kysely<ServerDB>;
  store: Store;
  ctx: ServerContext;
  /** Base URL once `listen` has resolved. */
  url: string;
  listen(opts?: { port?: number; host?: string }): Promise<string>;
  addStation(communityCode: string, name?: string): Promise<NewStation>;
  revokeStation(stationId: string): Promise<void>;
  listStations(): ReturnType<typeof listStations>;
  transferResident(residentId: string, toCommunity: string, operator?: string): Promise<TransferResult>;
  /** The district decides a merge task: the community whose registration of the person stands. */
  resolveMerge(taskId: string, keepCommunity: string, operator?: string): Promise<MergeDecision>;
  listMergeTasks(status?: string): Promise<MergeTaskInfo[]>;
  loadReference(data: ReferenceFile): ReturnType<typeof loadReference>;
  /** Compacts the log, folds field versions and drops old receipts now (see sync/compact.ts). */
  compact(opts?: Partial<CompactOptions>): Promise<CompactResult>;
  storeSize(): Promise<StoreSize>;
  /** (issue 10) approve, refuse or pay a subsidy application; synced back to its community. */
  decideSubsidy(
    id: string,
    decision: SubsidyDecision,
    opts?: { reason?: string; date?: string; operator?: string },
  ): Promise<DecisionResult>;
  subsidyTotals(from: string, to: string, community?: string): Promise<DistrictSubsidyTotal[]>;
  /** (issue 10) the training employment rate over every community (or one), per course or provider. */
  trainingRate(q: DistrictRateQuery): Promise<TrainingRate>;
  /** A job fair's five figures over every community (issue 10). */
  fairSummary(fairId: string): Promise<DistrictFairSummary>;
  close(): Promise<void>;
}

export async function createServer(opts: ServerOptions): Promise<DistrictServer> {
  const store = await openStore({
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.pgSchema !== undefined ? { pgSchema: opts.pgSchema } : {}),
  });
  const ctx: ServerContext = {
    store,
    now: opts.now ?? (() => new Date()),
    retentionMs: opts.retention,
    releasesDir:
      opts.releasesDir ??
      (process.env.LIUQING_RELEASES_DIR || (opts.dataDir ? join(opts.dataDir, 'releases') : undefined)),
  };
  try {
    await ensureReference(ctx);
    await ensureProjection(store.db, store.kind);
  } catch (err) {
    await store.close();
    throw err;
  }
  const app = buildApp(ctx, {
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    idleTimeoutMs: opts.idleTimeoutMs ?? 120_000,
    logger: opts.logger ?? false,
  });
  let closed = false;
  const keepDays = opts.keepDays ?? DEFAULT_KEEP_DAYS;
  let compacting: Promise<unknown> | null = null;
  const runCompaction = (o: Partial<CompactOptions> = {}) => {
    const run = compact(ctx, { keepDays, ...o });
    compacting = run.finally(() => {
      compacting = null;
    });
    return run;
  };
  const every = opts.compactEveryMs ?? 6 * 3_600_000;
  // in small transactions (compact.ts), so pushes interleave with it; one run at a time
  const timer =
    every > 0
      ? setInterval(() => {
          if (!compacting && !closed)
            void runCompaction().catch((e: unknown) => app.log.error({ err: e }, 'compaction failed'));
        }, every)
      : null;
  timer?.unref();
  const server: DistrictServer = {
    app,
    db: store.db,
    store,
    ctx,
    url: '',
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const addr = app.server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      server.url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
      return server.url;
    },
    addStation: (community, name) => addStation(ctx, community, name),
    revokeStation: (id) => revokeStation(ctx, id),
    listStations: () => listStations(ctx),
    transferResident: (id, to, operator) => transferResident(ctx, id, to, operator),
    resolveMerge: (taskId, keep, operator) => resolveMerge(ctx, taskId, keep, operator),
    listMergeTasks: (status) => listMergeTasks(ctx, status),
    loadReference: (data) => loadReference(ctx, data),
    compact: (o) => runCompaction(o),
    storeSize: () => storeSize(ctx),
    decideSubsidy: (id, decision, o) => decideSubsidy(ctx, id, decision, o),
    subsidyTotals: (from, to, community) => subsidyTotals(ctx, from, to, community),
    trainingRate: (q) => trainingRate(ctx, q),
    fairSummary: (fairId) => districtFairSummary(ctx, fairId),
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await compacting?.catch(() => undefined);
      await app.close();
      await store.close();
    },
  };
  return server;
}

export { openStore, dropPgSchema } from './db/open';
