// Field versions of a district row, stored compactly (issue 14; migration 0008b converts the older form).
// A version is the community sequence of the change and the station that made it, as its station number in
// the community (rows never leave their community except by a transfer, which resets the versions; 0 is the
// district itself), plus a flag when the origin station may skip the change as its own echo (pull.ts).
// Stored as {"b": base, "f": {key: version}}: the version every field has unless listed under "f" (a row's
// creation), then the fields changed since, one key per merge group (the group's first column). Compaction
// (compact.ts) drops entries no active station can still be behind.
import { REGISTRY, isEntity } from '../../shared/sync/entities';

/** [seq, station number, 1 when the origin may skip it as an echo]. seq -1: in this batch, not numbered. */
export type Version = [number, number] | [number, number, 1];

export interface RowVersions {
  b: Version | null;
  f: Record<string, Version>;
  /** The last time the whole row went into the log for an existing row (a redirect's kept row, a district
   * decision): every station lands all of its fields again, so it stands over every field for echoes. */
  w?: Version;
}

export const PENDING = -1;
export const DISTRICT = 0;

/** The key a field's version is kept under: its merge group's first column, or itself. */
const GROUP_KEYS: Map<string, Map<string, string>> = new Map(
  Object.entries(REGISTRY).map(([entity, def]) => [
    entity,
    new Map(def.groups.flatMap((g) => g.map((f) => [f, g[0]!] as [string, string]))),
  ]),
);

function groupOf(entity: string, field: string): string[] {
  if (!isEntity(entity)) return [field];
  return REGISTRY[entity].groups.find((g) => g.includes(field))?.slice() ?? [field];
}

export function keyOf(entity: string, field: string): string {
  return GROUP_KEYS.get(entity)?.get(field) ?? field;
}

export function emptyVersions(): RowVersions {
  return { b: null, f: {} };
}

export function parseVersions(text: string): RowVersions {
  const v = JSON.parse(text) as Partial<RowVersions>;
  return { b: v.b ?? null, f: v.f ?? {}, ...(v.w ? { w: v.w } : {}) };
}

export function serialiseVersions(v: RowVersions): string {
  return JSON.stringify({ ...(v.b ? { b: v.b } : {}), f: v.f, ...(v.w ? { w: v.w } : {}) });
}

/** The version of a field: its own or its group's entry, else the row's base; null when never set. */
export function versionOf(v: RowVersions, entity: string, field: string): Version | null {
  return v.f[field] ?? v.f[keyOf(entity, field)] ?? v.b;
}

/** Records a change of `field` made in this batch (numbered when the log is written: settle). */
export function markChanged(v: RowVersions, entity: string, field: string, station: number, echo: boolean) {
  const version: Version = echo ? [PENDING, station, 1] : [PENDING, station];
  // an older per-field entry of a group member (converted data) must not shadow the group's key
  for (const member of groupOf(entity, field)) delete v.f[member];
  v.f[keyOf(entity, field)] = version;
}

/** A row made in this batch: one base version for all its fields. */
export function markCreated(v: RowVersions, station: number, echo: boolean) {
  v.b = echo ? [PENDING, station, 1] : [PENDING, station];
  v.f = {};
}

/** The whole row goes into the log again (not as a delta): see `w`. */
export function markSentWhole(v: RowVersions, station: number) {
  v.w = [PENDING, station];
}

/** Gives this batch's changes their community sequence. */
export function settle(v: RowVersions, sseq: number) {
  if (v.b && v.b[0] === PENDING) v.b[0] = sseq;
  if (v.w && v.w[0] === PENDING) v.w[0] = sseq;
  for (const e of Object.values(v.f)) if (e[0] === PENDING) e[0] = sseq;
}

/** Drops what no station can still be behind: entries at or below `horizon` fall back to the base. */
export function fold(v: RowVersions, horizon: number): boolean {
  let changed = false;
  if (v.w && v.w[0] !== PENDING && v.w[0] <= horizon) {
    delete v.w;
    changed = true;
  }
  for (const [k, e] of Object.entries(v.f))
    if (e[0] !== PENDING && e[0] <= horizon) {
      delete v.f[k];
      changed = true;
    }
  return changed;
}
