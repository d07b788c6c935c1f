// The district decides a merge task: which community's registration of a person stands (`resolve-merge
// <task> --keep <community>`). Until then the second registration is held (sync/holds.ts): neither community
// sees the other's record. Decided here, in one transaction with the log entries both communities pull:
//  - keep the first (holding) community: its record stands as it is; the second registration is retired
//    (deleted at the district, so its stations drop it) and its proposals are dropped;
//  - keep the second community: its registration becomes the person — its values where it gave one (and
//    every field it edited), the first record filling the rest, its own household link — the first
//    community's row is retired, and the proposals count as applied.
// Both sides' notices are withdrawn. Other open holds on a retired first record move to the survivor.
import type { Selectable, Transaction } from 'kysely';
import { ENTITIES } from '../shared/sync/entities';
import { maskIdNumber } from '../shared/validators/idNumber';
import type { ServerContext } from './context';
import type { StoreKind } from './db/open';
import type { ServerDB } from './db/schema';
import { SyncError } from './errors';
import {
  communityNames,
  heldKey,
  loadOpenHolds,
  noticeDrafts,
  withdrawDrafts,
  type OpenHold,
} from './sync/holds';
import { appendLog, type LogDraft } from './sync/log';
import { loadRows, rowKey, saveRows, type RowState } from './sync/rows';
import { DISTRICT, markChanged, markSentWhole, settle } from './sync/versions';

export interface MergeDecision {
  taskId: string;
  keptCommunity: string;
  keptCommunityName: string | null;
  /** The resident row that stands for the person after the decision. */
  residentId: string;
  proposals: { applied: number; dropped: number };
}

export interface MergeTaskInfo {
  id: string;
  status: string;
  createdAt: string;
  idNumberMasked: string;
  held: boolean;
  communities: string[];
  keptCommunity: string | null;
  proposals: number;
}

/** The fields a decision never takes from the other registration: where the person lives and belongs. */
const OWN_FIELDS = new Set(['community_code', 'household_id', 'household_relation', 'deleted_at']);

export async function resolveMerge(
  ctx: ServerContext,
  taskId: string,
  keep: string,
  operator = 'district',
): Promise<MergeDecision> {
  if (!/^\d{12}$/.test(keep)) throw new SyncError('invalid_input', `社区代码应为12位数字：${keep}`);
  const now = ctx.now().toISOString();
  return ctx.store.transaction(async (trx) => {
    let q = trx.selectFrom('merge_tasks').selectAll().where('id', '=', taskId);
    if (ctx.store.kind === 'postgres') q = q.forUpdate();
    const task = await q.executeTakeFirst();
    if (!task) throw new SyncError('not_found', `没有编号为 ${taskId} 的合并任务`);
    if (task.status !== 'open')
      throw new SyncError(
        'invalid_input',
        `该合并任务已经处理过了（${task.status === 'withdrawn' ? '已撤回' : '已决定'}）`,
      );
    if (Number(task.held) !== 1) return decideOlderTask(trx, ctx.store.kind, task, keep, operator, now);
    const [hold] = await loadOpenHolds(trx, ctx.store.kind, { taskIds: [taskId] });
    return decideHold(trx, ctx.store.kind, hold!, keep, operator, now);
  });
}

/** Decides an open hold inside the caller's transaction (a transfer to the held community decides it too). */
export async function decideHold(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  hold: OpenHold,
  keep: string,
  operator: string,
  now: string,
): Promise<MergeDecision> {
  const names = await communityNames(trx, [hold.keptCommunity, hold.heldCommunity, keep]);
  if (keep !== hold.keptCommunity && keep !== hold.heldCommunity)
    throw new SyncError(
      'invalid_input',
      `社区 ${keep} 不是这个合并任务的一方：此人登记在${nameOf(names, hold.keptCommunity)}和${nameOf(names, hold.heldCommunity)}`,
    );
  const rows = new Map<string, RowState>();
  await loadRows(
    trx,
    kind,
    [
      ['residents', hold.keptId],
      ['residents', hold.heldId],
    ],
    rows,
  );
  const kept = rows.get(rowKey('residents', hold.keptId))!;
  const held = rows.get(rowKey('residents', hold.heldId))!;
  const origin = `district:${operator}`;
  const keepSecond = keep === hold.heldCommunity;
  const proposals = await trx
    .selectFrom('merge_proposals')
    .select(['op', 'fields'])
    .where('task_id', '=', hold.id)
    .where('status', '=', 'open')
    .execute();
  const drafts: LogDraft[] = [];
  const changed: RowState[] = [];

  if (keepSecond) {
    // every field the second community edited after registering stands as it left it, even emptied
    const edited = new Set(
      proposals.filter((p) => p.op !== 'create').flatMap((p) => Object.keys(JSON.parse(p.fields) as object)),
    );
    for (const f of ENTITIES.residents.fields) {
      if (OWN_FIELDS.has(f) || edited.has(f) || filled(held.fields[f]) || !filled(kept.fields[f])) continue;
      set(held, f, kept.fields[f]);
    }
    retire(kept, now);
    changed.push(held, kept);
    await setIdentity(trx, hold.idNumber, held.rowId);
    // other communities' holds on the retired record now wait on the survivor
    for (const other of await loadOpenHolds(trx, kind, { keptIds: [kept.rowId] })) {
      if (other.id === hold.id) continue;
      await trx
        .updateTable('merge_tasks')
        .set({ kept_id: held.rowId, communities: JSON.stringify([held.community, other.heldCommunity]) })
        .where('id', '=', other.id)
        .execute();
      const moved = { ...other, keptId: held.rowId, keptCommunity: held.community };
      const more = await communityNames(trx, [other.heldCommunity, held.community]);
      drafts.push(...noticeDrafts(moved, more, origin));
    }
  } else {
    retire(held, now);
    changed.push(held);
    // the number may have passed to the held registration if the first record was deleted meanwhile
    await trx
      .deleteFrom('identities')
      .where('id_number', '=', hold.idNumber)
      .where('row_id', '=', held.rowId)
      .execute();
  }
  await trx
    .deleteFrom('identities')
    .where('id_number', '=', heldKey(hold.heldCommunity, hold.idNumber))
    .execute();

  // rows first, then the notices' withdrawal (the survivor's notices, re-sent above, come after)
  for (const r of changed) markSentWhole(r.versions, DISTRICT);
  const rowDrafts = changed.map((r) => ({
    community: r.community,
    entity: 'residents',
    rowId: r.rowId,
    kind: 'upsert' as const,
    fields: r.fields,
    origin,
  }));
  const sseqs = await appendLog(trx, kind, [...rowDrafts, ...withdrawDrafts(hold, origin), ...drafts], now);
  changed.forEach((r, i) => {
    r.updatedSeq = sseqs[i]!;
    settle(r.versions, sseqs[i]!);
  });
  await saveRows(trx, kind, changed, now);
  await trx
    .updateTable('merge_tasks')
    .set({ status: 'resolved', kept_community: keep, decided_at: now, decided_by: operator })
    .where('id', '=', hold.id)
    .execute();
  await trx
    .updateTable('merge_proposals')
    .set({ status: keepSecond ? 'applied' : 'dropped', decided_at: now })
    .where('task_id', '=', hold.id)
    .where('status', '=', 'open')
    .execute();
  return {
    taskId: hold.id,
    keptCommunity: keep,
    keptCommunityName: names.get(keep) ?? null,
    residentId: keepSecond ? held.rowId : kept.rowId,
    proposals: {
      applied: keepSecond ? proposals.length : 0,
      dropped: keepSecond ? 0 : proposals.length,
    },
  };
}

