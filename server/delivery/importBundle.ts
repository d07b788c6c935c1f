// `npm run server -- import-bundle --file …`: a station's USB bundle applied exactly as its online pushes
// would be (server/sync/push.ts, request by request, with the same verdicts and the same idempotency by
// (station, seq)), answered with a sealed receipt for the station. Refused whole, before anything is
// written: a file that is not a bundle, one whose seal does not hold (tampered, or not written with this
// station's current credential), one from a station this district does not know, or a revoked station.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BUNDLE_FORMAT, BundleRefused, openBundle, readBundleHeader, sealBundle } from '../../nodelib/bundle';
import { pushRequest, type Verdict } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { push } from '../sync/push';
import { checkStationVersion } from './versions';

const bundlePayload = z.object({
  requests: z.array(pushRequest).max(10_000),
  appVersion: z.string().max(40).optional(),
  syncSchema: z.number().int().optional(),
});

export interface BundleImported {
  stationId: string;
  communityCode: string;
  stationNumber: number;
  entries: number;
  counts: Record<Verdict['status'], number>;
  lastAppliedSeq: number;
  /** This bundle was imported before: nothing changed this time. */
  again: boolean;
  receipt: string;
}

export async function importBundle(ctx: ServerContext, text: string): Promise<BundleImported> {
  const header = readBundleHeader(text);
  if (header.kind !== 'outbox')
    throw new BundleRefused(
      'wrong_kind',
      '这是区里发给工作站的回执，不是工作站的数据包；请导入工作站写的数据包',
    );
  const station = await ctx.store.db
    .selectFrom('stations')
    .selectAll()
    .where('id', '=', header.stationId)
    .executeTakeFirst();
  if (!station || !station.credential_hash || station.community_code !== header.communityCode)
    throw new BundleRefused(
      'foreign',
      `这个数据包来自本区不认识的工作站（社区 ${header.communityCode}），拒收；请确认它是本区工作站写的`,
    );
  const { payload } = openBundle(text, station.credential_hash);
  if (station.revoked_at)
    throw new BundleRefused('revoked', '该工作站已被区里停用，它的数据包不再接收；请联系区里');
  const parsed = bundlePayload.safeParse(payload);
  if (!parsed.success) throw new BundleRefused('unreadable', '数据包内容不完整，拒收；请在工作站重新导出');
  const body = parsed.data;
  try {
    for (const req of body.requests) await checkStationVersion(ctx, req.app);
  } catch (e) {
    if (e instanceof SyncError) throw new BundleRefused('version', e.message);
    throw e;
  }
  const authed = {
    id: station.id,
    communityCode: station.community_code,
    stationNumber: station.station_number,
  };
  const again = Boolean(
    await ctx.store.db
      .selectFrom('bundle_imports')
      .select('bundle_id')
      .where('bundle_id', '=', header.bundleId)
      .executeTakeFirst(),
  );
  const verdicts: Verdict[] = [];
  let lastAppliedSeq = Number(station.last_applied_seq);
  let epoch: string | undefined;
  for (const req of body.requests) {
    if (req.stationId !== station.id)
      throw new BundleRefused('tampered', '数据包内的工作站编号与封面不符，拒收');
    try {
      const res = await push(ctx, authed, req);
      verdicts.push(...res.verdicts);
      lastAppliedSeq = res.lastAppliedSeq;
      epoch = res.epoch;
    } catch (e) {
      if (e instanceof SyncError && e.code === 'gap')
        throw new BundleRefused(
          'gap',
          `${e.message}。这个数据包之前还有一个数据包没有导入：请先导入更早的数据包，或在工作站重新导出（新的数据包包含所有未上传的修改）`,
        );
      if (e instanceof SyncError && e.code === 'revoked') throw new BundleRefused('revoked', e.message);
      throw e;
    }
  }
  const now = ctx.now().toISOString();
  await ctx.store.db
    .insertInto('bundle_imports')
    .values({
      bundle_id: header.bundleId,
      station_id: station.id,
      imported_at: now,
      entries: verdicts.length,
      last_applied_seq: lastAppliedSeq,
    })
    .onConflict((oc) => oc.column('bundle_id').doNothing())
    .execute();
  const counts = { applied: 0, merged: 0, conflict: 0, rejected: 0, duplicate: 0 };
  for (const v of verdicts) counts[v.status]++;
  const receipt = sealBundle(
    {
      format: BUNDLE_FORMAT,
      kind: 'receipt',
      bundleId: randomUUID(),
      stationId: station.id,
      communityCode: station.community_code,
      createdAt: now,
      answers: header.bundleId,
    },
    { lastAppliedSeq, verdicts, serverTime: now, ...(epoch ? { epoch } : {}) },
    station.credential_hash,
  );
  return {
    stationId: station.id,
    communityCode: station.community_code,
    stationNumber: station.station_number,
    entries: verdicts.length,
    counts,
    lastAppliedSeq,
    again,
    receipt,
  };
}
