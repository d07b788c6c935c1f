// A resident moving to another community: a district-side transfer. The old community's log gets a
// `transfer_out` (its stations drop the person), the new one's an upsert of the full row. The household
// link is cleared: the household stays behind in the old community and does not exist on the new station.
// A transfer also ends the old community's share of the person through any open merge task: its log says
// transfer_out, so its snapshot must not hand the person back (log and snapshot agree). Communities still
// sharing the person get the moved row too, so their copy keeps the new community code.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { StoreKind } from './db/open';
import type { ServerDB } from './db/schema';
import type { ServerContext } from './context';
import { SyncError } from './errors';
import { communityName } from './reference';
import { appendLog } from './sync/log';
import { fieldsFor, loadRows, rowKey, saveRows, type RowState } from './sync/rows';

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
    row.community = to;
    const origin = `district:${operator}`;
    for (const [f, v] of [
      ['community_code', to],
      ['household_id', null],
      ['household_relation', null],
    ] as const) {
      if (row.fields[f] !== v) row.versions[f] = [-1, origin];
      row.fields[f] = v;
    }
    const stillSharing = await endSharing(trx, ctx.store.kind, id, from);
    const [, sseqIn] = await appendLog(
      trx,
      ctx.store.kind,
      [
        { community: from, entity: 'residents', rowId: id, kind: 'transfer_out', origin },
        { community: to, entity: 'residents', rowId: id, kind: 'upsert', fields: row.fields, origin },
        ...[...stillSharing]
          .filter((c) => c !== to && c !== from)
          .sort()
          .map((c) => ({
            community: c,
            entity: 'residents',
            rowId: id,
            kind: 'upsert' as const,
            fields: fieldsFor(row, c),
            origin,
          })),
      ],
      now,
    );
    row.updatedSeq = sseqIn!;
    for (const v of Object.values(row.versions)) if (v[0] === -1) v[0] = sseqIn!;
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

/** Takes `from` out of the communities of every open merge task keeping `keptId`; returns who still shares. */
async function endSharing(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  keptId: string,
  from: string,
): Promise<Set<string>> {
  let q = trx
    .selectFrom('merge_tasks')
    .select(['id', 'communities'])
    .where('kept_id', '=', keptId)
    .where('status', '=', 'open');
  if (kind === 'postgres') q = q.forUpdate();
  const still = new Set<string>();
  for (const t of await q.execute()) {
    const was = JSON.parse(t.communities) as string[];
    const now = was.filter((c) => c !== from);
    for (const c of now) still.add(c);
    if (now.length !== was.length)
      await trx
        .updateTable('merge_tasks')
        .set({ communities: JSON.stringify(now) })
        .where('id', '=', t.id)
        .execute();
  }
  return still;
}
