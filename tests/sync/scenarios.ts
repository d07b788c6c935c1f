// The sync scenarios as functions of a district, so the same checks run on SQLite and PostgreSQL.
import { expect } from 'vitest';
import type { District, SyncedStation } from './harness';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  rowDiff,
  serverRows,
  stationRows,
} from './harness';
import { ENTITY_NAMES } from '../../shared/sync/entities';
import { startFaultProxy } from './faultProxy';
import type { SyncService } from '../../station/sync/service';
import { appendOutbox, diffRow } from '../../station/db/outbox';

export interface Trio {
  a1: SyncedStation;
  a2: SyncedStation;
  b: SyncedStation;
  close(): Promise<void>;
}

/** Two stations of one community and one of another. */
export async function trio(d: District, opts: { via?: string; now?: () => Date } = {}): Promise<Trio> {
  const a1 = await enrolledStation(d, COMMUNITY_A, opts);
  const a2 = await enrolledStation(d, COMMUNITY_A, opts);
  const b = await enrolledStation(d, COMMUNITY_B, opts);
  return {
    a1,
    a2,
    b,
    async close() {
      await Promise.all([a1.close(), a2.close(), b.close()]);
    },
  };
}

/** The station holds exactly the district's live rows of its community, every synced entity, field for field. */
export async function expectEqualToServer(s: SyncedStation): Promise<void> {
  const [mine, theirs] = await Promise.all([stationRows(s, ENTITY_NAMES), serverRows(s, ENTITY_NAMES)]);
  expect(rowDiff(mine, theirs), `station ${s.stationId} differs from the district`).toEqual([]);
}

/** Offline edits on both stations of a community: different fields merge; the same field is a conflict. */
export async function offlineEditsMergeAndConflict(d: District, seed: number): Promise<void> {
  const t = await trio(d);
  try {
    const person = peopleFrom(seed);
    const p = person();
    const created = await t.a1.call('residents.create', {
      name: p.name,
      idNumber: p.idNumber,
      phone: p.phone,
    });
    expect(await t.a1.sync()).toMatchObject({ pushed: 1, rejected: 0 });
    const pulled = await t.a2.sync();
    expect(pulled.pulled).toBeGreaterThanOrEqual(1);
    // both offline: a1 edits phone and note, a2 edits address and note
    await t.a1.call('residents.update', { id: created.id, phone: '13900000001', note: '一号机备注' });
    await t.a2.call('residents.update', { id: created.id, address: '景昙路 8 号', note: '二号机备注' });
    expect(await t.a1.sync()).toMatchObject({ pushed: 1, conflicts: 0 });
    const second = await t.a2.sync();
    expect(second).toMatchObject({ pushed: 1, conflicts: 1 });
    await t.a1.sync();
    for (const s of [t.a1, t.a2]) {
      const r = await s.call('residents.get', { id: created.id });
      expect(r.phone).toBe('13900000001');
      expect(r.address).toBe('景昙路 8 号');
      expect(r.note).toBe('一号机备注'); // the server's order decides: a1 pushed first
    }
    const conflicts = await t.a2.call('sync.conflicts', {});
    expect(conflicts.items).toHaveLength(1);
    expect(conflicts.items[0]).toMatchObject({
      field: 'note',
      mine: '二号机备注',
      theirs: '一号机备注',
      label: p.name,
    });
    // the station of the other community sees none of it
    expect((await t.b.call('residents.list', {})).total).toBe(0);
    for (const s of [t.a1, t.a2, t.b]) await expectEqualToServer(s);
  } finally {
    await t.close();
  }
}

export { COMMUNITY_A, COMMUNITY_B };

type Resident = { id: string; name: string };

