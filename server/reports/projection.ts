// The district's report tables (migration 0006): plain columns of what the report definitions count, one
// row per live synced resident, card and vacancy, written in the same transaction as the synced row
// (sync/rows.ts saveRows is the one place synced rows are written). A store that has synced rows from
// before these tables existed, or whose facts changed shape, is rebuilt once at start (meta version).
import { decodeFields, knowLayouts } from '../sync/rowCodec';
import { sql, type Kysely } from 'kysely';
import { bulkInsert, idList } from '../db/bulk';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';
import {
  REPORT_ENTITIES,
  cardFacts,
  residentFacts,
  vacancyFacts,
  recommendationFacts,
  visitFacts,
  type ReportEntity,
} from '../../shared/reports/facts';

const VERSION_KEY = 'report_projection';
/** Bump when facts.ts computes a column differently: the tables are then rebuilt at the next start. */
const VERSION = '2'; // 2: report_residents.left_on (migration 0017)
const PAGE = 5000;

const TABLE = {
  residents: 'report_residents',
  cards: 'report_cards',
  vacancies: 'report_vacancies',
  recommendations: 'report_recommendations',
  employer_visits: 'report_visits',
} as const satisfies Record<ReportEntity, keyof ServerDB>;

const FACTS = {
  residents: residentFacts,
  cards: cardFacts,
  vacancies: vacancyFacts,
  recommendations: recommendationFacts,
  employer_visits: visitFacts,
} as const;

const isReportEntity = (e: string): e is ReportEntity => (REPORT_ENTITIES as readonly string[]).includes(e);

export interface ProjectedRow {
  entity: string;
  rowId: string;
  community: string;
  fields: Record<string, unknown>;
  deleted: boolean;
  /** Only these fields changed since the report row was written (absent: the row is new or whole). */
  changed?: ReadonlySet<string>;
}

/** Are these facts the same as before the change? They are when computing them read none of the changed
 * fields: the facts are a function of the fields they read, and those all have the values they had. A row
 * that came back from deletion (deleted_at changed) is always written. */
