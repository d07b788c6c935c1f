// A resident moving to another community: a district-side transfer. The old community's log gets a
// `transfer_out` (its stations drop the person), the new one's an upsert of the full row. The household
// link is cleared: the household stays behind in the old community and does not exist on the new station.
// A person held by another community's registration (sync/holds.ts) is the district's to decide first: moving
// the held registration is refused; moving the holding record to the held registration's community decides
// that merge for it (merges.ts); moving it elsewhere carries the holds along (their notices name the new
// community). No other community ever receives the row.
import { randomUUID } from 'node:crypto';
import type { ServerContext } from './context';
import { SyncError } from './errors';
import { decideHold } from './merges';
import { communityName } from './reference';
import { communityNames, loadOpenHolds, noticeDrafts, withdrawDrafts } from './sync/holds';
import { appendLog, type LogDraft } from './sync/log';
import { loadRows, rowKey, saveRows, type RowState } from './sync/rows';
import { DISTRICT, markCreated, settle } from './sync/versions';

export interface TransferResult {
  residentId: string;
  from: string;
  to: string;
}

export async function transferResident(
  ctx: ServerContext,
  residentId: string,
  to: string,
  operator = 'district',
): Promise<TransferResult> {
  if (!/^\d{12}$/.test(to)) throw new SyncError('invalid_input', `社区代码应为12位数字：${to}`);
  if (!(await communityName(ctx.store.db, to)))
    throw new SyncError('invalid_input', `参考数据中没有社区 ${to}`);
  const now = ctx.now().toISOString();
  return ctx.store.transaction(async (trx) => {
    let id = residentId;
    for (let hop = 0; hop < 5; hop++) {
      const r = await trx
        .selectFrom('redirects')
        .select('new_id')
        .where('entity', '=', 'residents')
        .where('old_id', '=', id)
        .executeTakeFirst();
      if (!r) break;
      id = r.new_id;
    }
    const rows = new Map<string, RowState>();
    await loadRows(trx, ctx.store.kind, [['residents', id]], rows);
    const row = rows.get(rowKey('residents', id));
    if (!row || row.deleted) throw new SyncError('not_found', `区里没有编号为 ${residentId} 的在册居民`);
    const from = row.community;
    if (from === to) throw new SyncError('invalid_input', '该居民已经属于这个社区');
    if ((await loadOpenHolds(trx, ctx.store.kind, { heldIds: [id] })).length)
      throw new SyncError(
        'invalid_input',
        '此人已在另一社区登记，本条登记正等待区里决定合并；请先用 resolve-merge 决定由哪个社区保留此人',
      );
    const holds = await loadOpenHolds(trx, ctx.store.kind, { keptIds: [id] });
    const decided = holds.find((h) => h.heldCommunity === to);
    if (decided) {
      // the new community already has its own registration of the person: the move is that merge's decision
      const d = await decideHold(trx, ctx.store.kind, decided, to, operator, now);
      await trx
        .insertInto('transfers')
        .values({
          id: randomUUID(),
          resident_id: id,
          from_community: from,
          to_community: to,
          operator,
          at: now,
        })
        .execute();
      return { residentId: d.residentId, from, to };
    }
    row.community = to;
    const origin = `district:${operator}`;
    for (const [f, v] of [
      ['community_code', to],
      ['household_id', null],
      ['household_relation', null],
    ] as const) {
      row.fields[f] = v;
    }
    // station numbers are per community: the moved row starts its versions again with the move
    markCreated(row.versions, DISTRICT, false);
    // holds on the moved record now name its new community: the old one's notice goes, the new one's comes
    const notices: LogDraft[] = [];
    if (holds.length) {
      const names = await communityNames(trx, [to, ...holds.map((h) => h.heldCommunity)]);
      for (const h of holds) {
        notices.push(withdrawDrafts(h, origin)[1]!);
        notices.push(...noticeDrafts({ ...h, keptCommunity: to }, names, origin));
        await trx
          .updateTable('merge_tasks')
          .set({ communities: JSON.stringify([to, h.heldCommunity]) })
          .where('id', '=', h.id)
          .execute();
      }
    }
    const [, sseqIn] = await appendLog(
      trx,
      ctx.store.kind,
      [
        { community: from, entity: 'residents', rowId: id, kind: 'transfer_out', origin },
        { community: to, entity: 'residents', rowId: id, kind: 'upsert', fields: row.fields, origin },
        ...notices,
      ],
      now,
    );
    row.updatedSeq = sseqIn!;
    settle(row.versions, sseqIn!);
    await saveRows(trx, ctx.store.kind, [row], now);
    await trx
      .insertInto('transfers')
      .values({
        id: randomUUID(),
        resident_id: id,
        from_community: from,
        to_community: to,
        operator,
        at: now,
      })
      .execute();
    return { residentId: id, from, to };
  });
}
