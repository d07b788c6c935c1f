// The USB bundle at the station (issue 13): for a line that is down for weeks, the pending outbox goes to
// the district in a sealed file (nodelib/bundle.ts), exactly the entries a push would send, in the same wire
// form; the district answers with a receipt file whose verdicts land here as a push's would
// (push.ts applyVerdicts): accepted entries acked, rejected ones set aside with the reason, conflicts kept.
// A receipt read twice changes nothing: only entries still pending take a verdict.
import { basename, join } from 'node:path';
import { SYNC_SCHEMA } from '../../shared/sync/versions';
import {
  BundleRefused,
  credentialHashOf,
  openBundle,
  sealBundle,
  writeBundleFile,
  BUNDLE_FORMAT,
} from '../../nodelib/bundle';
import { ensurePrivateDir } from '../../nodelib/privateData';
import { pushResponse } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { uuidv7 } from '../ids';
import { applyVerdicts, nextBatch, toWire, type OutboxRow } from '../sync/push';
import { readSyncState } from '../sync/state';
import { readTimeline, viewOf } from '../sync/epoch';
import { skewOf } from '../sync/state';

/** Entries per push request inside a bundle: the protocol's batch limit. */
const PER_REQUEST = 5000;

export interface BundleWritten {
  bundleId: string;
  file: string;
  entries: number;
  bytes: number;
}

export class BundleProblem extends Error {
  constructor(
    readonly reason: 'not_enrolled' | 'nothing' | 'folder' | BundleRefused['reason'],
    message: string,
  ) {
    super(message);
    this.name = 'BundleProblem';
  }
}

function stamp(d: Date): string {
  // China's wall time in the file name: what the person sees on the clock when they write it
  return new Date(d.getTime() + 8 * 3_600_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .slice(0, 13)
    .replace('T', '-');
}

export async function exportBundle(
  db: DB,
  opts: { dir: string; now: Date; appVersion: string; stationNumber: number },
): Promise<BundleWritten> {
  const state = await readSyncState(db);
  if (!state)
    throw new BundleProblem('not_enrolled', '本机还没有在区里登记（同步页“登记本机”），不能写数据包');
  const timeline = await readTimeline(db);
  const rows: OutboxRow[] = await nextBatch(db, state.seq_offset, timeline.server_last_seq, 1_000_000);
  if (rows.length === 0) throw new BundleProblem('nothing', '没有需要上传的修改，不用写数据包');
  const view = viewOf(timeline, state);
  const clock = opts.now.toISOString();
  const requests = [];
  for (let i = 0; i < rows.length; i += PER_REQUEST)
    requests.push({
      stationId: state.station_id,
      clock,
      entries: rows.slice(i, i + PER_REQUEST).map((r) => toWire(r, state.seq_offset)),
      view,
      app: { version: opts.appVersion, schema: SYNC_SCHEMA },
    });
  const bundleId = uuidv7(opts.now.getTime());
  const text = sealBundle(
    {
      format: BUNDLE_FORMAT,
      kind: 'outbox',
      bundleId,
      stationId: state.station_id,
      communityCode: state.community_code,
      createdAt: clock,
    },
    { requests, appVersion: opts.appVersion, syncSchema: SYNC_SCHEMA },
    credentialHashOf(state.credential),
  );
  const number = String(opts.stationNumber).padStart(2, '0');
  const file = join(opts.dir, `六清数据包-${state.community_code}-${number}-${stamp(opts.now)}.lqb`);
  try {
    ensurePrivateDir(opts.dir);
    writeBundleFile(file, text);
  } catch {
    throw new BundleProblem(
      'folder',
      `数据包写不进“${opts.dir}”（U 盘是否已插好、是否有空间？）；本机数据没有任何改动`,
    );
  }
  await db
    .insertInto('sync_bundles')
    .values({
      id: bundleId,
      created_at: clock,
      entries: rows.length,
      first_seq: rows[0]!.seq,
      last_seq: rows[rows.length - 1]!.seq,
      file: basename(file),
      receipt_at: null,
      accepted: null,
      rejected: null,
    })
    .execute();
  return { bundleId, file, entries: rows.length, bytes: Buffer.byteLength(text) };
}

const receiptPayload = pushResponse;

export interface ReceiptApplied {
  /** Entries that took their verdict now. */
  accepted: number;
  rejected: number;
  conflicts: number;
  /** Verdicts for entries that had one already (a receipt read again, or synced online meanwhile). */
  alreadyDone: number;
}

export async function importReceipt(db: DB, text: string, now: Date): Promise<ReceiptApplied> {
  const state = await readSyncState(db);
  if (!state) throw new BundleProblem('not_enrolled', '本机还没有在区里登记，不能读回执');
  let opened;
  try {
    const head = JSON.parse(text) as { stationId?: unknown };
    if (
      head &&
      typeof head === 'object' &&
      typeof head.stationId === 'string' &&
      head.stationId !== state.station_id
    )
      throw new BundleRefused('foreign', '这个回执是另一台工作站的，不是本机的，未读入');
    opened = openBundle(text, credentialHashOf(state.credential));
  } catch (e) {
    if (e instanceof BundleRefused) throw new BundleProblem(e.reason, e.message);
    throw new BundleProblem('unreadable', '这不是六清的回执文件（无法读取），请确认选对了文件');
  }
  if (opened.header.kind !== 'receipt')
    throw new BundleProblem('wrong_kind', '这是本机写给区里的数据包，不是区里的回执；请选区里返回的回执文件');
  const parsed = receiptPayload.safeParse(opened.payload);
  if (!parsed.success)
    throw new BundleProblem('unreadable', '回执内容不完整，未读入；请让区里重新导入数据包生成回执');
  const res = parsed.data;
  const offset = state.seq_offset;
  const local = res.verdicts.map((v) => v.seq + offset);
  const pending = new Map<number, OutboxRow>();
  for (let i = 0; i < local.length; i += 500) {
    const rows = await db
      .selectFrom('outbox')
      .select([
        'seq',
        'state',
        'entity',
        'row_id',
        'op',
        'fields',
        'operator_id',
        'operator_name',
        'hlc',
        'created_at',
      ])
      .where('state', '=', 'pending')
      .where('seq', 'in', local.slice(i, i + 500))
      .execute();
    for (const r of rows) pending.set(r.seq - offset, r);
  }
  const tally = await applyVerdicts(db, res, pending, offset, now.toISOString(), skewOf(now, res.serverTime));
  if (opened.header.answers)
    await db
      .updateTable('sync_bundles')
      .set({ receipt_at: now.toISOString(), accepted: tally.acked, rejected: tally.rejected })
      .where('id', '=', opened.header.answers)
      .where('receipt_at', 'is', null)
      .execute();
  return {
    accepted: tally.acked,
    rejected: tally.rejected,
    conflicts: tally.conflicts,
    alreadyDone: res.verdicts.length - pending.size,
  };
}
