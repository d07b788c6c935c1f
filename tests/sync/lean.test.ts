// Sync that costs what it carries (issue 14), on a real server over SQLite and PostgreSQL: bytes on the wire
// counted per phase at a TCP proxy; the pusher is sent none of its own entries yet its cursor reaches the head;
// the other PC gets deltas; a delta for a row a PC lacks brings the whole row; compaction between pushes
// loses nothing, and a station that lagged behind the compacted log is told so and bootstraps.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushOutbox } from '../../station/sync/push';
import { pullLog } from '../../station/sync/pull';
import { readSyncState } from '../../station/sync/state';
import { post } from '../../station/sync/transport';
import { ENDPOINTS, pullResponse } from '../../shared/sync/protocol';
import {
  COMMUNITY_A,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from './harness';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { expectEqualToServer } from './scenarios';
import { cliScript } from '../factories/cli';

const run = promisify(execFile);
// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');
const N = 60;

async function phase(s: SyncedStation, proxy: FaultProxy, which: 'push' | 'pull') {
  const state = (await readSyncState(s.station.db))!;
  const transport = { baseUrl: state.server_url, credential: state.credential };
  proxy.resetStats();
  const now = () => new Date();
  const n =
    which === 'push'
      ? (await pushOutbox({ db: s.station.db, state, transport, now, batchSize: 500 })).pushed
      : await pullLog({ db: s.station.db, transport, now, pageSize: 2000, snapshotPageSize: 5000 });
  return { n, bytes: proxy.stats.bytesUp + proxy.stats.bytesDown, ...proxy.stats };
}

describe.each([
  ['sqlite', false],
  ['postgres', true],
] as const)('lean sync on %s', (_name, pg) => {
  let clock = Date.parse('2026-06-01T08:00:00Z');
  let d: District;
  const proxies: FaultProxy[] = [];
  const stations: SyncedStation[] = [];
  let a1: SyncedStation;
  let a2: SyncedStation;
  let ids: string[];
  const person = peopleFrom(pg ? 1414 : 1313);

  beforeAll(async () => {
    d = await startDistrict({ pg, now: () => new Date(clock) });
    for (let i = 0; i < 2; i++) {
      const proxy = await startFaultProxy(d.url);
      proxies.push(proxy);
      stations.push(await enrolledStation(d, COMMUNITY_A, { via: proxy.url }));
    }
    [a1, a2] = stations as [SyncedStation, SyncedStation];
    ids = [];
    for (let i = 0; i < N; i++) {
      const p = person();
      ids.push((await a1.call('residents.create', { name: p.name, idNumber: p.idNumber })).id);
    }
    await a1.sync();
    await a2.sync();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(stations.map((s) => s.close()));
    await Promise.all(proxies.map((p) => p.close()));
    await d.close();
  });

  it('a week of single-field edits: the pusher gets no echo yet reaches the head; the other PC gets deltas', async () => {
    for (const [i, id] of ids.entries())
      await a1.call('residents.update', { id, phone: `137${String(10_000_000 + i).slice(-8)}` });
    const push = await phase(a1, proxies[0]!, 'push');
    expect(push.n).toBe(N);
    const own = await phase(a1, proxies[0]!, 'pull');
    expect(own.n).toBe(0); // nothing of its own came back
    expect(own.bytes).toBeLessThan(2000);
    const head = await d.server.db
      .selectFrom('log_heads')
      .select('last_sseq')
      .where('community_code', '=', COMMUNITY_A)
      .executeTakeFirstOrThrow();
    expect((await readSyncState(a1.station.db))!.cursor).toBe(Number(head.last_sseq));

    // the log holds the changed field only
    const log = await d.server.db
      .selectFrom('sync_log')
      .select(['fields', 'partial', 'echo'])
      .where('community_code', '=', COMMUNITY_A)
      .orderBy('sseq', 'desc')
      .limit(N)
      .execute();
    for (const e of log) {
      expect(Object.keys(JSON.parse(e.fields!) as object)).toEqual(['phone']);
      expect([Number(e.partial), Number(e.echo)]).toEqual([1, 1]);
    }

    const other = await phase(a2, proxies[1]!, 'pull');
    expect(other.n).toBe(N);
    // against the same rows sent whole (what a pull carried before): at most half the bytes
    const state = (await readSyncState(a2.station.db))!;
    proxies[1]!.resetStats();
    await post(
      { baseUrl: state.server_url, credential: state.credential },
      ENDPOINTS.snapshot,
      { rows: ids.map((rowId) => ({ entity: 'residents', rowId })), limit: 1 },
      pullResponse.pick({ serverTime: true }),
    );
    const whole = proxies[1]!.stats.bytesUp + proxies[1]!.stats.bytesDown;
    expect(other.bytes).toBeLessThan(whole / 2);
    await expectEqualToServer(a1);
    await expectEqualToServer(a2);
  });

  it("the district's report row is written again only when a field it counts changed", async () => {
    const report = () =>
      d.server.db
        .selectFrom('report_residents')
        .selectAll()
        .where('id', '=', ids[3]!)
        .executeTakeFirstOrThrow();
    const before = await report();
    await a1.call('residents.update', { id: ids[3]!, phone: '13900000003' });
    await a1.sync();
    expect(await report()).toEqual(before);
    // a counted field lands in the report in the same push (the name, and the landless-farmer flag)
    await a1.call('residents.update', { id: ids[3]!, name: '周改名', landlessFarmer: true });
    await a1.sync();
    expect(await report()).toMatchObject({ name: '周改名', landless_farmer: 1 });
  });

  it('a delta for a row the PC does not hold brings the whole row', async () => {
    await a2.station.db.deleteFrom('residents').where('id', '=', ids[0]!).execute();
    await a1.call('residents.update', { id: ids[0]!, note: '补回整行' });
    await a1.sync();
    await a2.sync();
    const back = await a2.station.db
      .selectFrom('residents')
      .select(['name', 'note', 'name_pinyin'])
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(back.note).toBe('补回整行');
    expect(back.name_pinyin.length).toBeGreaterThan(0);
    await expectEqualToServer(a2);
  });

  it('compaction between pushes loses nothing; a PC behind the compacted log is told and bootstraps', async () => {
    const proxy = await startFaultProxy(d.url);
    proxies.push(proxy);
    const late = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
    stations.push(late);
    await late.sync();
    // the late PC goes quiet for 100 days; the two others keep working, compacted between their pushes
    clock += 100 * 86_400_000;
    for (let round = 0; round < 4; round++) {
      for (const [k, s] of [a1, a2].entries()) {
        await s.call('residents.update', { id: ids[(round * 7 + k) % N]!, address: `凯旋路${round}-${k}号` });
        await s.sync();
        await d.server.compact({ keepDays: 0 });
      }
    }
    for (const s of [a1, a2]) await s.sync();
    for (const s of [a1, a2]) await expectEqualToServer(s);
    const floor = await d.server.db
      .selectFrom('log_heads')
      .select(['floor', 'last_sseq'])
      .where('community_code', '=', COMMUNITY_A)
      .executeTakeFirstOrThrow();
    expect(Number(floor.floor)).toBeGreaterThan(0);

    // the late PC, behind the floor, is told so in plain words and takes its community again
    const state = (await readSyncState(late.station.db))!;
    const res = await post(
      { baseUrl: d.url, credential: state.credential },
      ENDPOINTS.pull,
      { after: state.cursor },
      pullResponse,
    );
    expect(res.snapshotRequired).toBe(true);
    expect(res.snapshotReason).toMatch(/重新下载本社区的全部数据/);
    await late.sync();
    await expectEqualToServer(late);
    // and works on from there: its edit reaches the others
    await late.call('residents.update', { id: ids[5]!, note: '回来了' });
    await late.sync();
    await a1.sync();
    await expectEqualToServer(a1);
  });

  it('store-size and compact from the command line', async () => {
    const env = { ...process.env, ...d.cli.env };
    const size = await run(process.execPath, [SERVER_CLI, 'store-size', ...d.cli.args, '--json'], { env });
    const report = JSON.parse(size.stdout) as {
      tables: Array<{ table: string; bytes: number }>;
      residents: number;
      compaction: { logEntries: number };
    };
    expect(report.residents).toBe(N);
    expect(report.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['sync_rows', 'sync_log']));
    const out = await run(process.execPath, [SERVER_CLI, 'compact', ...d.cli.args, '--keep-days', '0'], {
      env,
    });
    expect(out.stdout).toMatch(/已整理：删去 \d+ 条修改记录/);
    await expect(
      run(process.execPath, [SERVER_CLI, 'compact', ...d.cli.args, '--keep-days=-3'], { env }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/--keep-days 应为不小于 0 的整数天数/) });
  });
});
