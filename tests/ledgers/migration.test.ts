// Migration 0009_ledgers on a real SQLite file: the four local tables appear, go away on down and come
// back on up; the lookups the import and the history make use their indexes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrationProvider } from '../../station/db/migrations';
import * as m0009 from '../../station/db/migrations/0009_ledgers';

const TABLES = ['import_batches', 'import_entries', 'import_mappings', 'employer_registrations'];
let dir = '';
let db: Kysely<any> | null = null;
afterEach(async () => {
  await db?.destroy();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Kysely<any>> {
  dir = mkdtempSync(join(tmpdir(), 'liuqing-m0009-'));
  db = new Kysely<any>({ dialect: new Sqlite3Dialect({ filename: join(dir, 's.sqlite'), onOpen: PRAGMAS }) });
  const r = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  expect(r.error).toBeUndefined();
  return db;
}

async function tables(k: Kysely<any>): Promise<string[]> {
  return (
    await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(k)
  ).rows.map((x) => x.name);
}

describe('migration 0009_ledgers', () => {
  it('creates the ledger tables and drops them on down', async () => {
    const k = await open();
    expect(await tables(k)).toEqual(expect.arrayContaining(TABLES));
    await m0009.down(k);
    const after = await tables(k);
    for (const t of TABLES) expect(after).not.toContain(t);
    await m0009.up(k);
    expect(await tables(k)).toEqual(expect.arrayContaining(TABLES));
  });

  it('refuses a batch status it does not know, and finds a batch’s entries by index', async () => {
    const k = await open();
    await expect(
      sql`insert into import_batches (id, kind, file_name, file_size, status, operator_id, operator_name, created_at)
          values ('b', 'residents', 'x.xlsx', 1, 'exploded', 'o', 'n', 't')`.execute(k),
    ).rejects.toThrow(/CHECK constraint failed/);
    const plan = async (q: string) =>
      (await sql.raw<{ detail: string }>(`explain query plan ${q}`).execute(k)).rows
        .map((r) => r.detail)
        .join(' | ');
    expect(await plan(`select * from import_entries where batch_id = 'b' order by seq`)).toContain(
      'USING INDEX import_entries_batch',
    );
    expect(await plan(`select * from import_entries where seq = 5`)).toContain('INTEGER PRIMARY KEY');
  });
});
