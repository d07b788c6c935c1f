// Issue 8: ordinary desk work on two offline PCs must never stop a community's sync. Each scenario is a
// reproduction of a wedge found from outside (two PCs filling one contact card, card numbers issued before
// enrolment, two valid cards for one person, a malformed row in the district's store); run on SQLite and
// PostgreSQL by wedges.test.ts. Every station ends equal to the district, with nothing pending.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { EntityName } from '../../shared/sync/entities';
import { newStation } from '../factories/station';
import {
  COMMUNITY_A,
  enrol,
  enrolledStation,
  peopleFrom,
  serverRows,
  stationRows,
  type District,
  type SyncedStation,
} from './harness';

const CARD_ENTITIES: EntityName[] = ['residents', 'cards', 'contact_cards', 'card_plans'];

/** The station holds exactly the district's live rows of its community, nothing pending or set aside. */
export async function expectConverged(s: SyncedStation, entities: EntityName[] = CARD_ENTITIES) {
  const [mine, theirs] = await Promise.all([stationRows(s, entities), serverRows(s, entities)]);
  expect([...mine.keys()].sort(), `station ${s.stationId}`).toEqual([...theirs.keys()].sort());
  for (const [k, v] of mine) expect(v, k).toEqual(theirs.get(k));
  const status = await s.call('sync.status', {});
  expect(status.pendingCount).toBe(0);
  expect((await s.call('sync.pulledAside', {})).items).toEqual([]);
}

async function contactCards(s: SyncedStation) {
  return s.station.db.selectFrom('contact_cards').selectAll().execute();
}

async function cardFor(s: SyncedStation, tag: string) {
  const p = peopleFrom(tag.length * 97 + tag.charCodeAt(0))();
  const r = await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
  const card = await s.call('cards.issue', { residentId: r.id, categories: ['veteran'], reason: '持退役证' });
  return { resident: r, card };
}

/** Defect 1: two PCs fill in the same contact card offline. */
export async function contactCardOnTwoPcs(d: District): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  const a2 = await enrolledStation(d, COMMUNITY_A);
  try {
    const { card } = await cardFor(a1, 'contact');
    await a1.sync();
    await a2.sync();
    await a1.call('cards.setContact', {
      cardId: card.id,
      officerName: '张援助',
      officerPhone: '13900000001',
      hours: '工作日 9:00-17:00',
    });
    await a2.call('cards.setContact', {
      cardId: card.id,
      officerName: '李援助',
      officerPhone: '13900000002',
      hours: '工作日 9:00-17:00',
    });
    await a1.sync();
    const second = await a2.sync();
    // the officer pair conflicts (same card, both PCs): recorded for a person, never a wedge
    expect(second.conflicts).toBeGreaterThan(0);
    await a1.sync();
    for (const s of [a1, a2]) {
      const rows = await contactCards(s);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id: card.id,
        card_id: card.id,
        officer_name: '张援助',
        hours: '工作日 9:00-17:00',
      });
      await expectConverged(s);
    }
  } finally {
    await Promise.all([a1.close(), a2.close()]);
  }
}

/** Defect 1, from a station of the old version: each PC made its own contact-card id. */
export async function legacyContactCardIdsRedirect(d: District): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  const a2 = await enrolledStation(d, COMMUNITY_A);
  try {
    const { card } = await cardFor(a1, 'legacy');
    await a1.sync();
    await a2.sync();
    for (const [s, name] of [
      [a1, '张援助'],
      [a2, '李援助'],
    ] as const) {
      await s.call('cards.setContact', {
        cardId: card.id,
        officerName: name,
        officerPhone: '13900000001',
        hours: '全天',
      });
      // what the old version did: a new random id for the contact card on each PC
      const legacyId = randomUUID();
      await sql`update contact_cards set id = ${legacyId} where card_id = ${card.id}`.execute(s.station.db);
      await sql`update outbox set row_id = ${legacyId} where entity = 'contact_cards'`.execute(s.station.db);
    }
    await a1.sync();
    await a2.sync();
    await a1.sync();
    const kept = (await contactCards(a1))[0]!;
    for (const s of [a1, a2]) {
      const rows = await contactCards(s);
      expect(rows.map((r) => r.id)).toEqual([kept.id]);
      await expectConverged(s);
    }
  } finally {
    await Promise.all([a1.close(), a2.close()]);
  }
}

