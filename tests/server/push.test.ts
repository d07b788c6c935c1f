// Push over real HTTP: idempotent batches, gaps, the three-way merge with groups and conflicts, and the
// community scope of every entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponse } from '../../shared/sync/protocol';
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

describe.each(BACKENDS)('push on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 101 : 202);
  beforeAll(async () => {
    ts = await startServer(backend);
  });
  afterAll(() => ts.close());

  async function serverRow(id: string) {
    const r = await ts.server.db
      .selectFrom('sync_rows')
      .selectAll()
      .where('row_id', '=', id)
      .executeTakeFirstOrThrow();
    return readStoredFields(ts.server.db, r.fields);
  }

  it('applies a batch once: the same batch again gets the stored verdicts and changes nothing', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const id = uuid();
    const p = person();
    const batch = [
      st.entry('residents', id, 'create', residentCreate(COMMUNITY_A, p)),
      st.entry('residents', id, 'update', { phone: [p.phone, '13900000001'] }),
    ];
    const first = await st.push(batch);
    expect(first.status).toBe(200);
    const r1 = pushResponse.parse(first.body);
    expect(r1.lastAppliedSeq).toBe(2);
    expect(r1.verdicts.map((v) => v.status)).toEqual(['applied', 'applied']);
    const logBefore = await st.pullAll();

    const again = await st.push(batch);
    expect(again.status).toBe(200);
    expect(again.body.verdicts).toEqual(r1.verdicts);
    expect(again.body.lastAppliedSeq).toBe(2);
    expect(await st.pullAll()).toEqual(logBefore);
    expect((await serverRow(id)).phone).toBe('13900000001');

    // Half old, half new: the old half is answered from receipts, the new half applied.
    const next = st.entry('residents', id, 'update', { note: [null, '备注'] });
    const mixed = await st.push([batch[1]!, next]);
    expect(mixed.body.verdicts.map((v: { seq: number; status: string }) => [v.seq, v.status])).toEqual([
      [2, 'applied'],
      [3, 'applied'],
    ]);
    expect((await serverRow(id)).note).toBe('备注');
  });

  it('refuses a batch that skips ahead with `gap` and the seq to resume from, applying nothing', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    st.seq = 4;
    const id = uuid();
    const r = await st.push([st.entry('residents', id, 'create', residentCreate(COMMUNITY_A, person()))]);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'gap', details: { lastAppliedSeq: 0 } });
    expect(r.body.error.message).toContain('第 1 条');
    expect(
      await ts.server.db.selectFrom('sync_rows').select('row_id').where('row_id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('merges edits to different fields from two stations of one community', async () => {
    const s1 = await TestStation.enroll(ts, COMMUNITY_A);
    const s2 = await TestStation.enroll(ts, COMMUNITY_A);
    const id = uuid();
    const p = person();
    await s1.push([s1.entry('residents', id, 'create', residentCreate(COMMUNITY_A, p))]);
    await s2.pullAll(); // s2 has the row as of now
    const seen = await s2.pullAll();
    const cursor = seen.at(-1)?.sseq ?? 0;
    await s2.pull(cursor); // s2 committed up to here

    const a = await s1.push([s1.entry('residents', id, 'update', { phone: [p.phone, '13911112222'] })]);
    expect(a.body.verdicts[0].status).toBe('applied');
    const b = await s2.push([s2.entry('residents', id, 'update', { address: [null, '景昙路1号'] })]);
    // s2 did not yet see s1's phone change: its edit merged with someone else's.
    expect(b.body.verdicts[0].status).toBe('merged');
    const row = await serverRow(id);
    expect(row).toMatchObject({ phone: '13911112222', address: '景昙路1号', name: p.name });
    // s2 is given s1's change as a delta; its own edit, which it holds, is not sent back
    const pulled = await s2.pullAll(cursor);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({
      partial: true,
      origin: s1.stationId,
      fields: { phone: '13911112222' },
    });
    expect(Object.keys(pulled[0].fields)).toEqual(['phone']);
  });

  it('keeps the first arrival on the same field and records the losing value', async () => {
    const s1 = await TestStation.enroll(ts, COMMUNITY_A);
    const s2 = await TestStation.enroll(ts, COMMUNITY_A);
    const id = uuid();
    const p = person();
    await s1.push([s1.entry('residents', id, 'create', residentCreate(COMMUNITY_A, p))]);
    await s1.push([
      s1.entry('residents', id, 'update', { phone: [p.phone, '13700000001'], note: [null, '一号机'] }),
    ]);
    const r = await s2.push([
      s2.entry('residents', id, 'update', { phone: [p.phone, '13700000002'], address: [null, '芙蓉路2号'] }),
      s2.entry('residents', id, 'update', { phone: [p.phone, '13700000001'] }), // same as the server: a no-op
    ]);
    // The no-op is not a conflict; it is `merged` because s1's note, unseen by s2, is on the row.
    expect(r.body.verdicts[0]).toMatchObject({
      status: 'conflict',
      conflicts: [{ field: 'phone', mine: '13700000002', theirs: '13700000001' }],
    });
    expect(r.body.verdicts[1].status).toBe('merged');
    expect(await serverRow(id)).toMatchObject({ phone: '13700000001', address: '芙蓉路2号', note: '一号机' });
    const recs = await ts.server.db.selectFrom('conflicts').selectAll().where('row_id', '=', id).execute();
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      field: 'phone',
      losing_station: s2.stationId,
      operator: '测试协理员',
      resolved_at: null,
    });
    expect(JSON.parse(recs[0]!.losing_value!)).toBe('13700000002');
    expect(JSON.parse(recs[0]!.kept_value!)).toBe('13700000001');
  });

  it('merges a field group as one unit', async () => {
    const s1 = await TestStation.enroll(ts, COMMUNITY_A);
    const s2 = await TestStation.enroll(ts, COMMUNITY_A);
    const id = uuid();
    const p = person();
    await s1.push([s1.entry('residents', id, 'create', residentCreate(COMMUNITY_A, p))]);
    // s1 corrects the name; s2 (not knowing) corrects the ID number with its birth date: different fields,
    // but one group, so the second edit conflicts whole and nothing of it is applied.
    await s1.push([s1.entry('residents', id, 'update', { name: [p.name, p.name + '某'] })]);
    const other = person();
    const r = await s2.push([
      s2.entry('residents', id, 'update', {
        name: [p.name, p.name],
        id_number: [p.idNumber, other.idNumber],
        birth_date: [p.birthDate, other.birthDate],
        sex: [p.sex, p.sex],
      }),
    ]);
    expect(r.body.verdicts[0].status).toBe('conflict');
    const fields = r.body.verdicts[0].conflicts.map((c: { field: string }) => c.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['id_number', 'name']));
    expect(await serverRow(id)).toMatchObject({
      name: p.name + '某',
      id_number: p.idNumber,
      birth_date: p.birthDate,
    });

    // Outside any group, different fields still merge field by field.
    const v = await s2.push([s2.entry('residents', id, 'update', { note: [null, '二号机'] })]);
    expect(['applied', 'merged']).toContain(v.body.verdicts[0].status);
    expect((await serverRow(id)).note).toBe('二号机');
  });

  it("rejects an entry on another community's resident and applies the rest of the batch", async () => {
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const b = await TestStation.enroll(ts, COMMUNITY_B);
    const theirs = uuid();
    await a.push([a.entry('residents', theirs, 'create', residentCreate(COMMUNITY_A, person()))]);
    const ours = uuid();
    const r = await b.push([
      b.entry('residents', ours, 'create', residentCreate(COMMUNITY_B, person())),
      b.entry('residents', theirs, 'update', { note: [null, '越界修改'] }),
      b.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_A, person())), // creating in A
      b.entry('residents', ours, 'update', { note: [null, '本社区'] }),
      b.entry('residents', ours, 'update', { community_code: [COMMUNITY_B, COMMUNITY_A] }), // moving it away
    ]);
    expect(r.status).toBe(200);
    expect(r.body.verdicts.map((v: { status: string }) => v.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'applied',
      'rejected',
    ]);
    expect(r.body.verdicts[1].reason).toContain('不属于本社区');
    expect(r.body.verdicts[4].reason).toContain('区里办理');
    expect(r.body.lastAppliedSeq).toBe(5);
    expect((await serverRow(theirs)).note ?? null).toBeNull();
    expect(await serverRow(ours)).toMatchObject({ note: '本社区', community_code: COMMUNITY_B });
    // Nothing of A's resident reaches B's log.
    expect((await b.pullAll()).every((c) => c.rowId !== theirs)).toBe(true);
  });

  it('rejects an invalid ID number and an update of a row the server never had', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const p = person();
    const r = await st.push([
      st.entry(
        'residents',
        uuid(),
        'create',
        residentCreate(COMMUNITY_A, {
          ...p,
          idNumber: p.idNumber.slice(0, 17) + (p.idNumber.endsWith('1') ? '2' : '1'),
        }),
      ),
      st.entry('residents', uuid(), 'update', { note: [null, 'x'] }),
    ]);
    expect(r.body.verdicts[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('身份证号码有误'),
    });
    expect(r.body.verdicts[1]).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('区里没有'),
    });
  });

  it('applies households, employers and vacancies in their community', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const hh = uuid();
    const emp = uuid();
    const vac = uuid();
    const r = await st.push([
      st.entry('households', hh, 'create', {
        community_code: [null, COMMUNITY_A],
        address: [null, '景昙路3号'],
        subsistence: [null, 'none'],
      }),
      st.entry('employers', emp, 'create', {
        community_code: [null, COMMUNITY_A],
        credit_code: [null, '91330104MA2XXXXX0X'],
        name: [null, '某公司'],
        contacts: [null, '[]'],
      }),
      st.entry('vacancies', vac, 'create', {
        community_code: [null, COMMUNITY_A],
        employer_id: [null, emp],
        title: [null, '保洁'],
        wage_min: [null, 3000],
        wage_max: [null, 4000],
        positions: [null, 2],
        valid_from: [null, '2026-01-01'],
        valid_to: [null, '2026-12-31'],
        status: [null, 'open'],
      }),
      st.entry('vacancies', vac, 'update', { wage_min: [3000, 3200], wage_max: [4000, 4000] }),
    ]);
    expect(r.body.verdicts.map((v: { status: string }) => v.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    expect(await serverRow(vac)).toMatchObject({
      wage_min: 3200,
      wage_max: 4000,
      title: '保洁',
      community_code: COMMUNITY_A,
    });
  });

  it('stores the station clock skew', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const ahead = new Date(ts.clock.now + 86_400_000).toISOString();
    const r = await st.push([], { clock: ahead });
    expect(r.status).toBe(200);
    expect(r.body.serverTime).toBe(new Date(ts.clock.now).toISOString());
    const row = await ts.server.db
      .selectFrom('stations')
      .select('clock_skew_ms')
      .where('id', '=', st.stationId)
      .executeTakeFirstOrThrow();
    expect(Number(row.clock_skew_ms)).toBe(86_400_000);
  });
});
