// POST /v1/status: a cheap check a station can make before syncing (credential good, clock right).
import type { z } from 'zod';
import type { statusRequest, statusResponse } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import type { AuthedStation } from '../stations';
import { referenceVersion } from '../reference';
import { logHead } from './log';
import { currentEpoch } from './epoch';

export async function status(
  ctx: ServerContext,
  station: AuthedStation,
  req: z.infer<typeof statusRequest>,
): Promise<z.infer<typeof statusResponse>> {
  const now = ctx.now();
  const { db } = ctx.store;
  const clock = req.clock ? Date.parse(req.clock) : NaN;
  const skew = Number.isNaN(clock) ? undefined : Math.round(clock - now.getTime());
  await db
    .updateTable('stations')
    .set({ last_seen_at: now.toISOString(), ...(skew !== undefined ? { clock_skew_ms: skew } : {}) })
    .where('id', '=', station.id)
    .execute();
  const row = await db
    .selectFrom('stations')
    .select(['last_applied_seq', 'clock_skew_ms'])
    .where('id', '=', station.id)
    .executeTakeFirstOrThrow();
  return {
    stationId: station.id,
    communityCode: station.communityCode,
    stationNumber: station.stationNumber,
    lastAppliedSeq: Number(row.last_applied_seq),
    head: await logHead(db, station.communityCode),
    clockSkewMs: row.clock_skew_ms === null ? null : Number(row.clock_skew_ms),
    serverTime: now.toISOString(),
    referenceVersion: await referenceVersion(ctx),
    epoch: await currentEpoch(db),
  };
}
