// What an imported row does to the record it names: the values the record would have, and the differences
// by field group (the unit the assistant keeps or overwrites). Rules that hold for every kind:
// - an empty cell never clears a stored value: a column a ledger leaves blank says nothing;
// - a six-clears section is completed, not replaced: the sheet's fields over the stored section, confirmed
//   on the survey date (or today), and a section whose content did not change keeps its confirmation;
// - lists of contacts and household members grow; a contact of the same name (or the legal representative)
//   is replaced.
import { SECTION_KEYS } from '../sixClears';
import { KIND_SPECS, type LedgerKind } from './kinds';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}
export interface GroupDiff {
  group: string;
  changes: FieldChange[];
}
export interface Merged {
  /** The record's values with every group overwritten by the file. */
  values: Record<string, unknown>;
  /** Only groups whose values the file changes. */
  groups: GroupDiff[];
}

/**
 * JSON with sorted keys, so two objects with the same content compare equal. Written by hand: the preview
 * calls it on every row of a sheet, and a replacer that rebuilds each object costs ~10× as much.
 */
export function stableJson(v: unknown): string {
  return jsonOf(v) as string;
}

function jsonOf(x: unknown): string | undefined {
  if (x === null) return 'null';
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x);
    case 'number':
      return Number.isFinite(x) ? String(x) : 'null';
    case 'boolean':
      return x ? 'true' : 'false';
    case 'object': {
      const withJson = x as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return jsonOf(withJson.toJSON());
      if (Array.isArray(x)) return `[${x.map((e) => jsonOf(e) ?? 'null').join(',')}]`;
      const o = x as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of Object.keys(o).sort()) {
        const s = jsonOf(o[k]);
        if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (as JSON.stringify does)
      return undefined;
  }
}

const SECTIONS = new Set<string>(SECTION_KEYS);

function withoutConfirmation(section: unknown): unknown {
  if (!section || typeof section !== 'object') return section;
  const { confirmedAt: _c, ...rest } = section as Record<string, unknown>;
  return rest;
}

type Contact = { name: string; phone?: string; role?: string };
const LEGAL_REP = '法定代表人';

function mergeContacts(kind: LedgerKind, old: unknown, incoming: unknown): Contact[] {
  const list = [...((old as Contact[] | null) ?? [])];
  for (const c of (incoming as Contact[]) ?? []) {
    const i =
      kind === 'register'
        ? list.findIndex((x) => x.role === LEGAL_REP)
        : list.findIndex((x) => x.name === c.name);
    if (i >= 0) list[i] = { ...list[i], ...c };
    else list.push(c);
  }
  return list.slice(0, 10);
}

function mergeField(
  kind: LedgerKind,
  field: string,
  old: unknown,
  incoming: unknown,
  confirmedAt: string,
): unknown {
  if (kind === 'residents' && SECTIONS.has(field)) {
    const base = (old as Record<string, unknown> | null) ?? {};
    const given = incoming as Record<string, unknown>;
    const next: Record<string, unknown> = { ...base, ...given };
    if (field === 'training' && next.wants === false) next.courses = [];
    if (field === 'preferences') {
      next.occupations ??= [];
      next.industries ??= [];
    }
    // unchanged content keeps its confirmation: an import does not stand in for a visit that found nothing
    // new — unless the sheet gives the section's own confirmation date, which then counts like any field
    const own = typeof given.confirmedAt === 'string' ? given.confirmedAt : undefined;
    if (
      old &&
      stableJson(own ? next : withoutConfirmation(next)) === stableJson(own ? old : withoutConfirmation(old))
    )
      return old;
    return { ...next, confirmedAt: own ?? confirmedAt };
  }
  if (kind === 'residents' && field === 'disability' && incoming && old)
    return { ...(old as object), ...(incoming as object) };
  if (field === 'contacts') return mergeContacts(kind, old, incoming);
  if (field === 'members') {
    const set = [...((old as string[] | null) ?? [])];
    for (const m of (incoming as string[]) ?? []) if (!set.includes(m)) set.push(m);
    return set;
  }
  return incoming;
}

/**
 * Merges the file's values into the stored record (`existing`, or null for a new one). `today` confirms
 * sections when the sheet has no survey date column.
 */
export function mergeRecord(
  kind: LedgerKind,
  existing: Record<string, unknown> | null,
  imported: Record<string, unknown>,
  today: string,
): Merged {
  const confirmedAt = typeof imported.confirmedAt === 'string' ? imported.confirmedAt : today;
  // a new record starts from everything the row says (its key fields too: a vacancy's title and start);
  // a stored one keeps its own, and only its field groups take the file's values
  const values: Record<string, unknown> = existing ? { ...existing } : { ...imported };
  const groups: GroupDiff[] = [];
  for (const g of KIND_SPECS[kind].groups) {
    const changes: FieldChange[] = [];
    for (const field of g.fields) {
      if (!(field in imported)) continue;
      const old = existing ? (existing[field] ?? null) : null;
      const next = mergeField(kind, field, old, imported[field], confirmedAt);
      values[field] = next;
      if (stableJson(next) !== stableJson(old)) changes.push({ field, old, new: next });
    }
    if (changes.length) groups.push({ group: g.key, changes });
  }
  return { values, groups };
}

/**
 * The values to write when the assistant keeps some groups as stored: the stored record with only the
 * chosen groups taken from the merge.
 */
export function applyChoices(
  existing: Record<string, unknown>,
  merged: Merged,
  overwrite: (group: string) => boolean,
): { values: Record<string, unknown>; changed: boolean } {
  const values = { ...existing };
  let changed = false;
  for (const g of merged.groups) {
    if (!overwrite(g.group)) continue;
    for (const c of g.changes) values[c.field] = c.new;
    changed = true;
  }
  return { values, changed };
}
