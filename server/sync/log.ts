// The per-community change log and its sequence. Sequences are taken from `log_heads` with one UPDATE per
// community, in sorted community order: on PostgreSQL that row lock is held to commit, so two server
// instances never hand out interleaved or out-of-commit-order numbers and never deadlock on the heads.
import type { Kysely, Transaction } from 'kysely';
import type { ServerDB } from '../db/schema';
import type { StoreKind } from '../db/open';
import { bulkInsert } from '../db/bulk';

const LOG_COLUMNS = [
  'community_code',
  'sseq',
  'entity',
  'row_id',
  'kind',
  'fields',
  'redirect_to',
  'origin',
  'created_at',
  'partial',
  'echo',
] as const;

export type ChangeKind = 'upsert' | 'delete' | 'redirect' | 'transfer_out';

export interface LogDraft {
  community: string;
  entity: string;
  rowId: string;
  kind: ChangeKind;
  fields?: Record<string, unknown>;
  /** `fields` already as JSON text. */
  fieldsJson?: string;
  redirectTo?: string;
  origin?: string;
  /** An upsert whose `fields` are only the changed ones (the station holds the rest); else the whole row. */
  partial?: boolean;
  /** The origin station holds exactly what this change sets: its pull skips it (migration 0008). */
  echo?: boolean;
}

/** Appends drafts in order; returns the sseq given to each draft (same index). */
export async function appendLog(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  drafts: LogDraft[],
  now: string,
): Promise<number[]> {
  if (drafts.length === 0) return [];
  const counts = new Map<string, number>();
  for (const d of drafts) counts.set(d.community, (counts.get(d.community) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const community of [...counts.keys()].sort()) {
    const n = counts.get(community)!;
    await trx
      .insertInto('log_heads')
      .values({ community_code: community, last_sseq: 0 })
      .onConflict((oc) => oc.column('community_code').doNothing())
      .execute();
    const head = await trx
      .updateTable('log_heads')
      .set((eb) => ({ last_sseq: eb('last_sseq', '+', n) }))
      .where('community_code', '=', community)
      .returning('last_sseq')
      .executeTakeFirstOrThrow();
    next.set(community, Number(head.last_sseq) - n + 1);
  }
  const sseqs: number[] = [];
  const rows = drafts.map((d) => {
    const sseq = next.get(d.community)!;
    next.set(d.community, sseq + 1);
    sseqs.push(sseq);
    return [
      d.community,
      sseq,
      d.entity,
      d.rowId,
      d.kind,
      d.fieldsJson ?? (d.fields ? JSON.stringify(d.fields) : null),
      d.redirectTo ?? null,
      d.origin ?? null,
      now,
      d.partial ? 1 : 0,
      d.echo ? 1 : 0,
    ];
  });
  for (let i = 0; i < rows.length; i += 5000)
    await bulkInsert(trx, kind, 'sync_log', LOG_COLUMNS, rows.slice(i, i + 5000));
  return sseqs;
}

export async function logHead(
  db: Transaction<ServerDB> | Kysely<ServerDB>,
  community: string,
): Promise<number> {
  const row = await db
    .selectFrom('log_heads')
    .select('last_sseq')
    .where('community_code', '=', community)
    .executeTakeFirst();
  return Number(row?.last_sseq ?? 0);
}
