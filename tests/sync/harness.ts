// A real district server (SQLite in a temp folder, or a fresh PostgreSQL schema) on 127.0.0.1, stations
// enrolled against it (optionally through a fault proxy), and the check that a station equals the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, dropPgSchema, type DistrictServer } from '../../server/index';
import { ENDPOINTS, snapshotResponse } from '../../shared/sync/protocol';
import { ENTITIES, type EntityName } from '../../shared/sync/entities';
import { newStation, type TestStation } from '../factories/station';
import { makePerson, mulberry32 } from '../factories/people';
import { post } from '../../station/sync/transport';
import { readSyncState } from '../../station/sync/state';
import { columnValue } from '../../station/sync/rows';
import { sql, type Kysely } from 'kysely';
import type { StationDB } from '../../station/db/schema';

export const PG_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const COMMUNITY_A = '330104005051';
export const COMMUNITY_B = '330104005052';

export interface District {
  server: DistrictServer;
  url: string;
  /** Arguments and environment that point `npm run server -- <command>` at this district's store. */
  cli: { args: string[]; env: Record<string, string> };
  close(): Promise<void>;
}

export async function startDistrict(
  opts: { pg?: boolean; now?: () => Date; idleTimeoutMs?: number } = {},
): Promise<District> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-district-'));
  const pgSchema = opts.pg ? `sync_test_${randomBytes(4).toString('hex')}` : undefined;
  const server = await createServer({
    ...(opts.pg ? { databaseUrl: PG_URL, pgSchema } : { dataDir: dir }),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.idleTimeoutMs ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
  });
  const url = await server.listen();
  return {
    server,
    url,
    cli: pgSchema
      ? { args: [], env: { DATABASE_URL: PG_URL, PGSCHEMA: pgSchema } }
      : { args: ['--data', dir], env: { DATABASE_URL: '' } },
    async close() {
      await server.close();
      if (pgSchema) await dropPgSchema(PG_URL, pgSchema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SyncedStation extends TestStation {
  stationId: string;
  sync(): Promise<{ pushed: number; pulled: number; rejected: number; conflicts: number }>;
}

/** A station set up for `community`, enrolled with a fresh code from the district (through `via` if given). */
export async function enrolledStation(
  d: District,
  community: string,
  opts: { via?: string; now?: () => Date; stationNumber?: number } = {},
): Promise<SyncedStation> {
  const s = await newStation({ communityCode: community, ...(opts.now ? { now: opts.now } : {}) });
  const code = await d.server.addStation(community);
  const r = await s.call('sync.enroll', { serverUrl: opts.via ?? d.url, code: code.code });
  return Object.assign(s, { stationId: r.stationId, sync: () => s.call('sync.now', {}) });
}

/** Enrols a station that was set up (and maybe worked offline) before: a fresh code from the district. */
export async function enrol(d: District, s: TestStation, community: string): Promise<SyncedStation> {
  const code = await d.server.addStation(community);
  const r = await s.call('sync.enroll', { serverUrl: d.url, code: code.code });
  return Object.assign(s, { stationId: r.stationId, sync: () => s.call('sync.now', {}) });
}

/** Distinct plausible people from one seed: same seed, same people. */
export function peopleFrom(seed: number): () => { name: string; idNumber: string; phone: string } {
  const rng = mulberry32(seed);
  const used = new Set<string>();
  return () => {
    for (;;) {
      const p = makePerson(rng);
      if (used.has(p.idNumber)) continue;
      used.add(p.idNumber);
      return { name: p.name, idNumber: p.idNumber, phone: p.phone };
    }
  };
}

export type Rows = Map<string, Record<string, unknown>>;
type StationLike = TestStation | Kysely<StationDB>;
const dbOf = (s: StationLike): Kysely<StationDB> => ('station' in s ? s.station.db : s);

function normalised(entity: EntityName, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ENTITIES[entity].fields) if (f !== 'deleted_at') out[f] = columnValue(fields[f] ?? null);
  return out;
}

/**
 * The live rows (synced fields) the district holds for the station's community, read with its credential:
 * the snapshot a new PC of that community would take. `baseUrl` bypasses the station's own (proxied) address.
 */
export async function serverRows(
  s: StationLike,
  entities: readonly EntityName[],
  baseUrl?: string,
): Promise<Rows> {
  const state = (await readSyncState(dbOf(s)))!;
  const out: Rows = new Map();
  let page: string | undefined;
  do {
    const res = await post(
      { baseUrl: baseUrl ?? state.server_url, credential: state.credential },
      ENDPOINTS.snapshot,
      { ...(page ? { page } : {}), limit: 5000 },
      snapshotResponse,
    );
    for (const r of res.rows) {
      if (!entities.includes(r.entity as EntityName) || r.fields.deleted_at != null) continue;
      out.set(`${r.entity}:${r.rowId}`, normalised(r.entity as EntityName, r.fields));
    }
    page = res.next ?? undefined;
  } while (page);
  return out;
}

/** The station's live rows (synced fields only); tables without `deleted_at` are live row for row. */
export async function stationRows(s: StationLike, entities: readonly EntityName[]): Promise<Rows> {
  const out: Rows = new Map();
  for (const entity of entities) {
    const live = (ENTITIES[entity].fields as readonly string[]).includes('deleted_at');
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(entity)} ${
      live ? sql`where deleted_at is null` : sql``
    }`.execute(dbOf(s));
    for (const r of rows.rows) out.set(`${entity}:${String(r.id)}`, normalised(entity, r));
  }
  return out;
}

const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** One row or field where a station and the district disagree. */
export interface Difference {
  /** `entity:id` */
  key: string;
  entity: string;
  /** Absent when the whole row is on one side only. */
  field?: string;
  only?: 'station' | 'server';
  station?: unknown;
  server?: unknown;
  row: Record<string, unknown>;
}

export function rowDifferences(mine: Rows, theirs: Rows): Difference[] {
  const out: Difference[] = [];
  const entityOf = (k: string) => k.slice(0, k.indexOf(':'));
  for (const [key, v] of mine) {
    const t = theirs.get(key);
    if (!t) {
      out.push({ key, entity: entityOf(key), only: 'station', row: v });
      continue;
    }
    for (const field of Object.keys(v))
      if (v[field] !== t[field])
        out.push({ key, entity: entityOf(key), field, station: v[field], server: t[field], row: v });
  }
  for (const [key, t] of theirs)
    if (!mine.has(key)) out.push({ key, entity: entityOf(key), only: 'server', row: t });
  return out;
}

/** A difference in words; `name` turns `entity:id` into what a reader recognises (a label, a name). */
export function describeDifference(
  d: Difference,
  name: (key: string, row: Record<string, unknown>) => string = (k) => k,
): string {
  if (d.only) return `${name(d.key, d.row)} only on the ${d.only}`;
  return `${name(d.key, d.row)}.${d.field} station ${shown(d.station)} ≠ server ${shown(d.server)}`;
}

/** What differs between a station's rows and the district's, one readable line per row or field. */
export function rowDiff(mine: Rows, theirs: Rows): string[] {
  return rowDifferences(mine, theirs)
    .map((d) => describeDifference(d))
    .sort();
}
