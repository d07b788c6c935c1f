// An enrolment's id is made from the course and the person (a UUID v8 over their SHA-256): two PCs that,
// offline, both enrol the same person on the same course make the same row, which the district merges as two
// edits of one row (the registry's `same-row` rule) instead of keeping two enrolments.
import { createHash } from 'node:crypto';

export function enrolmentId(courseId: string, residentId: string): string {
  const b = createHash('sha256').update(`training_enrolment\u0000${courseId}\u0000${residentId}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
