// A resident moving to another community: a district-side transfer. The old community's log gets a
// `transfer_out` (its stations drop the person), the new one's an upsert of the full row. The household
// link is cleared: the household stays behind in the old community and does not exist on the new station.
import { randomUUID } from 'node:crypto';
import type { ServerContext } from './context';
import { SyncError } from './errors';
import { communityName } from './reference';
import { appendLog } from './sync/log';
import { loadRows, rowKey, saveRows, type RowState } from './sync/rows';

export interface TransferResult {
  residentId: string;
  from: string;
  to: string;
}

export async function transferResident(ctx: ServerContext, residentId: string, to: string, operator = 'district'): Promise<TransferResult> {
  if (!/^\d{12}$/.test(to)) throw new SyncError('invalid_input', `社区代码应为12位数字：${to}`);
  if (!(await communityName(ctx.store.db, to))) throw new SyncError('invalid_input', `参考数据中没有社区 ${to}`);
  const now = ctx.now().toISOString();
  return ctx.store.transaction(async (trx) => {
    let id = residentId;
    for (let hop = 0; hop < 5; hop++) {
      const r = await trx.selectFrom('redirects').select('new_id').where('entity', '=', 'residents').where('old_id', '=', id).executeTakeFirst();
      if (!r) break;
      id = r.new_id;
    }
    const rows = new Map<string, RowState>();
    await loadRows(trx, ctx.store.kind, [['residents', id]], rows);
    const row = rows.get(rowKey('residents', id));
    if (!row || row.deleted) throw new SyncError('not_found', `区里没有编号为 ${residentId} 的在册居民`);
    const from = row.community;
    if (from === to) throw new SyncError('invalid_input', '该居民已经属于这个社区');
    row.community = to;
    const origin = `district:${operator}`;
    for (const [f, v] of [['community_code', to], ['household_id', null], ['household_relation', null]] as const) {
      if (row.fields[f] !== v) row.versions[f] = [-1, origin];
      row.fields[f] = v;
    }
    const [, sseqIn] = await appendLog(
      trx,
      [
        { community: from, entity: 'residents', rowId: id, kind: 'transfer_out', origin },
        { community: to, entity: 'residents', rowId: id, kind: 'upsert', fields: row.fields, origin },
      ],
      now,
    );
    row.updatedSeq = sseqIn!;
    for (const v of Object.values(row.versions)) if (v[0] === -1) v[0] = sseqIn!;
    await saveRows(trx, [row], now);
    await trx.insertInto('transfers').values({ id: randomUUID(), resident_id: id, from_community: from, to_community: to, operator, at: now }).execute();
    return { residentId: id, from, to };
  });
}
