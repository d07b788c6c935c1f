// One SyncService per station: enrolment, and the sync run (push, then pull) — never two runs at once; a
// second caller joins the run in progress. It records what each attempt said in sync_state so the 同步
// page and the background scheduler read the same facts. A run that finds the district restored from a
// backup recovers first (recovery.ts) and then syncs as usual.
import { renumberUnsentCards } from '../cards/provisional';
import { SYNC_SCHEMA } from '../../shared/sync/versions';
import { toWellFormedText } from '../../shared/sync/columns';
import { ENDPOINTS, enrollResponse } from '../../shared/sync/protocol';
import type { SyncCounts, SyncProgress } from '../../shared/contract/sync';
import type { DB } from '../db/schema';
import { readMeta, setMeta } from '../meta';
import { failureMessage } from './messages';
import { pendingCount, pushOutbox, pushedSeqCeiling, type PushContext, type PushResult } from './push';
import { pullLog, type PullContext } from './pull';
import { readTimeline, TimelineChanged, updateTimeline } from './epoch';
import { adoptFirstEpoch, recover } from './recovery';
import { refreshReference } from './reference';
import { refreshBoard } from '../matching/board';
import { refreshCourseBoard } from '../training/board';
import { refreshSharedFairs } from '../fairs/shared';
import { readSyncState, skewOf, updateSyncState, type SyncState } from './state';
import { newCounters, post, SyncFailure, type TransportOptions, type WireCounters } from './transport';

export interface SyncOptions {
  /** Entries per push request. */
  batchSize?: number;
  pullPageSize?: number;
  snapshotPageSize?: number;
  timeoutMs?: number;
  /** This app's version, told to the district with every push. */
  appVersion?: string;
  /** (issue 14) Stream the push and the pull with a district that takes it (false: JSON bodies, as before). */
  stream?: boolean;
  /** Entries per line of a streamed push or pull (each applied at the other end as it arrives). */
  streamLine?: number;
}

