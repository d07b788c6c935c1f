// Card numbers without a network: two real stations of one community, offline, issuing many cards each,
// never produce the same number; the sequence restarts each year; a number already on file (pulled back
// after a reinstall) is never issued again; the format round-trips.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addDays } from '../../shared/domain/dates';
import { formatCardNumber, parseCardNumber } from '../../shared/domain/assistance/cardNumber';
import type { TestStation } from '../factories/station';
import { Clock, loginAgain, makeResident, rng, stationAt } from './helpers';

const open: TestStation[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function issueMany(s: TestStation, seed: number, n: number): Promise<string[]> {
  const r = rng(seed);
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await makeResident(s, r, { sex: 'M', birthDate: addDays('1970-01-01', i * 3) });
    numbers.push(
      (await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] })).cardNumber,
    );
  }
  return numbers;
}

describe('card numbers', () => {
  it('format and parse round-trip; bad forms are refused', () => {
    const n = formatCardNumber({ communityCode: '330104005051', stationNumber: 1, year: 2026, sequence: 1 });
    expect(n).toBe('330104005051-01-2026-00001');
    expect(parseCardNumber(n)).toEqual({
      communityCode: '330104005051',
      stationNumber: 1,
      year: 2026,
      sequence: 1,
    });
    expect(parseCardNumber('33010400505101202600001')).toEqual(parseCardNumber(n));
    // station 00: a provisional number issued before enrolment (renumbered at enrolment)
    expect(parseCardNumber('330104005051-00-2026-00001')?.stationNumber).toBe(0);
    expect(parseCardNumber('330104005051-01-2026-00000')).toBeNull();
    expect(parseCardNumber('330104005051-01-2026-0001')).toBeNull();
    expect(() =>
      formatCardNumber({ communityCode: '330104005051', stationNumber: 1, year: 2026, sequence: 100_000 }),
    ).toThrow();
  });

  it('two stations of one community working offline never clash', async () => {
    const clock = new Clock();
    const one = await stationAt(clock, { stationNumber: 1 });
    const two = await stationAt(clock, { stationNumber: 2 });
    open.push(one, two);
    const n = 60;
    // interleaved, as two PCs in one office would work
    const [a, b] = await Promise.all([issueMany(one, 100, n), issueMany(two, 200, n)]);
    expect(new Set([...a, ...b]).size).toBe(2 * n);
    expect(a.map((x) => parseCardNumber(x)!.stationNumber)).toEqual(Array(n).fill(1));
    expect(b.map((x) => parseCardNumber(x)!.stationNumber)).toEqual(Array(n).fill(2));
    // each station's sequence runs 1..n without gaps
    expect(a.map((x) => parseCardNumber(x)!.sequence)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(b.map((x) => parseCardNumber(x)!.sequence)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // land station 2's cards in station 1's database, as sync would: its unique index takes them all
    const holder = await one.station.db.selectFrom('residents').select('id').executeTakeFirstOrThrow();
    const rows = await two.station.db.selectFrom('cards').selectAll().execute();
    await one.station.db
      .insertInto('cards')
      .values(rows.map((r) => ({ ...r, resident_id: holder.id })))
      .execute();
    const all = await one.station.db.selectFrom('cards').select('card_number').execute();
    expect(new Set(all.map((r) => r.card_number)).size).toBe(2 * n);
  });

  it('the unique index refuses a second row with the same number', async () => {
    const s = await stationAt(new Clock());
    open.push(s);
    const [num] = await issueMany(s, 300, 1);
    const row = await s.station.db.selectFrom('cards').selectAll().executeTakeFirstOrThrow();
    await expect(
      s.station.db
        .insertInto('cards')
        .values({ ...row, id: '0190a0a0-0000-7000-8000-00000000beef' })
        .execute(),
    ).rejects.toThrow(/UNIQUE constraint failed: cards.card_number/);
    expect(num).toBe(row.card_number);
  });

  it('restarts the sequence in a new year and skips numbers already on file', async () => {
    const clock = new Clock();
    clock.set('2026-12-31');
    const s = await stationAt(clock);
    open.push(s);
    expect(await issueMany(s, 400, 2)).toEqual(['330104005051-01-2026-00001', '330104005051-01-2026-00002']);
    clock.set('2027-01-01');
    const call = await loginAgain(s);
    const res = await makeResident({ ...s, call }, rng(401));
    expect(
      (await call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] })).cardNumber,
    ).toBe('330104005051-01-2027-00001');
    // a reinstalled PC: its sequence table is empty but sync brought back a card numbered 00041
    await sql`delete from card_sequences`.execute(s.station.db);
    const pulled = await s.station.db
      .selectFrom('cards')
      .selectAll()
      .where('card_number', '=', '330104005051-01-2027-00001')
      .executeTakeFirstOrThrow();
    await s.station.db
      .updateTable('cards')
      .set({ card_number: '330104005051-01-2027-00041' })
      .where('id', '=', pulled.id)
      .execute();
    const res2 = await makeResident({ ...s, call }, rng(402));
    expect(
      (await call('cards.issue', { residentId: res2.id, categories: ['older_unemployed'] })).cardNumber,
    ).toBe('330104005051-01-2027-00042');
  });
});
