// The district's copy of street and district job fairs for the stations of their scope (issue 10; station
// side: station/fairs/shared.ts). A fair created at a station for its street or the whole district, and the
// employers any community brings to it, are folded into one document per fair in the same transaction as the
// push that changed them, in one district-wide sequence whose row lock is held to commit (as the board of
// shared vacancies, server/sync/board.ts), so a station reading after its cursor never skips a document.
// Community fairs stay in their community's own log: no document.
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { fairsRequest, fairsResponse, FairsItem } from '../../shared/sync/fairsProtocol';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';
import { bulkInsert, idList } from '../db/bulk';
import type { ServerContext } from '../context';
import type { AuthedStation } from '../stations';
import type { RowState } from '../sync/rows';
import { currentEpoch } from '../sync/epoch';

interface DocEmployer {
  id: string;
  community: string;
  employer_id: string;
  employer_name: string;
  vacancy_ids: string[];
  positions: number;
  vacancy_positions?: Record<string, number>;
}
interface Doc {
  id: string;
  community: string;
  scope: string;
  street: string | null;
  fields: string;
  employers: DocEmployer[];
  removed: boolean;
}

const COLUMNS = [
  'row_id',
  'community_code',
  'scope',
  'street_code',
  'fields',
  'employers',
  'removed',
  'fseq',
  'updated_at',
] as const;

/** A row's vacancy_positions ({vacancyId: positions}, stored as JSON text), or null when it holds none. */
export function vacancyPositionsOf(v: unknown): Record<string, number> | null {
  try {
    const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
  } catch {
    return null;
  }
}

const isShared = (r: RowState) => r.fields.scope === 'street' || r.fields.scope === 'district';

function employerOf(r: RowState): DocEmployer {
  let ids: string[] = [];
  try {
    const v = typeof r.fields.vacancy_ids === 'string' ? (JSON.parse(r.fields.vacancy_ids) as unknown) : [];
    if (Array.isArray(v)) ids = v.filter((x): x is string => typeof x === 'string');
  } catch {
    ids = [];
  }
  const each = vacancyPositionsOf(r.fields.vacancy_positions);
  return {
    id: r.rowId,
    community: r.community,
    employer_id: String(r.fields.employer_id ?? ''),
    employer_name: String(r.fields.employer_name ?? ''),
    vacancy_ids: ids,
    positions: Number(r.fields.positions ?? 0),
    ...(each ? { vacancy_positions: each } : {}),
  };
}

/**
 * Brings the fair documents up to date with the rows a batch wrote: each street or district fair touched,
 * and each fair whose employers changed. Nothing happens, and the sequence is not locked, when no fair row
 * or employer at a shared fair changed.
 */
