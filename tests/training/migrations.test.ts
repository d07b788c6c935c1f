// The training migrations: station 0018_training (courses, the board's copy, enrolments with their indexes
// and status check; the rate's scan by completion date uses its index) and server 0012_training (course
// board, head, enrolment facts, the hire lookup index) on SQLite and PostgreSQL; each goes down and up again.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';
import { migrationProvider } from '../../server/db/migrations';
import { dropPgSchema } from '../../server/index';
import { BACKENDS, PG_URL } from '../server/harness';

async function withSqlite(fn: (db: Kysely<any>) => Promise<void>, station = false) {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-tmigr-'));
  const db = new Kysely<any>({
    dialect: new Sqlite3Dialect({ filename: join(dir, 'd.sqlite'), ...(station ? { onOpen: PRAGMAS } : {}) }),
  });
  try {
    await fn(db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withPg(fn: (db: Kysely<any>, schema: string) => Promise<void>) {
  const schema = `t_train_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1, options: `-c search_path=${schema}` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  try {
    await fn(db, schema);
  } finally {
    await db.destroy();
    await dropPgSchema(PG_URL, schema);
  }
}

async function tablesOf(db: Kysely<any>, schema?: string): Promise<string[]> {
  // On PostgreSQL only our schema is read (Kysely's introspection reads every schema, and another test file
  // dropping its own at that moment fails it); Kysely's own migration tables left out, as it does.
  if (schema) {
    const r = await sql<{ table_name: string }>`select table_name from information_schema.tables
      where table_schema = ${schema} and table_name not like 'kysely_migration%'`.execute(db);
    return r.rows.map((t) => t.table_name).sort();
  }
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

describe('station migration 0018_training', () => {
  it('adds courses, the board copy and enrolments with their indexes and checks; and drops them again', () =>
    withSqlite(async (db) => {
      const names = Object.keys(migrations).sort();
      const upTo = Object.fromEntries(
        names.filter((n) => n <= '0018_training').map((n) => [n, migrations[n] as Migration]),
      );
      const migrator = new Migrator({ db, provider: { getMigrations: async () => upTo } });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await tablesOf(db)).toEqual(
        expect.arrayContaining(['training_courses', 'board_courses', 'training_enrolments']),
      );
      const idx = await sql<{
        name: string;
      }>`select name from pragma_index_list('training_enrolments') where origin = 'c'`.execute(db);
      expect(idx.rows.map((r) => r.name).sort()).toEqual([
        'training_enrolments_completed',
        'training_enrolments_course',
        'training_enrolments_resident',
      ]);
      const row = {
        id: 'e1',
        community_code: '330104005051',
        course_id: 'c1',
        course_name: '养老护理员',
        resident_id: 'r1',
        status: 'enrolled',
        enrolled_on: '2026-03-01',
        enrolled_by: '王',
        created_at: 'x',
        updated_at: 'x',
      };
      await sql`pragma foreign_keys = off`.execute(db);
      await db.insertInto('training_enrolments').values(row).execute();
      await expect(
        db
          .insertInto('training_enrolments')
          .values({ ...row, id: 'e2', status: 'maybe' })
          .execute(),
      ).rejects.toThrow(/CHECK/);
      const plan = await sql<{
        detail: string;
      }>`explain query plan select resident_id from training_enrolments where completed_on >= '2026-01-01' and completed_on <= '2026-12-31'`.execute(
        db,
      );
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('training_enrolments_completed');
      const previous = names[names.indexOf('0018_training') - 1]!;
      await migrator.migrateTo(previous);
      const after = await tablesOf(db);
      for (const t of ['training_courses', 'board_courses', 'training_enrolments'])
        expect(after).not.toContain(t);
    }, true));
});

describe.each(BACKENDS)('server migration 0012_training on %s', (backend) => {
  it('adds the course board, its head, the enrolment facts; goes down and up again', async () => {
    const run = async (db: Kysely<any>, schema?: string) => {
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await tablesOf(db, schema)).toEqual(
        expect.arrayContaining(['training_courses', 'training_head', 'training_facts']),
      );
      expect(await db.selectFrom('training_head').selectAll().execute()).toEqual([
        { id: 1, last_bseq: backend === 'postgres' ? '0' : 0 },
      ]);
      const fact = {
        row_id: 'e1',
        community_code: '330104005051',
        course_id: 'c1',
        resident_id: 'r1',
        status: 'completed',
        completed_on: '2026-03-31',
        employ_by: '2026-09-30',
      };
      await db.insertInto('training_facts').values(fact).execute();
      await expect(db.insertInto('training_facts').values(fact).execute()).rejects.toThrow();
      const names = Object.keys(await migrationProvider.getMigrations()).sort();
      const previous = names[names.indexOf('0012_training') - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      expect(await tablesOf(db, schema)).not.toContain('training_facts');
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await sql`select count(*) from training_facts`.execute(db);
    };
    if (backend === 'sqlite') await withSqlite((db) => run(db));
    else await withPg((db, schema) => run(db, schema));
  });
});