/** meta key: '1' when the district's last answer said it takes a streamed push (issue 14). */
const PUSH_STREAM_META = 'district_push_stream';

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
  /** The district answered without an epoch (an older server): do not ask again in this process. */
  #districtHasNoEpoch = false;
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
      appVersion: '0.0.0',
      stream: true,
      streamLine: 250,
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
      await setMeta(trx, { station_number: String(res.stationNumber), [PUSH_STREAM_META]: '0' });
      await renumberUnsentCards(trx, res.communityCode, res.stationNumber, now);
      // A new link starts a new timeline: the district's epoch as of now, nothing acknowledged yet.
      await updateTimeline(trx, {
        epoch: res.epoch ?? null,
        server_last_seq: 0,
        cursor_mark: null,
        recovering_to: null,
        resent: 0,
        recovered_at: null,
        recovered_resent: null,
      });
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

  /** A recovery cut off earlier, or a first epoch that shows the district holds less than this station. */
  async #recoveryDue(state: SyncState, transport: TransportOptions): Promise<boolean> {
    const tl = await readTimeline(this.db);
    if (tl.recovering_to !== null) return true;
    if (tl.epoch !== null || this.#districtHasNoEpoch) return false;
    const due = await adoptFirstEpoch(this.db, state, transport, this.now, this.counters);
    if (!due && (await readTimeline(this.db)).epoch === null) this.#districtHasNoEpoch = true;
    return due;
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
      // what the district last said of the streamed push, kept across runs (a new enrolment forgets it)
      let streams = (await readMeta(this.db))[PUSH_STREAM_META] === '1';
      const onPushStream = async (offered: boolean) => {
        if (offered === streams) return;
        streams = offered;
        await setMeta(this.db, { [PUSH_STREAM_META]: offered ? '1' : '0' });
      };
      const pushCtx: PushContext = {
        db: this.db,
        state,
        transport,
        now: this.now,
        batchSize: this.options.batchSize,
        counters: this.counters,
        app: { version: this.options.appVersion, schema: SYNC_SCHEMA },
        onProgress: (sent, total) => (this.progress = { ...this.progress, pushSent: sent, pushTotal: total }),
        ...(streams && this.options.stream ? { stream: { streamLine: this.options.streamLine } } : {}),
        onPushStream,
      };
      let referenceVersion: string | undefined;
      let heads: { board?: number; courses?: number; fairs?: number; epoch?: string } = {};
      const pullCtx: PullContext = {
        db: this.db,
        transport,
        now: this.now,
        pageSize: this.options.pullPageSize,
        snapshotPageSize: this.options.snapshotPageSize,
        counters: this.counters,
        onProgress: (phase, rows, pages, more) =>
          (this.progress = { ...this.progress, phase, pulled: rows, pullPages: pages, pullMore: more }),
        onReferenceVersion: (v) => (referenceVersion = v),
        onBoardHeads: (h, epoch) => (heads = { ...h, ...(epoch !== undefined ? { epoch } : {}) }),
        ...(streams && this.options.stream ? { stream: { per: this.options.streamLine } } : {}),
        onPushStream,
      };
      const counts: SyncCounts = { pushed: 0, pulled: 0, rejected: 0, conflicts: 0, proposals: 0 };
      const add = (r: PushResult) => {
        counts.pushed += r.pushed;
        counts.rejected += r.rejected;
        counts.conflicts += r.conflicts;
        counts.proposals += r.proposals;
      };
      let recovering = await this.#recoveryDue(state, transport);
      // A district restored again while this station recovers sends it round once more, not for ever.
      for (let round = 1; ; round++) {
        try {
          let firstPage: PushResult['pulled'];
          if (recovering) {
            const r = await recover(pushCtx, pullCtx);
            add(r.pushed);
            counts.pulled += r.pulled;
            recovering = false;
          } else {
            // the pull after the push rides on the last batch's answer (one round trip fewer)
            const pushed = await pushOutbox({ ...pushCtx, pullAlong: { limit: this.options.pullPageSize } });
            add(pushed);
            firstPage = pushed.pulled;
          }
          const fullUpload = (await pendingCount(this.db)) === 0;
          if (fullUpload) await updateSyncState(this.db, { last_full_upload_at: this.now().toISOString() });
          this.progress = { ...this.progress, phase: 'pull' };
          counts.pulled += await pullLog({ ...pullCtx, ...(firstPage ? { firstPage } : {}) });
          break;
        } catch (e) {
          if (!(e instanceof TimelineChanged) || round >= 3) throw e;
          recovering = true;
        }
      }
      if (await refreshReference(this.db, transport, referenceVersion, this.counters))
        this.referenceFetches++;
      // other communities' shared vacancies (issue 9); an older district without the board says 404
      // each board is read only when the last pull page said it moved past this station's cursor
      const known = (head: number | undefined) =>
        head === undefined
          ? undefined
          : { head, ...(heads.epoch !== undefined ? { epoch: heads.epoch } : {}) };
      const boardAt =
        heads.board !== undefined && heads.epoch !== undefined
          ? { head: heads.board, epoch: heads.epoch }
          : undefined;
      await refreshBoard(this.db, transport, this.now, this.counters, boardAt).catch((e: unknown) => {
        if (!(e instanceof SyncFailure && e.serverCode === 'not_found')) throw e;
      });
      // (issue 10) other communities' training courses; an older district says 404
      await refreshCourseBoard(this.db, transport, this.now, this.counters, known(heads.courses)).catch(
        (e: unknown) => {
          if (!(e instanceof SyncFailure && e.serverCode === 'not_found')) throw e;
        },
      );
      // street and district job fairs (issue 10); an older district without them says 404
      await refreshSharedFairs(this.db, transport, this.now, this.counters, known(heads.fairs)).catch(
        (e: unknown) => {
          if (!(e instanceof SyncFailure && e.serverCode === 'not_found')) throw e;
        },
      );
      await updateSyncState(this.db, {
        last_success_at: this.now().toISOString(),
        last_error: null,
        last_error_at: null,
        reachable: 1,
      });
      return counts;
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
