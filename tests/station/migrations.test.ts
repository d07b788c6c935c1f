// Each migration has its own test on a real SQLite file: tables, columns and indexes exist, up/down/up
// works, and the indexes the desk depends on are pinned with EXPLAIN QUERY PLAN.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kysely, sql, type CompiledQuery } from 'kysely';
import { Migrator, NO_MIGRATIONS, type Migration } from 'kysely/migration';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';
import { listResidents, searchResidents } from '../../station/residents/repository';
import type { StationDB } from '../../station/db/schema';

const dirs: string[] = [];
const dbs: Kysely<unknown>[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb<T = any>(log?: (q: CompiledQuery) => void): Kysely<T> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-migr-'));
  dirs.push(dir);
  const db = new Kysely<T>({
    dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
    ...(log ? { log: (e) => log(e.query) } : {}),
  });
  dbs.push(db as Kysely<unknown>);
  return db;
}

function migratorUpTo(db: Kysely<any>, last: string): Migrator {
  const names = Object.keys(migrations).sort();
  const upTo = Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));
  return new Migrator({ db, provider: { getMigrations: async () => upTo } });
}

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
    db,
  );
  return r.rows.map((x) => x.name);
}
async function columns(db: Kysely<any>, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return r.rows.map((x) => x.name);
}
async function indexes(db: Kysely<any>, table: string): Promise<string[]> {
  const r = await sql<{
    name: string;
  }>`select name from pragma_index_list(${table}) where origin = 'c'`.execute(db);
  return r.rows.map((x) => x.name).sort();
}

const CORE_TABLES = [
  'access_log',
  'employers',
  'households',
  'meta',
  'operators',
  'outbox',
  'ref_communities',
  'ref_streets',
  'residents',
  'vacancies',
];

describe('migration list', () => {
  it('is ordered by name, so the Migrator runs them in the order they were written', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('0001_core');
    for (const m of Object.values(migrations)) {
      expect(typeof m.up).toBe('function');
      expect(typeof m.down).toBe('function');
    }
  });

  it('all of them go up, all the way down, and up again on one file', async () => {
    const db = tempDb();
    const m = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const up1 = await m.migrateToLatest();
    expect(up1.error).toBeUndefined();
    const down = await m.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(await tableNames(db)).toEqual([]);
    const up2 = await m.migrateToLatest();
    expect(up2.error).toBeUndefined();
    expect(up2.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
  });
});