/** Defect 2: cards issued on two PCs before either was enrolled get distinct numbers; printed ones a reprint task. */
export async function cardsIssuedBeforeEnrolment(d: District): Promise<void> {
  const s1 = await newStation({ communityCode: COMMUNITY_A, stationNumber: null });
  const s2 = await newStation({ communityCode: COMMUNITY_A, stationNumber: null });
  try {
    const c1 = (await cardFor(s1 as SyncedStation, 'first')).card;
    const c2 = (await cardFor(s2 as SyncedStation, 'second')).card;
    expect(c1.cardNumber).toMatch(/^330104005051-00-\d{4}-00001$/);
    expect(c2.cardNumber).toBe(c1.cardNumber);
    await s2.call('cards.logPrint', { ids: [c2.id], layout: 'card' });
    const a1 = await enrol(d, s1, COMMUNITY_A);
    const a2 = await enrol(d, s2, COMMUNITY_A);
    for (const s of [a1, a2, a1, a2]) expect(await s.sync()).toMatchObject({ rejected: 0 });
    const n1 = (await a1.call('cards.get', { id: c1.id })).cardNumber;
    const n2 = (await a1.call('cards.get', { id: c2.id })).cardNumber;
    expect(n1).toMatch(/^330104005051-01-\d{4}-00001$/);
    expect(n2).toMatch(/^330104005051-02-\d{4}-00001$/);
    // the card printed with its provisional number must be printed again; the other was never printed
    const reprints = (await a2.call('cards.reprints', {})).items;
    expect(reprints).toMatchObject([{ cardId: c2.id, oldNumber: c2.cardNumber, newNumber: n2 }]);
    expect((await a1.call('cards.reprints', {})).items).toEqual([]);
    await a2.call('cards.logPrint', { ids: [c2.id], layout: 'card' });
    expect((await a2.call('cards.reprints', {})).items).toEqual([]);
    await a2.sync();
    await a1.sync();
    for (const s of [a1, a2]) await expectConverged(s);
  } finally {
    await Promise.all([s1.close(), s2.close()]);
  }
}

/** Defect 2, the district's backstop: two enrolled PCs still issuing under one station number. */
export async function districtRenumbersADuplicateNumber(d: District): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  const a2 = await enrolledStation(d, COMMUNITY_A);
  try {
    // an old station that never took the district's number
    await sql`update meta set value = '1' where key = 'station_number'`.execute(a2.station.db);
    await a2.station.reload();
    const c1 = (await cardFor(a1, 'one')).card;
    const c2 = (await cardFor(a2, 'two')).card;
    expect(c2.cardNumber).toBe(c1.cardNumber);
    await a2.call('cards.logPrint', { ids: [c2.id], layout: 'card' });
    await a1.sync();
    expect(await a2.sync()).toMatchObject({ rejected: 0 });
    await a1.sync();
    const renumbered = (await a2.call('cards.get', { id: c2.id })).cardNumber;
    expect(renumbered).toMatch(/^330104005051-99-\d{4}-00001$/);
    expect((await a1.call('cards.get', { id: c1.id })).cardNumber).toBe(c1.cardNumber);
    expect((await a2.call('cards.reprints', {})).items).toMatchObject([
      { cardId: c2.id, newNumber: renumbered },
    ]);
    for (const s of [a1, a2]) await expectConverged(s);
  } finally {
    await Promise.all([a1.close(), a2.close()]);
  }
}