export async function refreshSharedFairs(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  touched: RowState[],
  now: string,
): Promise<void> {
  const fairs = touched.filter((r) => r.entity === 'fairs');
  const employers = touched.filter((r) => r.entity === 'fair_employers');
  if (fairs.length === 0 && employers.length === 0) return;
  const fairIds = [
    ...new Set([...fairs.map((f) => f.rowId), ...employers.map((e) => String(e.fields.fair_id ?? ''))]),
  ];
  const held = await trx
    .selectFrom('shared_fairs')
    .selectAll()
    .where('row_id', 'in', idList(kind, fairIds))
    .execute();
  const docs = new Map<string, Doc>(
    held.map((h) => [
      h.row_id,
      {
        id: h.row_id,
        community: h.community_code,
        scope: h.scope,
        street: h.street_code,
        fields: h.fields,
        employers: JSON.parse(h.employers) as DocEmployer[],
        removed: Number(h.removed) === 1,
      },
    ]),
  );
  const changed = new Set<string>();
  for (const f of fairs) {
    const doc = docs.get(f.rowId);
    if (!isShared(f)) {
      // never shared needs no document; one that was (its scope changed back) is removed
      if (doc && !doc.removed) {
        doc.removed = true;
        changed.add(f.rowId);
      }
      continue;
    }
    const fields = JSON.stringify({
      name: f.fields.name ?? '',
      date: f.fields.date ?? '',
      place: f.fields.place ?? '',
      organiser: f.fields.organiser ?? '',
      cancelled_on: f.fields.cancelled_on ?? null,
      cancel_reason: f.fields.cancel_reason ?? null,
    });
    docs.set(f.rowId, {
      id: f.rowId,
      community: f.community,
      scope: String(f.fields.scope),
      // a street fair is its own community's street's, whatever street a station wrote on it
      street: f.fields.scope === 'street' ? await streetOf(trx, f.community) : null,
      fields,
      employers: doc?.employers ?? [],
      removed: f.deleted,
    });
    changed.add(f.rowId);
  }
  for (const e of employers) {
    const doc = docs.get(String(e.fields.fair_id ?? ''));
    // an employer at a community fair (or at a fair the district has not received) has no document to join
    if (!doc) continue;
    const rest = doc.employers.filter((x) => x.id !== e.rowId);
    doc.employers = e.deleted ? rest : [...rest, employerOf(e)];
    changed.add(doc.id);
  }
  if (changed.size === 0) return;
  const out = [...changed].map((id) => docs.get(id)!);
  const head = await trx
    .updateTable('fairs_head')
    .set((eb) => ({ last_fseq: eb('last_fseq', '+', out.length) }))
    .where('id', '=', 1)
    .returning('last_fseq')
    .executeTakeFirstOrThrow();
  const first = Number(head.last_fseq) - out.length + 1;
  await bulkInsert(
    trx,
    kind,
    'shared_fairs',
    COLUMNS,
    out.map((d, i) => [
      d.id,
      d.community,
      d.scope,
      d.street,
      d.fields,
      JSON.stringify(d.employers),
      d.removed ? 1 : 0,
      first + i,
      now,
    ]),
    { keys: ['row_id'], update: COLUMNS.slice(1) },
  );
}

/** The street of a community: the district's reference data, else the first 9 digits of its code. */
export async function streetOf(db: Kysely<ServerDB>, community: string): Promise<string> {
  const ref = await db
    .selectFrom('reference')
    .select('data')
    .where('kind', '=', 'communities')
    .where('code', '=', community)
    .executeTakeFirst();
  if (ref) {
    const street = (JSON.parse(ref.data) as { streetCode?: unknown }).streetCode;
    if (typeof street === 'string') return street;
  }
  return community.slice(0, 9);
}

/** POST /v1/fairs: the street and district fairs of the station's scope changed after `after`. */
export async function sharedFairs(
  ctx: ServerContext,
  station: AuthedStation,
  req: z.infer<typeof fairsRequest>,
): Promise<z.infer<typeof fairsResponse>> {
  const { db } = ctx.store;
  const street = await streetOf(db, station.communityCode);
  const head = await db.selectFrom('fairs_head').select('last_fseq').where('id', '=', 1).executeTakeFirst();
  const rows = await db
    .selectFrom('shared_fairs')
    .selectAll()
    .where('fseq', '>', req.after)
    .orderBy('fseq')
    .limit(req.limit + 1)
    .execute();
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  // other streets' fairs are left out, but the cursor passes them: they are not this station's to read
  const items: FairsItem[] = page
    .filter((r) => r.scope === 'district' || r.street_code === street)
    .map((r) => {
      const removed = Number(r.removed) === 1;
      const f = JSON.parse(r.fields) as {
        name: string;
        date: string;
        place: string;
        organiser: string;
        cancelled_on?: string | null;
        cancel_reason?: string | null;
      };
      return {
        id: r.row_id,
        community: r.community_code,
        fseq: Number(r.fseq),
        removed,
        ...(removed
          ? {}
          : {
              fair: {
                ...f,
                scope: r.scope as 'street' | 'district',
                street_code: r.street_code,
                employers: JSON.parse(r.employers) as DocEmployer[],
              },
            }),
      };
    });
  const last = page.length ? Number(page[page.length - 1]!.fseq) : req.after;
  const top = Number(head?.last_fseq ?? 0);
  return { items, cursor: more ? last : Math.max(last, top), more, head: top, epoch: await currentEpoch(db) };
}