/**
 * A task from before held registrations (the second registration was redirected onto the first and both
 * communities shared the record). Keeping the record's own community ends the sharing: the other
 * communities' stations drop their copy. Keeping another community is a transfer: use transfer-resident.
 */
async function decideOlderTask(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  task: Selectable<ServerDB['merge_tasks']>,
  keep: string,
  operator: string,
  now: string,
): Promise<MergeDecision> {
  const rows = new Map<string, RowState>();
  await loadRows(trx, kind, [['residents', task.kept_id]], rows);
  const kept = rows.get(rowKey('residents', task.kept_id));
  const names = await communityNames(trx, [keep, ...(kept ? [kept.community] : [])]);
  if (kept && keep !== kept.community)
    throw new SyncError(
      'invalid_input',
      `此人的记录在${nameOf(names, kept.community)}；要让${nameOf(names, keep)}保留此人，请用 transfer-resident 迁移`,
    );
  const others = (JSON.parse(task.communities) as string[]).filter((c) => c !== keep);
  await appendLog(
    trx,
    kind,
    others.map((c) => ({
      community: c,
      entity: 'residents',
      rowId: task.kept_id,
      kind: 'transfer_out' as const,
      origin: `district:${operator}`,
    })),
    now,
  );
  await trx
    .updateTable('merge_tasks')
    .set({ status: 'resolved', kept_community: keep, decided_at: now, decided_by: operator })
    .where('id', '=', task.id)
    .execute();
  return {
    taskId: task.id,
    keptCommunity: keep,
    keptCommunityName: names.get(keep) ?? null,
    residentId: task.kept_id,
    proposals: { applied: 0, dropped: 0 },
  };
}

export async function listMergeTasks(ctx: ServerContext, status = 'open'): Promise<MergeTaskInfo[]> {
  const { db } = ctx.store;
  const tasks = await db
    .selectFrom('merge_tasks')
    .selectAll()
    .where('status', '=', status)
    .orderBy('created_at')
    .limit(1000)
    .execute();
  const counts = new Map<string, number>();
  if (tasks.length) {
    const rows = await db
      .selectFrom('merge_proposals')
      .select(['task_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where(
        'task_id',
        'in',
        tasks.map((t) => t.id),
      )
      .groupBy('task_id')
      .execute();
    for (const r of rows) counts.set(r.task_id, Number(r.n));
  }
  return tasks.map((t) => ({
    id: t.id,
    status: t.status,
    createdAt: t.created_at,
    idNumberMasked: maskIdNumber(t.id_number),
    held: Number(t.held) === 1,
    communities: JSON.parse(t.communities) as string[],
    keptCommunity: t.kept_community,
    proposals: counts.get(t.id) ?? 0,
  }));
}

function nameOf(names: Map<string, string | null>, code: string): string {
  return names.get(code) ?? `社区 ${code}`;
}

/** A value the registration actually gave (defaults such as false, '' or 'none' are not a statement). */
function filled(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false && v !== '' && v !== 'none';
}

function set(row: RowState, field: string, value: unknown) {
  row.fields[field] = value;
  markChanged(row.versions, row.entity, field, DISTRICT, false);
}

/** Deleted at the district: its stations drop it with the next pull; its history stays. */
function retire(row: RowState, now: string) {
  if (row.deleted) return;
  set(row, 'deleted_at', now);
  row.deleted = true;
}

async function setIdentity(trx: Transaction<ServerDB>, idNumber: string, rowId: string) {
  const r = await trx
    .updateTable('identities')
    .set({ row_id: rowId })
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    await trx.insertInto('identities').values({ id_number: idNumber, row_id: rowId }).execute();
}
