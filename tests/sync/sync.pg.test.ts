// The core sync scenarios again, with the district server on PostgreSQL (a fresh schema per test).
import { afterEach, beforeEach, describe, it } from 'vitest';
import { startDistrict, type District } from './harness';
import * as s from './scenarios';

let d: District;
beforeEach(async () => {
  d = await startDistrict({ pg: true });
});
afterEach(async () => {
  await d?.close();
});

describe('sync with the district server (PostgreSQL)', () => {
  it('merges different fields and records a same-field conflict', () =>
    s.offlineEditsMergeAndConflict(d, 101));
  it('applies a batch once when the response is lost', () => s.lostResponseAppliesOnce(d, 102));
  it('resumes an upload cut mid-way', () => s.cutUploadResumes(d, 103));
  it('sets aside an entry for another community’s row and applies the rest', () =>
    s.foreignRowRejected(d, 105));
  it('holds a second community’s registration of an ID number as its own', () =>
    s.samePersonTwoCommunities(d, 107));
  it('moves a resident between communities', () => s.moveBetweenCommunities(d, 108));
  it('bootstraps a new PC from a snapshot', () => s.newPcBootstraps(d, 109));
});
