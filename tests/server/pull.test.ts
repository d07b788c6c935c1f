// Pull and snapshot: paging by cursor and by page token, only the station's own community, retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, pullResponse, snapshotResponse } from '../../shared/sync/protocol';
import { COMMUNITIES } from '../../shared/reference/jianggan2020';
import {
  BACKENDS,
  people,
  post,
  residentCreate,
  startServer,
  TestStation,
  uuid,
  type TestServer,
} from './harness';

describe.each(BACKENDS)('pull and snapshot on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 505 : 606);
  beforeAll(async () => {
    ts = await startServer(backend, { retention: 30 * 86_400_000 });
  });
  afterAll(() => ts.close());

  it('pages the log by cursor, in order, with full rows, and only this community', async () => {
    const community = COMMUNITIES[40]!.code;
    const a = await TestStation.enroll(ts, community);
    const b = await TestStation.enroll(ts, community);
    const other = await TestStation.enroll(ts, COMMUNITIES[41]!.code);
    await other.push([
      other.entry('residents', uuid(), 'create', residentCreate(COMMUNITIES[41]!.code, person())),
    ]);
    const ids = Array.from({ length: 25 }, () => uuid());
    await a.push(ids.map((id) => a.entry('residents', id, 'create', residentCreate(community, person()))));
    await a.push([a.entry('residents', ids[0]!, 'update', { note: [null, '最后一条'] })]);

    const seen: any[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const r = await b.pull(cursor, 10);
      expect(r.status).toBe(200);
      const body = pullResponse.parse(r.body);
      pages++;
      seen.push(...body.changes);
      cursor = body.cursor;
      if (!body.more) break;
    }
    expect(pages).toBe(3);
    expect(seen.map((c) => c.sseq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(new Set(seen.map((c) => c.rowId))).toEqual(new Set(ids));
    // a create goes whole, an edit as its changed fields only
    expect(seen[0].partial).toBeUndefined();
    expect(seen[0].fields).toMatchObject({ community_code: community, clear_income: null });
    expect(seen.at(-1)).toMatchObject({ kind: 'upsert', rowId: ids[0], origin: a.stationId, partial: true });
    expect(seen.at(-1).fields).toEqual({ note: '最后一条' });
    // An empty pull keeps the cursor.
    expect((await b.pull(cursor)).body).toMatchObject({ changes: [], cursor, more: false });
    // The pusher is sent none of its own entries (it holds them), yet its cursor reaches the head.
    const own = await a.pull(0, 10);
    expect(own.body).toMatchObject({ changes: [], cursor: 26, more: false });
    expect(own.body.cursorMark).toBeDefined();
  });

  it('gives a new PC its community in pages plus the cursor to pull from', async () => {
    const community = COMMUNITIES[50]!.code;
    const a = await TestStation.enroll(ts, community);
    const hh = uuid();
    const ids = Array.from({ length: 12 }, () => uuid());
    await a.push([
      a.entry('households', hh, 'create', {
        community_code: [null, community],
        address: [null, '白杨路1号'],
        subsistence: [null, 'none'],
      }),
      ...ids.map((id) => a.entry('residents', id, 'create', residentCreate(community, person()))),
    ]);
    const fresh = await TestStation.enroll(ts, community);
    const rows: any[] = [];
    let page: string | null | undefined;
    let cursor = -1;
    let pages = 0;
    do {
      const r = await post(
        ts.url,
        ENDPOINTS.snapshot,
        { ...(page ? { page } : {}), limit: 5 },
        { credential: fresh.credential },
      );
      expect(r.status).toBe(200);
      const body = snapshotResponse.parse(r.body);
      if (cursor === -1) cursor = body.cursor;
      expect(body.cursor).toBe(cursor);
      rows.push(...body.rows);
      page = body.next;
      pages++;
      // A change between pages is not in the snapshot's cursor, so the pull replays it.
      if (pages === 1) await a.push([a.entry('residents', ids[0]!, 'update', { note: [null, '快照期间'] })]);
    } while (page);
    expect(pages).toBe(3);
    expect(rows).toHaveLength(13);
    expect(new Set(rows.map((r) => r.rowId))).toEqual(new Set([hh, ...ids]));
    const after = await fresh.pullAll(cursor);
    expect(after).toEqual([
      expect.objectContaining({ rowId: ids[0], fields: expect.objectContaining({ note: '快照期间' }) }),
    ]);

    const bad = await post(
      ts.url,
      ENDPOINTS.snapshot,
      { page: 'not-a-token' },
      { credential: fresh.credential },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('快照页码无效');
  });

  it('asks a station behind the retention window to take a snapshot', async () => {
    const community = COMMUNITIES[60]!.code;
    const a = await TestStation.enroll(ts, community);
    const b = await TestStation.enroll(ts, community);
    await a.push([a.entry('residents', uuid(), 'create', residentCreate(community, person()))]);
    const head = (await b.pullAll()).at(-1).sseq;
    const saved = ts.clock.now;
    try {
      ts.clock.now += 31 * 86_400_000;
      await a.push([a.entry('residents', uuid(), 'create', residentCreate(community, person()))]);
      const stale = await b.pull(0);
      expect(stale.body).toMatchObject({ snapshotRequired: true, changes: [], cursor: 0 });
      // A station that kept up is only given what is new.
      const current = await b.pull(head);
      expect(current.body.snapshotRequired).toBeUndefined();
      expect(current.body.changes).toHaveLength(1);
    } finally {
      ts.clock.now = saved;
    }
  });
});
