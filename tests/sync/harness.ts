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

export async function startDistrict(opts: { pg?: boolean; now?: () => Date } = {}): Promise<District> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-district-'));
  const pgSchema = opts.pg ? `sync_test_${randomBytes(4).toString('hex')}` : undefined;
  const server = await createServer({
    ...(opts.pg ? { databaseUrl: PG_URL, pgSchema } : { dataDir: dir }),
    ...(opts.now ? { now: opts.now } : {}),
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

type Rows = Map<string, Record<string, unknown>>;

function normalised(entity: EntityName, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ENTITIES[entity].fields) if (f !== 'deleted_at') out[f] = columnValue(fields[f] ?? null);
  return out;
}

/** The live rows (synced fields) the district holds for the station's community, read with its credential. */
export async function serverRows(s: TestStation, entities: EntityName[]): Promise<Rows> {
  const state = (await readSyncState(s.station.db))!;
  const out: Rows = new Map();
  let page: string | undefined;
  do {
    const res = await post(
      { baseUrl: state.server_url, credential: state.credential },
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

/** The station's live rows, synced fields only. */
export async function stationRows(s: TestStation, entities: EntityName[]): Promise<Rows> {
  const out: Rows = new Map();
  for (const entity of entities) {
    // tables without deleted_at keep only live rows (SQLite would read an unknown "deleted_at" as a string)
    const live = ENTITIES[entity].fields.includes('deleted_at');
    let q = s.station.db.selectFrom(entity as 'residents').selectAll();
    if (live) q = q.where('deleted_at', 'is', null);
    const rows = await q.execute();
    for (const r of rows)
      out.set(`${entity}:${r.id}`, normalised(entity, r as unknown as Record<string, unknown>));
  }
  return out;
}
