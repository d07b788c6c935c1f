// A recommendation's id is made from the person and the vacancy (a UUID v8 over their SHA-256): two PCs
// that, offline, both recommend the same person to the same vacancy make the same row, which the district
// merges as two edits of one row (the registry's `same-row` rule) instead of keeping two recommendations.
import { createHash } from 'node:crypto';

export function recommendationId(residentId: string, vacancyId: string): string {
  const b = createHash('sha256').update(`recommendation\u0000${residentId}\u0000${vacancyId}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
