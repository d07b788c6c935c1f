// A sync that spends few round trips on a slow line (issue 14), on a real server over SQLite and PostgreSQL:
// the pull rides on the last push batch's answer, and the district's shared boards (vacancies, courses,
// fairs) are read only when the pull says their heads moved past this station's cursors. A station talking
// to an older district (which neither answers the pull with the push nor tells the heads) still syncs in
// full with separate requests; an older station (which asks for neither) gets the answers it always got.
// A pulled delta updates only the columns it changes, and a changed name still brings its pinyin.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, pullResponse, pushResponse } from '../../shared/sync/protocol';
import { FAIRS_ENDPOINT } from '../../shared/sync/fairsProtocol';
import { readSyncState } from '../../station/sync/state';
import { post } from '../../station/sync/transport';
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

/** An older district, seen from the station: the same server, its answers without `pull`, `boardHeads` and
 * `pushStream` (so the station never streams its push to it). */
async function olderDistrict(
  target: string,
): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(req.url ?? '');
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'content-encoding', 'authorization'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      void fetch(target + (req.url ?? ''), {
        method: req.method ?? 'POST',
        headers,
        body: Buffer.concat(chunks),
      })
        .then(async (r) => {
          const body = (await r.json()) as Record<string, unknown>;
          delete body.pull;
          delete body.boardHeads;
          delete body.pushStream;
          res.writeHead(r.status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function pinyinOf(s: SyncedStation, id: string) {
  return s.station.db
    .selectFrom('residents')
    .select(['name', 'name_pinyin', 'phone'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe.each([
  ['sqlite', false],
  ['postgres', true],
] as const)('sync over a slow line on %s', (_name, pg) => {
  let d: District;
  let proxy: FaultProxy;
  let older: Awaited<ReturnType<typeof olderDistrict>>;
  let a1: SyncedStation;
  let a2: SyncedStation;
  let a3: SyncedStation;
  const ids: string[] = [];
  const person = peopleFrom(pg ? 2727 : 2626);

  beforeAll(async () => {
    d = await startDistrict({ pg });
    proxy = await startFaultProxy(d.url);
    older = await olderDistrict(d.url);
    a1 = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
    a2 = await enrolledStation(d, COMMUNITY_A);
    a3 = await enrolledStation(d, COMMUNITY_A, { via: older.url });
    for (let i = 0; i < 6; i++) {
      const p = person();
      ids.push((await a1.call('residents.create', { name: p.name, idNumber: p.idNumber })).id);
    }
    await a1.sync();
    await a2.sync();
    await a3.sync();
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a1, a2, a3].map((s) => s?.close()));
    await proxy?.close();
    await older?.close();
    await d?.close();
  });

  it('pushes and pulls in one request, skips the boards at their heads, and lands the other PC’s edits', async () => {
    await a2.call('residents.update', { id: ids[0]!, phone: '13900000001' });
    await a2.call('residents.update', { id: ids[1]!, name: '欧阳明远' });
    await a2.sync();
    await a1.call('residents.update', { id: ids[2]!, phone: '13900000002' });
    proxy.resetStats();
    const counts = await a1.sync();
    expect(counts.pushed).toBe(1);
    expect(counts.pulled).toBe(2);
    // one request: the push, whose answer carried the pull; no board read (nothing shared moved)
    expect(proxy.stats.requests).toBe(1);
    expect(await pinyinOf(a1, ids[0]!)).toMatchObject({ phone: '13900000001' });
    // a pulled delta of the name brings the name's pinyin with it
    expect(await pinyinOf(a1, ids[1]!)).toMatchObject({ name: '欧阳明远', name_pinyin: 'ouyangmingyuan' });
    await expectEqualToServer(a1);
    // the cursor reached the head: a further pull has nothing, and neither has a further sync
    const state = (await readSyncState(a1.station.db))!;
    const transport = { baseUrl: d.url, credential: state.credential };
    const again = await post(transport, ENDPOINTS.pull, { after: state.cursor, limit: 100 }, pullResponse);
    expect(again.changes).toEqual([]);
    expect(again.cursor).toBe(state.cursor);
    proxy.resetStats();
    await a1.sync();
    expect(proxy.stats.requests).toBe(1); // a pull alone (nothing to push), the boards still at their heads
  });

  it('syncs in full with an older district, in separate requests', async () => {
    await a2.call('residents.update', { id: ids[3]!, phone: '13900000003' });
    await a2.sync();
    await a3.call('residents.update', { id: ids[4]!, phone: '13900000004' });
    older.paths.length = 0;
    const counts = await a3.sync();
    expect(counts.pushed).toBe(1);
    expect(counts.pulled).toBeGreaterThanOrEqual(1);
    expect(older.paths).toEqual([
      ENDPOINTS.push,
      ENDPOINTS.pull,
      ENDPOINTS.board,
      ENDPOINTS.courses,
      FAIRS_ENDPOINT,
    ]);
    expect(await pinyinOf(a3, ids[3]!)).toMatchObject({ phone: '13900000003' });
    await expectEqualToServer(a3);
  });

  it('answers an older station’s push and pull as before (no pull along unless asked)', async () => {
    const state = (await readSyncState(a2.station.db))!;
    const transport = { baseUrl: d.url, credential: state.credential };
    const res = await post(
      transport,
      ENDPOINTS.push,
      { stationId: state.station_id, clock: new Date().toISOString(), entries: [] },
      pushResponse,
    );
    expect(res.pull).toBeUndefined();
    const withPull = await post(
      transport,
      ENDPOINTS.push,
      {
        stationId: state.station_id,
        clock: new Date().toISOString(),
        entries: [],
        pull: { after: state.cursor, limit: 100 },
      },
      pushResponse,
    );
    expect(withPull.pull?.cursor).toBeGreaterThanOrEqual(state.cursor);
    expect(withPull.pull?.boardHeads).toEqual({ board: 0, courses: 0, fairs: 0 });
  });
});
