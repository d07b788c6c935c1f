// Sync against a real district server over HTTP (embedded SQLite), real station SQLite files.
import { afterEach, beforeEach, describe, it } from 'vitest';
import { startDistrict, type District } from './harness';
import * as s from './scenarios';

let d: District;
beforeEach(async () => {
  d = await startDistrict();
});
afterEach(async () => {
  await d?.close();
});

describe('sync with the district server (SQLite)', () => {
  it('merges edits to different fields and keeps the losing value of the same field as a conflict', () =>
    s.offlineEditsMergeAndConflict(d, 1));
  it('applies a batch once when the server commits but the response is lost', () =>
    s.lostResponseAppliesOnce(d, 2));
  it('resumes an upload cut mid-way with nothing lost or doubled', () => s.cutUploadResumes(d, 3));
  it('tells a station whose clock is a day ahead, and still syncs', () => s.clockAheadIsTold(d, 4));
  it('sets aside an entry for another community’s row and applies the rest', () =>
    s.foreignRowRejected(d, 5));
  it('refuses a revoked station with a clear message', () => s.revokedRefused(d, 6));
  it('holds a second community’s registration of an ID number as its own, its edits as proposals', () =>
    s.samePersonTwoCommunities(d, 7));
  it('moves a resident between communities, visible to both', () => s.moveBetweenCommunities(d, 8));
  it('bootstraps a new PC from a snapshot', () => s.newPcBootstraps(d, 9));
  it('a person registered twice and moved to the second community: the move decides the merge', () =>
    s.mergedPersonThenMoved(d, 10));
});
