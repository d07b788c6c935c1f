// Migration 0008 — frozen: never import app code here, never edit after release; add a new file instead.
// Sync that costs what it carries (issue 14):
// - sync_log.partial: an upsert whose fields are only the changed ones (stations merge them into their row);
// - sync_log.echo: the origin station already holds what the entry sets, so its pull skips it;
// - log_heads.floor: the highest sequence compaction removed from the community's log (a station whose cursor
//   is below it takes a snapshot);
// - sync_rows.field_versions in the compact form {"b": base, "f": {field: version}} with a version as
//   [seq, station number in the community] (0: the district), instead of [seq, station UUID] per field.
//   Rows are converted in pages (keyset, one UPDATE … FROM (VALUES …) per page, the same SQL on SQLite ≥ 3.33
//   and PostgreSQL); the base is the version most fields share, the others are listed. Nothing else changes.
import { sql, type Kysely } from 'kysely';

const PAGE = 1000;
type OldVersions = Record<string, [number, string]>;
type Version = [number, number] | [number, number, 1];
interface NewVersions {
  b?: Version | null;
  f?: Record<string, Version>;
}

/** Every station: (community, UUID) ↔ station number. */
async function stationsOf(db: Kysely<any>) {
  const rows = await db.selectFrom('stations').select(['id', 'community_code', 'station_number']).execute();
  const numberOf = new Map<string, number>();
  const idOf = new Map<string, string>();
  for (const r of rows as Array<{ id: string; community_code: string; station_number: number }>) {
    numberOf.set(`${r.community_code}|${r.id}`, Number(r.station_number));
    idOf.set(`${r.community_code}|${Number(r.station_number)}`, r.id);
  }
  return { numberOf, idOf };
}

/** Rewrites field_versions page by page with `convert` (null: leave the row as it is). */
async function rewrite(
  db: Kysely<any>,
  convert: (r: { community_code: string; fields: string; field_versions: string }) => string | null,
): Promise<void> {
  let after: { entity: string; row_id: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('sync_rows')
      .select(['entity', 'row_id', 'community_code', 'fields', 'field_versions'])
      .orderBy('entity')
      .orderBy('row_id')
      .limit(PAGE);
    if (after) {
      const a = after;
      q = q.where((eb: any) =>
        eb.or([eb('entity', '>', a.entity), eb.and([eb('entity', '=', a.entity), eb('row_id', '>', a.row_id)])]),
      );
    }
    const rows = (await q.execute()) as Array<{
      entity: string;
      row_id: string;
      community_code: string;
      fields: string;
      field_versions: string;
    }>;
    if (rows.length === 0) return;
    const changed: Array<[string, string, string]> = [];
    for (const r of rows) {
      const next = convert(r);
      if (next !== null && next !== r.field_versions) changed.push([r.entity, r.row_id, next]);
    }
    if (changed.length) {
      const values = sql.join(changed.map(([e, id, v]) => sql`(${e}, ${id}, ${v})`));
      await sql`update sync_rows set field_versions = v.column3 from (values ${values}) as v
        where sync_rows.entity = v.column1 and sync_rows.row_id = v.column2`.execute(db);
    }
    const last = rows[rows.length - 1]!;
    after = { entity: last.entity, row_id: last.row_id };
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sync_log')
    .addColumn('partial', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sync_log')
    .addColumn('echo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('log_heads')
    .addColumn('floor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const { numberOf } = await stationsOf(db);
  await rewrite(db, (r) => {
    const old = JSON.parse(r.field_versions) as OldVersions | NewVersions;
    if ('f' in old || 'b' in old) return null; // already compact
    const counts = new Map<string, number>();
    const converted: Record<string, Version> = {};
    for (const [field, [seq, station]] of Object.entries(old as OldVersions)) {
      // a station of another community (a row moved before this change) or the district: 0
      const v: Version = [Number(seq), numberOf.get(`${r.community_code}|${station}`) ?? 0];
      converted[field] = v;
      const k = `${v[0]}|${v[1]}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let base: Version | null = null;
    let best = 0;
    for (const [k, n] of counts)
      if (n > best) {
        best = n;
        const [seq, st] = k.split('|');
        base = [Number(seq), Number(st)];
      }
    const f: Record<string, Version> = {};
    for (const [field, v] of Object.entries(converted))
      if (!base || v[0] !== base[0] || v[1] !== base[1]) f[field] = v;
    return JSON.stringify(base ? { b: base, f } : { f });
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  const { idOf } = await stationsOf(db);
  await rewrite(db, (r) => {
    const v = JSON.parse(r.field_versions) as NewVersions | OldVersions;
    if (!('f' in v) && !('b' in v)) return null;
    const compact = v as NewVersions;
    const out: OldVersions = {};
    const name = (st: number) => idOf.get(`${r.community_code}|${st}`) ?? 'district:migration';
    for (const field of Object.keys(JSON.parse(r.fields) as object)) {
      const e = compact.f?.[field] ?? compact.b;
      if (e) out[field] = [e[0], name(e[1])];
    }
    // group members were kept under the group's first column: give each listed key its own entry too
    for (const [field, e] of Object.entries(compact.f ?? {})) out[field] = [e[0], name(e[1])];
    return JSON.stringify(out);
  });
  for (const c of ['echo', 'partial']) await sql`alter table sync_log drop column ${sql.ref(c)}`.execute(db);
  await sql`alter table log_heads drop column floor`.execute(db);
}
