// Migrations of the epoch (issue 8, "Time goes forward"), each on a real SQLite file: the station's
// 0006_sync_epoch (one sync_epoch row from the start) and the district's 0003_epoch (one server_epoch row
// with a fresh random epoch per database, so a database restored from before it counts as a new epoch).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { migrations as stationMigrations } from '../../station/db/migrations';
import { migrationProvider as serverProvider } from '../../server/db/migrations';

const dirs: string[] = [];
const dbs: Kysely<any>[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): Kysely<any> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-epoch-migr-'));
  dirs.push(dir);
  const db = new Kysely<any>({ dialect: new Sqlite3Dialect({ filename: join(dir, 'db.sqlite') }) });
  dbs.push(db);
  return db;
}

async function columns(db: Kysely<any>, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return r.rows.map((x) => x.name);
}

describe('station migration 0006_sync_epoch', () => {
  const upTo = (last: string): Record<string, Migration> =>
    Object.fromEntries(Object.entries(stationMigrations).filter(([n]) => n <= last));

  it('adds sync_epoch with its one row, goes down and up again', async () => {
    const db = tempDb();
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upTo('0006_sync_epoch') } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await columns(db, 'sync_epoch')).toEqual([
      'id',
      'epoch',
      'server_last_seq',
      'cursor_mark',
      'recovering_to',
      'resent',
      'recovered_at',
      'recovered_resent',
    ]);
    expect(await db.selectFrom('sync_epoch').selectAll().execute()).toEqual([
      {
        id: 1,
        epoch: null,
        server_last_seq: null,
        cursor_mark: null,
        recovering_to: null,
        resent: 0,
        recovered_at: null,
        recovered_resent: null,
      },
    ]);
    await expect(db.insertInto('sync_epoch').values({ id: 2 }).execute()).rejects.toThrow(/CHECK/);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await columns(db, 'sync_epoch')).toEqual([]);
    expect((await migrator.migrateUp()).error).toBeUndefined();
    expect(await db.selectFrom('sync_epoch').select('id').execute()).toEqual([{ id: 1 }]);
  });
});

describe('server migration 0003_epoch', () => {
  it('gives each database its own random epoch, and goes down and up again', async () => {
    const epochs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const db = tempDb();
      const migrator = new Migrator({ db, provider: serverProvider });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await db.selectFrom('server_epoch').selectAll().execute();
      expect(rows).toEqual([
        {
          id: 1,
          epoch: expect.stringMatching(/^[0-9a-f-]{36}$/),
          started_at: expect.any(String),
          reason: 'initial',
          previous: null,
        },
      ]);
      epochs.push(rows[0].epoch);
      if (i === 1) {
        // by name: later migrations (0004_identity_holds) come after this one
        expect((await migrator.migrateTo('0002_uniques')).error).toBeUndefined();
        expect(await columns(db, 'server_epoch')).toEqual([]);
        expect((await migrator.migrateTo('0003_epoch')).error).toBeUndefined();
        expect(await db.selectFrom('server_epoch').select('reason').execute()).toEqual([
          { reason: 'initial' },
        ]);
      }
    }
    expect(epochs[0]).not.toBe(epochs[1]);
  });
});
