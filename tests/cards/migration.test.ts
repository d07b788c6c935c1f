// Migration 0003_cards on a real SQLite file: tables appear and go away again, and the two lookups that
// must stay fast use their indexes (card number; open measures by due date for the work list).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrationProvider } from '../../station/db/migrations';
import * as m0003 from '../../station/db/migrations/0003_cards';

const TABLES = [
  'ref_assistance_categories',
  'card_sequences',
  'cards',
  'contact_cards',
  'card_plans',
  'plan_measures',
  'plan_services',
  'card_prints',
];
let dir = '';
let db: Kysely<any> | null = null;
afterEach(async () => {
  await db?.destroy();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function tables(k: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(k);
  return r.rows.map((x) => x.name);
}

describe('migration 0003_cards', () => {
  it('creates the card tables and drops them on down', async () => {
    dir = mkdtempSync(join(tmpdir(), 'liuqing-m0003-'));
    db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, 's.sqlite'), onOpen: PRAGMAS }),
    });
    const r = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    expect(r.error).toBeUndefined();
    expect(await tables(db)).toEqual(expect.arrayContaining(TABLES));
    await m0003.down(db);
    const after = await tables(db);
    for (const t of TABLES) expect(after).not.toContain(t);
    await m0003.up(db);
    expect(await tables(db)).toEqual(expect.arrayContaining(TABLES));
  });

  it('card number lookups and the overdue list use their indexes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'liuqing-m0003-'));
    db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, 's.sqlite'), onOpen: PRAGMAS }),
    });
    await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    const plan = async (q: string) =>
      (await sql.raw<{ detail: string }>(`explain query plan ${q}`).execute(db!)).rows
        .map((r) => r.detail)
        .join(' | ');
    expect(await plan(`select * from cards where card_number = '330104005051-01-2026-00001'`)).toContain(
      'USING INDEX cards_card_number',
    );
    expect(
      await plan(`select max(card_number) from cards where card_number >= 'a-' and card_number < 'a-~'`),
    ).toContain('cards_card_number');
    expect(
      await plan(`select * from plan_measures where status = 'open' and due_date < '2026-03-15'`),
    ).toContain('USING INDEX plan_measures_due');
    expect(await plan(`select * from cards where resident_id = 'x' and status = 'valid'`)).toContain(
      'USING INDEX cards_resident',
    );
  });
});
