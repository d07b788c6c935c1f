// Migration 0002_uniques — frozen once released: never import app code here; add a new file instead.
// Every uniqueness a station enforces gets a district key in `identities` (issue 8): card numbers
// (`card:<number>`), one valid card per person in a community (`validcard:<community>:<resident id>`) and one contact card per card
// (`contact:<card id>`) are filled in from the rows already held, first row wins where two exist. Also the
// pulled rows stations report they had to set aside.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await db
    .selectFrom('sync_rows')
    .select(['entity', 'row_id', 'community_code', 'fields', 'deleted'])
    .where('entity', 'in', ['cards', 'contact_cards'])
    .orderBy('updated_seq')
    .orderBy('row_id')
    .execute();
  const keys = new Map<string, string>();
  for (const r of rows as Array<{
    entity: string;
    row_id: string;
    community_code: string;
    fields: string;
    deleted: number;
  }>) {
    let f: Record<string, unknown>;
    try {
      f = JSON.parse(r.fields) as Record<string, unknown>;
    } catch {
      continue;
    }
    const add = (k: string) => {
      if (!keys.has(k)) keys.set(k, r.row_id);
    };
    if (r.entity === 'cards') {
      if (typeof f.card_number === 'string') add(`card:${f.card_number}`);
      if (Number(r.deleted) !== 1 && f.status === 'valid' && typeof f.resident_id === 'string')
        add(`validcard:${r.community_code}:${f.resident_id}`);
    } else if (typeof f.card_id === 'string') add(`contact:${f.card_id}`);
  }
  const existing = new Set(
    (await db.selectFrom('identities').select('id_number').execute()).map(
      (r: { id_number: string }) => r.id_number,
    ),
  );
  const values = [...keys].filter(([k]) => !existing.has(k)).map(([k, v]) => ({ id_number: k, row_id: v }));
  for (let i = 0; i < values.length; i += 1000)
    await db
      .insertInto('identities')
      .values(values.slice(i, i + 1000))
      .execute();

  await db.schema
    .createTable('pull_problems')
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('sseq', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pull_problems_pk', ['station_id', 'entity', 'row_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pull_problems').execute();
  await db.deleteFrom('identities').where('id_number', 'like', 'card:%').execute();
  await db.deleteFrom('identities').where('id_number', 'like', 'validcard:%').execute();
  await db.deleteFrom('identities').where('id_number', 'like', 'contact:%').execute();
}
