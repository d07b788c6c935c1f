// A real station on a real temporary SQLite file, set up and logged in: the starting point of most
// station tests. Factories over fixtures: each test makes what it needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { Station } from '../../station/station';
import type { SqliteCipher } from '../../nodelib/sqlite3Dialect';

export const TEST_COMMUNITY = '330104005051'; // 凯旋街道 景昙社区
export const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: '王管理' };

export interface TestStation {
  station: Station;
  dir: string;
  token: string;
  call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>>;
  close(): Promise<void>;
}

export async function newStation(
  opts: {
    communityCode?: string;
    stationNumber?: number | null;
    now?: () => Date;
    dir?: string;
    cipher?: SqliteCipher;
  } = {},
): Promise<TestStation> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'liuqing-station-'));
  const station = await Station.open({
    dataDir: dir,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.cipher ? { cipher: opts.cipher } : {}),
  });
  if (!station.identity) {
    await station.call('session.setup', {
      communityCode: opts.communityCode ?? TEST_COMMUNITY,
      // null: set up as the setup page does, without a number (cards are provisional until enrolment)
      ...(opts.stationNumber === null ? {} : { stationNumber: opts.stationNumber ?? 1 }),
      admin: ADMIN,
    });
  }
  const { token } = (await station.call('session.login', {
    username: ADMIN.username,
    password: ADMIN.password,
  })) as { token: string };
  return {
    station,
    dir,
    token,
    call: (method, input) => station.call(method, input, token) as never,
    async close() {
      await station.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
