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
  db: Kysely<StationDB>;
  /** A contract call; a refusal throws ApiError (code, Chinese message), a dead process a plain Error. */
  call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>>;
  /** Set for a child process: kill -9 it / start it again on the same folder (and log in again). */
  child?: {
    pid(): number;
    kill9(): Promise<void>;
    restart(): Promise<void>;
    running(): boolean;
  };
  close(): Promise<void>;
}

export async function inProcessDesk(name: string, community: string, proxy: FaultProxy): Promise<Desk> {
  const s: TestStation = await newStation({ communityCode: community });
  return {
    name,
    community,
    proxy,
    dir: s.dir,
    db: s.station.db,
    call: (method, input) => s.call(method, input),
    close: () => s.close(),
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

/** A headless station child process, set up for `community` on first start and logged in after each start. */
export async function childDesk(name: string, community: string, proxy: FaultProxy): Promise<Desk> {
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
  const desk: Desk = {
    name,
    community,
    proxy,
    dir,
    db,
    call: async (method, input) => {
      if (!proc) throw new Error(`${name} is not running`);
      return (await post(proc.url, method, input, token)) as never;
    },
    child: {
      pid: () => proc?.pid ?? 0,
      kill9: async () => {
        await proc?.kill9();
        proc = null;
      },
      restart: async () => {
        await proc?.kill9();
        await start();
      },
      running: () => proc !== null,
    },
    async close() {
      await proc?.stop();
      proc = null;
      await db?.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return desk;
}
