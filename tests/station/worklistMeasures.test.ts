// worklist.today with overdue plan measures: promises already made to a card holder come first, by due
// date, then the six-clears work as before; total and paging run across both kinds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/contract';
import type { TestStation } from '../factories/station';
import { Clock, loginAgain, makeResident, rng, stationAt } from '../cards/helpers';

let clock: Clock;
let s: TestStation;
beforeEach(async () => {
  clock = new Clock(); // 2026-03-15
  s = await stationAt(clock);
});
afterEach(async () => {
  await s.close();
});

async function holderWithCard(seed: number) {
  const resident = await makeResident(s, rng(seed));
  const card = await s.call('cards.issue', { residentId: resident.id, categories: ['older_unemployed'] });
  return { resident, card };
}

const brief = (w: WorkItem) =>
  w.kind === 'measure' ? `measure:${w.measure!.owner}` : `clears:${w.resident.name}`;

describe('worklist.today with overdue measures', () => {
  it('lists overdue measures first by due date, then the six-clears items; total counts both', async () => {
    const a = await holderWithCard(1);
    const b = await holderWithCard(2);
    const c = await holderWithCard(3);
    const plain = await makeResident(s, rng(4)); // no card: six-clears work only
    const ma = await s.call('plans.addMeasure', {
      cardId: a.card.id,
      kind: 'job_recommendation',
      owner: '甲',
      dueDate: '2026-03-18',
      note: '推荐保洁岗位',
    });
    const mb = await s.call('plans.addMeasure', {
      cardId: b.card.id,
      kind: 'follow_up_visit',
      owner: '乙',
      dueDate: '2026-03-16',
    });
    await s.call('plans.addMeasure', {
      cardId: c.card.id,
      kind: 'training',
      owner: '丙',
      dueDate: '2026-04-30',
    }); // not due yet
    const done = await s.call('plans.addMeasure', {
      cardId: c.card.id,
      kind: 'training',
      owner: '丁',
      dueDate: '2026-03-17',
    });
    await s.call('plans.completeMeasure', { measureId: done.id, result: '已参加培训' });

    clock.set('2026-03-25');
    const call = await loginAgain(s);
    const work = await call('worklist.today', { offset: 0, limit: 100 });
    expect(work.total).toBe(2 + 4);
    expect(work.items.map(brief).slice(0, 2)).toEqual(['measure:乙', 'measure:甲']);
    expect(work.items.slice(2).every((w) => w.kind === 'clears' && w.measure === undefined)).toBe(true);
    expect(
      work.items
        .slice(2)
        .map((w) => w.resident.id)
        .sort(),
    ).toEqual(
      [a, b, c]
        .map((x) => x.resident.id)
        .concat(plain.id)
        .sort(),
    );

    const first = work.items[0]!;
    expect(first).toMatchObject({
      kind: 'measure',
      reason: 'overdue',
      sections: [],
      resident: { id: b.resident.id, name: b.resident.name, idNumber: b.resident.idNumber },
      measure: {
        id: mb.id,
        cardId: b.card.id,
        cardNumber: b.card.cardNumber,
        kind: 'follow_up_visit',
        owner: '乙',
        dueDate: '2026-03-16',
        note: null,
        daysOverdue: 9,
      },
    });
    expect(work.items[1]!.measure).toMatchObject({ id: ma.id, note: '推荐保洁岗位', daysOverdue: 7 });
    // the holder's ID number stays masked here as everywhere in lists
    expect(first.resident.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

    // the clears items are exactly what the list had before measures joined it
    const clearsOnly = await call('residents.list', {
      offset: 0,
      limit: 100,
      filter: { sixClears: 'incomplete' },
    });
    expect(work.total - 2).toBe(clearsOnly.total);
  });

  it('pages across the two kinds without losing or repeating an item', async () => {
    const holders = [await holderWithCard(11), await holderWithCard(12), await holderWithCard(13)];
    let day = 1;
    for (const h of holders) {
      for (const owner of ['甲', '乙']) {
        await s.call('plans.addMeasure', {
          cardId: h.card.id,
          kind: 'training',
          owner,
          dueDate: `2026-03-${String(15 + day).padStart(2, '0')}`,
        });
        day++;
      }
    }
    await makeResident(s, rng(14));
    clock.set('2026-04-10');
    const call = await loginAgain(s);
    const all = await call('worklist.today', { offset: 0, limit: 500 });
    expect(all.total).toBe(6 + 4);
    expect(all.items).toHaveLength(10);
    const dues = all.items.filter((w) => w.kind === 'measure').map((w) => w.measure!.dueDate);
    expect(dues).toEqual([...dues].sort());
    for (const size of [1, 3, 4, 7]) {
      const paged: WorkItem[] = [];
      for (let offset = 0; offset < all.total; offset += size) {
        const page = await call('worklist.today', { offset, limit: size });
        expect(page.total).toBe(all.total);
        paged.push(...page.items);
      }
      expect(
        paged.map((w) => `${w.kind}:${w.measure?.id ?? w.resident.id}`),
        `page size ${size}`,
      ).toEqual(all.items.map((w) => `${w.kind}:${w.measure?.id ?? w.resident.id}`));
    }
    expect((await call('worklist.today', { offset: 10, limit: 5 })).items).toEqual([]);
  });

  it('a cancelled card or a removed holder takes the measure off the list', async () => {
    const a = await holderWithCard(21);
    const b = await holderWithCard(22);
    await s.call('plans.addMeasure', {
      cardId: a.card.id,
      kind: 'training',
      owner: '甲',
      dueDate: '2026-03-16',
    });
    await s.call('plans.addMeasure', {
      cardId: b.card.id,
      kind: 'training',
      owner: '乙',
      dueDate: '2026-03-16',
    });
    clock.set('2026-03-20');
    const call = await loginAgain(s);
    expect((await call('worklist.today', {})).items.filter((w) => w.kind === 'measure')).toHaveLength(2);
    await call('cards.cancel', { id: a.card.id, reason: '迁出本社区' });
    await call('residents.remove', { id: b.resident.id });
    const after = await call('worklist.today', {});
    expect(after.items.filter((w) => w.kind === 'measure')).toEqual([]);
    expect(after.total).toBe(1); // a is still six-clears work; b is gone
  });
});