describe('0001_core', () => {
  it('creates the core tables with their columns', async () => {
    const db = tempDb();
    expect((await migratorUpTo(db, '0001_core').migrateToLatest()).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(CORE_TABLES);
    const residentCols = await columns(db, 'residents');
    for (const c of [
      'id',
      'community_code',
      'name',
      'name_pinyin',
      'name_initials',
      'id_number',
      'id_number_rev',
      'birth_date',
      'sex',
      'phone',
      'household_id',
      'landless_farmer',
      'subsistence',
      'clear_unemployment',
      'clear_skills',
      'clear_training',
      'clear_preferences',
      'clear_income',
      'clear_outcome',
      'clears_missing',
      'clears_oldest_at',
      'created_at',
      'updated_at',
      'deleted_at',
    ])
      expect(residentCols).toContain(c);
    expect(await columns(db, 'outbox')).toEqual([
      'seq',
      'entity',
      'row_id',
      'op',
      'fields',
      'operator_id',
      'operator_name',
      'hlc',
      'created_at',
      'state',
      'verdict',
      'reason',
    ]);
    expect(await columns(db, 'vacancies')).toEqual(
      expect.arrayContaining([
        'employer_id',
        'positions',
        'wage_min',
        'wage_max',
        'valid_from',
        'valid_to',
        'status',
      ]),
    );
    expect(await columns(db, 'employers')).toEqual(
      expect.arrayContaining(['credit_code', 'name_pinyin', 'name_initials', 'contacts']),
    );
  });

  it('creates the indexes the search, list and sync depend on', async () => {
    const db = tempDb();
    await migratorUpTo(db, '0001_core').migrateToLatest();
    expect(await indexes(db, 'residents')).toEqual([
      'residents_birth',
      'residents_clears',
      'residents_household',
      'residents_id_number',
      'residents_id_number_rev',
      'residents_name',
      'residents_name_initials',
      'residents_name_pinyin',
      'residents_phone',
      'residents_updated',
    ]);
    expect(await indexes(db, 'employers')).toEqual(['employers_credit_code']);
    expect(await indexes(db, 'vacancies')).toEqual(['vacancies_employer', 'vacancies_valid_to']);
    expect(await indexes(db, 'outbox')).toEqual(['outbox_row', 'outbox_state']);
    const partial = await sql<{
      sql: string;
    }>`select sql from sqlite_master where name = 'residents_id_number'`.execute(db);
    expect(partial.rows[0]!.sql).toMatch(/unique index .* where deleted_at is null/i);
  });

  it('goes down to nothing and up again', async () => {
    const db = tempDb();
    const m = migratorUpTo(db, '0001_core');
    await m.migrateToLatest();
    const down = await m.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.[0]).toMatchObject({
      migrationName: '0001_core',
      direction: 'Down',
      status: 'Success',
    });
    expect(await tableNames(db)).toEqual([]);
    const up = await m.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await tableNames(db)).toEqual(CORE_TABLES);
  });

  it('refuses a second live row with the same ID number, but allows one beside a deleted row', async () => {
    const db = tempDb();
    await migratorUpTo(db, '0001_core').migrateToLatest();
    const row = (id: string, deleted: string | null) => ({
      id,
      community_code: '330104005051',
      name: '张三',
      name_pinyin: 'zhangsan',
      name_initials: 'zs',
      id_number: '330104198506150019',
      id_number_rev: '910051605891401033',
      birth_date: '1985-06-15',
      sex: 'M',
      created_at: 'x',
      updated_at: 'x',
      deleted_at: deleted,
    });
    await db.insertInto('residents').values(row('a', null)).execute();
    await expect(db.insertInto('residents').values(row('b', null)).execute()).rejects.toThrow(
      /UNIQUE constraint failed: residents.id_number/,
    );
    await db.insertInto('residents').values(row('c', '2025-01-01')).execute();
    await db.updateTable('residents').set({ deleted_at: '2025-02-01' }).where('id', '=', 'a').execute();
    await db.insertInto('residents').values(row('d', null)).execute();
    const live = await db.selectFrom('residents').select('id').where('deleted_at', 'is', null).execute();
    expect(live.map((r: { id: string }) => r.id)).toEqual(['d']);
  });

  it('enforces foreign keys (a vacancy needs its employer)', async () => {
    const db = tempDb();
    await migratorUpTo(db, '0001_core').migrateToLatest();
    await expect(
      db
        .insertInto('vacancies')
        .values({
          id: 'v',
          community_code: 'c',
          employer_id: 'missing',
          title: 't',
          positions: 1,
          valid_from: '2025-01-01',
          valid_to: '2025-02-01',
          created_at: 'x',
          updated_at: 'x',
        })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });
});

