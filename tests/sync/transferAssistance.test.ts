// A district transfer moves the person's assistance with them (一人一卡一策): before this fix the card, its
// contact card, the plan with its measures and services stayed in the old community — the new community's
// desk saw the person without their card, the old one kept a card for someone no longer there. Two real
// stations and a real district server: after the transfer and a sync of each, the new station holds the
// valid card, contact card, plan, measure and service; the old one lists no card of the person; neither
// sets anything aside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { todayInChina } from '../../shared/domain/dates';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  startDistrict,
  type District,
  type SyncedStation,
} from './harness';

describe('a transfer carries the person’s card and plan to the new community', () => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  beforeAll(async () => {
    d = await startDistrict();
    a = await enrolledStation(d, COMMUNITY_A);
    b = await enrolledStation(d, COMMUNITY_B);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await d?.close();
  });

  it(
    'moves card, contact card, plan, measure and service; the old station keeps none of them live',
    { timeout: 60_000 },
    async () => {
      const today = todayInChina();
      const person = await a.call('residents.create', {
        name: '沈月华',
        idNumber: makeIdNumber(mulberry32(5), { sex: 'F', birthDate: '1980-05-20', origin: 'hangzhou' }),
        unemployment: { status: 'unemployed', since: '2025-01-10', confirmedAt: today },
      });
      const card = await a.call('cards.issue', { residentId: person.id, categories: ['older_unemployed'] });
      await a.call('cards.setContact', {
        cardId: card.id,
        officerName: '李援助',
        officerPhone: '13812345678',
        hours: '工作日 9:00-17:00',
      });
      const measure = await a.call('plans.addMeasure', {
        cardId: card.id,
        kind: 'job_recommendation',
        owner: '李援助',
        dueDate: today,
        note: '推荐物业保洁岗位',
      });
      await a.call('plans.addService', { cardId: card.id, kind: 'follow_up_visit', note: '上门了解就业意向' });
      await a.sync();

      await d.server.transferResident(person.id, COMMUNITY_B, '区就业管理处');
      await b.sync();
      await a.sync();

      // the new community: the person with the valid card, its contact card and the plan with its entries
      const atB = await b.call('cards.list', { residentId: person.id });
      expect(atB.items.map((c) => [c.id, c.status])).toEqual([[card.id, 'valid']]);
      const plan = await b.call('plans.get', { cardId: card.id });
      expect(plan.measures.map((m) => m.id)).toEqual([measure.id]);
      expect(plan.services.map((s) => s.note)).toEqual(['上门了解就业意向']);
      const contact = await b.station.db
        .selectFrom('contact_cards')
        .selectAll()
        .where('card_id', '=', card.id)
        .execute();
      expect(contact.map((c) => c.officer_name)).toEqual(['李援助']);
      // the old community: no card of the person any more
      expect((await a.call('cards.list', { residentId: person.id })).items).toEqual([]);
      const liveAtA = await a.station.db
        .selectFrom('cards')
        .select('id')
        .where('deleted_at', 'is', null)
        .execute();
      expect(liveAtA).toEqual([]);
      // nothing set aside on either side
      for (const s of [a, b])
        expect(await s.station.db.selectFrom('sync_pulled_aside').selectAll().execute()).toEqual([]);
      // the district's rows follow: every row of the person's assistance is the new community's
      const rows = await d.server.db
        .selectFrom('sync_rows')
        .select(['entity', 'community_code'])
        .where('entity', 'in', ['cards', 'contact_cards', 'card_plans', 'plan_measures', 'plan_services'])
        .execute();
      expect(rows.length).toBe(5);
      for (const r of rows) expect([r.entity, r.community_code]).toEqual([r.entity, COMMUNITY_B]);
    },
  );
});
