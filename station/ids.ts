// UUID v7: time-ordered ids made where a row is created, so two offline PCs never collide and the
// primary-key index stays append-mostly.
import { createHash, randomBytes } from 'node:crypto';

export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * An id made from what makes a row unique (a UUID v8 over their SHA-256): two PCs that, offline, both made
 * the row made the same one, which the district merges as two edits of one row (the registry's `same-row`).
 */
export function derivedId(...parts: string[]): string {
  const b = createHash('sha256').update(parts.join('\u0000')).digest();
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
