// The district's epoch over real HTTP (DESIGN.md "Time goes forward"): every answer carries it; a station of
// the current epoch that knows more than the district holds makes it declare a new one, once, also when
// several instances hear it at the same moment; a station of another epoch is no evidence; an entry the
// station says we had rejected before a restore is recorded as rejected again and applies nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINTS, type StationView } from '../../shared/sync/protocol';
import {
  BACKENDS,
  COMMUNITY_A,
  people,
  post,
  residentCreate,
  startServer,
  TestStation,
  uuid,
  type TestServer,
} from './harness';

describe.each(BACKENDS)('the district epoch on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 707 : 708);
  beforeEach(async () => {
    ts = await startServer(backend);
  });
  afterEach(() => ts.close());

  const pull = (st: TestStation, after: number, view?: StationView, url = st.url) =>
    post(url, ENDPOINTS.pull, { after, ...(view ? { view } : {}) }, { credential: st.credential });
  const pushWith = (st: TestStation, entries: unknown[], view: StationView) =>
    post(
      st.url,
      ENDPOINTS.push,
      { stationId: st.stationId, clock: new Date().toISOString(), entries, view },
      { credential: st.credential },
    );

  it('answers enrol, push, pull, snapshot and status with one epoch; consistent views change nothing', async () => {
    const { code } = await ts.server.addStation(COMMUNITY_A);
    const enrolled = await post(ts.url, ENDPOINTS.enroll, { code });
    const epoch = enrolled.body.epoch as string;
    expect(epoch).toMatch(/^[0-9a-f-]{36}$/);
    const st = new TestStation(ts.url, enrolled.body.stationId, enrolled.body.credential, COMMUNITY_A);
    const ids = [uuid(), uuid()];
    const pushed = await st.push(
      ids.map((id) => st.entry('residents', id, 'create', residentCreate(COMMUNITY_A, person()))),
    );
    expect(pushed.body).toMatchObject({ lastAppliedSeq: 2, epoch });
    const pulled = await pull(st, 0, { epoch, ackedSeq: 2, cursor: 0 });
    expect(pulled.body).toMatchObject({ cursor: 2, epoch });
    const mark = pulled.body.cursorMark as string;
    expect(mark).toBeTruthy();
    const snap = await post(st.url, ENDPOINTS.snapshot, {}, { credential: st.credential });
    expect(snap.body).toMatchObject({ cursor: 2, epoch, cursorMark: mark });
    expect((await post(st.url, ENDPOINTS.status, {}, { credential: st.credential })).body).toMatchObject({
      head: 2,
      lastAppliedSeq: 2,
      epoch,
    });
    // the station's view agrees with the district: no new epoch
    expect((await pull(st, 2, { epoch, ackedSeq: 2, cursor: 2, cursorMark: mark })).body.epoch).toBe(epoch);
    // a station of another epoch knowing more is from before a restore: it catches up, no new epoch
    expect((await pull(st, 2, { epoch: 'an-older-epoch', ackedSeq: 9, cursor: 9 })).body.epoch).toBe(epoch);
    expect((await pull(st, 2, { ackedSeq: 9, cursor: 9 })).body.epoch).toBe(epoch);
  });

  it('a station of the current epoch knowing more makes the district declare a new epoch, once', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    await st.push([st.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_A, person()))]);
    const e0 = (await pull(st, 0)).body.epoch as string;
    // more acknowledged entries than the district has applied
    const e1 = (await pull(st, 1, { epoch: e0, ackedSeq: 5, cursor: 1 })).body.epoch as string;
    expect(e1).not.toBe(e0);
    // the same (now older) view again: answered, not declared again
    expect((await pull(st, 1, { epoch: e0, ackedSeq: 5, cursor: 1 })).body.epoch).toBe(e1);
    // a cursor beyond the community's head, through push
    const e2 = (await pushWith(st, [], { epoch: e1, ackedSeq: 1, cursor: 7 })).body.epoch as string;
    expect(e2).not.toBe(e1);
    // a cursor within the head that points at another entry than the station saw there
    const e3 = (await pull(st, 1, { epoch: e2, ackedSeq: 1, cursor: 1, cursorMark: 'not-that-entry' })).body
      .epoch as string;
    expect(e3).not.toBe(e2);
    const row = await ts.server.db.selectFrom('server_epoch').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ epoch: e3, previous: e2, reason: 'detected' });
  });

  it('requests through two instances at the same moment declare one epoch', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const other = await ts.another();
    const e0 = (await pull(st, 0)).body.epoch as string;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pull(st, 0, { epoch: e0, ackedSeq: 3 }, i % 2 ? other.url : ts.url).then(
          (r) => r.body.epoch as string,
        ),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).not.toBe(e0);
    const row = await ts.server.db.selectFrom('server_epoch').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ epoch: answers[0], previous: e0 });
  });

  it('records an entry rejected before a restore as rejected again, applying nothing', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const kept = uuid();
    const refused = uuid();
    const first = st.entry('residents', kept, 'create', residentCreate(COMMUNITY_A, person()));
    // as a station sends it: the original's seq, entity, row and op, no fields
    const second = { ...st.entry('residents', refused, 'create', {}), rejectedBefore: true as const };
    const r = await st.push([first, second]);
    expect(r.body.lastAppliedSeq).toBe(2);
    expect(r.body.verdicts).toEqual([
      { seq: 1, status: 'applied' },
      { seq: 2, status: 'rejected', reason: expect.stringContaining('此前已退回') },
    ]);
    expect((await st.snapshotRows()).map((x) => x.rowId)).toEqual([kept]);
  });
});
