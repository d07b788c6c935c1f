// Held registrations (DESIGN.md "Scope is the community, also through identity"): when a community registers
// an ID number that a live resident of another community holds, its row stays its own — never redirected onto
// the holder's, never sharing the holder's record — and every entry on it waits on the district's merge task
// as a proposal (operator, time). Both communities get a notice: the person exists, where, the masked number.
// The district decides with resolve-merge (server/merges.ts) or a transfer. Read identity.ts and apply.ts first.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  HOLD_NOTICE_ENTITY,
  type HoldNotice,
  type PushEntry,
  type Verdict,
} from '../../shared/sync/protocol';
import { maskIdNumber } from '../../shared/validators/idNumber';
import type { StoreKind } from '../db/open';
import { bulkInsert, idList } from '../db/bulk';
import type { Executor, ServerDB } from '../db/schema';
import type { LogDraft } from './log';

/**
 * The identities key of a community's held row for an ID number: one per community, in the same unique index
 * as the ID numbers themselves, so two server instances never hold two rows of one community for one person.
 */
export const heldKey = (community: string, idNumber: string) => `held:${community}:${idNumber}`;

export interface OpenHold {
  id: string;
  idNumber: string;
  keptId: string;
  keptCommunity: string;
  heldId: string;
  heldCommunity: string;
  createdAt: string;
}

type Names = Map<string, string | null>;

/** The notices of one open hold, one per community, each keyed by that community's own resident row. */
export function noticeDrafts(h: OpenHold, names: Names, origin: string): LogDraft[] {
  const notice = (role: HoldNotice['role'], other: string): HoldNotice => ({
    taskId: h.id,
    role,
    community: other,
    communityName: names.get(other) ?? null,
    idNumberMasked: maskIdNumber(h.idNumber),
    since: h.createdAt,
  });
  return [
    {
      community: h.heldCommunity,
      entity: HOLD_NOTICE_ENTITY,
      rowId: h.heldId,
      kind: 'upsert',
      fields: notice('held', h.keptCommunity),
      origin,
    },
    {
      community: h.keptCommunity,
      entity: HOLD_NOTICE_ENTITY,
      rowId: h.keptId,
      kind: 'upsert',
      fields: notice('kept', h.heldCommunity),
      origin,
    },
  ];
}

/** Withdraws both notices of a hold (decided, withdrawn, or its rows moved). */
export function withdrawDrafts(h: OpenHold, origin: string): LogDraft[] {
  return [
    { community: h.heldCommunity, entity: HOLD_NOTICE_ENTITY, rowId: h.heldId, kind: 'delete', origin },
    { community: h.keptCommunity, entity: HOLD_NOTICE_ENTITY, rowId: h.keptId, kind: 'delete', origin },
  ];
}

/** What the station is told about an entry that landed on a held registration. */
export function heldVerdict(h: OpenHold, names: Names): Pick<Verdict, 'held' | 'notice'> {
  const name = names.get(h.keptCommunity) ?? null;
  return {
    held: { taskId: h.id, community: h.keptCommunity, communityName: name },
    notice: `此人已在${name ?? `社区 ${h.keptCommunity}`}登记，您的修改已作为建议提交区里，待区里合并后生效`,
  };
}

/** Community names from the district's reference data (null where the code is not in it). */
export async function communityNames(db: Executor, codes: Iterable<string>): Promise<Names> {
  const list = [...new Set(codes)];
  const out: Names = new Map(list.map((c) => [c, null]));
  if (list.length === 0) return out;
  const rows = await db
    .selectFrom('reference')
    .select(['code', 'data'])
    .where('kind', '=', 'communities')
    .where('code', 'in', list)
    .execute();
  for (const r of rows) out.set(r.code, (JSON.parse(r.data) as { name: string }).name);
  return out;
}

/** Open held tasks whose held row is one of `heldIds` (or, with `keptIds`, whose kept row is one of them). */
export async function loadOpenHolds(
  db: Executor,
  kind: StoreKind,
  by: { heldIds?: string[]; keptIds?: string[]; taskIds?: string[] },
): Promise<OpenHold[]> {
  const heldIds = by.heldIds ?? [];
  const keptIds = by.keptIds ?? [];
  const taskIds = by.taskIds ?? [];
  if (heldIds.length + keptIds.length + taskIds.length === 0) return [];
  const tasks = await db
    .selectFrom('merge_tasks')
    .select(['id', 'id_number', 'kept_id', 'merged_id', 'created_at'])
    .where('status', '=', 'open')
    .where('held', '=', 1)
    .where((eb) =>
      eb.or([
        ...(heldIds.length ? [eb('merged_id', 'in', idList(kind, heldIds))] : []),
        ...(keptIds.length ? [eb('kept_id', 'in', idList(kind, keptIds))] : []),
        ...(taskIds.length ? [eb('id', 'in', idList(kind, taskIds))] : []),
      ]),
    )
    .orderBy('created_at')
    .execute();
  if (tasks.length === 0) return [];
  const ids = [...new Set(tasks.flatMap((t) => [t.kept_id, t.merged_id]))];
  const rows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'community_code'])
    .where('entity', '=', 'residents')
    .where('row_id', 'in', idList(kind, ids))
    .execute();
  const community = new Map(rows.map((r) => [r.row_id, r.community_code]));
  return tasks.map((t) => ({
    id: t.id,
    idNumber: t.id_number,
    keptId: t.kept_id,
    keptCommunity: community.get(t.kept_id) ?? '',
    heldId: t.merged_id,
    heldCommunity: community.get(t.merged_id) ?? '',
    createdAt: t.created_at,
  }));
}

