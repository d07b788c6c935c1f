// A desk: one station PC as the convergence test drives it — through the contract only, as a logged-in
// station admin, behind its own fault proxy. Either in this process (a Station on a temp folder) or a real
// headless station child process over HTTP that can be killed -9 and started again on the same data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { ApiError, type ErrorBody } from '../../shared/errors';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import type { StationDB } from '../../station/db/schema';
import { ADMIN, newStation, type TestStation } from '../factories/station';
import type { FaultProxy } from './faultProxy';
import { startStationProcess, type Child } from './processes';

export interface Desk {
  /** Short name used in steps and diffs: A1, A2, B1… */
  name: string;
  community: string;
  proxy: FaultProxy;
  dir: string;
  /** The station's database, for reading only (its own connection for a child process). */
  readonly db: Kysely<StationDB>;
  /** A contract call; a refusal throws ApiError (code, Chinese message), a dead process a plain Error. */
  call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>>;
  /** A child process: a function that kills -9 the process running now (and no later one) the moment it
   *  is called, for a proxy hook to time it. */
  killHook?(): () => void;
  running(): boolean;
  /** Start again on the same data folder and log in (a child is killed -9 first if still running). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function inProcessDesk(name: string, community: string, proxy: FaultProxy): Promise<Desk> {
  let s: TestStation = await newStation({ communityCode: community });
  const dir = s.dir;
  return {
    name,
    community,
    proxy,
    dir,
    get db() {
      return s.station.db;
    },
    call: (method, input) => s.call(method, input),
    running: () => true,
    async restart() {
      await s.station.close();
      s = await newStation({ communityCode: community, dir });
    },
    async close() {
      await s.station.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads a station file beside the process that owns it (WAL: readers never block its writer). */
function reader(dir: string): Kysely<StationDB> {
  return new Kysely<StationDB>({
    dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), busyTimeoutMs: 10_000 }),
  });
}

async function post(base: string, method: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: ErrorBody };
  if (res.status !== 200 || json.error) {
    const e = json.error ?? { code: 'internal', message: `HTTP ${res.status}` };
    throw new ApiError(e.code, e.message, e.issues, e.details);
  }
  return json;
}

/**
 * A headless station child process, set up for `community` on first start and logged in after each start.
 * Its proxy may be given later (it starts while the district does): assign `desk.proxy` before syncing.
 */
export async function childDesk(name: string, community: string, proxy?: FaultProxy): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-desk-'));
  let proc: Child | null = null;
  let token = '';
  let db: Kysely<StationDB> | null = null;
  const start = async () => {
    proc = await startStationProcess(dir);
    const state = (await post(proc.url, 'session.state', {})) as { setupDone: boolean };
    if (!state.setupDone)
      await post(proc.url, 'session.setup', { communityCode: community, stationNumber: 1, admin: ADMIN });
    const login = (await post(proc.url, 'session.login', {
      username: ADMIN.username,
      password: ADMIN.password,
    })) as { token: string };
    token = login.token;
  };
  await start();
  db = reader(dir);
  return {
    name,
    community,
    proxy: proxy!,
    dir,
    get db() {
      return db!;
    },
    call: async (method, input) => {
      if (!proc) throw new Error(`${name} is not running`);
      return (await post(proc.url, method, input, token)) as never;
    },
    killHook: () => {
      const victim = proc;
      return () => {
        if (proc === victim) proc = null;
        void victim?.kill9();
      };
    },
    running: () => proc !== null,
    restart: async () => {
      const p = proc;
      proc = null;
      await p?.kill9();
      await start();
    },
    async close() {
      await proc?.stop();
      proc = null;
      await db?.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
