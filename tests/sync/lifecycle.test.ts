// Issue 15: a resident's lifecycle (moved away, retired, deceased, left working age) is one synced field.
// Two offline PCs of one community with a real district server (SQLite and PostgreSQL):
// - both set a different state: the district keeps one (its order decides), a conflict record keeps the
//   other for a person to review (the first state to reach the district stays), both PCs end with the district's row, the person is never deleted and
//   stays off both work lists;
// - one edits the person while the other marks them deceased: the edit and the death merge (different
//   fields), neither PC revives the person, neither loses the edit;
// - one puts the person back in the book while the other edits: both land.
import { describe, expect, it } from 'vitest';
import { COMMUNITY_A, enrolledStation, peopleFrom, startDistrict } from './harness';
import type { District, SyncedStation } from './harness';
import { expectEqualToServer } from './scenarios';
import { readStoredFields } from '../../server/sync/rowCodec';
import { addDays, todayInChina } from '../../shared/domain/dates';

async function withDistrict(pg: boolean, fn: (d: District) => Promise<void>): Promise<void> {
  const d = await startDistrict({ pg });
  try {
    await fn(d);
  } finally {
    await d.close();
  }
}

/** The district's stored lifecycle of a resident (null while in the book) and whether the row is deleted. */
async function districtRow(
  d: District,
  id: string,
): Promise<{ lifecycle: unknown; deleted: number; phone: unknown }> {
  const r = await d.server.db
    .selectFrom('sync_rows')
    .selectAll()
    .where('entity', '=', 'residents')
    .where('row_id', '=', id)
    .executeTakeFirstOrThrow();
  const f = await readStoredFields(d.server.db, r.fields);
  const raw = f.lifecycle;
  return {
    lifecycle: typeof raw === 'string' ? JSON.parse(raw) : raw,
    deleted: Number(r.deleted),
    phone: f.phone,
  };
}

async function onWorklist(s: SyncedStation, id: string): Promise<boolean> {
  const w = await s.call('worklist.today', { offset: 0, limit: 500 });
  return w.items.some((i) => i.resident.id === id);
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: a resident lifecycle set on two offline PCs', (_store, pg) => {
  it('two different states: one kept by the district, the other in a conflict record; never deleted', () =>
    withDistrict(pg, async (d) => {
      const a1 = await enrolledStation(d, COMMUNITY_A);
      const a2 = await enrolledStation(d, COMMUNITY_A, { stationNumber: 2 });
      try {
        const p = peopleFrom(1501)();
        const r = await a1.call('residents.create', { name: p.name, idNumber: p.idNumber });
        await a1.sync();
        await a2.sync();
        expect(await onWorklist(a2, r.id)).toBe(true);

        const today = todayInChina();
        // offline: a1 records a retirement, a2 a move away, each with its own date and reason
        const retired = { state: 'retired' as const, date: addDays(today, -20), reason: '办理退休手续' };
        const moved = {
          state: 'moved_away' as const,
          date: addDays(today, -10),
          reason: '随子女迁居',
          destination: '上海市浦东新区',
        };
        await a1.call('residents.setLifecycle', { id: r.id, lifecycle: retired });
        await a2.call('residents.setLifecycle', { id: r.id, lifecycle: moved });

        expect(await a1.sync()).toMatchObject({ rejected: 0 });
        const second = await a2.sync();
        expect(second).toMatchObject({ rejected: 0 });
        await a1.sync();

        // the district holds one state, the first to arrive (its order decides); a2's push met it
        const atDistrict = await districtRow(d, r.id);
        expect(atDistrict.deleted).toBe(0);
        expect(atDistrict.lifecycle).toEqual(retired);
        expect(second.conflicts).toBeGreaterThanOrEqual(1);
        // the other state is not lost: a conflict record keeps it for a person to review
        const conflicts = [
          ...(await a1.call('sync.conflicts', {})).items,
          ...(await a2.call('sync.conflicts', {})).items,
        ].filter((c) => c.rowId === r.id && c.field === 'lifecycle');
        expect(conflicts.length).toBeGreaterThanOrEqual(1);
        const kept = conflicts.map((c) =>
          [c.mine, c.theirs].map((v) => (typeof v === 'string' ? JSON.parse(v) : v)),
        );
        expect(kept.flat()).toEqual(expect.arrayContaining([retired, moved]));

        // both PCs show the district's state, the person is still there, and off both work lists
        for (const s of [a1, a2]) {
          const got = await s.call('residents.get', { id: r.id });
          expect(got.lifecycle).toEqual(retired);
          expect(await onWorklist(s, r.id)).toBe(false);
          const listed = await s.call('residents.list', {
            offset: 0,
            limit: 50,
            filter: { lifecycle: 'left' },
          });
          expect(listed.items.map((i) => i.id)).toEqual([r.id]);
          await expectEqualToServer(s);
        }
      } finally {
        await Promise.all([a1.close(), a2.close()]);
      }
    }));

  it('one PC edits the person while the other marks them deceased: both land, nobody is revived', () =>
    withDistrict(pg, async (d) => {
      const a1 = await enrolledStation(d, COMMUNITY_A);
      const a2 = await enrolledStation(d, COMMUNITY_A, { stationNumber: 2 });
      try {
        const p = peopleFrom(1502)();
        const r = await a1.call('residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone });
        await a1.sync();
        await a2.sync();

        const today = todayInChina();
        const deceased = { state: 'deceased' as const, date: addDays(today, -3), reason: '家属告知，病故' };
        // offline: a1 updates the phone and the unemployment section; a2 records the death
        await a1.call('residents.update', {
          id: r.id,
          phone: '13905710000',
          unemployment: { status: 'unemployed', since: addDays(today, -100), confirmedAt: today },
        });
        await a2.call('residents.setLifecycle', { id: r.id, lifecycle: deceased });
        // either order of arrival: the death first, then the edit
        expect(await a2.sync()).toMatchObject({ rejected: 0 });
        expect(await a1.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
        await a2.sync();

        const atDistrict = await districtRow(d, r.id);
        expect(atDistrict).toMatchObject({ deleted: 0, lifecycle: deceased, phone: '13905710000' });
        for (const s of [a1, a2]) {
          const got = await s.call('residents.get', { id: r.id });
          expect(got.lifecycle).toEqual(deceased);
          expect(got.phone).toBe('13905710000');
          expect(got.unemployment?.status).toBe('unemployed');
          // an unemployed person would head the work list; a dead one is not on it
          expect(await onWorklist(s, r.id)).toBe(false);
          expect((await s.call('sync.conflicts', {})).items.filter((c) => c.rowId === r.id)).toEqual([]);
          await expectEqualToServer(s);
        }

        // back in the book at a2 (a wrong report of death) while a1 edits the address: both land
        await a2.call('residents.setLifecycle', { id: r.id, lifecycle: null });
        await a1.call('residents.update', { id: r.id, address: '景昙路 18 号' });
        expect(await a1.sync()).toMatchObject({ rejected: 0 });
        expect(await a2.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
        await a1.sync();
        expect((await districtRow(d, r.id)).lifecycle).toBeNull();
        for (const s of [a1, a2]) {
          const got = await s.call('residents.get', { id: r.id });
          expect(got.lifecycle).toBeNull();
          expect(got.address).toBe('景昙路 18 号');
          expect(await onWorklist(s, r.id)).toBe(true);
          await expectEqualToServer(s);
        }
      } finally {
        await Promise.all([a1.close(), a2.close()]);
      }
    }));
});