const PROPOSAL_COLUMNS = [
  'id',
  'task_id',
  'station_id',
  'seq',
  'op',
  'fields',
  'operator_id',
  'operator',
  'at',
  'received_at',
  'status',
  'decided_at',
] as const;

/** The holds one push batch touches: loaded in preload, opened and fed during apply, written in flush. */
export class HoldBook {
  readonly #byHeld = new Map<string, OpenHold>();
  readonly #opened: OpenHold[] = [];
  readonly #withdrawn: OpenHold[] = [];
  readonly #proposals: Array<readonly unknown[]> = [];
  names: Names = new Map();

  constructor(
    private readonly stationId: string,
    private readonly now: string,
  ) {}

  async load(trx: Transaction<ServerDB>, kind: StoreKind, residentIds: string[], communities: string[]) {
    const holds = await loadOpenHolds(trx, kind, { heldIds: residentIds });
    for (const h of holds) this.#byHeld.set(h.heldId, h);
    this.names = await communityNames(trx, [
      ...communities,
      ...holds.flatMap((h) => [h.keptCommunity, h.heldCommunity]),
    ]);
  }

  /** The open hold whose held registration is `rowId`. */
  of(rowId: string): OpenHold | undefined {
    return this.#byHeld.get(rowId);
  }

  open(
    idNumber: string,
    kept: { rowId: string; community: string },
    held: { rowId: string; community: string },
  ) {
    const h: OpenHold = {
      id: randomUUID(),
      idNumber,
      keptId: kept.rowId,
      keptCommunity: kept.community,
      heldId: held.rowId,
      heldCommunity: held.community,
      createdAt: this.now,
    };
    this.#byHeld.set(h.heldId, h);
    this.#opened.push(h);
    return h;
  }

  /** Keeps one pushed entry (as the station sent it, with who and when) on the hold's merge task. */
  propose(h: OpenHold, e: PushEntry, fields: Record<string, unknown>) {
    this.#proposals.push([
      randomUUID(),
      h.id,
      this.stationId,
      e.seq,
      e.op,
      JSON.stringify(fields),
      e.operatorId,
      e.operator,
      e.at,
      this.now,
      'open',
      null,
    ]);
  }

  /** The held registration was deleted, or given another ID number: nothing is left for the district to decide. */
  withdraw(h: OpenHold) {
    this.#byHeld.delete(h.heldId);
    this.#withdrawn.push(h);
  }

  verdict(h: OpenHold): Pick<Verdict, 'held' | 'notice'> {
    return heldVerdict(h, this.names);
  }

  /** Log entries for the notices, appended after the batch's rows. */
  drafts(): LogDraft[] {
    return [
      ...this.#opened.flatMap((h) => noticeDrafts(h, this.names, this.stationId)),
      ...this.#withdrawn.flatMap((h) => withdrawDrafts(h, this.stationId)),
    ];
  }

  async flush(trx: Transaction<ServerDB>, kind: StoreKind): Promise<void> {
    if (this.#opened.length)
      await trx
        .insertInto('merge_tasks')
        .values(
          this.#opened.map((h) => ({
            id: h.id,
            id_number: h.idNumber,
            kept_id: h.keptId,
            merged_id: h.heldId,
            communities: JSON.stringify([h.keptCommunity, h.heldCommunity]),
            created_at: h.createdAt,
            status: 'open',
            held: 1,
          })),
        )
        .execute();
    await bulkInsert(trx, kind, 'merge_proposals', PROPOSAL_COLUMNS, this.#proposals);
    if (this.#withdrawn.length) {
      const ids = this.#withdrawn.map((h) => h.id);
      await trx
        .updateTable('merge_tasks')
        .set({ status: 'withdrawn', decided_at: this.now })
        .where('id', 'in', idList(kind, ids))
        .execute();
      await trx
        .updateTable('merge_proposals')
        .set({ status: 'dropped', decided_at: this.now })
        .where('task_id', 'in', idList(kind, ids))
        .where('status', '=', 'open')
        .execute();
    }
  }
}
