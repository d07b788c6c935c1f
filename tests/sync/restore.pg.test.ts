// A district server on PostgreSQL restored from a pg_dump: with pg_restore and `mark-restored` (the
// official path), and with pg_restore alone (noticed by the district). Also: several instances noticing
// the same restore at once declare one epoch. See restoreScenarios.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/index';
import { currentEpoch, declareEpoch } from '../../server/sync/epoch';
import { PG_URL } from './harness';
import { runCli, startRestorableDistrict, type RestorableDistrict } from './restoreHarness';
import * as s from './restoreScenarios';

let d: RestorableDistrict;
beforeEach(async () => {
  d = await startRestorableDistrict({ pg: true });
});
afterEach(async () => {
  await d?.close();
});

describe('district restored from a backup (PostgreSQL)', () => {
  it('pg_restore and mark-restored: lost entries re-sent once, later entries received, all equal', () =>
    s.restoredDistrictCatchesUp(d, 811, 'command'));
  it('pg_restore alone: the district notices, and the same holds', () =>
    s.restoredDistrictCatchesUp(d, 812, 'copy'));
  it('a recovery cut off twice finishes without loss or wedge', () => s.interruptedRecoveryResumes(d, 814));
  it('a cursor within the head but inside a lost history is noticed by its mark', () =>
    s.cursorInsideALostHistory(d, 815));

  it('two instances noticing one restore at the same moment declare one epoch', async () => {
    const schema = (
      await d.server.db
        .selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s'))
        .executeTakeFirstOrThrow()
    ).s;
    const other = await openStore({ databaseUrl: PG_URL, pgSchema: schema });
    try {
      const before = await currentEpoch(d.server.db);
      const now = new Date().toISOString();
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          declareEpoch(i % 2 ? other : d.server.store, before, 'detected', now),
        ),
      );
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).not.toBe(before);
      const row = await d.server.db.selectFrom('server_epoch').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ epoch: answers[0], previous: before, reason: 'detected' });
    } finally {
      await other.close();
    }
  });

  it('the CLI says to use pg_dump / pg_restore, and mark-restored starts a new epoch', async () => {
    const schema = (
      await d.server.db
        .selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s'))
        .executeTakeFirstOrThrow()
    ).s;
    const env = { DATABASE_URL: PG_URL, PGSCHEMA: schema };
    const backup = await runCli(['backup', '--to', '/tmp/never-written.sqlite'], env);
    expect(backup.code).toBe(1);
    expect(backup.out).toContain('pg_dump');
    expect(backup.out).toContain('mark-restored');
    const before = await currentEpoch(d.server.db);
    const marked = await runCli(['mark-restored'], env);
    expect(marked.code, marked.out).toBe(0);
    const after = await currentEpoch(d.server.db);
    expect(after).not.toBe(before);
    expect(marked.out).toContain(after);
  });
});
