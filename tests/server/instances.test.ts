// Two server instances on one store, as behind a load balancer: concurrent pushes from stations of one
// community through both must give one gap-free log, and one person registered at two communities at the
// same moment must still end up as one person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITIES } from '../../shared/reference/jianggan2020';
import { BACKENDS, people, residentCreate, startServer, TestStation, uuid, type TestServer } from './harness';

describe.each(BACKENDS)('two instances on %s', (backend) => {
  let ts: TestServer;
  let secondUrl: string;
  const person = people(backend === 'sqlite' ? 909 : 1010);
  beforeAll(async () => {
    ts = await startServer(backend);
    secondUrl = (await ts.another()).url;
  });
  afterAll(() => ts.close());

  it('interleaved pushes through both instances leave one gap-free log', async () => {
    const community = COMMUNITIES[70]!.code;
    const stations = await Promise.all([0, 1, 2, 3].map(() => TestStation.enroll(ts, community)));
    const viaSecond = stations.map((s, i) =>
      i % 2 ? new TestStation(secondUrl, s.stationId, s.credential, community) : s,
    );
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      const results = await Promise.all(
        viaSecond.map((s) =>
          s.push(
            Array.from({ length: 20 }, () =>
              s.entry('residents', uuid(), 'create', residentCreate(community, person())),
            ),
          ),
        ),
      );
      for (const res of results) expect(res.status).toBe(200);
    }
    // a fifth PC, which pushed nothing, sees every entry through either instance
    const reader = await TestStation.enroll(ts, community);
    const log = await reader.pullAll();
    expect(log.map((c) => c.sseq)).toEqual(Array.from({ length: 4 * 20 * rounds }, (_, i) => i + 1));
    const fromSecond = await new TestStation(secondUrl, reader.stationId, reader.credential, community).pullAll();
    expect(fromSecond).toEqual(log);
    // each pusher gets the others' entries only (its own are echoes), through either instance
    const own = await viaSecond[1]!.pullAll();
    expect(own.map((c) => c.origin)).not.toContain(stations[1]!.stationId);
    expect(own).toHaveLength(3 * 20 * rounds);
  });

  it('one person pushed by two communities at once through two instances stays one person', async () => {
    const [ca, cb] = [COMMUNITIES[71]!.code, COMMUNITIES[72]!.code];
    const a = await TestStation.enroll(ts, ca);
    const b0 = await TestStation.enroll(ts, cb);
    const b = new TestStation(secondUrl, b0.stationId, b0.credential, cb);
    for (let i = 0; i < 5; i++) {
      const p = person();
      const [ra, rb] = await Promise.all([
        a.push([a.entry('residents', uuid(), 'create', residentCreate(ca, p))]),
        b.push([b.entry('residents', uuid(), 'create', residentCreate(cb, p))]),
      ]);
      // one registration holds the number, the other is held as its own community's (one merge task)
      const verdicts = [ra.body.verdicts[0], rb.body.verdicts[0]];
      expect(verdicts.map((v) => v.status)).toEqual(['applied', 'applied']);
      expect(verdicts.filter((v) => v.held)).toHaveLength(1);
      const live = await ts.server.db
        .selectFrom('identities')
        .selectAll()
        .where('id_number', 'in', [p.idNumber, `held:${ca}:${p.idNumber}`, `held:${cb}:${p.idNumber}`])
        .execute();
      expect(live.map((l) => l.id_number.startsWith('held:')).sort()).toEqual([false, true]);
      const tasks = await ts.server.db
        .selectFrom('merge_tasks')
        .select('kept_id')
        .where('id_number', '=', p.idNumber)
        .execute();
      expect(tasks).toEqual([{ kept_id: live.find((l) => l.id_number === p.idNumber)!.row_id }]);
    }
  });

  it('two PCs of one community registering a person held elsewhere, through two instances, make one held registration', async () => {
    const [ca, cb] = [COMMUNITIES[73]!.code, COMMUNITIES[74]!.code];
    const a = await TestStation.enroll(ts, ca);
    const b1 = await TestStation.enroll(ts, cb);
    const b2a = await TestStation.enroll(ts, cb);
    const b2 = new TestStation(secondUrl, b2a.stationId, b2a.credential, cb);
    for (let i = 0; i < 5; i++) {
      const p = person();
      await a.push([a.entry('residents', uuid(), 'create', residentCreate(ca, p))]);
      const [r1, r2] = await Promise.all([
        b1.push([b1.entry('residents', uuid(), 'create', residentCreate(cb, p))]),
        b2.push([b2.entry('residents', uuid(), 'create', residentCreate(cb, p))]),
      ]);
      const verdicts = [r1.body.verdicts[0], r2.body.verdicts[0]];
      // both are held; one of them landed on the other's registration
      expect(verdicts.every((v) => v.held)).toBe(true);
      expect(verdicts.filter((v) => v.rowId)).toHaveLength(1);
      const tasks = await ts.server.db
        .selectFrom('merge_tasks')
        .select(['merged_id', 'status'])
        .where('id_number', '=', p.idNumber)
        .execute();
      expect(tasks).toEqual([{ merged_id: verdicts.find((v) => v.rowId)!.rowId, status: 'open' }]);
    }
  });
});
