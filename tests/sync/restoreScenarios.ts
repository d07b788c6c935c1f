// Issue 8, defect 4 ("Time goes forward"): the district server is restored from a backup. The scenarios
// take a function of a restorable district, so the same checks run on SQLite and PostgreSQL and for each
// way of restoring (the restore command, or an old file / dump put back by hand).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { appendOutbox, diffRow } from '../../station/db/outbox';
import { readSyncState } from '../../station/sync/state';
import { readTimeline } from '../../station/sync/epoch';
import { newStation } from '../factories/station';
import { startFaultProxy } from './faultProxy';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  serverRows,
  type SyncedStation,
} from './harness';
import type { RestorableDistrict, RestoreHow } from './restoreHarness';
import { expectEqualToServer, trio } from './scenarios';

type Person = () => { name: string; idNumber: string; phone: string };

async function create(s: SyncedStation, person: Person, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = person();
    ids.push((await s.call('residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone })).id);
  }
  return ids;
}

/** A row claiming another community, written with its outbox entry as a tampered PC would: set aside. */
async function foreignRow(s: SyncedStation, person: Person, like: string): Promise<string> {
  const p = person();
  const row = await s.station.db
    .selectFrom('residents')
    .selectAll()
    .where('id', '=', like)
    .executeTakeFirstOrThrow();
  const id = crypto.randomUUID();
  const foreign = {
    ...row,
    id,
    community_code: COMMUNITY_B,
    name: p.name,
    id_number: p.idNumber,
    id_number_rev: [...p.idNumber].reverse().join(''),
  };
  await s.station.db.transaction().execute(async (trx) => {
    await trx.insertInto('residents').values(foreign).execute();
    await appendOutbox(trx, { id: 'op', name: '测试员' }, s.station.hlc, {
      entity: 'residents',
      rowId: id,
      op: 'create',
      changes: diffRow('residents', null, foreign),
    });
  });
  return id;
}

async function pending(s: SyncedStation): Promise<number> {
  return (await s.call('sync.status', {})).pendingCount;
}

const resentMessage = (n: number) => `区服务器已从备份恢复，本机已重新上传 ${n} 条并重新下载本社区数据`;

/**
 * Two stations of one community and one of another work before and after a backup; the district is
 * restored; more work follows. The entries the restored district lost are re-sent and land once, each
 * station receives the later entries of the others, set-aside entries stay set aside, and every station
 * ends equal to the district.
 */
export async function restoredDistrictCatchesUp(d: RestorableDistrict, seed: number, how: RestoreHow) {
  const t = await trio(d);
  try {
    const person = peopleFrom(seed);
    const all = [t.a1, t.a2, t.b];
    const syncAll = async () => {
      for (const s of [...all, ...all]) await s.sync();
    };
    const [a1First] = await create(t.a1, person, 3);
    const [a2First] = await create(t.a2, person, 2);
    await create(t.b, person, 2);
    await syncAll();
    await d.backup({ cli: how === 'cli' });

    // after the backup: work everywhere, synced — and then lost by the restore
    await create(t.a1, person, 1);
    const refused = await foreignRow(t.a1, person, a1First!);
    const discarded = await foreignRow(t.a1, person, a1First!);
    await create(t.a1, person, 1);
    await t.a1.call('residents.update', { id: a2First!, phone: '13900000011' });
    await create(t.a2, person, 2);
    await t.a2.call('residents.update', { id: a1First!, note: '备份之后二号机的备注' });
    // the same field edited at both PCs: a1 goes first, so a2's edit loses and a2 holds a conflict
    await t.a1.call('residents.update', { id: a2First!, address: '一号机写的地址' });
    await t.a2.call('residents.update', { id: a2First!, address: '二号机写的地址' });
    await create(t.b, person, 1);
    await syncAll();
    expect((await t.a2.call('sync.conflicts', {})).items.map((c) => c.mine)).toEqual(['二号机写的地址']);
    const setAside = (await t.a1.call('sync.setAside', {})).items;
    expect(setAside.map((x) => x.rowId).sort()).toEqual([refused, discarded].sort());
    await t.a1.call('sync.discard', { seq: setAside.find((x) => x.rowId === discarded)!.seq });
    const before = {
      a: await serverRows(t.a1, ['residents']),
      b: await serverRows(t.b, ['residents']),
    };
    expect(before.a.size).toBe(3 + 2 + 2 + 2);
    expect(before.b.size).toBe(3);

    await d.restore(how);
    // the restored district lost the later work; the stations believe it has everything
    expect((await serverRows(t.a1, ['residents'])).size).toBe(5);
    for (const s of all) expect(await pending(s)).toBe(0);

    // work after the restore, then every station syncs (b first: its own history was lost too)
    const [late] = await create(t.a2, person, 1);
    for (const s of [t.b, t.a2, t.a1]) await s.sync();
    for (const s of all) await s.sync();

    const now = { a: await serverRows(t.a1, ['residents']), b: await serverRows(t.b, ['residents']) };
    expect([...now.a.keys()].sort()).toEqual([...before.a.keys(), `residents:${late}`].sort());
    for (const [k, v] of before.a) if (k !== `residents:${a2First}`) expect(now.a.get(k), k).toEqual(v);
    expect(now.b).toEqual(before.b);
    // re-sent, the two edits of one field meet again in the order the PCs came back: a2 first this time
    expect(now.a.get(`residents:${a2First}`)).toEqual({
      ...before.a.get(`residents:${a2First}`),
      address: '二号机写的地址',
    });
    expect(now.a.get(`residents:${a2First}`)).toMatchObject({ phone: '13900000011' });
    expect(now.a.get(`residents:${a1First}`)).toMatchObject({ note: '备份之后二号机的备注' });
    // a station received the later entries of another, made after the restore
    expect((await t.a1.call('residents.get', { id: late! })).id).toBe(late);

    // nothing doubled, nothing left behind, the refused entries still refused once (the open one waits
    // for a person, who now discards it: the row it made exists on this PC only until then)
    for (const s of all) expect(await pending(s)).toBe(0);
    const stillSetAside = (await t.a1.call('sync.setAside', {})).items;
    expect(stillSetAside.map((x) => x.rowId)).toEqual([refused]);
    await t.a1.call('sync.discard', { seq: stillSetAside[0]!.seq });
    for (const s of all) await expectEqualToServer(s);
    expect(now.a.has(`residents:${refused}`) || now.b.has(`residents:${refused}`)).toBe(false);
    expect(now.a.has(`residents:${discarded}`) || now.b.has(`residents:${discarded}`)).toBe(false);
    // the conflict is decided afresh and shown once, at the PC whose edit lost this time
    expect((await t.a2.call('sync.conflicts', {})).items).toEqual([]);
    expect((await t.a1.call('sync.conflicts', {})).items).toMatchObject([
      { field: 'address', mine: '一号机写的地址', theirs: '二号机写的地址' },
    ]);
    expect((await t.b.call('sync.conflicts', {})).items).toEqual([]);
    expect(await d.server.db.selectFrom('redirects').selectAll().execute()).toEqual([]);
    for (const s of all) {
      const outbox = await s.station.db.selectFrom('outbox').select('seq').execute();
      const st = await d.server.db
        .selectFrom('stations')
        .select('last_applied_seq')
        .where('id', '=', s.stationId)
        .executeTakeFirstOrThrow();
      expect(Number(st.last_applied_seq), s.stationId).toBe(outbox.length);
    }

    // each station says what happened, with the entries it sent again (a1 and a2: 2 creates, 2 edits)
    const told = await Promise.all(all.map((s) => s.call('sync.status', {})));
    expect(told.map((x) => x.restore?.message)).toEqual([
      resentMessage(4),
      resentMessage(4),
      resentMessage(1),
    ]);
    expect(told.map((x) => x.restore?.state)).toEqual(['recovered', 'recovered', 'recovered']);
  } finally {
    await t.close();
  }
}

/**
 * The recovery is cut off twice — after the lost entries were queued again, and after they were re-sent
 * but before the snapshot — with the station closed and opened again each time (as after a crash). Nothing
 * is lost or doubled, the queue never wedges, and the third run finishes the job.
 */
export async function interruptedRecoveryResumes(d: RestorableDistrict, seed: number) {
  const proxy = await startFaultProxy(d.url);
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-crashing-'));
  const a2 = await enrolledStation(d, COMMUNITY_A);
  const open = async (): Promise<SyncedStation> => {
    const s = await newStation({ communityCode: COMMUNITY_A, dir });
    const state = await readSyncState(s.station.db);
    return Object.assign(s, { stationId: state?.station_id ?? '', sync: () => s.call('sync.now', {}) });
  };
  let a1 = await open();
  try {
    const code = await d.server.addStation(COMMUNITY_A);
    a1.stationId = (await a1.call('sync.enroll', { serverUrl: proxy.url, code: code.code })).stationId;
    const person = peopleFrom(seed);
    await create(a1, person, 2);
    await a1.sync();
    await d.backup();
    const lost = await create(a1, person, 3);
    await a1.sync();
    await d.restore('copy');

    // run 1: the pull tells of the restore; the status answers; the re-send is cut off
    proxy.faults = [{ kind: 'pass' }, { kind: 'pass' }, { kind: 'refuse' }];
    await expect(a1.sync()).rejects.toThrow(/连不上区服务器/);
    expect(await pending(a1)).toBe(3);
    expect((await a1.call('sync.status', {})).restore?.state).toBe('recovering');
    await a1.close();
    a1 = await open();

    // run 2: status, the re-send lands, the snapshot is cut off
    proxy.faults = [{ kind: 'pass' }, { kind: 'pass' }, { kind: 'refuse' }];
    await expect(a1.sync()).rejects.toThrow(/连不上区服务器/);
    expect(await pending(a1)).toBe(0);
    expect((await serverRows(a1, ['residents'])).size).toBe(5);
    expect((await readTimeline(a1.station.db)).recovering_to).not.toBeNull();
    await a1.close();
    a1 = await open();

    // run 3 finishes; another station of the community receives the re-sent entries
    await a1.sync();
    const status = await a1.call('sync.status', {});
    expect(status.restore).toMatchObject({ state: 'recovered', resent: 3, message: resentMessage(3) });
    expect(status.pendingCount).toBe(0);
    await a2.sync();
    for (const id of lost) expect((await a2.call('residents.get', { id })).id).toBe(id);
    await expectEqualToServer(a1);
    await expectEqualToServer(a2);
  } finally {
    await a1.close();
    await a2.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The hole that counting alone leaves: after the backup only the district itself wrote to community A (a
 * transfer), which no station will ever re-send. One station pulled it; after a restore by hand a station
 * with nothing lost writes as many entries again, so that station's cursor is within the head — but it
 * points at another entry. The mark of the entry at the cursor gives the restore away.
 */
export async function cursorInsideALostHistory(d: RestorableDistrict, seed: number) {
  const t = await trio(d);
  try {
    const person = peopleFrom(seed);
    const [mover] = await create(t.a1, person, 2);
    for (const s of [t.a1, t.a2, t.b]) await s.sync();
    await d.backup();
    await d.server.transferResident(mover!, COMMUNITY_B);
    await t.a2.sync();
    await t.b.sync();
    await expect(t.a2.call('residents.get', { id: mover! })).rejects.toThrow(/找不到该居民/);
    const a2Cursor = (await readSyncState(t.a2.station.db))!.cursor;

    await d.restore('copy');
    // a1 lost nothing: its pushes are no evidence; they fill the log up to a2's cursor and beyond
    const fresh = await create(t.a1, person, 3);
    await t.a1.sync();
    const head = await d.server.db
      .selectFrom('log_heads')
      .select('last_sseq')
      .where('community_code', '=', COMMUNITY_A)
      .executeTakeFirstOrThrow();
    expect(Number(head.last_sseq)).toBeGreaterThanOrEqual(a2Cursor);

    // a2 syncs before anyone else can give the restore away (b's cursor, beyond its community's head)
    await t.a2.sync();
    for (const id of [...fresh, mover!]) expect((await t.a2.call('residents.get', { id })).id).toBe(id);
    for (const s of [t.b, t.a1, t.a2]) await s.sync();
    await expect(t.b.call('residents.get', { id: mover! })).rejects.toThrow(/找不到该居民/);
    for (const s of [t.a1, t.a2, t.b]) await expectEqualToServer(s);
    expect((await t.a2.call('sync.status', {})).restore?.message).toBe(resentMessage(0));
  } finally {
    await t.close();
  }
}

/** The state of a station enrolled before epochs existed (migration 0006 ran on an enrolled station). */
async function forgetEpoch(s: SyncedStation): Promise<void> {
  await s.station.db
    .updateTable('sync_epoch')
    .set({ epoch: null, server_last_seq: null, cursor_mark: null })
    .execute();
}

/**
 * Stations enrolled before epochs hold none: on their first sync they compare what they believe with what
 * the district has. One that agrees takes the epoch; one whose work the district lost in a restore
 * recovers like any other.
 */
export async function stationsFromBeforeEpochs(d: RestorableDistrict, seed: number) {
  const t = await trio(d);
  try {
    const person = peopleFrom(seed);
    await create(t.a1, person, 2);
    await create(t.b, person, 1);
    for (const s of [t.a1, t.a2, t.b]) await s.sync();
    await d.backup();
    const lost = await create(t.a1, person, 2);
    for (const s of [t.a1, t.a2, t.b]) await s.sync();
    await d.restore('copy');
    for (const s of [t.a1, t.a2, t.b]) await forgetEpoch(s);

    await t.b.sync(); // lost nothing: takes the epoch as it is
    const current = await d.server.db.selectFrom('server_epoch').select('epoch').executeTakeFirstOrThrow();
    expect((await readTimeline(t.b.station.db)).epoch).toBe(current.epoch);
    expect((await t.b.call('sync.status', {})).restore).toBeNull();
    await t.a1.sync(); // the district lost two of its entries: recovers
    expect((await t.a1.call('sync.status', {})).restore?.message).toBe(resentMessage(2));
    await t.a2.sync();
    for (const id of lost) expect((await t.a2.call('residents.get', { id })).id).toBe(id);
    for (const s of [t.a1, t.a2, t.b]) await expectEqualToServer(s);
  } finally {
    await t.close();
  }
}
