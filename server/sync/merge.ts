// Three-way, per-field merge of one pushed entry into the server's row (DESIGN.md "Merge"). Pure: the
// caller loads and stores. A field group is one unit: it applies, is already there, or conflicts whole.
// The server's current value wins a conflict because it arrived first; the pushed value is the loser.
import type { EntitySpec, FieldChanges } from '../../shared/sync/entities';

export interface FieldConflict {
  field: string;
  /** The pushed (losing) value. */
  mine: unknown;
  /** The value kept on the server. */
  theirs: unknown;
}

export interface MergeResult {
  /** Fields to write, with their new values. */
  apply: Record<string, unknown>;
  conflicts: FieldConflict[];
}

export function sameValue(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}

export function mergeEntry(
  spec: Pick<EntitySpec, 'groups'>,
  current: Record<string, unknown>,
  changes: FieldChanges,
): MergeResult {
  const units: string[][] = [];
  const grouped = new Set<string>();
  for (const group of spec.groups) {
    if (!group.some((f) => f in changes)) continue;
    units.push([...group]);
    for (const f of group) grouped.add(f);
  }
  for (const f of Object.keys(changes)) if (!grouped.has(f)) units.push([f]);

  const apply: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  for (const unit of units) {
    if (unit.every((f) => sameValue(current[f], valueOf(changes, current, f, 0)))) {
      for (const f of unit) {
        const next = valueOf(changes, current, f, 1);
        if (!sameValue(current[f], next)) apply[f] = next ?? null;
      }
    } else if (!unit.every((f) => sameValue(current[f], valueOf(changes, current, f, 1)))) {
      for (const f of unit) {
        const next = valueOf(changes, current, f, 1);
        if (!sameValue(current[f], next))
          conflicts.push({ field: f, mine: next ?? null, theirs: current[f] ?? null });
      }
    }
  }
  return { apply, conflicts };
}

/** The base (0) or new (1) value the entry gives a field; a group member the station did not send is taken
 * as unchanged from what the server holds. (A plain function: closures per unit showed in the push profile.) */
function valueOf(changes: FieldChanges, current: Record<string, unknown>, f: string, which: 0 | 1): unknown {
  const c = changes[f];
  return c !== undefined && Object.hasOwn(changes, f) ? c[which] : current[f];
}
