// A district server restored from a backup (SQLite): by the restore command, by the CLI, and by copying the
// old database file back with the server stopped. See restoreScenarios.ts.
import { afterEach, beforeEach, describe, it } from 'vitest';
import { startRestorableDistrict, type RestorableDistrict } from './restoreHarness';
import * as s from './restoreScenarios';

let d: RestorableDistrict;
beforeEach(async () => {
  d = await startRestorableDistrict();
});
afterEach(async () => {
  await d?.close();
});

describe('district restored from a backup (SQLite)', () => {
  it('restore command: lost entries re-sent once, later entries received, all equal to the district', () =>
    s.restoredDistrictCatchesUp(d, 801, 'command'));
  it('old file copied back by hand: the district notices, and the same holds', () =>
    s.restoredDistrictCatchesUp(d, 802, 'copy'));
  it('backup and restore through the CLI (backup while the server runs)', () =>
    s.restoredDistrictCatchesUp(d, 803, 'cli'));
  it('a recovery cut off twice, the station restarted each time, finishes without loss or wedge', () =>
    s.interruptedRecoveryResumes(d, 804));
  it('a cursor within the head but inside a lost history is noticed by its mark', () =>
    s.cursorInsideALostHistory(d, 805));
  it('stations enrolled before epochs take the epoch, or recover when the district lost their work', () =>
    s.stationsFromBeforeEpochs(d, 806));
});
