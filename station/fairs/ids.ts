// Fair rows that exist once per pair have ids made from the pair (a UUID v8 over their SHA-256), as a
// recommendation's id is (station/matching/ids.ts): an employer at a fair, a person's sign-up, a person's
// intent for a vacancy. Two PCs that both did it offline made the same row, which the district merges as two
// edits of one row (the registry's `same-row` rule) instead of counting it twice.
import { derivedId as derived } from '../ids';

/** A community's fair: one per name and day (the desk refuses a second), so two PCs that both entered it
 * offline made the same row. */
export const fairId = (community: string, name: string, date: string) =>
  derived('fair', community, name, date);
/** Per community: two communities bringing the same board employer each keep their own row (scope). */
export const fairEmployerId = (fairId: string, employerId: string, community: string) =>
  derived('fair_employer', fairId, employerId, community);
export const fairSignUpId = (fairId: string, residentId: string) =>
  derived('fair_signup', fairId, residentId);
export const fairIntentId = (fairId: string, residentId: string, vacancyId: string) =>
  derived('fair_intent', fairId, residentId, vacancyId);
