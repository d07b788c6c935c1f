// Issue 8's wedges, each reproduced with real stations and a real district server over HTTP, on SQLite and
// on PostgreSQL (scenarios in wedges.ts).
import { afterEach, beforeEach, describe, it } from 'vitest';
import { startDistrict, type District } from './harness';
import * as w from './wedges';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: ordinary work on two offline PCs never stops a community', (_store, pg) => {
  let d: District;
  beforeEach(async () => {
    d = await startDistrict({ pg });
  });
  afterEach(async () => {
    await d?.close();
  });
  it('two PCs fill in one contact card: one row, the other officer kept as a conflict', () =>
    w.contactCardOnTwoPcs(d));
  it('contact cards made with their own ids by an older version are redirected onto one', () =>
    w.legacyContactCardIdsRedirect(d));
  it('cards issued before enrolment are renumbered under the district’s station numbers', () =>
    w.cardsIssuedBeforeEnrolment(d));
  it('a card number used twice is renumbered by the district, with a reprint task', () =>
    w.districtRenumbersADuplicateNumber(d));
  it('one valid card per person: the later card is cancelled by the district', () =>
    w.oneValidCardPerPerson(d));
  it('a malformed row in the district’s store is set aside; the rest lands and is reported', () =>
    w.malformedStoredRowIsSetAside(d));
});
