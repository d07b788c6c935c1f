// One SyncService per station: enrolment, and the sync run (push, then pull) — never two runs at once; a
// second caller joins the run in progress. It records what each attempt said in sync_state so the 同步
// page and the background scheduler read the same facts.
import { renumberUnsentCards } from '../cards/provisional';
import { toWellFormedText } from '../../shared/sync/columns';
import { ENDPOINTS, enrollResponse } from '../../shared/sync/protocol';
import type { SyncCounts, SyncProgress } from '../../shared/contract/sync';
import type { DB } from '../db/schema';
import { setMeta } from '../meta';
import { failureMessage } from './messages';
import { pendingCount, pushOutbox, pushedSeqCeiling } from './push';
import { pullLog } from './pull';
import { refreshReference } from './reference';
import { readSyncState, skewOf, updateSyncState } from './state';
import { newCounters, post, SyncFailure, type WireCounters } from './transport';

export interface SyncOptions {
  /** Entries per push request. */
  batchSize?: number;
  pullPageSize?: number;
  snapshotPageSize?: number;
  timeoutMs?: number;
}

const IDLE: SyncProgress = {
  running: false,
  phase: 'idle',
  pushSent: 0,
  pushTotal: 0,
  pulled: 0,
  pullPages: 0,
  pullMore: false,
};

export class SyncService {
  #running: Promise<SyncCounts> | null = null;
  progress: SyncProgress = { ...IDLE };
  /** Bytes and requests on the wire since the service started (for benchmarks and support). */
  readonly counters: WireCounters = newCounters();
  /** Times this service fetched the district's reference data (only when its version changed). */
  referenceFetches = 0;
  readonly options: Required<SyncOptions>;

  constructor(
    readonly db: DB,
    readonly now: () => Date,
    options: SyncOptions = {},
  ) {
    this.options = {
      batchSize: 2000,
      pullPageSize: 2000,
      snapshotPageSize: 10_000,
      timeoutMs: 30_000,
      ...options,
    };
  }

  get running(): boolean {
    return this.#running !== null;
  }

  async enroll(input: { serverUrl: string; code: string; communityCode: string; stationName: string }) {
    const res = await post(
      { baseUrl: input.serverUrl, timeoutMs: this.options.timeoutMs },
      ENDPOINTS.enroll,
      { code: input.code, stationName: toWellFormedText(input.stationName).slice(0, 50) },
      enrollResponse,
      this.counters,
    );
    if (res.communityCode !== input.communityCode)
      throw new SyncFailure(
        'wrong_community',
        `登记码属于社区 ${res.communityCode}，与本机的社区 ${input.communityCode} 不符：请向区里申请本社区的登记码`,
      );
    const now = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const offset = await pushedSeqCeiling(trx);
      const values = {
        server_url: input.serverUrl.replace(/\/+$/, ''),
        station_id: res.stationId,
        community_code: res.communityCode,
        station_number: res.stationNumber,
        credential: res.credential,
        seq_offset: offset,
        cursor: 0,
        enrolled_at: now,
        last_error: null,
        last_error_at: null,
        reachable: 1,
        clock_skew_ms: skewOf(this.now(), res.serverTime),
      };
      await trx
        .insertInto('sync_state')
        .values({ id: 1, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
      // Card numbers embed the station number: the district's number keeps them unique across PCs, and
      // the cards issued here before enrolment take it before the district ever sees them.
      await setMeta(trx, { station_number: String(res.stationNumber) });
      await renumberUnsentCards(trx, res.communityCode, res.stationNumber, now);
    });
    return { stationId: res.stationId, communityCode: res.communityCode, stationNumber: res.stationNumber };
  }

  /** Push then pull. Joins a run already in progress instead of starting a second one. */
  run(): Promise<SyncCounts> {
    if (this.#running) return this.#running;
    this.#running = this.#run().finally(() => {
      this.#running = null;
      this.progress = { ...this.progress, running: false, phase: 'idle' };
    });
    return this.#running;
  }

  async #run(): Promise<SyncCounts> {
    const state = await readSyncState(this.db);
    if (!state) throw new SyncFailure('not_enrolled', failureMessage('not_enrolled'));
    const started = this.now().toISOString();
    await updateSyncState(this.db, { last_attempt_at: started });
    const transport = {
      baseUrl: state.server_url,
      credential: state.credential,
      timeoutMs: this.options.timeoutMs,
    };
    this.progress = { ...IDLE, running: true, phase: 'push' };
    try {
      const pushed = await pushOutbox({
        db: this.db,
        state,
        transport,
        now: this.now,
        batchSize: this.options.batchSize,
        counters: this.counters,
        onProgress: (sent, total) => (this.progress = { ...this.progress, pushSent: sent, pushTotal: total }),
      });
      const fullUpload = (await pendingCount(this.db)) === 0;
      if (fullUpload) await updateSyncState(this.db, { last_full_upload_at: this.now().toISOString() });
      this.progress = { ...this.progress, phase: 'pull' };
      let referenceVersion: string | undefined;
      const pulled = await pullLog({
        db: this.db,
        transport,
        now: this.now,
        pageSize: this.options.pullPageSize,
        snapshotPageSize: this.options.snapshotPageSize,
        counters: this.counters,
        onProgress: (phase, rows, pages, more) =>
          (this.progress = { ...this.progress, phase, pulled: rows, pullPages: pages, pullMore: more }),
        onReferenceVersion: (v) => (referenceVersion = v),
      });
      if (await refreshReference(this.db, transport, referenceVersion, this.counters))
        this.referenceFetches++;
      await updateSyncState(this.db, {
        last_success_at: this.now().toISOString(),
        last_error: null,
        last_error_at: null,
        reachable: 1,
      });
      return { pushed: pushed.pushed, pulled, rejected: pushed.rejected, conflicts: pushed.conflicts };
    } catch (e) {
      const failure =
        e instanceof SyncFailure
          ? e
          : new SyncFailure('server_error', `同步中断：${(e as Error).message.slice(0, 200)}`);
      await updateSyncState(this.db, {
        last_error: failure.message,
        last_error_at: this.now().toISOString(),
        reachable: failure.unreachable ? 0 : 1,
      });
      throw failure;
    }
  }
}
