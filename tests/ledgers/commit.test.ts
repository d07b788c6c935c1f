// A batch commits whole or not at all: a failure in the middle of writing (a database error on row 1,200 of
// 2,000; a person registered at the desk after the preview) leaves no row and no outbox entry behind, and
// the batch can be committed once the cause is gone. Progress is reported while the batch writes, and the
// desk can still read meanwhile. Then undo: the whole batch back, only while its rows are unchanged since.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { outboxEntries, rowCounts } from '../station/support';
import { idFor, importFile, previewFile, xlsx, type Row } from './helpers';

let ts: TestStation;
beforeEach(async () => {
  ts = await newStation();
});
afterEach(async () => {
  await ts.close();
});

const personId = (i: number) => idFor(i, `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`);

function people(n: number, name = (i: number) => `居民${String.fromCharCode(0x4e00 + i)}`): Row[] {
  const rows: Row[] = [['姓名', '身份证号码', '就业状况']];
  for (let i = 0; i < n; i++) rows.push([name(i), personId(i), '失业']);
  return rows;
}

describe('all or nothing', () => {
  it('writes nothing when the database fails on a row in the middle, and everything once it does not', async () => {
    const rows = people(2000, (i) => (i === 1200 ? '坏人' : `居民${String.fromCharCode(0x4e00 + i)}`));
    const p = await previewFile(ts, 'residents', 'big.xlsx', await xlsx(rows));
    expect(p.preview.counts.created).toBe(2000);
    const before = await rowCounts(ts.station);
    // a fault the import cannot foresee, raised by SQLite itself in the middle of the batch
    await sql`create trigger fail_midway before insert on residents when new.name = '坏人'
      begin select raise(abort, 'disk said no'); end`.execute(ts.station.db);
    await expect(ts.call('ledgers.commit', { batchId: p.batchId })).rejects.toMatchObject({
      code: 'internal',
      message: '写入时出错，整批未导入，数据未改动',
    });
    expect(await rowCounts(ts.station)).toEqual(before);
    const failed = await ts.call('ledgers.batch', { batchId: p.batchId });
    expect(failed).toMatchObject({ status: 'previewed', reason: '写入时出错，整批未导入，数据未改动' });
    expect(await ts.call('ledgers.progress', { batchId: p.batchId })).toMatchObject({
      phase: 'failed',
      total: 2000,
    });

    await sql`drop trigger fail_midway`.execute(ts.station.db);
    const result = await ts.call('ledgers.commit', { batchId: p.batchId });
    expect(result.created).toBe(2000);
    const after = await rowCounts(ts.station);
    expect(after.residents).toBe(before.residents + 2000);
    expect(after.outbox).toBe(before.outbox + 2000);
    expect(await ts.call('ledgers.progress', { batchId: p.batchId })).toEqual({
      phase: 'done',
      done: 2000,
      total: 2000,
    });
  });

  it('refuses the whole batch when a person in it was registered at the desk after the preview', async () => {
    const p = await previewFile(ts, 'residents', 'late.xlsx', await xlsx(people(50)));
    await ts.call('residents.create', { name: '先登记', idNumber: personId(30) });
    const before = await rowCounts(ts.station);
    await expect(ts.call('ledgers.commit', { batchId: p.batchId })).rejects.toMatchObject({
      code: 'conflict',
      message: '第 32 行（居民丞）在预览之后已被登记：整批未导入，数据未改动。请重新预览后再确认导入',
    });
    expect(await rowCounts(ts.station)).toEqual(before);
  });

  it('reports progress while writing, and the desk can read while the batch writes', async () => {
    const p = await previewFile(ts, 'residents', 'progress.xlsx', await xlsx(people(1500)));
    const commit = ts.call('ledgers.commit', { batchId: p.batchId });
    let finished = false;
    void commit.then(() => (finished = true));
    const seen = [];
    let readWhileWriting = false;
    while (!finished) {
      const pr = await ts.call('ledgers.progress', { batchId: p.batchId });
      seen.push(pr);
      if (pr.phase === 'writing' && pr.done > 0 && !readWhileWriting) {
        // the grid's own list call answers from the station's connection while the import holds its own
        const list = await ts.call('residents.list', { limit: 10 });
        readWhileWriting = !finished && list.total === 0;
      }
    }
    await commit;
    expect(seen.some((s) => s.phase === 'writing' && s.total === 1500)).toBe(true);
    expect(readWhileWriting).toBe(true);
    expect((await ts.call('residents.list', { limit: 1 })).total).toBe(1500);
  });
});

