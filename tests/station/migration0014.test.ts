// Station migration 0014_contacts (issue 15): a database from before it keeps its operators and plan
// services and gains an operator's phone and a service's next due date (a contact mark); the work list's
// look-ups of marks are index searches; it goes down and up again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function migratorUpTo(db: Kysely<any>, last: string): Migrator {
  const names = Object.keys(migrations).sort();
  const upTo = Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));
  return new Migrator({ db, provider: { getMigrations: async () => upTo } });
}

const columns = async (db: Kysely<any>, table: string) =>
  (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map(
    (r) => r.name,
  );

describe('station migration 0014_contacts', () => {
  it('adds operators.phone and plan_services.next_due, keeps the rows, serves marks by index, goes down and up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-migr14-'));
    dirs.push(dir);
    const db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
    });
    try {
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf('0014_contacts') - 1]!;
      expect((await migratorUpTo(db, before).migrateToLatest()).error).toBeUndefined();
      // stand-in rows: a plan and its service without the resident they would hang on
      await sql`pragma foreign_keys = off`.execute(db);
      await db
        .insertInto('operators')
        .values({
          id: 'op1',
          username: 'li',
          display_name: '李援助',
          password_hash: 'x',
          role: 'assistant',
          disabled: 0,
          created_at: '2026-11-01T00:00:00Z',
        })
        .execute();
      await db
        .insertInto('card_plans')
        .values({
          id: 'r1',
          community_code: '330104005051',
          resident_id: 'r1',
          created_at: 'x',
          updated_at: 'x',
        })
        .execute();
      await db
        .insertInto('plan_services')
        .values({
          id: 's1',
          community_code: '330104005051',
          plan_id: 'r1',
          kind: 'other',
          date: '2026-11-02',
          note: '政策咨询',
          measure_id: null,
          given_by: '李援助',
          created_at: 'x',
        })
        .execute();
      expect(await columns(db, 'operators')).not.toContain('phone');
      expect(await columns(db, 'plan_services')).not.toContain('next_due');

      const m = migratorUpTo(db, '0014_contacts');
      expect((await m.migrateToLatest()).error).toBeUndefined();
      expect(await db.selectFrom('operators').select(['username', 'phone']).execute()).toEqual([
        { username: 'li', phone: null },
      ]);
      expect(await db.selectFrom('plan_services').select(['id', 'note', 'next_due']).execute()).toEqual([
        { id: 's1', note: '政策咨询', next_due: null },
      ]);
      // the work list asks "is there a mark on this person / measure still running?": an index search each
      const plan = async (q: ReturnType<typeof sql>) =>
        (await sql<{ detail: string }>`explain query plan ${q}`.execute(db)).rows
          .map((r) => r.detail)
          .join('\n');
      expect(
        await plan(sql`select 1 from plan_services s where s.plan_id = 'r1' and s.next_due > '2026-12-01'`),
      ).toMatch(/USING (COVERING )?INDEX plan_services_due_person/);
      expect(
        await plan(
          sql`select 1 from plan_services s where s.measure_id = 'm1' and s.next_due > '2026-12-01'`,
        ),
      ).toMatch(/USING (COVERING )?INDEX plan_services_due_measure/);

      expect((await m.migrateTo(before)).error).toBeUndefined();
      expect(await columns(db, 'operators')).not.toContain('phone');
      expect(await columns(db, 'plan_services')).not.toContain('next_due');
      expect(await db.selectFrom('plan_services').select('id').execute()).toEqual([{ id: 's1' }]);
      expect((await m.migrateToLatest()).error).toBeUndefined();
      expect(await columns(db, 'operators')).toContain('phone');
    } finally {
      await db.destroy();
    }
  });
});
