// How a synced row lands in the station's tables: column values normalised to what SQLite stores, derived
// columns recomputed (never trusted from the wire), the table's own columns and defaults, and which tables
// refer to a row by id. Generic over ENTITIES, so entities added later (cards…) land without a change here.
import { sql } from 'kysely';
import {
  ENTITY_ORDER as REGISTRY_ORDER,
  REGISTRY,
  isEntity,
  type EntityName,
} from '../../shared/sync/entities';
import type { Executor } from '../db/schema';
import { deriveResidentColumns } from '../residents/repository';
import { pinyinKeys } from '../residents/pinyin';

export { isEntity };

/** Parents before children, so a resident's household exists before the resident (from the registry). */
export const ENTITY_ORDER: readonly EntityName[] = REGISTRY_ORDER;

/** Booleans become 0/1 and JSON bodies text, whatever shape the server stored them in. */
export function columnValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** Columns recomputed from the synced ones when a pulled row lands. */
export function derivedColumns(entity: string, row: Record<string, unknown>): Record<string, unknown> {
  switch (entity) {
    case 'residents':
      return deriveResidentColumns({
        name: String(row.name ?? ''),
        id_number: String(row.id_number ?? ''),
        clear_unemployment: (row.clear_unemployment as string | null) ?? null,
        clear_skills: (row.clear_skills as string | null) ?? null,
        clear_training: (row.clear_training as string | null) ?? null,
        clear_preferences: (row.clear_preferences as string | null) ?? null,
        clear_income: (row.clear_income as string | null) ?? null,
        clear_outcome: (row.clear_outcome as string | null) ?? null,
      });
    case 'employers': {
      const { full, initials } = pinyinKeys(String(row.name ?? ''));
      return { name_pinyin: full, name_initials: initials };
    }
    default:
      return {};
  }
}

/** What each entity's derived columns are computed from, so an unchanged row is not recomputed (pinyin costs). */
const DERIVED_FROM: Record<string, { inputs: string[]; outputs: string[] }> = {
  residents: {
    inputs: [
      'name',
      'id_number',
      'clear_unemployment',
      'clear_skills',
      'clear_training',
      'clear_preferences',
      'clear_income',
      'clear_outcome',
    ],
    outputs: [
      'name_pinyin',
      'name_initials',
      'id_number_rev',
      'clears_missing',
      'clears_oldest_at',
      'unemployed',
      'unemployed_registered',
      'unemployed_since',
      'unemployment_confirmed_at',
      'placed_on',
      'income_subsistence',
    ],
  },
  employers: { inputs: ['name'], outputs: ['name_pinyin', 'name_initials'] },
};

/** Derived columns of `row`, taken from `before` when none of their inputs changed. */
export function derivedColumnsSince(
  entity: string,
  row: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const d = DERIVED_FROM[entity];
  if (!d) return {};
  if (before && d.inputs.every((f) => before[f] === row[f]))
    return Object.fromEntries(d.outputs.map((f) => [f, before[f]]));
  return derivedColumns(entity, row);
}

/**
 * Columns the station's own unique index keeps to one row, where the district's rule is a redirect (ID
 * number, credit code, a card's contact card): a pulled row carrying the value of another local row means
 * the district decided they are one, so the local row is redirected onto it. `live`: only among rows with
 * no deleted_at.
 */
export const LOCAL_IDENTITY: Partial<Record<EntityName, { column: string; live: boolean }>> =
  Object.fromEntries(
    Object.entries(REGISTRY).flatMap(([entity, def]) =>
      def.unique
        .filter((u) => u.station === 'index' && u.district === 'redirect')
        .map((u) => [entity, { column: u.columns[0]!, live: u.live }]),
    ),
  );

export interface ColumnInfo {
  notNull: boolean;
  /** The column's declared default as a value, when it has a literal one. */
  fallback: unknown;
}

const tableInfoCache = new Map<string, Map<string, ColumnInfo>>();

function literal(d: string | null): unknown {
  if (d === null) return undefined;
  if (/^'.*'$/s.test(d)) return d.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(d)) return Number(d);
  return undefined;
}

/** The station table's columns (empty when this station's schema has no such table yet). */
export async function tableInfo(db: Executor, table: string): Promise<Map<string, ColumnInfo>> {
  const cached = tableInfoCache.get(table);
  if (cached) return cached;
  const rows = await sql<{
    name: string;
    notnull: number;
    dflt_value: string | null;
  }>`select name, "notnull", dflt_value from pragma_table_info(${table})`.execute(db);
  const info = new Map(
    rows.rows.map((r) => [r.name, { notNull: r.notnull === 1, fallback: literal(r.dflt_value) }]),
  );
  if (info.size) tableInfoCache.set(table, info);
  return info;
}

/**
 * Every (table, column) that refers to a row of `entity` by id: the registry's references plus any declared
 * foreign key (local tables), so a redirect re-points them all.
 */
export async function referencesTo(
  db: Executor,
  entity: string,
): Promise<Array<{ table: string; column: string }>> {
  const out = new Map<string, { table: string; column: string }>();
  for (const [table, def] of Object.entries(REGISTRY))
    for (const [column, target] of Object.entries(def.references))
      if (target === entity && (await tableInfo(db, table)).has(column))
        out.set(`${table}.${column}`, { table, column });
  const rows = await sql<{ tbl: string; col: string }>`
    select m.name as tbl, p."from" as col from sqlite_master m join pragma_foreign_key_list(m.name) p
    where m.type = 'table' and p."table" = ${entity}`.execute(db);
  for (const r of rows.rows) out.set(`${r.tbl}.${r.col}`, { table: r.tbl, column: r.col });
  return [...out.values()];
}
