// One person in the district: the same ID number registered at a second community is held there as that
// community's own row with a merge task; its entries wait as proposals, each log carries only its own row and
// a notice (exists, where, masked). And moves, which carry or decide the hold.
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
import { readStoredFields } from '../../server/sync/rowCodec';

const COMMUNITY_C = '330104007051';

describe.each(BACKENDS)('identity and transfers on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 303 : 404);
  beforeAll(async () => {
    ts = await startServer(backend);
  });
  afterAll(() => ts.close());

  it('keeps the first registration, holds the second as its own community’s, keeps its entries as proposals', async () => {
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
      b.entry('residents', dup, 'update', { phone: [null, '13812345678'] }), // made offline
    ]);
    expect(r.status).toBe(200);
    for (const v of r.body.verdicts) {
      expect(v).toMatchObject({
        status: 'applied',
        held: { community: COMMUNITY_A, communityName: '景昙社区' },
        notice: '此人已在景昙社区登记，您的修改已作为建议提交区里，待区里合并后生效',
      });
      expect(v.rowId).toBeUndefined(); // not redirected: B's registration stays B's own row
    }

    const fieldsOf = async (id: string) =>
      readStoredFields(
        ts.server.db,
        (
          await ts.server.db
            .selectFrom('sync_rows')
            .select('fields')
            .where('entity', '=', 'residents')
            .where('row_id', '=', id)
            .executeTakeFirstOrThrow()
        ).fields,
      );
    expect(await fieldsOf(kept)).toMatchObject({
      community_code: COMMUNITY_A,
      address: '景昙路5号',
      note: null,
      phone: p.phone ?? null,
    });
    expect(await fieldsOf(dup)).toMatchObject({
      community_code: COMMUNITY_B,
      note: '芙蓉登记',
      phone: '13812345678',
      address: null,
    });

    const tasks = await ts.server.db
      .selectFrom('merge_tasks')
      .selectAll()
      .where('kept_id', '=', kept)
      .execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ merged_id: dup, status: 'open', id_number: p.idNumber, held: 1 });
    const proposals = await ts.server.db
      .selectFrom('merge_proposals')
      .selectAll()
      .where('task_id', '=', tasks[0]!.id)
      .orderBy('seq')
      .execute();
    expect(proposals.map((x) => [x.op, x.operator, x.station_id, x.status])).toEqual([
      ['create', '测试协理员', b.stationId, 'open'],
      ['update', '测试协理员', b.stationId, 'open'],
    ]);

    // Each log carries its own row and a notice, never the other community's row.
    const logA = await a.pullAll();
    const logB = await b.pullAll();
    expect(logA.filter((c) => c.rowId === dup)).toEqual([]);
    expect(logB.filter((c) => c.rowId === kept)).toEqual([]);
    expect(logA.some((c) => c.kind === 'redirect') || logB.some((c) => c.kind === 'redirect')).toBe(false);
    const masked = `${p.idNumber.slice(0, 6)}********${p.idNumber.slice(-4)}`;
    expect(logA.at(-1)).toMatchObject({
      entity: 'identity_holds',
      rowId: kept,
      kind: 'upsert',
      fields: { role: 'kept', community: COMMUNITY_B, idNumberMasked: masked, taskId: tasks[0]!.id },
    });
    expect(logB.at(-1)).toMatchObject({
      entity: 'identity_holds',
      rowId: dup,
      kind: 'upsert',
      fields: { role: 'held', community: COMMUNITY_A, communityName: '景昙社区', idNumberMasked: masked },
    });
    expect((await b.snapshotRows()).map((x) => x.rowId).sort()).toEqual([dup, dup].sort());
    expect((await a.snapshotRows()).map((x) => `${x.entity}:${x.rowId}`).sort()).toEqual(
      [`identity_holds:${kept}`, `residents:${kept}`].sort(),
    );

    // B may not touch A's record, even knowing its id; a third community neither.
    const probe = await b.push([b.entry('residents', kept, 'update', { note: [null, 'x'] })]);
    expect(probe.body.verdicts[0].status).toBe('rejected');
    const c = await TestStation.enroll(ts, COMMUNITY_C);
    const other = await c.push([c.entry('residents', kept, 'update', { note: [null, 'x'] })]);
    expect(other.body.verdicts[0].status).toBe('rejected');
    // B deleting its registration withdraws the task: nothing is left to decide
    await b.push([b.entry('residents', dup, 'delete', { deleted_at: [null, '2025-07-01T00:00:00.000Z'] })]);
    expect(
      (
        await ts.server.db
          .selectFrom('merge_tasks')
          .select('status')
          .where('id', '=', tasks[0]!.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('withdrawn');
    expect((await b.pullAll()).at(-1)).toMatchObject({
      entity: 'identity_holds',
      rowId: dup,
      kind: 'delete',
    });
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

  it('a move of the holding record carries its hold; to the held registration’s community it decides the merge', async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const b = await TestStation.enroll(ts, COMMUNITY_B);
    const c = await TestStation.enroll(ts, COMMUNITY_C);
    const p = person();
    const kept = uuid();
    const dup = uuid();
    await a.push([a.entry('residents', kept, 'create', residentCreate(COMMUNITY_A, p, { note: '景昙' }))]);
    await b.push([b.entry('residents', dup, 'create', residentCreate(COMMUNITY_B, p))]); // held by A now
    const [cursorA, cursorB] = [(await a.pullAll()).at(-1).sseq, (await b.pullAll()).at(-1).sseq];

    // the held registration cannot be moved before the district decides
    await expect(ts.server.transferResident(dup, COMMUNITY_C)).rejects.toThrow(/resolve-merge/);

    // the holding record moves to C: the hold goes with it; B's notice now names C
    await ts.server.transferResident(kept, COMMUNITY_C);
    expect(await a.pullAll(cursorA)).toEqual([
      expect.objectContaining({ kind: 'transfer_out', rowId: kept }),
      expect.objectContaining({ entity: 'identity_holds', kind: 'delete', rowId: kept }),
    ]);
    expect(await b.pullAll(cursorB)).toEqual([
      expect.objectContaining({
        entity: 'identity_holds',
        rowId: dup,
        fields: expect.objectContaining({ community: COMMUNITY_C }),
      }),
    ]);
    const atC = await c.snapshotRows();
    expect(atC.find((r) => r.entity === 'residents' && r.rowId === kept)?.fields).toMatchObject({
      community_code: COMMUNITY_C,
    });
    expect(atC.find((r) => r.entity === 'identity_holds')).toMatchObject({
      rowId: kept,
      fields: { role: 'kept', community: COMMUNITY_B },
    });
    expect((await b.snapshotRows()).map((r) => r.rowId)).not.toContain(kept);

    // then on to B, which has its own registration: that decides the merge, B's registration stands
    const t = await ts.server.transferResident(kept, COMMUNITY_B);
    expect(t).toEqual({ residentId: dup, from: COMMUNITY_C, to: COMMUNITY_B });
    const task = await ts.server.db
      .selectFrom('merge_tasks')
      .select(['status', 'kept_community'])
      .where('kept_id', '=', kept)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'resolved', kept_community: COMMUNITY_B });
    const snapB = await b.snapshotRows();
    expect(snapB.find((r) => r.rowId === dup)?.fields).toMatchObject({
      community_code: COMMUNITY_B,
      note: '景昙',
      deleted_at: null,
    });
    expect(snapB.some((r) => r.entity === 'identity_holds')).toBe(false);
    expect((await c.snapshotRows()).find((r) => r.rowId === kept)?.fields.deleted_at).toEqual(
      expect.any(String),
    );
    // B edits the person as its own now, plainly
    expect(
      (await b.push([b.entry('residents', dup, 'update', { note: ['景昙', '合并后'] })])).body.verdicts[0],
    ).toEqual({ seq: b.seq, status: 'applied' });
  });
});
