// An enrolment's id is made from the course and the person (a UUID v8 over their SHA-256): two PCs that,
// offline, both enrol the same person on the same course make the same row, which the district merges as two
// edits of one row (the registry's `same-row` rule) instead of keeping two enrolments.
import { derivedId } from '../ids';

export const enrolmentId = (courseId: string, residentId: string): string =>
  derivedId('training_enrolment', courseId, residentId);
