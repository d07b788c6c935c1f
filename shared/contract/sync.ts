// sync.* — enrolment with the district server, push/pull, status and review. See DESIGN.md "Sync".
// The station answers these from its own database; only enroll and now talk to the server. Messages in
// the outputs are plain Chinese a person can act on ("本机时钟比服务器快 3 天…").
import { z } from 'zod';
import { method } from './define';

export interface SyncCounts {
  pushed: number;
  pulled: number;
  rejected: number;
  conflicts: number;
  /** Entries the district kept as proposals: the person is registered at another community (issue 8). */
  proposals: number;
}

export interface SetAsideEntry {
  seq: number;
  entity: string;
  rowId: string;
  /** What the row is, for a person: a resident's name, an employer's name… (never an ID number). */
  label: string;
  op: string;
  fields: string[];
  reason: string;
  operator: string;
  at: string;
}

export interface SyncConflict {
  id: number;
  entity: string;
  rowId: string;
  label: string;
  field: string;
  mine: unknown;
  theirs: unknown;
  operator: string;
  at: string;
}

export interface SyncReceipt {
  entity: string;
  /** Time of the last upload that carried entries of this entity. */
  at: string;
  /** Counts cover uploads from this time on (the last 7 days: the weekly upload). */
  since: string;
  applied: number;
  merged: number;
  conflict: number;
  rejected: number;
  duplicate: number;
}

export type DeadlineState = 'ok' | 'near' | 'missed';

export interface SyncStatus {
  enrolled: boolean;
  serverUrl: string | null;
  stationId: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** null = not tried yet. */
  serverReachable: boolean | null;
  pendingCount: number;
  setAside: SetAsideEntry[];
  openConflicts: number;
  /** Local clock minus server clock, in ms (positive: this PC is ahead). */
  clockSkewMs: number | null;
  /** Set when the skew is large enough to matter, e.g. "本机时钟比服务器快 3 天，请先校准时钟再同步". */
  clockMessage: string | null;
  deadline: {
    next: string;
    previous: string;
    lastFullUploadAt: string | null;
    state: DeadlineState;
    message: string | null;
  };
  running: boolean;
  /**
   * ADDED: (epoch) The district server was restored from a backup: this station is re-sending what it lost
   * and re-downloading its community (`recovering`), or did so at `at` (`recovered`, told for 7 days).
   */
  restore: {
    state: 'recovering' | 'recovered';
    at: string | null;
    /** Entries sent again because the restored district no longer had them. */
    resent: number;
    /** e.g. "区服务器已从备份恢复，本机已重新上传 3 条并重新下载本社区数据". */
    message: string;
  } | null;
  /**
   * ADDED: (issue 14) This station had been away longer than the district keeps its change log, so it took
   * its community's data again in full at this time (told for 7 days); null otherwise.
   */
  laggedSnapshotAt?: string | null;
}

export interface SyncProgress {
  running: boolean;
  phase: 'idle' | 'push' | 'snapshot' | 'pull';
  pushSent: number;
  pushTotal: number;
  pulled: number;
  /** Pages of the pull (or snapshot) applied so far, and whether the server said there is more. */
  pullPages: number;
  pullMore: boolean;
}

const seq = z.object({ seq: z.number().int().min(1) });

export const syncContract = {
  'sync.enroll': method<{ stationId: string; communityCode: string; stationNumber: number }>()(
    z.object({
      serverUrl: z
        .string()
        .trim()
        .url({ message: '服务器地址格式不正确，例如 http://10.0.0.5:8080' })
        .regex(/^https?:\/\//i, { message: '服务器地址应以 http:// 或 https:// 开头' })
        .max(200),
      code: z.string().trim().min(6, { message: '登记码至少 6 位' }).max(64, { message: '登记码过长' }),
    }),
    'admin',
  ),
  'sync.now': method<SyncCounts>()(z.object({})),
  'sync.status': method<SyncStatus>()(z.object({})),
  'sync.progress': method<SyncProgress>()(z.object({})),
  'sync.setAside': method<{ items: SetAsideEntry[] }>()(z.object({})),
  'sync.retry': method<{ seq: number; newSeq: number | null }>()(seq),
  'sync.discard': method<{ ok: true }>()(seq),
  'sync.conflicts': method<{ items: SyncConflict[] }>()(z.object({})),
  'sync.resolveConflict': method<{ ok: true; newSeq: number | null }>()(
    z.object({ id: z.number().int().min(1), keep: z.enum(['mine', 'theirs']) }),
  ),
  'sync.receipts': method<{ items: SyncReceipt[] }>()(z.object({})),
  /** Rows from the district this PC could not apply: set aside with the reason, retried after each pull. */
  'sync.pulledAside': method<{ items: PulledAsideEntry[] }>()(z.object({})),
  'sync.retryPulled': method<{ remaining: number }>()(z.object({})),
  'sync.discardPulled': method<{ ok: true }>()(
    z.object({ entity: z.string().max(40), rowId: z.string().max(64) }),
  ),
};

export interface PulledAsideEntry {
  entity: string;
  rowId: string;
  reason: string;
  at: string;
  attempts: number;
}
