// The hold notices a community's snapshot carries (holds.ts): one per open held merge task it is part of,
// keyed by its own resident row, as snapshot rows of HOLD_NOTICE_ENTITY in the shape the log gives them.
import { HOLD_NOTICE_ENTITY } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { communityNames, loadOpenHolds, noticeDrafts } from './holds';

export async function holdNoticeRows(ctx: ServerContext, community: string): Promise<string[]> {
  const { db, kind } = ctx.store;
  // the community's live residents that are a held or kept side of an open held task
  const sides = await db
    .selectFrom('merge_tasks as t')
    .innerJoin('sync_rows as r', (j) =>
      j
        .on('r.entity', '=', 'residents')
        .on((eb) =>
          eb.or([eb('r.row_id', '=', eb.ref('t.merged_id')), eb('r.row_id', '=', eb.ref('t.kept_id'))]),
        ),
    )
    .select('t.id')
    .where('t.status', '=', 'open')
    .where('t.held', '=', 1)
    .where('r.community_code', '=', community)
    .execute();
  if (sides.length === 0) return [];
  const holds = await loadOpenHolds(db, kind, { taskIds: [...new Set(sides.map((s) => s.id))] });
  const names = await communityNames(
    db,
    holds.flatMap((h) => [h.keptCommunity, h.heldCommunity]),
  );
  return holds
    .flatMap((h) => noticeDrafts(h, names, ''))
    .filter((d) => d.community === community)
    .map((d) => JSON.stringify({ entity: HOLD_NOTICE_ENTITY, rowId: d.rowId, fields: d.fields }));
}
