// Server migration 0013_console_fleet on both stores: the fleet's last pull and reported pending count
// columns on stations, and down and up again.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './harness';
import { withMigrationDb } from './migrationHarness';

const ADDED = ['last_pull_at', 'pending_reported', 'pending_reported_at'];

describe.each(BACKENDS)('server migration 0013_console_fleet on %s', (backend) => {
  it('adds the fleet columns to stations, keeps the rows, and goes down and up again', () =>
    withMigrationDb(backend, async ({ db, migrator, columnsOf, before }) => {
      const prior = await before('0013_console_fleet');
      expect((await migrator.migrateTo(prior)).error).toBeUndefined();
      await db
        .insertInto('stations')
        .values({ id: 's1', community_code: '330104005051', station_number: 1, created_at: '2026-01-01' })
        .execute();
      expect((await migrator.migrateTo('0013_console_fleet')).error).toBeUndefined();
      expect(await columnsOf('stations')).toEqual(expect.arrayContaining(ADDED));
      expect(
        await db
          .selectFrom('stations')
          .select(['id', ...ADDED])
          .execute(),
      ).toEqual([{ id: 's1', last_pull_at: null, pending_reported: null, pending_reported_at: null }]);
      expect((await migrator.migrateTo(prior)).error).toBeUndefined();
      const after = await columnsOf('stations');
      for (const c of ADDED) expect(after).not.toContain(c);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await columnsOf('stations')).toEqual(expect.arrayContaining(ADDED));
    }));
});
