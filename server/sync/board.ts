// The district's board of shared vacancies (issue 9, DESIGN.md "Scope is the community"): a vacancy its
// community marked shared reaches every other station — the vacancy and its employer's name, address and
// contacts, nothing of any person — read-only there. Kept in the same transaction as the push that changed
// the vacancy or its employer (or the district's own hire count), in one district-wide sequence whose row
// lock is held to commit, so stations reading after a cursor never skip a row committed late.
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { boardRequest, boardResponse } from '../../shared/sync/protocol';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';
import { bulkInsert, idList } from '../db/bulk';
import type { ServerContext } from '../context';
import type { AuthedStation } from '../stations';
import { loadRows, rowKey, type RowState } from './rows';
import { readBoardPage, takeBoardNumbers } from './boardPage';

/** The vacancy's fields that travel on the board (never the employer's credit code). */
const VACANCY_FIELDS = [
  'employer_id',
  'title',
  'occupation',
  'occupation_code',
  'industry_code',
  'positions',
  'hired',
  'wage_min',
  'wage_max',
  'requirements',
  'age_min',
  'age_max',
  'education',
  'valid_from',
  'valid_to',
  'status',
] as const;

const COLUMNS = [
  'row_id',
  'community_code',
  'employer_id',
  'fields',
  'removed',
  'bseq',
  'updated_at',
] as const;

const isShared = (v: RowState) => !v.deleted && v.fields.shared !== 0 && v.fields.shared !== false;

function employerPart(e: RowState | undefined): Record<string, unknown> {
  return {
    employer_name: typeof e?.fields.name === 'string' ? e.fields.name : '',
    employer_address: e?.fields.address ?? null,
    employer_contacts: e?.fields.contacts ?? '[]',
  };
}

/**
 * Brings the board up to date with the rows a batch wrote: each vacancy touched (shared or not any more),
 * and the board rows of each employer touched. `rows` is the batch's row cache (employers not in it are
 * loaded). Nothing happens, and the sequence is not locked, when no vacancy or employer changed.
 */
export async function refreshBoard(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  touched: RowState[],
  rows: Map<string, RowState>,
  now: string,
): Promise<void> {
  const vacancies = touched.filter((r) => r.entity === 'vacancies');
  const employers = touched.filter((r) => r.entity === 'employers');
  if (vacancies.length === 0 && employers.length === 0) return;
  const out: Array<{ id: string; community: string; employer: string; fields: string; removed: boolean }> =
    [];
  const seen = new Set<string>();

  if (vacancies.length) {
    const wanted = vacancies
      .filter(isShared)
      .map((v) => ['employers', String(v.fields.employer_id)] as [string, string]);
    await loadRows(trx, kind, wanted, rows);
    // a vacancy never shared needs no board row; one that was shared gets its removal
    const held = new Set(
      (
        await trx
          .selectFrom('board_vacancies')
          .select('row_id')
          .where(
            'row_id',
            'in',
            idList(
              kind,
              vacancies.map((v) => v.rowId),
            ),
          )
          .execute()
      ).map((r) => r.row_id),
    );
    for (const v of vacancies) {
      seen.add(v.rowId);
      const employer = String(v.fields.employer_id ?? '');
      if (!isShared(v)) {
        if (held.has(v.rowId))
          out.push({ id: v.rowId, community: v.community, employer, fields: '{}', removed: true });
        continue;
      }
      const fields = Object.fromEntries(VACANCY_FIELDS.map((f) => [f, v.fields[f] ?? null]));
      Object.assign(fields, employerPart(rows.get(rowKey('employers', employer))));
      out.push({
        id: v.rowId,
        community: v.community,
        employer,
        fields: JSON.stringify(fields),
        removed: false,
      });
    }
  }
  if (employers.length) {
    const onBoard = await trx
      .selectFrom('board_vacancies')
      .select(['row_id', 'community_code', 'employer_id', 'fields'])
      .where(
        'employer_id',
        'in',
        idList(
          kind,
          employers.map((e) => e.rowId),
        ),
      )
      .where('removed', '=', 0)
      .execute();
    for (const b of onBoard) {
      if (seen.has(b.row_id)) continue;
      const e = rows.get(rowKey('employers', b.employer_id));
      const fields = { ...(JSON.parse(b.fields) as Record<string, unknown>), ...employerPart(e) };
      const removed = !e || e.deleted;
      out.push({
        id: b.row_id,
        community: b.community_code,
        employer: b.employer_id,
        fields: removed ? '{}' : JSON.stringify(fields),
        removed,
      });
    }
  }
  if (out.length === 0) return;
  const first = await takeBoardNumbers(trx, 'vacancies', out.length);
  await bulkInsert(
    trx,
    kind,
    'board_vacancies',
    COLUMNS,
    out.map((o, i) => [o.id, o.community, o.employer, o.fields, o.removed ? 1 : 0, first + i, now]),
    { keys: ['row_id'], update: COLUMNS.slice(1) },
  );
}

/** POST /v1/board: other communities' shared vacancies changed after `after`, in board order. */
export function board(
  ctx: ServerContext,
  station: AuthedStation,
  req: z.infer<typeof boardRequest>,
): Promise<z.infer<typeof boardResponse>> {
  return readBoardPage(ctx, 'vacancies', station, req);
}