describe('undo', () => {
  async function setUp() {
    const kept = await ts.call('residents.create', {
      name: '张三',
      idNumber: idFor(1),
      phone: '13800001111',
    });
    const file = await xlsx([
      ['姓名', '身份证号码', '联系电话'],
      ['张三', idFor(1), '13900002222'],
      ['李四', idFor(2), null],
      ['王五', idFor(3), null],
    ]);
    const imported = await importFile(ts, 'residents', '第二批.xlsx', file);
    return { kept, batchId: imported.batchId };
  }

  it('takes a whole batch back: created rows deleted, updated rows restored, each with its outbox entry', async () => {
    const { kept, batchId } = await setUp();
    const before = (await outboxEntries(ts.station)).length;
    expect(await ts.call('ledgers.undo', { batchId })).toEqual({ undone: 3 });
    expect((await ts.call('residents.get', { id: kept.id })).phone).toBe('13800001111');
    expect((await ts.call('residents.findByIdNumber', { idNumber: idFor(2) })).resident).toBeNull();
    expect((await ts.call('residents.findByIdNumber', { idNumber: idFor(3) })).resident).toBeNull();
    const entries = (await outboxEntries(ts.station)).slice(before);
    expect(entries.map((e) => e.op).sort()).toEqual(['delete', 'delete', 'update']);
    expect(entries.find((e) => e.op === 'update')!.fields.phone).toEqual(['13900002222', '13800001111']);
    const history = await ts.call('residents.history', { id: kept.id });
    expect(history.items.map((h) => h.source)).toEqual([
      '撤销导入：第二批.xlsx',
      '导入：第二批.xlsx',
      undefined,
    ]);
    expect(await ts.call('ledgers.batch', { batchId })).toMatchObject({
      status: 'undone',
      undoneAt: expect.any(String),
    });
    await expect(ts.call('ledgers.undo', { batchId })).rejects.toMatchObject({ message: '该批次已撤销' });
    // the people can be imported again
    expect(
      (
        await importFile(
          ts,
          'residents',
          '再来.xlsx',
          await xlsx([
            ['姓名', '身份证号码'],
            ['李四', idFor(2)],
          ]),
        )
      ).result.created,
    ).toBe(1);
  });

  it('refuses while a row was changed at the desk since, and changes nothing', async () => {
    const { batchId } = await setUp();
    const li = (await ts.call('residents.findByIdNumber', { idNumber: idFor(2) })).resident!;
    await ts.call('residents.update', { id: li.id, phone: '13700003333' });
    const before = await rowCounts(ts.station);
    await expect(ts.call('ledgers.undo', { batchId })).rejects.toMatchObject({
      code: 'conflict',
      message: '“李四”在导入之后已被修改（本机或经同步），撤销会覆盖这些修改，所以整批不能撤销',
    });
    expect(await rowCounts(ts.station)).toEqual(before);
    expect((await ts.call('ledgers.batch', { batchId })).status).toBe('committed');
  });

  it('refuses while a row was changed by sync (no local outbox entry), even in a field the batch left alone', async () => {
    const { batchId } = await setUp();
    // what station/sync/apply does with a pulled change: the row changes and is stamped, the outbox does not
    await ts.station.db
      .updateTable('residents')
      .set({ address: '区里改的地址', updated_at: new Date(Date.now() + 60_000).toISOString() })
      .where('id_number', '=', idFor(1))
      .execute();
    await expect(ts.call('ledgers.undo', { batchId })).rejects.toMatchObject({
      code: 'conflict',
      message: '“张三”在导入之后已被修改（本机或经同步），撤销会覆盖这些修改，所以整批不能撤销',
    });
  });

  it('is for the admin role only', async () => {
    const { batchId } = await setUp();
    await ts.call('operators.create', {
      username: 'xiezhu',
      password: 'assist-pass-1',
      displayName: '李协理',
      role: 'assistant',
    });
    const { token } = (await ts.station.call('session.login', {
      username: 'xiezhu',
      password: 'assist-pass-1',
    })) as {
      token: string;
    };
    await expect(ts.station.call('ledgers.undo', { batchId }, token)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      ts.station.call(
        'ledgers.upload',
        { kind: 'residents', fileName: 'a.csv', size: 1, offset: 0, data: 'YQ==' },
        token,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