function factsUnchanged(
  facts: (rowId: string, community: string, fields: Record<string, unknown>) => unknown,
  r: ProjectedRow,
): boolean {
  const changed = r.changed;
  if (!changed || changed.has('deleted_at')) return false;
  let touched = false;
  const watched = new Proxy(r.fields, {
    get: (t, k) => {
      if (typeof k === 'string' && changed.has(k)) touched = true;
      return t[k as string];
    },
    has: (t, k) => {
      if (typeof k === 'string' && changed.has(k)) touched = true;
      return k in t;
    },
    ownKeys: (t) => {
      touched = true;
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor: (t, k) => {
      if (typeof k === 'string' && changed.has(k)) touched = true;
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
  });
  facts(r.rowId, r.community, watched);
  return !touched;
}

/** Writes the report rows of these synced rows (deleted ones leave the report). */
export async function projectRows(
  db: Kysely<ServerDB>,
  kind: StoreKind,
  rows: readonly ProjectedRow[],
): Promise<void> {
  for (const entity of REPORT_ENTITIES) {
    const mine = rows.filter((r) => r.entity === entity);
    if (mine.length === 0) continue;
    const table = TABLE[entity];
    // a card that lands, changes or leaves changes its resident's card_from (before and after the change)
    const holders = new Set<string>();
    if (entity === 'cards')
      for (const id of await residentsOfCards(
        db,
        kind,
        mine.map((r) => r.rowId),
      ))
        holders.add(id);
    const gone = mine.filter((r) => r.deleted).map((r) => r.rowId);
    for (let i = 0; i < gone.length; i += PAGE)
      await db
        .deleteFrom(table)
        .where('id', 'in', idList(kind, gone.slice(i, i + PAGE)))
        .execute();
    // a field the report does not count (a phone number) leaves the report row as it is
    const live = mine.filter((r) => !r.deleted && !factsUnchanged(FACTS[entity], r));
    if (live.length) {
      const facts = live.map(
        (r) => FACTS[entity](r.rowId, r.community, r.fields) as unknown as Record<string, unknown>,
      );
      // a resident's row comes without card_from (a fact of its cards): written with it, not updated after
      if (entity === 'residents') {
        const from = await cardFromOf(
          db,
          kind,
          live.map((r) => r.rowId),
        );
        for (const f of facts) f.card_from = from.get(f.id as string) ?? null;
      }
      const columns = Object.keys(facts[0]!);
      await bulkInsert(
        db,
        kind,
        table,
        columns,
        facts.map((f) => columns.map((c) => f[c])),
        { keys: ['id'], update: columns.filter((c) => c !== 'id') },
      );
      if (entity === 'cards') for (const f of facts) holders.add(f.resident_id as string);
    }
    await refreshCardFrom(db, kind, [...holders]);
  }
}

async function residentsOfCards(db: Kysely<ServerDB>, kind: StoreKind, ids: readonly string[]) {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = await db
      .selectFrom('report_cards')
      .select('resident_id')
      .where('id', 'in', idList(kind, ids.slice(i, i + PAGE)))
      .execute();
    out.push(...rows.map((r) => r.resident_id));
  }
  return out;
}

/** The earliest issue date of each of these residents' valid cards (residents without one are absent). */
async function cardFromOf(db: Kysely<ServerDB>, kind: StoreKind, residents: readonly string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < residents.length; i += PAGE) {
    const rows = await db
      .selectFrom('report_cards')
      .select(['resident_id', (eb) => eb.fn.min<string>('issued_on').as('from')])
      .where('resident_id', 'in', idList(kind, residents.slice(i, i + PAGE)))
      .where('status', '=', 'valid')
      .groupBy('resident_id')
      .execute();
    for (const r of rows) out.set(r.resident_id, r.from);
  }
  return out;
}

/** Sets card_from of these residents from their valid cards (the report's "holds a card on d"). */
async function refreshCardFrom(db: Kysely<ServerDB>, kind: StoreKind, residents: readonly string[]) {
  for (let i = 0; i < residents.length; i += PAGE)
    await db
      .updateTable('report_residents')
      .set({
        card_from: sql<
          string | null
        >`(select min(c.issued_on) from report_cards c where c.resident_id = report_residents.id and c.status = 'valid')`,
      })
      .where('id', 'in', idList(kind, residents.slice(i, i + PAGE)))
      .execute();
}

/** Rebuilds the report tables from the synced rows when they are missing or of an older shape. */
export async function ensureProjection(db: Kysely<ServerDB>, kind: StoreKind): Promise<boolean> {
  const have = await db.selectFrom('meta').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
  if (have?.value === VERSION) return false;
  await db.transaction().execute(async (trx) => {
    for (const entity of REPORT_ENTITIES) {
      await trx.deleteFrom(TABLE[entity]).execute();
      let after = '';
      for (;;) {
        const page = await trx
          .selectFrom('sync_rows')
          .select(['row_id', 'community_code', 'fields', 'deleted'])
          .where('entity', '=', entity)
          .where('row_id', '>', after)
          .orderBy('row_id')
          .limit(5000)
          .execute();
        if (page.length === 0) break;
        after = page[page.length - 1]!.row_id;
        await knowLayouts(
          trx,
          page.map((r) => r.fields),
        );
        await projectRows(
          trx,
          kind,
          page.map((r) => ({
            entity,
            rowId: r.row_id,
            community: r.community_code,
            fields: decodeFields(r.fields),
            deleted: Number(r.deleted) === 1,
          })),
        );
      }
    }
    await trx
      .insertInto('meta')
      .values({ key: VERSION_KEY, value: VERSION })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: VERSION }))
      .execute();
  });
  return true;
}

export { isReportEntity };