/** The query plans of what `run` sends, on an empty database migrated up to `last`. */
async function plansOf(run: (db: Kysely<StationDB>) => Promise<unknown>, last = '9999'): Promise<string[]> {
  const captured: CompiledQuery[] = [];
  const db = tempDb<StationDB>((q) => captured.push(q));
  await migratorUpTo(db, last).migrateToLatest();
  captured.length = 0;
  await run(db);
  const plans: string[] = [];
  for (const q of captured.splice(0)) {
    const r = await db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` });
    plans.push(r.rows.map((x) => x.detail).join('\n'));
  }
  return plans;
}

describe('query plans of the resident search and list (pinned)', () => {
  const view = { today: '2025-07-01', staleAfterDays: 180 };

  it('trailing ID digits search the reversed ID number index', async () => {
    for (const q of ['1234', '150019', '123X']) {
      const [plan] = await plansOf((db) => searchResidents(db, q, 20));
      expect(plan).toMatch(
        /SEARCH residents USING INDEX residents_id_number_rev \(id_number_rev>\? AND id_number_rev<\?\)/,
      );
    }
  });

  it('pinyin initials and full pinyin search their own indexes', async () => {
    const [plan] = await plansOf((db) => searchResidents(db, 'zs', 20));
    expect(plan).toMatch(
      /SEARCH residents USING INDEX residents_name_initials \(name_initials>\? AND name_initials<\?\)/,
    );
    expect(plan).toMatch(
      /SEARCH residents USING INDEX residents_(live_)?name_pinyin \(name_pinyin>\? AND name_pinyin<\?\)/,
    );
  });

  it('a full ID number and a phone are index lookups', async () => {
    const [idPlan] = await plansOf((db) => searchResidents(db, '330104198506150019', 20));
    expect(idPlan).toMatch(/SEARCH residents USING INDEX residents_id_number \(id_number=\?\)/);
    const [phonePlan] = await plansOf((db) => searchResidents(db, '13812345678', 20));
    expect(phonePlan).toMatch(/USING INDEX residents_phone \(phone=\?\)/);
  });

  it('the list sorted by name walks the pinyin index (ties on id sorted per page)', async () => {
    const plans = await plansOf((db) =>
      listResidents(db, { offset: 0, limit: 100, sort: [{ field: 'name', dir: 'asc' }] }, view),
    );
    // plans[0] counts the rows, plans[1] reads the page
    expect(plans).toHaveLength(2);
    expect(plans[1]).toMatch(/SCAN residents USING INDEX residents_live_name_pinyin/);
    expect(plans[1]).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  it('the age filter becomes a birth-date range on its index', async () => {
    const plans = await plansOf((db) =>
      listResidents(db, { offset: 0, limit: 100, filter: { ageMin: 30, ageMax: 40 } }, view),
    );
    for (const p of plans)
      expect(p).toMatch(/SEARCH residents USING INDEX residents_birth \(birth_date>\? AND birth_date<\?\)/);
  });
});

describe('0004_live_indexes', () => {
  const view = { today: '2025-07-01', staleAfterDays: 180 };

  it('replaces the plain name, pinyin and clears indexes with partial covering ones, and goes down again', async () => {
    const db = tempDb();
    await migratorUpTo(db, '0004_live_indexes').migrateToLatest();
    const after = await indexes(db, 'residents');
    for (const name of [
      'residents_live_name_pinyin',
      'residents_live_updated',
      'residents_live_clears',
      'residents_live_name',
    ])
      expect(after).toContain(name);
    for (const name of ['residents_name', 'residents_clears']) expect(after).not.toContain(name);
    await migratorUpTo(db, '0004_live_indexes').migrateTo('0003_cards');
    const before = await indexes(db, 'residents');
    expect(before).toContain('residents_clears');
    expect(before).not.toContain('residents_live_name');
  });

  it('the default list (latest updates first) and its count read indexes only', async () => {
    const plans = await plansOf(
      (db) => listResidents(db, { offset: 0, limit: 100 }, view),
      '0004_live_indexes',
    );
    expect(plans[0]).toMatch(/USING COVERING INDEX residents_live_/);
    expect(plans[1]).toMatch(/SCAN residents USING INDEX residents_live_updated/);
    expect(plans[1]).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  it('the contains-anywhere name search scans the live name index, not the table', async () => {
    const plans = await plansOf((db) => searchResidents(db, '明', 20), '0004_live_indexes');
    expect(plans.join('\n')).toMatch(/SCAN residents USING COVERING INDEX residents_live_name/);
  });
});

describe('0007_identity_holds', () => {
  it('creates the table of the district’s notices, keyed by the resident, and drops it again', async () => {
    const db = tempDb();
    expect((await migratorUpTo(db, '0007_identity_holds').migrateToLatest()).error).toBeUndefined();
    expect(await columns(db, 'identity_holds')).toEqual([
      'resident_id',
      'task_id',
      'role',
      'community',
      'community_name',
      'id_number_masked',
      'since',
    ]);
    const notice = {
      resident_id: 'r1',
      task_id: 't1',
      role: 'held',
      community: '330104005052',
      community_name: '景芳社区',
      id_number_masked: '330104********0012',
      since: '2025-07-01T00:00:00.000Z',
    };
    await db.insertInto('identity_holds').values(notice).execute();
    await expect(db.insertInto('identity_holds').values(notice).execute()).rejects.toThrow(/UNIQUE/);
    await migratorUpTo(db, '0007_identity_holds').migrateTo('0006_sync_epoch');
    expect(await tableNames(db)).not.toContain('identity_holds');
  });
});

describe('0010_matching', () => {
  it('adds the vocabularies, coded vacancy columns, recommendations, visits, agreements and the board; and drops them again', async () => {
    const db = tempDb();
    expect((await migratorUpTo(db, '0010_matching').migrateToLatest()).error).toBeUndefined();
    const tables = await tableNames(db);
    for (const t of [
      'ref_occupations',
      'ref_industries',
      'recommendations',
      'employer_visits',
      'cooperation_agreements',
      'board_vacancies',
    ])
      expect(tables).toContain(t);
    expect(await columns(db, 'vacancies')).toEqual(
      expect.arrayContaining([
        'occupation_code',
        'industry_code',
        'age_min',
        'age_max',
        'education',
        'shared',
        'hired',
      ]),
    );
    expect(await indexes(db, 'recommendations')).toEqual([
      'recommendations_resident',
      'recommendations_status',
      'recommendations_vacancy',
    ]);
    // a status outside the chain is refused by the table itself
    await db
      .insertInto('residents')
      .values({
        id: 'r1',
        community_code: '330104005051',
        name: '张三',
        name_pinyin: 'zhangsan',
        name_initials: 'zs',
        id_number: '330104199001010011',
        id_number_rev: '110010109910401033',
        birth_date: '1990-01-01',
        sex: 'M',
        landless_farmer: 0,
        subsistence: 'none',
        veteran: 0,
        single_parent: 0,
        released_or_rehab: 0,
        clears_missing: 6,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    const rec = {
      id: 'c1',
      community_code: '330104005051',
      resident_id: 'r1',
      vacancy_id: 'v1',
      vacancy_community: '330104005051',
      vacancy_title: '保安',
      employer_name: '某公司',
      status: 'recommended',
      recommended_on: '2025-07-01',
      recommended_by: '王',
      created_at: 'x',
      updated_at: 'x',
    };
    await db.insertInto('recommendations').values(rec).execute();
    await expect(
      db
        .insertInto('recommendations')
        .values({ ...rec, id: 'c2', status: 'maybe' })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await migratorUpTo(db, '0010_matching').migrateTo('0009_ledgers');
    expect(await tableNames(db)).not.toContain('recommendations');
    expect(await columns(db, 'vacancies')).not.toContain('occupation_code');
  });
});

describe('0012_delivery', () => {
  it('creates the table of USB bundles written and their receipts, and drops it again', async () => {
    const db = tempDb();
    expect((await migratorUpTo(db, '0012_delivery').migrateToLatest()).error).toBeUndefined();
    expect(await columns(db, 'sync_bundles')).toEqual([
      'id',
      'created_at',
      'entries',
      'first_seq',
      'last_seq',
      'file',
      'receipt_at',
      'accepted',
      'rejected',
    ]);
    const row = { id: 'b1', created_at: 'now', entries: 3, first_seq: 1, last_seq: 3, file: 'x.lqb' };
    await db.insertInto('sync_bundles').values(row).execute();
    await expect(db.insertInto('sync_bundles').values(row).execute()).rejects.toThrow(/UNIQUE/);
    const names = Object.keys(migrations).sort();
    const previous = names[names.indexOf('0012_delivery') - 1]!;
    await migratorUpTo(db, '0012_delivery').migrateTo(previous);
    expect(await tableNames(db)).not.toContain('sync_bundles');
  });
});

describe('0015_policy', () => {
  it('adds the policy catalogue and subsidy applications with their indexes and status check; and drops them again', async () => {
    const db = tempDb();
    expect((await migratorUpTo(db, '0015_policy').migrateToLatest()).error).toBeUndefined();
    const tables = await tableNames(db);
    expect(tables).toEqual(expect.arrayContaining(['ref_policies', 'subsidy_applications']));
    expect(await indexes(db, 'subsidy_applications')).toEqual([
      'subsidy_applications_employer',
      'subsidy_applications_period',
      'subsidy_applications_resident',
    ]);
    const app = {
      id: 'a1',
      community_code: '330104005051',
      policy_code: 'startup',
      policy_version: 1,
      period_from: '2026-01-01',
      period_to: '2026-01-31',
      amount: 5000,
      documents: '[]',
      prepared_by: '王',
      prepared_on: '2026-02-01',
      status: 'submitted',
      created_at: 'x',
      updated_at: 'x',
    };
    await db.insertInto('subsidy_applications').values(app).execute();
    // a status outside the chain is refused by the table itself
    await expect(
      db
        .insertInto('subsidy_applications')
        .values({ ...app, id: 'a2', status: 'maybe' })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await migratorUpTo(db, '0015_policy').migrateTo('0010_matching');
    expect(await tableNames(db)).not.toContain('subsidy_applications');
    expect(await tableNames(db)).not.toContain('ref_policies');
  });
});
