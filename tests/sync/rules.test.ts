// The station-side rules of sync that do not need a faulty network: the weekly deadline, clock words,
// backoff, the 0002 migration, local pending edits surviving a pull, pulled changes never queued again,
// keep mine / keep theirs, one run at a time, and background sync with backoff.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Kysely, sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import * as m0001 from '../../station/db/migrations/0001_core';
import * as m0002 from '../../station/db/migrations/0002_sync';
import { deadlineState, deadlinesAround } from '../../station/sync/deadline';
import { clockMessage } from '../../station/sync/messages';
import { backoffDelay, startBackgroundSync } from '../../station/sync/scheduler';
import { pullLog } from '../../station/sync/pull';
import { readSyncState } from '../../station/sync/state';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
} from './harness';
import { startFaultProxy } from './faultProxy';
import { expectEqualToServer } from './scenarios';
import { newStation } from '../factories/station';

describe('weekly upload deadline (Friday 17:00 China time)', () => {
  it('finds the deadlines around a Wednesday morning', () => {
    const { previous, next } = deadlinesAround(new Date('2026-11-25T02:00:00Z'), 5, '17:00');
    expect(next.toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(previous.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });
  it('rolls to next week once Friday 17:00 has passed', () => {
    const { previous, next } = deadlinesAround(new Date('2026-11-27T09:00:01Z'), 5, '17:00');
    expect(previous.toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(next.toISOString()).toBe('2026-12-04T09:00:00.000Z');
  });
  it('is missed when work from before the last deadline is still waiting, near within a day', () => {
    const now = new Date('2026-11-27T02:00:00Z');
    const { previous, next } = deadlinesAround(now, 5, '17:00');
    expect(deadlineState(now, next, previous, null)).toBe('ok');
    expect(deadlineState(now, next, previous, '2026-11-19T08:00:00.000Z')).toBe('missed');
    expect(deadlineState(now, next, previous, '2026-11-26T08:00:00.000Z')).toBe('near');
    expect(deadlineState(new Date('2026-11-24T02:00:00Z'), next, previous, '2026-11-23T08:00:00.000Z')).toBe(
      'ok',
    );
  });
});

describe('plain words', () => {
  it('says how far and which way the PC clock is off', () => {
    expect(clockMessage(3 * 86_400_000)).toMatch(/^本机时钟比服务器快 3 天，请先校准时钟再同步/);
    expect(clockMessage(-5 * 3_600_000)).toMatch(/^本机时钟比服务器慢 5 小时/);
    expect(clockMessage(90_000)).toBeNull();
    expect(clockMessage(null)).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(30, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('migration 0002_sync', () => {
  it('creates the sync tables after 0001 and drops them again', async () => {
    const db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(mkdtempSync(join(tmpdir(), 'liuqing-m2-')), 'm.sqlite') }),
    });
    await m0001.up(db);
    await m0002.up(db);
    const tables = async () =>
      (
        await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name like 'sync_%' order by name`.execute(
          db,
        )
      ).rows.map((r) => r.name);
    expect(await tables()).toEqual([
      'sync_conflicts',
      'sync_receipts',
      'sync_redirects',
      'sync_set_aside',
      'sync_state',
    ]);
    // one sync_state row only
    const row = {
      server_url: 'http://x',
      station_id: 's',
      community_code: COMMUNITY_A,
      station_number: 1,
      credential: 'c'.repeat(20),
      enrolled_at: 'now',
    };
    await db
      .insertInto('sync_state')
      .values({ id: 1, ...row })
      .execute();
    await expect(
      db
        .insertInto('sync_state')
        .values({ id: 2, ...row })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    expect(
      await db
        .selectFrom('sync_state')
        .select(['cursor', 'deadline_weekday', 'deadline_time'])
        .executeTakeFirstOrThrow(),
    ).toEqual({ cursor: 0, deadline_weekday: 5, deadline_time: '17:00' });
    await m0002.down(db);
    expect(await tables()).toEqual([]);
    await db.destroy();
  });
});

describe('station rules against a real district server', () => {
  let d: District;
  beforeEach(async () => {
    d = await startDistrict();
  });
  afterEach(async () => {
    await d.close();
  });

  it('keeps a pending local edit over a pulled value, applies other pulled fields, and queues nothing', async () => {
    const a1 = await enrolledStation(d, COMMUNITY_A);
    const a2 = await enrolledStation(d, COMMUNITY_A);
    try {
      const p = peopleFrom(21)();
      const r = await a1.call('residents.create', {
        name: p.name,
        idNumber: p.idNumber,
        phone: '13800000000',
      });
      await a1.sync();
      await a2.sync();
      await a1.call('residents.update', { id: r.id, phone: '13911111111', address: '新地址 1 号' });
      await a1.sync();
      await a2.call('residents.update', { id: r.id, phone: '13722222222' });
      const queued = await a2.station.db.selectFrom('outbox').select('seq').execute();
      const state = (await readSyncState(a2.station.db))!;
      await pullLog({
        db: a2.station.db,
        transport: { baseUrl: state.server_url, credential: state.credential },
        now: () => new Date(),
        pageSize: 100,
        snapshotPageSize: 100,
      });
      const mid = await a2.call('residents.get', { id: r.id });
      expect(mid.phone).toBe('13722222222'); // my pending edit stays
      expect(mid.address).toBe('新地址 1 号'); // the other field came down
      expect(await a2.station.db.selectFrom('outbox').select('seq').execute()).toEqual(queued);
      // pushed, it loses to a1's earlier edit and is kept as a conflict; keep mine writes it again
      expect(await a2.sync()).toMatchObject({ pushed: 1, conflicts: 1 });
      expect((await a2.call('residents.get', { id: r.id })).phone).toBe('13911111111');
      const [c] = (await a2.call('sync.conflicts', {})).items;
      expect(c).toMatchObject({ field: 'phone', mine: '13722222222', theirs: '13911111111' });
      const kept = await a2.call('sync.resolveConflict', { id: c!.id, keep: 'mine' });
      expect(kept.newSeq).toBeGreaterThan(0);
      expect((await a2.call('sync.conflicts', {})).items).toHaveLength(0);
      await a2.sync();
      await a1.sync();
      expect((await a1.call('residents.get', { id: r.id })).phone).toBe('13722222222');
      await expect(a2.call('sync.resolveConflict', { id: c!.id, keep: 'theirs' })).rejects.toThrow(
        /已经处理过/,
      );
      await expectEqualToServer(a1);
      await expectEqualToServer(a2);
    } finally {
      await a1.close();
      await a2.close();
    }
  });

  it('refuses an enrolment code of another community and explains a PC that is not enrolled', async () => {
    const s = await newStation({ communityCode: COMMUNITY_A });
    try {
      await expect(s.call('sync.now', {})).rejects.toThrow(/本机尚未登记到区服务器/);
      const other = await d.server.addStation(COMMUNITY_B);
      await expect(s.call('sync.enroll', { serverUrl: d.url, code: other.code })).rejects.toThrow(
        /登记码属于社区 330104005052，与本机的社区 330104005051 不符/,
      );
      await expect(s.call('sync.enroll', { serverUrl: d.url, code: 'ABCD-EFGH-JKMN' })).rejects.toThrow(
        /登记码无效/,
      );
      expect((await s.call('sync.status', {})).enrolled).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('runs one sync at a time: a second caller joins the run in progress', async () => {
    const proxy = await startFaultProxy(d.url);
    const a1 = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
    try {
      const person = peopleFrom(22);
      for (let i = 0; i < 5; i++) {
        const p = person();
        await a1.call('residents.create', { name: p.name, idNumber: p.idNumber });
      }
      proxy.resetStats();
      const [x, y] = await Promise.all([a1.sync(), a1.sync()]);
      expect(x).toEqual(y);
      expect(x.pushed).toBe(5);
      // one snapshot, one push, one pull and (first sync) one reference-data fetch: not twice each. The
      // district's shared vacancies, fairs and courses are not read: the pull said their heads are where
      // this station's cursors are (issue 14)
      expect(proxy.stats.requests).toBe(4);
    } finally {
      await a1.close();
      await proxy.close();
    }
  });

  it('syncs in the background after a write, backs off while the line is down, and recovers', async () => {
    const proxy = await startFaultProxy(d.url);
    const a1 = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
    const bg = startBackgroundSync(a1.station, {
      intervalMs: 60_000,
      afterWriteMs: 10,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
    });
    try {
      const person = peopleFrom(23);
      proxy.down = true;
      const p = person();
      await a1.call('residents.create', { name: p.name, idNumber: p.idNumber });
      await vi.waitFor(async () => expect(proxy.stats.refused).toBeGreaterThanOrEqual(3), {
        timeout: 10_000,
        interval: 20,
      });
      const down = await a1.call('sync.status', {});
      expect(down.serverReachable).toBe(false);
      expect(down.lastError).toMatch(/连不上区服务器/);
      proxy.down = false;
      await vi.waitFor(
        async () =>
          expect(await a1.call('sync.status', {})).toMatchObject({
            pendingCount: 0,
            lastError: null,
            serverReachable: true,
          }),
        { timeout: 10_000, interval: 20 },
      );
    } finally {
      bg.stop();
      await a1.close();
      await proxy.close();
    }
  });
});
