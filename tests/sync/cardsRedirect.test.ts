// Assistance-card data follows a person registered twice in one community (two PCs, offline): after the
// district keeps one person and redirects the other id, the card, its contact card, plan, measures and services
// point at the kept person on the server and on the stations, and nothing is orphaned or lost. A person held
// elsewhere is not redirected across communities (identityScope.test.ts): its cards stay its community's own.
// Real server over HTTP, real SQLite files.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTITIES, type EntityName } from '../../shared/sync/entities';
import { columnValue } from '../../station/sync/rows';
import { COMMUNITY_A, COMMUNITY_B, enrolledStation, peopleFrom, serverRows, startDistrict } from './harness';
import type { District, SyncedStation } from './harness';
import { expectEqualToServer } from './scenarios';

const CARD_ENTITIES: EntityName[] = [
  'residents',
  'cards',
  'contact_cards',
  'card_plans',
  'plan_measures',
  'plan_services',
];

let d: District;
let a: SyncedStation;
let b: SyncedStation;
describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: assistance cards of a person registered on two PCs of one community', (_store, pg) => {
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a = await enrolledStation(d, COMMUNITY_A);
    b = await enrolledStation(d, COMMUNITY_A);
  });
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await d?.close();
  });

  /** Live rows of the station (tables without `deleted_at` keep only live rows), synced fields only. */
  async function localRows(s: SyncedStation): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const entity of CARD_ENTITIES) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(entity)}`.execute(
        s.station.db,
      );
      for (const r of rows.rows) {
        if (r.deleted_at != null) continue;
        const fields: Record<string, unknown> = {};
        for (const f of ENTITIES[entity].fields)
          if (f !== 'deleted_at') fields[f] = columnValue(r[f] ?? null);
        out.set(`${entity}:${String(r.id)}`, fields);
      }
    }
    return out;
  }

  /** The station holds exactly the district's rows for its community, and no reference dangles. */
  async function expectCardsEqualToServer(s: SyncedStation): Promise<void> {
    const [mine, theirs] = await Promise.all([localRows(s), serverRows(s, CARD_ENTITIES)]);
    expect([...mine.keys()].sort(), `station ${s.stationId}`).toEqual([...theirs.keys()].sort());
    for (const [k, v] of mine) expect(v, k).toEqual(theirs.get(k));
    const dangling = await sql`select * from pragma_foreign_key_check`.execute(s.station.db);
    expect(dangling.rows).toEqual([]);
    await expectEqualToServer(s);
  }

  /** No live row anywhere (station or server) still points at the redirected id. */
  function expectNoReferenceTo(rows: Map<string, Record<string, unknown>>, oldId: string) {
    for (const [k, v] of rows) {
      expect(k.endsWith(`:${oldId}`), k).toBe(false);
      for (const [f, value] of Object.entries(v)) expect(value, `${k}.${f}`).not.toBe(oldId);
    }
  }

  async function issueWithPlan(s: SyncedStation, residentId: string, tag: string) {
    const card = await s.call('cards.issue', { residentId, categories: ['veteran'], reason: '持退役证' });
    await s.call('cards.setContact', {
      cardId: card.id,
      officerName: `援助员${tag}`,
      officerPhone: '13900000001',
      hours: '工作日 9:00-17:00',
    });
    const measure = await s.call('plans.addMeasure', {
      cardId: card.id,
      kind: 'training',
      owner: `责任人${tag}`,
      dueDate: '2099-06-30',
    });
    await s.call('plans.addService', { cardId: card.id, kind: 'follow_up_visit', note: `走访${tag}` });
    return { card, measure };
  }

  it('re-points the card, contact card, plan, measures and services to the kept person', async () => {
    const p = peopleFrom(41)();
    const kept = await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
    await a.sync();
    // b registers the same person offline and issues a card with a plan before it hears of the other one
    const dup = await b.call('residents.create', { name: p.name, idNumber: p.idNumber });
    const { card, measure } = await issueWithPlan(b, dup.id, 'B');
    expect(await b.sync()).toMatchObject({ rejected: 0 });
    await a.sync();
    await b.sync();

    expect((await b.call('cards.get', { id: card.id })).residentId).toBe(kept.id);
    const plan = await b.call('plans.get', { cardId: card.id });
    expect(plan.id).toBe(kept.id);
    expect(plan.measures.map((m) => m.id)).toEqual([measure.id]);
    expect(plan.services.map((x) => x.note)).toEqual(['走访B']);

    const atServer = await serverRows(b, CARD_ENTITIES);
    expect(atServer.get(`cards:${card.id}`)?.resident_id).toBe(kept.id);
    expect(atServer.get(`card_plans:${kept.id}`)?.resident_id).toBe(kept.id);
    expect(atServer.get(`plan_measures:${measure.id}`)?.plan_id).toBe(kept.id);
    expectNoReferenceTo(atServer, dup.id);
    expectNoReferenceTo(await localRows(b), dup.id);
    await expectCardsEqualToServer(b);
    await expectCardsEqualToServer(a);
    // the plan is the person's: the other PC sees it too, and adds to it without a second plan
    expect((await localRows(a)).has(`card_plans:${kept.id}`)).toBe(true);
  });

  it('moves the measures and services of the redirected plan into the kept person’s plan', async () => {
    const p = peopleFrom(42)();
    const kept = await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
    const atA = await issueWithPlan(a, kept.id, 'A');
    await a.sync();
    const dup = await b.call('residents.create', { name: p.name, idNumber: p.idNumber });
    const atB = await issueWithPlan(b, dup.id, 'B');
    expect(await b.sync()).toMatchObject({ rejected: 0 });
    await a.sync();
    await b.sync();

    // one plan for the person, holding both PCs' measures
    const plan = await b.call('plans.get', { cardId: atB.card.id });
    expect(plan.id).toBe(kept.id);
    expect(plan.measures.map((m) => m.id).sort()).toEqual([atA.measure.id, atB.measure.id].sort());
    const atServer = await serverRows(b, CARD_ENTITIES);
    expect(atServer.get(`plan_measures:${atB.measure.id}`)?.plan_id).toBe(kept.id);
    expect(atServer.has(`card_plans:${dup.id}`)).toBe(false);
    expectNoReferenceTo(atServer, dup.id);
    // the first PC's measure is kept, beside the second's
    const planAtA = await a.call('plans.get', { cardId: atA.card.id });
    expect(planAtA.measures.map((m) => m.id).sort()).toEqual([atA.measure.id, atB.measure.id].sort());
    await expectCardsEqualToServer(b);
    await expectCardsEqualToServer(a);
    // one valid card per person (issue 8, defect 8): the district cancelled b's later card, and b keeps
    // working on the person's merged plan through the card that stayed valid
    expect((await b.call('cards.get', { id: atB.card.id })).status).toBe('cancelled');
    await b.call('plans.addService', { cardId: atA.card.id, kind: 'follow_up_visit', note: '再次走访' });
    expect(await b.sync()).toMatchObject({ rejected: 0 });
    await a.sync();
    await expectCardsEqualToServer(b);
    await expectCardsEqualToServer(a);
  });

  it('a card issued to a registration held by another community stays its own; the holder never sees it', async () => {
    const c = await enrolledStation(d, COMMUNITY_B);
    try {
      const p = peopleFrom(43)();
      const kept = await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
      const atA = await issueWithPlan(a, kept.id, 'A');
      await a.sync();
      const held = await c.call('residents.create', { name: p.name, idNumber: p.idNumber });
      const atC = await issueWithPlan(c, held.id, 'C');
      expect(await c.sync()).toMatchObject({ rejected: 0 });
      await a.sync();
      await c.sync();
      expect((await c.call('cards.get', { id: atC.card.id })).residentId).toBe(held.id);
      expect((await c.call('plans.get', { cardId: atC.card.id })).measures.map((m) => m.id)).toEqual([
        atC.measure.id,
      ]);
      const seenByC = await localRows(c);
      const seenByA = await localRows(a);
      for (const k of seenByC.keys()) expect(k.includes(kept.id) || k.includes(atA.card.id), k).toBe(false);
      for (const k of seenByA.keys()) expect(k.includes(held.id) || k.includes(atC.card.id), k).toBe(false);
      await expectCardsEqualToServer(a);
      await expectCardsEqualToServer(c);
    } finally {
      await c.close();
    }
  });
});
