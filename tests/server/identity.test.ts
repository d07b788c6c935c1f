// One person in the district: the same ID number registered at two communities becomes one person, a merge
// task and a redirect in both logs; later edits against the old id land on the kept person. And moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  COMMUNITY_A,
  COMMUNITY_B,
  people,
  residentCreate,
  startServer,
  TestStation,
  uuid,
  type TestServer,
} from './harness';

const COMMUNITY_C = '330104007051';

describe.each(BACKENDS)('identity and transfers on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 303 : 404);
  beforeAll(async () => {
    ts = await startServer(backend);
  });
  afterAll(() => ts.close());

  it('keeps the first registration, redirects the second, shares the person, forwards later edits', async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const b = await TestStation.enroll(ts, COMMUNITY_B);
    const p = person();
    const kept = uuid();
    const dup = uuid();
    await a.push([
      a.entry('residents', kept, 'create', residentCreate(COMMUNITY_A, p, { address: '景昙路5号' })),
    ]);
    const r = await b.push([
      b.entry('residents', dup, 'create', residentCreate(COMMUNITY_B, p, { phone: null, note: '芙蓉登记' })),
      b.entry('residents', dup, 'update', { phone: [null, '13812345678'] }), // made offline against the old id
    ]);
    expect(r.status).toBe(200);
    expect(r.body.verdicts[0]).toMatchObject({ status: 'merged', rowId: kept });
    expect(r.body.verdicts[1]).toMatchObject({ rowId: kept });
    expect(r.body.verdicts[1].status).toMatch(/applied|merged|conflict/);

    const row = JSON.parse(
      (
        await ts.server.db
          .selectFrom('sync_rows')
          .select('fields')
          .where('row_id', '=', kept)
          .executeTakeFirstOrThrow()
      ).fields,
    );
    expect(row).toMatchObject({ community_code: COMMUNITY_A, address: '景昙路5号', note: '芙蓉登记' });
    expect(
      await ts.server.db
        .selectFrom('sync_rows')
        .select('row_id')
        .where('row_id', '=', dup)
        .executeTakeFirst(),
    ).toBeUndefined();

    const tasks = await ts.server.db
      .selectFrom('merge_tasks')
      .selectAll()
      .where('kept_id', '=', kept)
      .execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ merged_id: dup, status: 'open', id_number: p.idNumber });
    expect(JSON.parse(tasks[0]!.communities)).toEqual([COMMUNITY_A, COMMUNITY_B].sort());

    // Both logs carry the redirect; B's log also carries the kept person, before the redirect.
    const logA = await a.pullAll();
    const logB = await b.pullAll();
    expect(logA).toContainEqual(expect.objectContaining({ kind: 'redirect', rowId: dup, redirectTo: kept }));
    const redirectAt = logB.findIndex(
      (c) => c.kind === 'redirect' && c.rowId === dup && c.redirectTo === kept,
    );
    const keptAt = logB.findIndex((c) => c.kind === 'upsert' && c.rowId === kept);
    expect(redirectAt).toBeGreaterThan(-1);
    expect(keptAt).toBeGreaterThan(-1);
    expect(keptAt).toBeLessThan(redirectAt);

    // A later edit by B, against the old id, lands on the kept person and reaches both communities.
    const later = await b.push([b.entry('residents', dup, 'update', { hukou_type: [null, 'local_rural'] })]);
    expect(later.body.verdicts[0]).toMatchObject({ rowId: kept });
    expect(['applied', 'merged']).toContain(later.body.verdicts[0].status);
    const lastA = (await a.pullAll()).filter((c) => c.rowId === kept).at(-1);
    const lastB = (await b.pullAll()).filter((c) => c.rowId === kept).at(-1);
    expect(lastA.fields.hukou_type).toBe('local_rural');
    expect(lastB.fields.hukou_type).toBe('local_rural');
    // A third community still may not touch the person.
    const c = await TestStation.enroll(ts, '330104007051');
    const other = await c.push([c.entry('residents', kept, 'update', { note: [null, 'x'] })]);
    expect(other.body.verdicts[0].status).toBe('rejected');
  });

  it('refuses an update that gives a resident the ID number of another person', async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const p1 = person();
    const p2 = person();
    const id1 = uuid();
    const id2 = uuid();
    await a.push([
      a.entry('residents', id1, 'create', residentCreate(COMMUNITY_A, p1)),
      a.entry('residents', id2, 'create', residentCreate(COMMUNITY_A, p2)),
    ]);
    const r = await a.push([a.entry('residents', id2, 'update', { id_number: [p2.idNumber, p1.idNumber] })]);
    expect(r.body.verdicts[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('已登记为另一位居民'),
    });
  });

  it('frees an ID number when its resident is deleted', async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const p = person();
    const first = uuid();
    await a.push([a.entry('residents', first, 'create', residentCreate(COMMUNITY_A, p))]);
    await a.push([a.entry('residents', first, 'delete', { deleted_at: [null, '2025-07-01T00:00:00.000Z'] })]);
    const second = uuid();
    const r = await a.push([a.entry('residents', second, 'create', residentCreate(COMMUNITY_A, p))]);
    expect(r.body.verdicts[0]).toEqual({ seq: a.seq, status: 'applied' });
  });

  it('moves a resident between communities: transfer_out in the old log, the row in the new one', async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const b = await TestStation.enroll(ts, COMMUNITY_B);
    const hh = uuid();
    const id = uuid();
    await a.push([
      a.entry('households', hh, 'create', {
        community_code: [null, COMMUNITY_A],
        address: [null, '景昙路9号'],
        subsistence: [null, 'none'],
      }),
      a.entry(
        'residents',
        id,
        'create',
        residentCreate(COMMUNITY_A, person(), { household_id: hh, household_relation: '户主' }),
      ),
    ]);
    const cursorA = (await a.pullAll()).at(-1).sseq;
    const cursorB = (await b.pullAll()).at(-1)?.sseq ?? 0;

    const t = await ts.server.transferResident(id, COMMUNITY_B, '区就业科');
    expect(t).toEqual({ residentId: id, from: COMMUNITY_A, to: COMMUNITY_B });

    const outA = await a.pullAll(cursorA);
    expect(outA).toEqual([expect.objectContaining({ kind: 'transfer_out', rowId: id, entity: 'residents' })]);
    const inB = await b.pullAll(cursorB);
    expect(inB).toEqual([expect.objectContaining({ kind: 'upsert', rowId: id })]);
    expect(inB[0].fields).toMatchObject({
      community_code: COMMUNITY_B,
      household_id: null,
      household_relation: null,
    });

    // Now B edits the person and A may not.
    expect(
      (await b.push([b.entry('residents', id, 'update', { note: [null, '迁入'] })])).body.verdicts[0].status,
    ).toMatch(/applied|merged/);
    expect(
      (await a.push([a.entry('residents', id, 'update', { note: [null, '迁出后'] })])).body.verdicts[0]
        .status,
    ).toBe('rejected');
    const transfers = await ts.server.db
      .selectFrom('transfers')
      .selectAll()
      .where('resident_id', '=', id)
      .execute();
    expect(transfers).toEqual([
      expect.objectContaining({
        from_community: COMMUNITY_A,
        to_community: COMMUNITY_B,
        operator: '区就业科',
      }),
    ]);

    await expect(ts.server.transferResident(id, COMMUNITY_B)).rejects.toThrow('已经属于这个社区');
    await expect(ts.server.transferResident(uuid(), COMMUNITY_B)).rejects.toThrow('没有编号为');
  });

  it('ends the old community’s share of a merged person when the person moves; a community still sharing gets the move', async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const b = await TestStation.enroll(ts, COMMUNITY_B);
    const c = await TestStation.enroll(ts, COMMUNITY_C);
    const p = person();
    const kept = uuid();
    await a.push([a.entry('residents', kept, 'create', residentCreate(COMMUNITY_A, p))]);
    await b.push([b.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_B, p))]); // shared by A and B now
    const [cursorA, cursorB] = [(await a.pullAll()).at(-1).sseq, (await b.pullAll()).at(-1).sseq];

    await ts.server.transferResident(kept, COMMUNITY_C);

    // A's log says transfer_out, and A's snapshot agrees: the person is gone from A.
    expect(await a.pullAll(cursorA)).toEqual([
      expect.objectContaining({ kind: 'transfer_out', rowId: kept }),
    ]);
    expect((await a.snapshotRows()).map((r) => r.rowId)).not.toContain(kept);
    // B still shares the person through the open merge task: its log and its snapshot both carry the move.
    const inB = await b.pullAll(cursorB);
    expect(inB).toEqual([expect.objectContaining({ kind: 'upsert', rowId: kept })]);
    expect(inB[0].fields).toMatchObject({ community_code: COMMUNITY_C });
    expect((await b.snapshotRows()).find((r) => r.rowId === kept)?.fields).toMatchObject({
      community_code: COMMUNITY_C,
    });
    expect((await c.snapshotRows()).find((r) => r.rowId === kept)?.fields).toMatchObject({
      community_code: COMMUNITY_C,
    });
    const task = await ts.server.db
      .selectFrom('merge_tasks')
      .select(['communities', 'status'])
      .where('kept_id', '=', kept)
      .executeTakeFirstOrThrow();
    expect({ ...task, communities: JSON.parse(task.communities) }).toEqual({
      communities: [COMMUNITY_B],
      status: 'open',
    });
    // A may no longer edit the person; B still may.
    expect(
      (await a.push([a.entry('residents', kept, 'update', { note: [null, '迁出后'] })])).body.verdicts[0]
        .status,
    ).toBe('rejected');
    expect(
      (await b.push([b.entry('residents', kept, 'update', { note: [null, '共享'] })])).body.verdicts[0]
        .status,
    ).toMatch(/applied|merged/);
  });
});
