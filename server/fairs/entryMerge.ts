// An employer's entry at a fair holds the vacancies it brought (fair_employers: vacancy_ids, positions,
// vacancy_positions — one field group). Two PCs of one community that bring vacancies of the same employer
// offline — by fairs.addEmployer, or by an intent for a vacancy not at the fair (issue 10) — write the same
// row (its id is made from the fair, the employer and the community). The group's ordinary three-way merge
// keeps the first to arrive and loses the other's vacancies; an entry only ever gains vacancies, so the
// district keeps both lists instead: the union, each vacancy's positions once, and the total their sum. Both
// PCs then pull the union. An entry holding its total only (written before station migration 0023) has no
// vacancy's positions to add: it keeps the ordinary verdict.
import type { FieldConflict } from '../sync/merge';
import { vacancyPositionsOf } from './shared';

const GROUP = ['vacancy_ids', 'positions', 'vacancy_positions'] as const;

function idsOf(v: unknown): string[] | null {
  try {
    const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

/** Stored as the row stores it: text when the row's value is text. */
const like = (model: unknown, value: unknown): unknown =>
  typeof model === 'string' || model === null || model === undefined ? JSON.stringify(value) : value;

/**
 * Turns a conflict on an entry's vacancies into their union: writes the union into `apply` and drops the
 * group's conflicts. `current` is the district's row, the conflicts carry the pushed values.
 */
export function unionFairEntry(
  current: Record<string, unknown>,
  apply: Record<string, unknown>,
  conflicts: FieldConflict[],
): void {
  const lost = conflicts.filter((c) => (GROUP as readonly string[]).includes(c.field));
  if (!lost.length) return;
  const pushed = (f: string) => {
    const c = lost.find((x) => x.field === f);
    return c ? c.mine : current[f];
  };
  const theirsIds = idsOf(current.vacancy_ids);
  const mineIds = idsOf(pushed('vacancy_ids'));
  const theirsEach = vacancyPositionsOf(current.vacancy_positions);
  const mineEach = vacancyPositionsOf(pushed('vacancy_positions'));
  // a removal of the entry, or a total-only side: not a list to add to
  if (!theirsIds || !mineIds || !theirsEach || !mineEach) return;
  const ids = [...theirsIds, ...mineIds.filter((id) => !theirsIds.includes(id))];
  const each: Record<string, number> = {};
  for (const id of ids) each[id] = Math.max(theirsEach[id] ?? 0, mineEach[id] ?? 0);
  const positions = Object.values(each).reduce((a, b) => a + b, 0);
  const union: Record<string, unknown> = {
    vacancy_ids: like(current.vacancy_ids, ids),
    positions,
    vacancy_positions: like(current.vacancy_positions, each),
  };
  for (const f of GROUP) {
    if (JSON.stringify(union[f]) !== JSON.stringify(current[f])) apply[f] = union[f];
    else delete apply[f];
  }
  for (const c of lost) conflicts.splice(conflicts.indexOf(c), 1);
}
