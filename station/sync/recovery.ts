// Recovery from a district restore (DESIGN.md "Time goes forward"). The district named another epoch, or
// holds fewer of this station's entries than it acknowledged: it lost history. Then, in this order:
//   1. ask it what it has now (status: epoch, last applied seq);
//   2. queue again, in one transaction, the acknowledged entries after that seq, and record the recovery
//      (`recovering_to`) — the outbox kept them as the audit trail;
//   3. push: they go up again (rejected ones as placeholders, push.ts);
//   4. take a snapshot of the community (pending local edits stay), adopting the epoch in the transaction
//      that sets the new cursor.
// Every step commits on its own and a recovery that was cut off starts again from step 1 on the next run:
// step 2 finds nothing more to queue for what step 3 already re-sent, and the snapshot is idempotent. Only
// step 4 ends the recovery, so no crash between steps can leave a pending entry behind or wedge the queue.
import { ENDPOINTS, statusResponse } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { readTimeline, requeueAfter, updateTimeline } from './epoch';
import { takeSnapshot, type PullContext } from './pull';
import { pushOutbox, pushedSeqCeiling, type PushContext, type PushResult } from './push';
import type { SyncState } from './state';
import { post, type TransportOptions, type WireCounters } from './transport';

export interface RecoveryResult {
  pushed: PushResult;
  pulled: number;
}

async function districtNow(transport: TransportOptions, now: () => Date, counters?: WireCounters) {
  return post(transport, ENDPOINTS.status, { clock: now().toISOString() }, statusResponse, counters);
}

export async function recover(push: PushContext, pull: PullContext): Promise<RecoveryResult> {
  const { db } = push;
  const district = await districtNow(push.transport, push.now, push.counters);
  const target = district.epoch ?? null;
  await db.transaction().execute(async (trx) => {
    const queued = await requeueAfter(trx, push.state.seq_offset, district.lastAppliedSeq);
    const tl = await readTimeline(trx);
    await updateTimeline(trx, {
      recovering_to: target,
      resent: tl.resent + queued,
      server_last_seq: district.lastAppliedSeq,
    });
  });
  const pushed = await pushOutbox(push);
  const pulled = await takeSnapshot(pull, {
    epoch: target,
    finish: async (trx) => {
      const tl = await readTimeline(trx);
      await updateTimeline(trx, {
        epoch: target ?? tl.epoch,
        recovering_to: null,
        resent: 0,
        recovered_at: push.now().toISOString(),
        recovered_resent: tl.resent,
      });
    },
  });
  return { pushed, pulled };
}

/**
 * A station enrolled before epochs existed (or against a district that had none) holds no epoch. Once the
 * district names one, the station compares what it believes with what the district has before taking it:
 * true when the district holds less (a recovery is due), false when the epoch was adopted or none is named.
 */
export async function adoptFirstEpoch(
  db: DB,
  state: SyncState,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
): Promise<boolean> {
  const district = await districtNow(transport, now, counters);
  if (!district.epoch) return false;
  const acked = Math.max(0, (await pushedSeqCeiling(db)) - state.seq_offset);
  if (district.lastAppliedSeq < acked || district.head < state.cursor) return true;
  await updateTimeline(db, { epoch: district.epoch, server_last_seq: district.lastAppliedSeq });
  return false;
}
