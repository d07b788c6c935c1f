// The district server's migrations on both stores: 0004_identity_holds adds the merge decision columns and
// the proposals table, its indexes, and goes down and up again (SQLite and PostgreSQL run the same file);
// 0008_lean_sync converts the field versions an older server wrote, without loss.
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dropPgSchema, openStore } from '../../server/index';
import { BACKENDS, PG_URL } from './harness';
import { withMigrationDb } from './migrationHarness';
import { parseVersions, versionOf } from '../../server/sync/versions';
import { readStoredFields } from '../../server/sync/rowCodec';

describe.each(BACKENDS)('server migration 0004_identity_holds on %s', (backend) => {
  it('adds the decision columns and the proposals table, and goes down and up again', () =>
    withMigrationDb(backend, async ({ db, migrator, columnsOf }) => {
      expect((await migrator.migrateTo('0003_epoch')).error).toBeUndefined();
      // a task written before the migration reads as an older, redirected one
      await db
        .insertInto('merge_tasks')
        .values({
          id: 't0',
          id_number: '330104199001011234',
          kept_id: 'k',
          merged_id: 'm',
          communities: '[]',
          created_at: 'then',
          status: 'open',
        })
        .execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await columnsOf('merge_tasks')).toEqual(
        expect.arrayContaining(['held', 'kept_community', 'decided_at', 'decided_by']),
      );
      expect(await columnsOf('merge_proposals')).toEqual(
        [
          'at',
          'decided_at',
          'fields',
          'id',
          'op',
          'operator',
          'operator_id',
          'received_at',
          'seq',
          'station_id',
          'status',
          'task_id',
        ].sort(),
      );
      expect(await db.selectFrom('merge_tasks').select('held').executeTakeFirstOrThrow()).toEqual({
        held: 0,
      });
      expect((await migrator.migrateTo('0003_epoch')).error).toBeUndefined();
      expect(await columnsOf('merge_tasks')).not.toContain('held');
      expect(await columnsOf('merge_proposals')).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await sql`select count(*) from merge_proposals`.execute(db);
    }));
});

describe.each(BACKENDS)('server migration 0006_console on %s', (backend) => {
  it('adds the report tables and the console accounts, sessions and audit, and goes down and up again', () =>
    withMigrationDb(backend, async ({ migrator, columnsOf }) => {
      expect((await migrator.migrateTo('0006_console')).error).toBeUndefined();
      expect(await columnsOf('report_cards')).toEqual(
        ['community_code', 'id', 'issued_on', 'resident_id', 'status'].sort(),
      );
      expect(await columnsOf('console_sessions')).toEqual(
        ['created_at', 'expires_at', 'revoked_at', 'token_hash', 'username'].sort(),
      );
      expect(await columnsOf('report_residents')).toContain('clears_oldest_at');
      expect(await columnsOf('console_audit')).toContain('outcome');
      expect((await migrator.migrateTo('0004_identity_holds')).error).toBeUndefined();
      expect(await columnsOf('report_residents')).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await columnsOf('console_users')).toContain('street_code');
    }));
});

