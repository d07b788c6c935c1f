// Issue 15: contact marks made on two offline PCs of one community, with a real district server (SQLite and
// PostgreSQL). Both PCs mark the same person (who holds no card: the plan is opened for them on each PC,
// one row by its id) — both services reach the district and both PCs, the rows stay off both work lists
// until the later of the two due dates, and nothing is rejected or in conflict.
import { describe, expect, it } from 'vitest';
import { COMMUNITY_A, enrolledStation, peopleFrom, startDistrict } from './harness';
import type { District, SyncedStation } from './harness';
import { expectEqualToServer } from './scenarios';
import { addDays, todayInChina } from '../../shared/domain/dates';

async function withDistrict(pg: boolean, fn: (d: District) => Promise<void>): Promise<void> {
  const d = await startDistrict({ pg });
  try {
    await fn(d);
  } finally {
    await d.close();
  }
}

async function onWorklist(s: SyncedStation, id: string): Promise<boolean> {
  const w = await s.call('worklist.today', { offset: 0, limit: 500 });
  return w.items.some((i) => i.resident.id === id);
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: contact marks on two offline PCs', (_store, pg) => {
  it('both marks land at both PCs; the person stays off both work lists', () =>
    withDistrict(pg, async (d) => {
      const a1 = await enrolledStation(d, COMMUNITY_A);
      const a2 = await enrolledStation(d, COMMUNITY_A, { stationNumber: 2 });
      try {
        const today = todayInChina();
        const p = peopleFrom(1508)();
        const r = await a1.call('residents.create', {
          name: p.name,
          idNumber: p.idNumber,
          unemployment: { status: 'unemployed', since: addDays(today, -60), confirmedAt: today },
        });
        const other = peopleFrom(1509)();
        const q = await a1.call('residents.create', { name: other.name, idNumber: other.idNumber });
        await a1.sync();
        await a2.sync();
        expect(await onWorklist(a2, r.id)).toBe(true);

        // offline: a1 phones, a2 knocks on the door the same day
        const m1 = await a1.call('worklist.markContacted', {
          residentId: r.id,
          how: 'phone',
          note: '电话已通',
        });
        const m2 = await a2.call('worklist.markContacted', {
          residentId: r.id,
          how: 'visit',
          note: '上门核实就业意向',
          nextDue: addDays(today, 45),
        });
        // a2 alone marks the other person: a1 learns it from the district
        await a2.call('worklist.markContacted', { residentId: q.id, how: 'unreached' });
        expect(await a1.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
        expect(await a2.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
        await a1.sync();

        for (const s of [a1, a2]) {
          const marks = (await s.call('worklist.contacts', { residentId: r.id })).items;
          expect(marks.map((m) => m.id).sort()).toEqual([m1.service.id, m2.service.id].sort());
          expect(marks.find((m) => m.id === m2.service.id)).toMatchObject({
            kind: 'contact_visit',
            nextDue: addDays(today, 45),
          });
          expect(await onWorklist(s, r.id)).toBe(false);
          expect(await onWorklist(s, q.id)).toBe(false);
          await expectEqualToServer(s);
        }
        // one plan for the person at the district, whichever PC opened it
        const plans = await d.server.db
          .selectFrom('sync_rows')
          .select('row_id')
          .where('entity', '=', 'card_plans')
          .execute();
        expect(plans.map((x) => x.row_id).sort()).toEqual([q.id, r.id].sort());
      } finally {
        await Promise.all([a1.close(), a2.close()]);
      }
    }));
});
