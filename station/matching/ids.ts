// A recommendation's id is made from the person and the vacancy (a UUID v8 over their SHA-256): two PCs
// that, offline, both recommend the same person to the same vacancy make the same row, which the district
// merges as two edits of one row (the registry's `same-row` rule) instead of keeping two recommendations.
import { derivedId } from '../ids';

export const recommendationId = (residentId: string, vacancyId: string): string =>
  derivedId('recommendation', residentId, vacancyId);
