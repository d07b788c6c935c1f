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
    const log = await stations[0]!.pullAll();
    expect(log.map((c) => c.sseq)).toEqual(Array.from({ length: 4 * 20 * rounds }, (_, i) => i + 1));
    const fromSecond = await viaSecond[1]!.pullAll();
    expect(fromSecond).toEqual(log);
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
      const statuses = [ra.body.verdicts[0].status, rb.body.verdicts[0].status].sort();
      expect(statuses).toEqual(['applied', 'merged']);
      const live = await ts.server.db
        .selectFrom('identities')
        .selectAll()
        .where('id_number', '=', p.idNumber)
        .execute();
      expect(live).toHaveLength(1);
      const tasks = await ts.server.db
        .selectFrom('merge_tasks')
        .select('kept_id')
        .where('id_number', '=', p.idNumber)
        .execute();
      expect(tasks).toEqual([{ kept_id: live[0]!.row_id }]);
    }
  });
});
