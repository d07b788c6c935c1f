// Issue 8, defects 3, 5, 7 and 9: the district checks every pushed value with the registry's schemas. A
// malformed entry gets its own `rejected` verdict with a reason in Chinese — never a 500, never a 400 for the
// whole batch — and the rest of the batch applies, so nothing malformed reaches the community's log and
// every station keeps pulling. Real server over HTTP, SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../shared/sync/protocol';
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

describe.each(BACKENDS)('validation of pushed entries on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 701 : 702);
  beforeAll(async () => {
    ts = await startServer(backend);
  });
  afterAll(() => ts.close());

  it('refuses malformed values entry by entry, applies the rest, and keeps the community pullable', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const create = (extra: Record<string, unknown>) => residentCreate(COMMUNITY_A, person(), extra);
    const good = uuid();
    const entries = [
      st.entry('residents', uuid(), 'create', { ...create({}), name: [null, null] }),
      st.entry('residents', uuid(), 'create', create({ clear_income: 'not json' })),
      st.entry('residents', uuid(), 'create', create({ birth_date: 'garbage' })),
      st.entry(
        'residents',
        uuid(),
        'create',
        create({ clear_unemployment: JSON.stringify({ status: 'unemployed', confirmedAt: 20260101 }) }),
      ),
      st.entry('constructor', uuid(), 'create', { name: [null, 'x'] }),
      st.entry('no_such_table', uuid(), 'create', { name: [null, 'x'] }),
      st.entry('residents', uuid(), 'create', create({ note: 'x'.repeat(2_000_000) })),
      st.entry('residents', uuid(), 'create', create({ note: 'x\uD800y' })),
      { ...st.entry('residents', uuid(), 'create', create({})), operator: '坏\u0000名字' },
      { ...st.entry('residents', uuid(), 'create', create({})), rowId: 'abc\u0000' },
      st.entry('residents', good, 'create', create({ note: '正常' })),
    ];
    const r = await st.push(entries);
    expect(r.status).toBe(200);
    const verdicts = r.body.verdicts as Array<{ seq: number; status: string; reason?: string }>;
    expect(r.body.lastAppliedSeq).toBe(entries.length);
    expect(verdicts.map((v) => v.status)).toEqual([...Array(entries.length - 1).fill('rejected'), 'applied']);
    for (const v of verdicts.slice(0, -1)) {
      // a reason a person can read: Chinese, no column name, no zod default
      expect(v.reason).toMatch(/[\u4e00-\u9fff]/);
      expect(v.reason).not.toMatch(/[a-z]+_[a-z]+|Invalid|expected|Too (big|small)/);
    }
    expect(verdicts[0]!.reason).toContain('姓名');
    expect(verdicts[1]!.reason).toContain('家庭收入');

    // the community is still whole: a new PC takes a snapshot and pulls, and sees only good rows
    const fresh = await TestStation.enroll(ts, COMMUNITY_A);
    const rows = await fresh.snapshotRows();
    expect(rows.map((x) => x.rowId)).toEqual([good]);
    expect((await fresh.pullAll()).map((c) => c.rowId)).toEqual([good]);
  });

  it('judges every entry of a batch on its own values: a bad value met twice is refused twice, good ones between apply', async () => {
    // the district checks each distinct value of a column once per batch (server/sync/validate.ts
    // ColumnVerdicts) and takes plain field pairs as they came (push.ts leanPushEntry)
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const create = (extra: Record<string, unknown>) => residentCreate(COMMUNITY_A, person(), extra);
    const entries = [
      st.entry('residents', uuid(), 'create', create({ hukou_type: 'local_rural' })),
      st.entry('residents', uuid(), 'create', create({ hukou_type: 'somewhere' })),
      st.entry('residents', uuid(), 'create', create({ hukou_type: 'local_rural' })),
      st.entry('residents', uuid(), 'create', create({ hukou_type: 'somewhere' })),
      st.entry('residents', uuid(), 'create', {
        ...create({}),
        note: [null, 'a', 'b'] as unknown as [unknown, unknown],
      }),
      st.entry('residents', uuid(), 'create', { ...create({}), ['x'.repeat(65)]: [null, 'a'] }),
      st.entry('residents', uuid(), 'create', create({ hukou_type: 'local_rural' })),
    ];
    const r = await st.push(entries);
    expect(r.status).toBe(200);
    const verdicts = r.body.verdicts as Array<{ seq: number; status: string; reason?: string }>;
    expect(verdicts.map((v) => v.status)).toEqual([
      'applied',
      'rejected',
      'applied',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(verdicts[1]!.reason).toContain('户籍');
    expect(verdicts[3]!.reason).toBe(verdicts[1]!.reason);
    // a pair of three values, a field name over 64 characters: refused with the envelope's reason
    for (const v of [verdicts[4]!, verdicts[5]!]) expect(v.reason).toContain('区里无法接收');
  });

  it('refuses an edit that empties a required field, keeping the row as it was', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const id = uuid();
    const p = person();
    await st.push([st.entry('residents', id, 'create', residentCreate(COMMUNITY_A, p))]);
    const r = await st.push([st.entry('residents', id, 'update', { subsistence: ['none', null] })]);
    expect(r.body.verdicts[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('低保') });
    const rows = await st.snapshotRows();
    expect(rows.find((x) => x.rowId === id)?.fields.subsistence).toBe('none');
  });

  it('answers bounds and ill-formed text in requests with 400, not 500', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const pull = await st.pull(2 ** 31);
    expect(pull.status).toBe(400);
    const code = await ts.server.addStation(COMMUNITY_A);
    const enrol = await post(ts.url, ENDPOINTS.enroll, { code: code.code, stationName: '景昙\u0000工作站' });
    expect(enrol.status).toBe(400);
    // the code was not used up by the refused attempt
    const again = await post(ts.url, ENDPOINTS.enroll, { code: code.code, stationName: '景昙工作站' });
    expect(again.status).toBe(200);
  });
});