async function createPeople(
  s: SyncedStation,
  person: () => { name: string; idNumber: string; phone: string },
  n: number,
): Promise<Resident[]> {
  const out: Resident[] = [];
  for (let i = 0; i < n; i++) {
    const p = person();
    out.push(await s.call('residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone }));
  }
  return out;
}

async function liveResidentIds(s: SyncedStation): Promise<string[]> {
  const rows = await s.station.db
    .selectFrom('residents')
    .select('id')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The server commits a batch but the answer is lost: the retry is answered from the stored verdicts. */
export async function lostResponseAppliesOnce(d: District, seed: number): Promise<void> {
  const proxy = await startFaultProxy(d.url);
  const a1 = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
  const a2 = await enrolledStation(d, COMMUNITY_A);
  try {
    const made = await createPeople(a1, peopleFrom(seed), 3);
    proxy.faults = [{ kind: 'dropResponse' }];
    await expect(a1.sync()).rejects.toThrow(/连不上区服务器|没有回应/);
    expect(proxy.stats.dropped).toBe(1);
    const failed = await a1.call('sync.status', {});
    expect(failed.pendingCount).toBe(3);
    expect(failed.lastError).toMatch(/连不上区服务器|没有回应/);
    expect(failed.serverReachable).toBe(false);
    // the server did commit: another station already sees the three
    await a2.sync();
    expect((await liveResidentIds(a2)).sort()).toEqual(made.map((r) => r.id).sort());
    const again = await a1.sync();
    expect(again).toMatchObject({ pushed: 3, rejected: 0 });
    expect((await a1.call('sync.status', {})).pendingCount).toBe(0);
    await a2.sync();
    expect(await liveResidentIds(a2)).toHaveLength(3);
    await expectEqualToServer(a1);
    await expectEqualToServer(a2);
  } finally {
    await Promise.all([a1.close(), a2.close()]);
    await proxy.close();
  }
}

/** The connection drops in the middle of an upload: the next sync resumes, nothing lost or doubled. */
export async function cutUploadResumes(d: District, seed: number): Promise<void> {
  const proxy = await startFaultProxy(d.url);
  const a1 = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
  try {
    (a1.station.services.sync as SyncService).options.batchSize = 40;
    const made = await createPeople(a1, peopleFrom(seed), 100);
    // first batch passes, the second is cut after 1,500 bytes
    proxy.faults = [{ kind: 'pass' }, { kind: 'cutUpload', afterBytes: 1500 }];
    await expect(a1.sync()).rejects.toThrow(/连不上区服务器|没有回应/);
    expect(proxy.stats.cut).toBe(1);
    expect((await a1.call('sync.status', {})).pendingCount).toBe(60);
    const resumed = await a1.sync();
    expect(resumed.pushed).toBe(60);
    const onServer = await serverRows(a1, ['residents']);
    expect(onServer.size).toBe(100);
    expect([...onServer.keys()].sort()).toEqual(made.map((r) => `residents:${r.id}`).sort());
    await expectEqualToServer(a1);
  } finally {
    await a1.close();
    await proxy.close();
  }
}

/** A PC clock a day ahead: sync still works, and the status says so in plain words. */
export async function clockAheadIsTold(d: District, seed: number): Promise<void> {
  const ahead = () => new Date(Date.now() + 86_400_000);
  const a1 = await enrolledStation(d, COMMUNITY_A, { now: ahead });
  try {
    await createPeople(a1, peopleFrom(seed), 2);
    expect(await a1.sync()).toMatchObject({ pushed: 2 });
    const status = await a1.call('sync.status', {});
    expect(status.clockSkewMs).toBeGreaterThan(86_000_000);
    expect(status.clockMessage).toMatch(/^本机时钟比服务器快 1 天，请先校准时钟再同步/);
    await expectEqualToServer(a1);
  } finally {
    await a1.close();
  }
}

/** An entry for a row of another community is set aside with its reason; the rest of the batch applies. */
export async function foreignRowRejected(d: District, seed: number): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  try {
    const person = peopleFrom(seed);
    const before = await createPeople(a1, person, 1);
    // a row that claims another community, written with its outbox entry as a buggy or tampered PC would
    const p = person();
    const foreignId = '01900000-0000-7000-8000-000000000001';
    const row = await a1.station.db
      .selectFrom('residents')
      .selectAll()
      .where('id', '=', before[0]!.id)
      .executeTakeFirstOrThrow();
    const foreign = {
      ...row,
      id: foreignId,
      community_code: COMMUNITY_B,
      name: p.name,
      id_number: p.idNumber,
      id_number_rev: [...p.idNumber].reverse().join(''),
    };
    await a1.station.db.transaction().execute(async (trx) => {
      await trx.insertInto('residents').values(foreign).execute();
      await appendOutbox(trx, { id: 'op', name: '测试员' }, a1.station.hlc, {
        entity: 'residents',
        rowId: foreignId,
        op: 'create',
        changes: diffRow('residents', null, foreign),
      });
    });
    const after = await createPeople(a1, person, 1);
    const r = await a1.sync();
    expect(r).toMatchObject({ pushed: 2, rejected: 1 });
    const status = await a1.call('sync.status', {});
    expect(status.pendingCount).toBe(0);
    expect(status.setAside).toHaveLength(1);
    expect(status.setAside[0]).toMatchObject({ rowId: foreignId, op: 'create', label: p.name });
    expect(status.setAside[0]!.reason).toMatch(/本社区/);
    const onServer = await serverRows(a1, ['residents']);
    expect([...onServer.keys()].sort()).toEqual(
      [`residents:${before[0]!.id}`, `residents:${after[0]!.id}`].sort(),
    );
    const receipts = await a1.call('sync.receipts', {});
    expect(receipts.items.find((x) => x.entity === 'residents')).toMatchObject({ applied: 2, rejected: 1 });
    // retry: a new entry with the same change, rejected again; discard: gone from review and from this PC
    const retried = await a1.call('sync.retry', { seq: status.setAside[0]!.seq });
    expect(retried.newSeq).toBeGreaterThan(retried.seq);
    expect(await a1.sync()).toMatchObject({ pushed: 0, rejected: 1 });
    const again = await a1.call('sync.setAside', {});
    expect(again.items.map((x) => x.seq)).toEqual([retried.newSeq]);
    await a1.call('sync.discard', { seq: retried.newSeq! });
    expect((await a1.call('sync.setAside', {})).items).toHaveLength(0);
    await expectEqualToServer(a1);
  } finally {
    await a1.close();
  }
}

/** A revoked station is refused with a message that says what to do; its work stays queued locally. */
export async function revokedRefused(d: District, seed: number): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  try {
    await createPeople(a1, peopleFrom(seed), 1);
    await a1.sync();
    await d.server.revokeStation(a1.stationId);
    await createPeople(a1, peopleFrom(seed + 1000), 1);
    await expect(a1.sync()).rejects.toThrow(/停用.*联系区/);
    const status = await a1.call('sync.status', {});
    expect(status.pendingCount).toBe(1);
    expect(status.lastError).toMatch(/区里已停用本机的同步/);
    expect(status.serverReachable).toBe(true);
  } finally {
    await a1.close();
  }
}

/**
 * The same ID number at two communities: the second registration stays that community's own, held; its
 * offline edit waits at the district as a proposal and never reaches the first community's record.
 */
export async function samePersonTwoCommunities(d: District, seed: number): Promise<void> {
  const t = await trio(d);
  try {
    const p = peopleFrom(seed)();
    const kept = await t.a1.call('residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone });
    await t.a1.sync();
    // b registers the same person offline and edits the record before it hears of the other one
    const dup = await t.b.call('residents.create', { name: p.name, idNumber: p.idNumber });
    await t.b.call('residents.update', { id: dup.id, phone: '13700000007' });
    const r = await t.b.sync();
    expect(r).toMatchObject({ rejected: 0, proposals: 2 });
    const atB = await t.b.call('residents.findByIdNumber', { idNumber: p.idNumber });
    expect(atB.resident).toMatchObject({
      id: dup.id,
      phone: '13700000007',
      hold: { role: 'held', community: COMMUNITY_A },
    });
    await expect(t.b.call('residents.get', { id: kept.id })).rejects.toThrow(/找不到该居民/);
    // the edit made at b stayed b's: the first community's record is untouched, and it learns of b's registration
    await t.a1.sync();
    await t.a2.sync();
    for (const s of [t.a1, t.a2]) {
      const seen = await s.call('residents.get', { id: kept.id, reveal: true });
      expect(seen).toMatchObject({ phone: p.phone, hold: { role: 'kept', community: COMMUNITY_B } });
    }
    for (const s of [t.a1, t.a2, t.b]) await expectEqualToServer(s);
  } finally {
    await t.close();
  }
}

/** A move between communities: gone from the old community's stations, present at the new one's. */
export async function moveBetweenCommunities(d: District, seed: number): Promise<void> {
  const t = await trio(d);
  try {
    const [mover, stayer] = await createPeople(t.a1, peopleFrom(seed), 2);
    await t.a1.sync();
    await t.a2.sync();
    await t.b.sync();
    await d.server.transferResident(mover!.id, COMMUNITY_B);
    for (const s of [t.a1, t.a2, t.b]) await s.sync();
    await expect(t.a1.call('residents.get', { id: mover!.id })).rejects.toThrow(/找不到该居民/);
    await expect(t.a2.call('residents.get', { id: mover!.id })).rejects.toThrow(/找不到该居民/);
    expect((await t.b.call('residents.get', { id: mover!.id })).communityCode).toBe(COMMUNITY_B);
    expect((await t.a2.call('residents.get', { id: stayer!.id })).name).toBe(stayer!.name);
    // the new community's station can now edit the person; the old one's PCs no longer see it
    await t.b.call('residents.update', { id: mover!.id, note: '已迁入' });
    expect(await t.b.sync()).toMatchObject({ pushed: 1, rejected: 0 });
    for (const s of [t.a1, t.a2, t.b]) await expectEqualToServer(s);
  } finally {
    await t.close();
  }
}

/** A new PC in a community with data takes a snapshot, then pulls; it ends equal to the server. */
export async function newPcBootstraps(d: District, seed: number): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  let a3: SyncedStation | undefined;
  try {
    const hh = await a1.call('households.create', { address: '景昙路 1 号', subsistence: 'none' });
    const people = await createPeople(a1, peopleFrom(seed), 30);
    await a1.call('households.setMember', {
      householdId: hh.id,
      residentId: people[0]!.id,
      relation: '户主',
    });
    await a1.sync();
    a3 = await enrolledStation(d, COMMUNITY_A);
    const r = await a3.sync();
    expect(r.pulled).toBeGreaterThanOrEqual(31);
    expect((await a3.call('households.get', { id: hh.id })).members.map((m) => m.id)).toEqual([
      people[0]!.id,
    ]);
    await expectEqualToServer(a3);
    // it pulls on from the snapshot's cursor
    await a1.call('residents.update', { id: people[1]!.id, note: '快照之后' });
    await a1.sync();
    await a3.sync();
    expect((await a3.call('residents.get', { id: people[1]!.id })).note).toBe('快照之后');
  } finally {
    await a1.close();
    await a3?.close();
  }
}

/**
 * A person registered at two communities is then moved by the district to the second one: that decides the
 * merge — the second registration stands, the first community's stations drop the person — and both
 * communities agree with the district.
 */
export async function mergedPersonThenMoved(d: District, seed: number): Promise<void> {
  const t = await trio(d);
  try {
    const p = peopleFrom(seed)();
    const kept = await t.a1.call('residents.create', {
      name: p.name,
      idNumber: p.idNumber,
      note: '景昙登记',
    });
    await t.a1.sync();
    const dup = await t.b.call('residents.create', { name: p.name, idNumber: p.idNumber });
    await t.b.sync();
    await d.server.transferResident(kept.id, COMMUNITY_B);
    for (const s of [t.a1, t.b]) await s.sync();
    await expect(t.a1.call('residents.get', { id: kept.id })).rejects.toThrow(/找不到该居民/);
    expect(await t.b.call('residents.get', { id: dup.id })).toMatchObject({
      communityCode: COMMUNITY_B,
      note: '景昙登记',
      hold: null,
    });
    // the old community's snapshot agrees with its log
    for (const s of [t.a1, t.b]) await expectEqualToServer(s);
  } finally {
    await t.close();
  }
}
