// Two offline PCs of one community import the same ledger (real district over HTTP, real SQLite files;
// SQLite and PostgreSQL district stores). What the district does: the same ID number registered twice is
// one person, the first to reach the district kept and the second station's row redirected to it (its own
// values wait on the district's merge task), as for a person registered twice at the desk. An import that synced can still be undone while no one touched its
// rows, and the deletion reaches the other PC; once the other PC edits a row, or the district redirected a
// row of the batch, the undo is refused with the person's name and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMUNITY_A, enrolledStation, startDistrict } from '../sync/harness';
import type { District, SyncedStation } from '../sync/harness';
import { expectEqualToServer } from '../sync/scenarios';
import { idFor, importFile, xlsx } from './helpers';

let d: District;
let a1: SyncedStation;
let a2: SyncedStation;

const ledger = (phone: string) =>
  xlsx([
    ['姓名', '身份证号码', '联系电话', '户籍性质'],
    ['张三', idFor(11), phone, '本地城镇'],
    ['李四', idFor(12), '13800001212', '本地农村'],
  ]);

async function people(s: SyncedStation): Promise<Array<{ id: string; name: string; phone: string | null }>> {
  const { items } = await s.call('residents.list', {
    sort: [{ field: 'name', dir: 'asc' }],
    offset: 0,
    limit: 50,
  });
  return items
    .map((r) => ({ id: r.id, name: r.name, phone: r.phone }))
    .sort((x, y) => (x.name < y.name ? -1 : 1));
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s district: one ledger imported at two PCs', (_store, pg) => {
  beforeEach(async () => {
    d = await startDistrict({ pg });
    [a1, a2] = await Promise.all([enrolledStation(d, COMMUNITY_A), enrolledStation(d, COMMUNITY_A)]);
  });
  afterEach(async () => {
    await Promise.all([a1?.close(), a2?.close()]);
    await d?.close();
  });

  it('keeps one person per ID number, the first PC’s; the second PC’s batch can no longer be undone', async () => {
    const first = await importFile(a1, 'residents', '一号机台账.xlsx', await ledger('13800001111'));
    const second = await importFile(a2, 'residents', '二号机台账.xlsx', await ledger('13900002222'));
    expect(first.result.created).toBe(2);
    expect(second.result.created).toBe(2);
    const kept = await people(a1);

    expect(await a1.sync()).toMatchObject({ rejected: 0 });
    expect(await a2.sync()).toMatchObject({ rejected: 0 });
    await a1.sync();

    // one person each, under the first PC's ids, on both PCs and at the district
    for (const s of [a1, a2]) {
      const now = await people(s);
      expect(now.map((p) => p.id)).toEqual(kept.map((p) => p.id));
      await expectEqualToServer(s);
    }
    // the second registration's own phone waits on the district's merge task, as for two desk registrations
    expect((await people(a1)).find((p) => p.name === '张三')!.phone).toBe('13800001111');

    // its rows were redirected by the district: undoing would delete the kept people, so it is refused
    await expect(a2.call('ledgers.undo', { batchId: second.batchId })).rejects.toThrow(
      /^“(张三|李四)”在导入之后已被修改（本机或经同步），撤销会覆盖这些修改，所以整批不能撤销$/,
    );
    expect(await people(a2)).toHaveLength(2);
    expect((await a2.call('ledgers.batch', { batchId: second.batchId })).status).toBe('committed');
  });

  it('undoes a batch that synced while no one touched it, and the other PC loses its rows too', async () => {
    const batch = await importFile(a1, 'residents', '台账.xlsx', await ledger('13800001111'));
    await a1.sync();
    await a2.sync();
    expect(await people(a2)).toHaveLength(2);

    expect(await a1.call('ledgers.undo', { batchId: batch.batchId })).toEqual({ undone: 2 });
    expect(await a1.sync()).toMatchObject({ rejected: 0 });
    await a2.sync();
    expect(await people(a1)).toEqual([]);
    expect(await people(a2)).toEqual([]);
    for (const s of [a1, a2]) await expectEqualToServer(s);
  });

  it('refuses the undo once the other PC edited one of its rows, and changes nothing', async () => {
    const batch = await importFile(a1, 'residents', '台账.xlsx', await ledger('13800001111'));
    await a1.sync();
    await a2.sync();
    const li = (await people(a2)).find((p) => p.name === '李四')!;
    await a2.call('residents.update', { id: li.id, phone: '13700007777' });
    await a2.sync();
    await a1.sync();

    await expect(a1.call('ledgers.undo', { batchId: batch.batchId })).rejects.toThrow(
      '“李四”在导入之后已被修改（本机或经同步），撤销会覆盖这些修改，所以整批不能撤销',
    );
    expect((await people(a1)).map((p) => [p.name, p.phone])).toEqual(
      [
        ['张三', '13800001111'],
        ['李四', '13700007777'],
      ].sort(),
    );
    expect(await a1.sync()).toMatchObject({ pushed: 0, rejected: 0 });
    for (const s of [a1, a2]) await expectEqualToServer(s);
  });
});