describe('a district store on PostgreSQL next to other stores', () => {
  it('looks only at its own schema, so another server dropping its schema cannot fail our migration', async () => {
    const ours = `scoped_${randomBytes(4).toString('hex')}`;
    const other = `other_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`create schema ${other}; create table ${other}.t (id serial primary key)`);
      const store = await openStore({ databaseUrl: PG_URL, pgSchema: ours });
      try {
        const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
        expect(tables.length).toBeGreaterThan(5);
        expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([ours]));
        expect(tables.map((t) => t.name)).toContain('kysely_migration');
        // the other schema goes away while ours is looked at and migrated again: nothing fails
        await Promise.all([
          admin.query(`drop schema ${other} cascade`),
          store.db.introspection.getTables(),
          openStore({ databaseUrl: PG_URL, pgSchema: ours }).then((s) => s.close()),
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`drop schema if exists ${other} cascade`);
      await dropPgSchema(PG_URL, ours);
      await admin.end();
    }
  });
});

describe.each(BACKENDS)('server migration 0005_matching on %s', (backend) => {
  it('adds the board of shared vacancies with its one-row sequence, and goes down and up again', () =>
    withMigrationDb(backend, async ({ db, migrator, columnsOf }) => {
      expect((await migrator.migrateTo('0005_matching')).error).toBeUndefined();
      expect(await columnsOf('board_vacancies')).toEqual(
        ['bseq', 'community_code', 'employer_id', 'fields', 'removed', 'row_id', 'updated_at'].sort(),
      );
      expect(await db.selectFrom('board_head').selectAll().execute()).toEqual([{ id: 1, last_bseq: 0 }]);
      expect((await migrator.migrateTo('0004_identity_holds')).error).toBeUndefined();
      expect(await columnsOf('board_vacancies')).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await columnsOf('board_head')).toEqual(['id', 'last_bseq']);
    }));
});

describe.each(BACKENDS)('server migration 0007_delivery on %s', (backend) => {
  it('adds releases, bundle imports and the station versions, and goes down and up again', () =>
    withMigrationDb(backend, async ({ db, migrator, columnsOf }) => {
      expect((await migrator.migrateTo('0006_console')).error).toBeUndefined();
      expect((await migrator.migrateTo('0007_delivery')).error).toBeUndefined();
      expect(await columnsOf('releases')).toEqual(
        ['file', 'published_at', 'rollout', 'sha512', 'size', 'version'].sort(),
      );
      expect(await columnsOf('bundle_imports')).toEqual(
        ['bundle_id', 'entries', 'imported_at', 'last_applied_seq', 'station_id'].sort(),
      );
      expect(await columnsOf('stations')).toEqual(
        expect.arrayContaining(['app_version', 'schema_version']),
      );
      const r = {
        version: '1.0.0',
        file: 'a.exe',
        sha512: 'x',
        size: 5_000_000_000,
        rollout: 10,
        published_at: 'now',
      };
      await db.insertInto('releases').values(r).execute();
      await expect(db.insertInto('releases').values(r).execute()).rejects.toThrow();
      // an installer over 4 GB still fits
      expect(Number((await db.selectFrom('releases').select('size').executeTakeFirstOrThrow()).size)).toBe(
        5_000_000_000,
      );
      expect((await migrator.migrateTo('0006_console')).error).toBeUndefined();
      expect(await columnsOf('releases')).toEqual([]);
      expect(await columnsOf('stations')).not.toContain('app_version');
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    }));
});

describe.each(BACKENDS)('server migration 0008_lean_sync on %s', (backend) => {
  it('upgrades a database written by the older code: rows, log and every field version kept, compactly', () =>
    withMigrationDb(backend, async ({ db, migrator, columnsOf, before }) => {
      expect((await migrator.migrateTo(await before('0008_lean_sync'))).error).toBeUndefined();
      // what the code before issue 14 wrote: per field [community sequence, station UUID]
      const community = '330104005051';
      const s1 = '11111111-1111-4111-8111-111111111111';
      const s2 = '22222222-2222-4222-8222-222222222222';
      const elsewhere = '33333333-3333-4333-8333-333333333333';
      for (const [id, code, n] of [
        [s1, community, 1],
        [s2, community, 2],
        [elsewhere, '330104005052', 1],
      ] as const)
        await db
          .insertInto('stations')
          .values({ id, community_code: code, station_number: n, created_at: 'then' })
          .execute();
      const fields = ['name', 'id_number', 'birth_date', 'sex', 'phone', 'note', 'community_code'];
      const rows: Array<{
        id: string;
        fields: Record<string, unknown>;
        versions: Record<string, [number, string]>;
      }> = [];
      for (let i = 0; i < 2500; i++) {
        const versions: Record<string, [number, string]> = {};
        for (const f of fields) versions[f] = [i + 1, s1];
        if (i % 3 === 0) versions.phone = [3000 + i, s2];
        if (i % 5 === 0) versions.note = [4000 + i, 'district:王科长'];
        if (i % 7 === 0) versions.sex = [5000 + i, elsewhere];
        const f = Object.fromEntries(fields.map((k) => [k, `${k}-${i}`]));
        rows.push({ id: `r${String(i).padStart(5, '0')}`, fields: f, versions });
      }
      for (let i = 0; i < rows.length; i += 200)
        await db
          .insertInto('sync_rows')
          .values(
            rows.slice(i, i + 200).map((r) => ({
              entity: 'residents',
              row_id: r.id,
              community_code: community,
              fields: JSON.stringify(r.fields),
              field_versions: JSON.stringify(r.versions),
              deleted: 0,
              updated_seq: 1,
              updated_at: 'then',
            })),
          )
          .execute();
      await db
        .insertInto('sync_log')
        .values({
          community_code: community,
          sseq: 1,
          entity: 'residents',
          row_id: 'r00000',
          kind: 'upsert',
          fields: JSON.stringify(rows[0]!.fields),
          redirect_to: null,
          origin: s1,
          created_at: 'then',
        })
        .execute();
      const sizeBefore = await versionBytes(db);

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const numberOf = new Map([
        [s1, 1],
        [s2, 2],
      ]);
      const after = await db.selectFrom('sync_rows').selectAll().orderBy('row_id').execute();
      expect(after).toHaveLength(rows.length);
      for (const [i, r] of after.entries()) {
        const old = rows[i]!;
        expect(r.row_id).toBe(old.id);
        expect(await readStoredFields(db, r.fields)).toEqual(old.fields);
        const v = parseVersions(r.field_versions);
        for (const f of fields) {
          const [seq, station] = old.versions[f]!;
          // a station of another community and the district both read as 0 (not this community's PC)
          expect(versionOf(v, 'residents', f), `${old.id}.${f}`).toEqual([seq, numberOf.get(station) ?? 0]);
        }
      }
      const log = await db.selectFrom('sync_log').selectAll().execute();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ partial: 0, echo: 0, origin: s1, row_id: 'r00000' });
      // the versions now take a fraction of the room
      expect(await versionBytes(db)).toBeLessThan(sizeBefore / 4);

      // down and up again keeps every version
      expect((await migrator.migrateTo(await before('0008_lean_sync'))).error).toBeUndefined();
      expect(await columnsOf('sync_log')).not.toContain('echo');
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const again = await db.selectFrom('sync_rows').selectAll().orderBy('row_id').execute();
      for (const [i, r] of again.entries())
        for (const f of fields)
          expect(versionOf(parseVersions(r.field_versions), 'residents', f)).toEqual(
            versionOf(parseVersions(after[i]!.field_versions), 'residents', f),
          );
    }));
});

async function versionBytes(db: Kysely<any>): Promise<number> {
  const r = await sql<{ n: number }>`select sum(length(field_versions)) as n from sync_rows`.execute(db);
  return Number(r.rows[0]!.n);
}

describe.each(BACKENDS)('server migration 0009_subsidy_claims on %s', (backend) => {
  it('adds the claims table with its indexes, keeps a claim once per application, and goes down and up again', () =>
    withMigrationDb(backend, async ({ db, migrator, columnsOf }) => {
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await columnsOf('subsidy_claims')).toEqual(
        [
          'amount_fen',
          'arrived_at',
          'community_code',
          'decided_on',
          'employer_id',
          'paid_on',
          'period_from',
          'period_to',
          'policy_code',
          'resident_id',
          'row_id',
          'status',
        ].sort(),
      );
      const claim = {
        row_id: 'a1',
        community_code: '330104005051',
        resident_id: 'r1',
        policy_code: 'social_insurance',
        period_from: '2026-01-01',
        period_to: '2026-06-30',
        amount_fen: 360000,
        status: 'submitted',
        arrived_at: 'now',
      };
      await db.insertInto('subsidy_claims').values(claim).execute();
      await expect(db.insertInto('subsidy_claims').values(claim).execute()).rejects.toThrow();
      expect((await migrator.migrateTo('0004_identity_holds')).error).toBeUndefined();
      expect(await columnsOf('subsidy_claims')).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await sql`select count(*) from subsidy_claims`.execute(db);
    }));
});