/** Defect 8: two PCs of one community each issue a valid card to the same person offline. */
export async function oneValidCardPerPerson(d: District): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  const a2 = await enrolledStation(d, COMMUNITY_A);
  try {
    const p = peopleFrom(808)();
    const r = await a1.call('residents.create', { name: p.name, idNumber: p.idNumber });
    await a1.sync();
    await a2.sync();
    const first = await a1.call('cards.issue', {
      residentId: r.id,
      categories: ['veteran'],
      reason: '持退役证',
    });
    const second = await a2.call('cards.issue', {
      residentId: r.id,
      categories: ['veteran'],
      reason: '持退役证',
    });
    await a1.sync();
    expect((await a2.sync()).conflicts).toBeGreaterThan(0);
    await a1.sync();
    for (const s of [a1, a2]) {
      const valid = (await s.call('cards.list', { residentId: r.id, status: 'valid' })).items;
      expect(valid.map((c) => c.id)).toEqual([first.id]);
      const lost = await s.call('cards.get', { id: second.id });
      expect(lost.status).toBe('cancelled');
      await expectConverged(s);
    }
    const conflicts = (await a2.call('sync.conflicts', {})).items;
    expect(conflicts.some((c) => c.field === 'status')).toBe(true);
  } finally {
    await Promise.all([a1.close(), a2.close()]);
  }
}

/**
 * Writes a resident the district's validation would refuse straight into its store and log (no name, a
 * birth date of "garbage", an income section that is not JSON), as a server of the old version took them.
 */
export async function injectMalformedResident(
  db: District['server']['store']['db'],
  community: string,
  idNumber: string,
): Promise<string> {
  const bad = randomUUID();
  const fields = {
    community_code: community,
    name: null,
    id_number: idNumber,
    birth_date: 'garbage',
    sex: 'F',
    landless_farmer: 0,
    subsistence: 'none',
    veteran: 0,
    single_parent: 0,
    released_or_rehab: 0,
    clear_income: 'not json',
  };
  const head = await db
    .selectFrom('log_heads')
    .select('last_sseq')
    .where('community_code', '=', community)
    .executeTakeFirstOrThrow();
  const sseq = Number(head.last_sseq) + 1;
  await db
    .updateTable('log_heads')
    .set({ last_sseq: sseq })
    .where('community_code', '=', community)
    .execute();
  const now = new Date().toISOString();
  const json = JSON.stringify(fields);
  await db
    .insertInto('sync_log')
    .values({
      community_code: community,
      sseq,
      entity: 'residents',
      row_id: bad,
      kind: 'upsert',
      fields: json,
      redirect_to: null,
      origin: null,
      created_at: now,
    })
    .execute();
  await db
    .insertInto('sync_rows')
    .values({
      entity: 'residents',
      row_id: bad,
      community_code: community,
      fields: json,
      field_versions: '{}',
      deleted: 0,
      updated_seq: sseq,
      updated_at: now,
    })
    .execute();
  return bad;
}

/** Defect 3: a malformed row already in the district's store (written before validation existed). */
export async function malformedStoredRowIsSetAside(d: District): Promise<void> {
  const a1 = await enrolledStation(d, COMMUNITY_A);
  const people = peopleFrom(303);
  try {
    const good = people();
    const r = await a1.call('residents.create', { name: good.name, idNumber: good.idNumber });
    await a1.sync();
    // corrupt the district's copy and log of one row, as an unvalidated push of the old version could
    const bad = await injectMalformedResident(d.server.store.db, COMMUNITY_A, people().idNumber);
    const db = d.server.store.db;
    // and a good edit after it, which must still arrive
    const a2 = await enrolledStation(d, COMMUNITY_A);
    try {
      const later = people();
      await a1.call('residents.update', { id: r.id, phone: later.phone });
      await a1.sync();
      for (const s of [a1, a2]) {
        await s.sync();
        expect((await s.call('residents.get', { id: r.id })).phone).toBe(later.phone);
        const aside = (await s.call('sync.pulledAside', {})).items;
        expect(aside).toMatchObject([{ entity: 'residents', rowId: bad }]);
        expect(aside[0]!.reason).toMatch(/居民/);
        expect(aside[0]!.reason).not.toMatch(/[a-z]_[a-z]/);
        // the desk keeps working
        expect((await s.call('residents.list', { offset: 0, limit: 50 })).total).toBe(1);
      }
      // reported to the district with the next push
      await a1.sync();
      const reported = await db.selectFrom('pull_problems').selectAll().where('row_id', '=', bad).execute();
      expect(reported.length).toBeGreaterThan(0);
    } finally {
      await a2.close();
    }
  } finally {
    await a1.close();
  }
}
