// The district's notices about residents also registered at another community (HOLD_NOTICE_ENTITY in
// shared/sync/protocol.ts): landed by the pull beside the rows, replaced whole by a snapshot, read by the
// desk (the resident page's banner, the list's mark). Never written by a desk action, never in the outbox;
// a notice that does not parse is skipped, never a reason to stop a page.
import { holdNotice, type PulledChange } from '../../shared/sync/protocol';
import type { ResidentHold } from '../../shared/domain/resident';
import type { Executor, IdentityHoldsTable } from '../db/schema';

function toColumns(rowId: string, fields: unknown): IdentityHoldsTable | null {
  const n = holdNotice.safeParse(fields);
  if (!n.success) return null;
  return {
    resident_id: rowId,
    task_id: n.data.taskId,
    role: n.data.role,
    community: n.data.community,
    community_name: n.data.communityName,
    id_number_masked: n.data.idNumberMasked,
    since: n.data.since,
  };
}

/** One notice from the log: an upsert sets it, any other kind withdraws it. */
export async function landHoldNotice(db: Executor, c: PulledChange): Promise<void> {
  const row = c.kind === 'upsert' ? toColumns(c.rowId, c.fields) : null;
  if (!row) {
    await db.deleteFrom('identity_holds').where('resident_id', '=', c.rowId).execute();
    return;
  }
  const { resident_id: _id, ...rest } = row;
  await db
    .insertInto('identity_holds')
    .values(row)
    .onConflict((oc) => oc.column('resident_id').doUpdateSet(rest))
    .execute();
}

/** A snapshot carries every open notice of the community: what it does not carry is over. */
export async function replaceHoldNotices(
  db: Executor,
  notices: Array<{ rowId: string; fields: unknown }>,
): Promise<void> {
  await db.deleteFrom('identity_holds').execute();
  const rows = notices.map((n) => toColumns(n.rowId, n.fields)).filter((r) => r !== null);
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('identity_holds')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The notices of the given residents, by resident id. */
export async function holdsOf(db: Executor, residentIds: string[]): Promise<Map<string, ResidentHold>> {
  const out = new Map<string, ResidentHold>();
  if (residentIds.length === 0) return out;
  const rows = await db
    .selectFrom('identity_holds')
    .selectAll()
    .where('resident_id', 'in', residentIds)
    .execute();
  for (const r of rows)
    out.set(r.resident_id, {
      role: r.role,
      taskId: r.task_id,
      community: r.community,
      communityName: r.community_name,
      idNumberMasked: r.id_number_masked,
      since: r.since,
    });
  return out;
}
