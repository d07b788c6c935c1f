// The ordinary corrections of issue 10 across PCs, a real district server over HTTP (SQLite and PostgreSQL)
// and real station files:
// - a sign-up withdrawn at one PC and made again at another is one row (its id is made from the pair), live
//   again everywhere; a street fair called off at the community that entered it is listed 已取消 at the other
//   community of the street, refuses new sign-ups there, and leaves the district's programme figures;
// - a subsidy application withdrawn before the district decides frees the period: a claim made offline at a
//   second PC after the withdrawal reached the district stands, one made before it is set aside (one verdict)
//   and a new one after it stands; a withdrawal that crossed the district's approval is refused and the
//   approval comes back to the PC;
// - a transfer takes the person's course enrolments and own subsidy applications to the new community
//   (readable and correctable there, the district's narrow tables follow), while their fair sign-ups stay
//   under the fair at the old community.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { ApiError } from '../../shared/errors';
import { programmeFigures } from '../../server/console/programmes';
import type { ServerContext } from '../../server/context';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from './harness';
import { creditCode } from '../matching/helpers';
import { NOON_2026_09_15, SOCIAL_INSURANCE_DOCS, flexibleCardHolder } from '../policy/helpers';

/** The rule a refusal names (shared/errors.ts ruleError), with its code. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; rule: unknown; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError)
      return { code: e.code, rule: (e.details?.rule as { key?: string })?.key, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

const liveRows = async (d: District, entity: string) =>
  (
    await d.server.db
      .selectFrom('sync_rows')
      .select(['row_id', 'community_code', 'deleted'])
      .where('entity', '=', entity)
      .execute()
  ).map((r) => ({ id: r.row_id, community: r.community_code, deleted: Number(r.deleted) }));

/**
 * A real district and its stations for each test of a block (opened before, closed after); `at` holds them.
 * `now` is the clock of the district and every station.
 */
function districtForEach(pg: boolean, communities: string[], now?: () => Date) {
  const at = { d: undefined as unknown as District, s: [] as SyncedStation[] };
  beforeEach(async () => {
    at.d = await startDistrict({ pg, ...(now ? { now } : {}) });
    at.s = [];
    for (const c of communities) at.s.push(await enrolledStation(at.d, c, now ? { now } : {}));
  });
  afterEach(async () => {
    await Promise.all(at.s.map((x) => x.close()));
    await at.d?.close();
  });
  return at;
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: fair corrections between PCs and the district', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let a2: SyncedStation;
  let b: SyncedStation;
  const at = districtForEach(pg, [COMMUNITY_A, COMMUNITY_A, COMMUNITY_B]);
  beforeEach(() => {
    ({ d } = at);
    [a, a2, b] = at.s as [SyncedStation, SyncedStation, SyncedStation];
  });

  it(
    'withdraws and revives one sign-up row across two PCs; a cancelled street fair leaves the figures',
    {
      timeout: 120_000,
    },
    async () => {
      const today = todayInChina();
      const person = peopleFrom(21);
      const fair = await a.call('fairs.create', {
        name: '笕桥街道春风行动招聘会',
        date: addDays(today, 10),
        place: '街道文化中心',
        organiser: '笕桥街道',
        scope: 'street',
      });
      const p = await a.call('residents.create', person());
      for (const s of [a, a2, b]) await s.sync();

      // both PCs sign the same person up offline: one row at the district
      const one = await a.call('fairs.signUp', { fairId: fair.id, residentId: p.id });
      const two = await a2.call('fairs.signUp', { fairId: fair.id, residentId: p.id });
      expect(two.id).toBe(one.id);
      await a.sync();
      await a2.sync();
      expect(await liveRows(d, 'fair_signups')).toEqual([{ id: one.id, community: COMMUNITY_A, deleted: 0 }]);

      // signed up by mistake: withdrawn at one PC, gone at the other after its sync
      await a.call('fairs.withdrawSignUp', { fairId: fair.id, residentId: p.id });
      expect((await a.call('fairs.get', { id: fair.id })).people).toEqual([]);
      await a.sync();
      await a2.sync();
      expect((await a2.call('fairs.get', { id: fair.id })).people).toEqual([]);
      expect((await a2.call('fairs.ofResident', { residentId: p.id })).items).toEqual([]);
      expect(await liveRows(d, 'fair_signups')).toEqual([{ id: one.id, community: COMMUNITY_A, deleted: 1 }]);
      expect(
        await refusal(a2.call('fairs.withdrawSignUp', { fairId: fair.id, residentId: p.id })),
      ).toMatchObject({
        code: 'not_found',
        rule: 'fairs.notSignedUp',
      });
      // the person will go after all: the same row comes back, at the other PC
      const again = await a2.call('fairs.signUp', { fairId: fair.id, residentId: p.id });
      expect(again.id).toBe(one.id);
      await a2.sync();
      await a.sync();
      expect((await a.call('fairs.get', { id: fair.id })).people.map((x) => x.residentId)).toEqual([p.id]);
      expect(await liveRows(d, 'fair_signups')).toEqual([{ id: one.id, community: COMMUNITY_A, deleted: 0 }]);
      expect((await d.server.fairSummary(fair.id)).signUps).toBe(1);

      // the other community of the street holds the fair read-only: it signs its own person up, cannot cancel
      const q = await b.call('residents.create', person());
      await b.call('fairs.signUp', { fairId: fair.id, residentId: q.id });
      expect(await refusal(b.call('fairs.cancel', { fairId: fair.id, reason: '场地不可用' }))).toMatchObject({
        code: 'conflict',
        rule: 'fairs.cancelNotOwn',
      });
      await b.sync();

      const ctx = { store: d.server.store, now: () => new Date(), retentionMs: undefined } as ServerContext;
      const month = { from: addDays(today, -30), to: addDays(today, 30) };
      expect((await programmeFigures(ctx, month, 'all')).fairs.map((f) => [f.fairId, f.signUps])).toEqual([
        [fair.id, 2],
      ]);

      // the street calls it off: listed as cancelled everywhere, closed to sign-ups, out of the district figures
      const cancelled = await a.call('fairs.cancel', { fairId: fair.id, reason: '场地临时改作防汛物资仓库' });
      expect(cancelled).toMatchObject({ cancelledOn: today, cancelReason: '场地临时改作防汛物资仓库' });
      expect(await refusal(a.call('fairs.cancel', { fairId: fair.id, reason: '再取消一次' }))).toMatchObject({
        code: 'conflict',
        rule: 'fairs.cancelledAlready',
      });
      await a.sync();
      await b.sync();
      await a2.sync();
      for (const s of [a2, b]) {
        const listed = (await s.call('fairs.list', {})).items.find((f) => f.id === fair.id);
        expect(listed?.cancelledOn).toBe(today);
      }
      const r = person();
      const late = await b.call('residents.create', r);
      const refused = await refusal(b.call('fairs.signUp', { fairId: fair.id, residentId: late.id }));
      expect(refused).toMatchObject({ code: 'conflict', rule: 'fairs.cancelled' });
      expect(refused.message).toContain(`已于 ${today} 取消`);
      expect((await programmeFigures(ctx, month, 'all')).fairs).toEqual([]);
    },
  );

  // Decision (issue 10 is silent): an intent is presence at the fair. A sign-up withdrawn on one PC while the
  // other PC, offline, records an intent for the same person at the same fair: the district keeps both rows as
  // they merged (the sign-up withdrawn, the intent live — and its recommendation), and every count — the
  // district's five figures, the desk's figures, the fair's people, the person's fairs — counts the person as
  // signed up by the intent, whichever PC syncs first. The desk then refuses to withdraw them (the intent).
  it(
    'keeps an intent recorded offline against a crossing withdrawal and counts its person signed up',
    { timeout: 120_000 },
    async () => {
      const today = todayInChina();
      const person = peopleFrom(23);
      const employer = await a.call('employers.create', {
        creditCode: creditCode(),
        name: '杭州笕桥物流有限公司',
        contacts: [{ name: '联系人', phone: '13900002222' }],
      });
      const v = await a.call('vacancies.create', {
        employerId: employer.id,
        title: '分拣员',
        occupationCode: '4-07-05-01',
        positions: 3,
        validFrom: addDays(today, -30),
        validTo: addDays(today, 90),
      });
      const fair = await a.call('fairs.create', {
        name: '笕桥社区冬季招聘会',
        date: today,
        place: '笕桥社区文化家园',
        organiser: '笕桥社区居委会',
      });
      await a.call('fairs.addEmployer', { fairId: fair.id, employerId: employer.id, vacancyIds: [v.id] });
      const p = await a.call('residents.create', person());
      const q = await a.call('residents.create', person());
      for (const x of [p, q]) await a.call('fairs.signUp', { fairId: fair.id, residentId: x.id });
      for (const s of [a, a2]) await s.sync();

      // offline: p withdrawn at A while A2 records p's intent; q withdrawn at A2 while A records q's intent
      await a.call('fairs.withdrawSignUp', { fairId: fair.id, residentId: p.id });
      await a2.call('fairs.recordIntent', { fairId: fair.id, residentId: p.id, vacancyId: v.id });
      await a.call('fairs.recordIntent', { fairId: fair.id, residentId: q.id, vacancyId: v.id });
      await a2.call('fairs.withdrawSignUp', { fairId: fair.id, residentId: q.id });
      // p: the withdrawal reaches the district first; q: the intent does
      for (const s of [a, a2, a]) await s.sync();

      const signUps = await liveRows(d, 'fair_signups');
      expect(signUps.map((r) => r.deleted)).toEqual([1, 1]);
      const intents = await liveRows(d, 'fair_intents');
      expect(intents.map((r) => r.deleted)).toEqual([0, 0]);
      // by hand: 1 employer, 3 positions, p and q signed up by their intents, 2 intents, no hire
      const figures = { employers: 1, positions: 3, signUps: 2, intents: 2, hired: 0 };
      expect(await d.server.fairSummary(fair.id)).toMatchObject(figures);
      for (const s of [a, a2]) {
        expect(await s.call('fairs.summary', { fairId: fair.id })).toEqual({
          ...figures,
          communityOnly: false,
        });
        const got = await s.call('fairs.get', { id: fair.id });
        expect(got.people.map((x) => [x.residentId, x.signedUpOn, x.intents.length]).sort()).toEqual(
          [
            [p.id, today, 1],
            [q.id, today, 1],
          ].sort(),
        );
        for (const x of [p, q]) {
          expect((await s.call('fairs.ofResident', { residentId: x.id })).items.map((f) => f.fairId)).toEqual(
            [fair.id],
          );
          expect(
            await refusal(s.call('fairs.withdrawSignUp', { fairId: fair.id, residentId: x.id })),
          ).toMatchObject({ code: 'conflict', rule: 'fairs.withdrawHasIntents' });
        }
        // neither is offered again as a candidate for the fair
        const found = await s.call('fairs.candidates', { fairId: fair.id });
        expect(found.items.map((c) => c.residentId)).not.toContain(p.id);
        expect(found.items.map((c) => c.residentId)).not.toContain(q.id);
      }
    },
  );
});

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: a subsidy application withdrawn between PCs and the district', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  const at = districtForEach(pg, [COMMUNITY_A, COMMUNITY_A], () => NOON_2026_09_15);
  beforeEach(() => {
    ({ d } = at);
    [a, b] = at.s as [SyncedStation, SyncedStation];
  });

  const apply = (s: SyncedStation, residentId: string, from: string, to: string, amount: number) =>
    s.call('subsidies.apply', {
      policyCode: 'social_insurance',
      residentId,
      period: { from, to },
      amount,
      documents: SOCIAL_INSURANCE_DOCS,
    });
  const claims = async () =>
    Object.fromEntries(
      (await d.server.db.selectFrom('subsidy_claims').select(['row_id', 'status']).execute()).map((r) => [
        r.row_id,
        r.status,
      ]),
    );

  it(
    'frees the period for a claim from the other PC, keeps one verdict, and lets a decision stand',
    {
      timeout: 120_000,
    },
    async () => {
      const { resident: p1 } = await flexibleCardHolder(a, 41);
      const { resident: p2 } = await flexibleCardHolder(a, 42);
      const { resident: p3 } = await flexibleCardHolder(a, 43);
      await a.sync();
      await b.sync();

      // 1. A withdraws before B, offline, claims the same period: the withdrawal reached the district first
      const x1 = await apply(a, p1.id, '2026-09-01', '2026-11-30', 1800);
      await a.sync();
      await a.call('subsidies.withdraw', { id: x1.id });
      await expect(a.call('subsidies.get', { id: x1.id })).rejects.toMatchObject({ code: 'not_found' });
      await a.sync();
      const y1 = await apply(b, p1.id, '2026-10-01', '2026-12-31', 1800);
      expect(await b.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
      expect((await b.call('subsidies.get', { id: y1.id })).status).toBe('submitted');
      expect((await b.call('subsidies.list', { residentId: p1.id })).items.map((x) => x.id)).toEqual([y1.id]);

      // 2. B claims before A's withdrawal arrives: set aside (the first keeps it), and stays so — one verdict;
      //    B withdraws the set-aside one and claims again once the period is free
      const x2 = await apply(a, p2.id, '2026-09-01', '2026-11-30', 1800);
      await a.sync();
      const y2 = await apply(b, p2.id, '2026-09-01', '2026-10-31', 1200);
      expect(await b.sync()).toMatchObject({ conflicts: 1 });
      expect((await b.call('subsidies.get', { id: y2.id })).status).toBe('set_aside');
      await a.call('subsidies.withdraw', { id: x2.id });
      await a.sync();
      await b.sync();
      expect((await b.call('subsidies.get', { id: y2.id })).status).toBe('set_aside');
      await b.call('subsidies.withdraw', { id: y2.id });
      const z2 = await apply(b, p2.id, '2026-09-01', '2026-10-31', 1200);
      expect(await b.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
      expect((await b.call('subsidies.get', { id: z2.id })).status).toBe('submitted');

      // 3. the district approves while A, not yet told, withdraws: refused at the district, the approval
      //    comes back; withdrawing again is refused at the desk with the rule
      const x3 = await apply(a, p3.id, '2026-09-01', '2026-11-30', 1800);
      await a.sync();
      await d.server.decideSubsidy(x3.id, 'approve', { date: '2026-09-15', operator: '区就业科' });
      await a.call('subsidies.withdraw', { id: x3.id });
      expect(await a.sync()).toMatchObject({ rejected: 1 });
      expect((await a.call('subsidies.get', { id: x3.id })).status).toBe('approved');
      const refused = await refusal(a.call('subsidies.withdraw', { id: x3.id }));
      expect(refused).toMatchObject({ code: 'conflict', rule: 'subsidies.withdrawDecided' });
      expect(refused.message).toContain('已批准');
      expect(refused.message).toContain('不能撤回');
      await b.sync();

      // the district sees the withdrawn ones as withdrawn; person-times and amounts leave them out
      expect(await claims()).toEqual({
        [x1.id]: 'withdrawn',
        [y1.id]: 'submitted',
        [x2.id]: 'withdrawn',
        [y2.id]: 'withdrawn',
        [z2.id]: 'submitted',
        [x3.id]: 'approved',
      });
      const district = await d.server.subsidyTotals('2026-01-01', '2026-12-31');
      expect(district).toEqual([
        { policyCode: 'social_insurance', personTimes: 3, amount: 4800, approved: 1, paid: 0, paidAmount: 0 },
      ]);
      for (const s of [a, b])
        expect((await s.call('subsidies.totals', { from: '2026-01-01', to: '2026-12-31' })).items).toEqual([
          { ...district[0], policyName: '社会保险补贴' },
        ]);
    },
  );
});

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: a transfer and the person’s fairs, courses and subsidies', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  const at = districtForEach(pg, [COMMUNITY_A, COMMUNITY_B], () => NOON_2026_09_15);
  beforeEach(() => {
    ({ d } = at);
    [a, b] = at.s as [SyncedStation, SyncedStation];
  });

  it(
    'moves enrolments and own applications with the person; sign-ups stay with the fair',
    {
      timeout: 120_000,
    },
    async () => {
      const { resident: p } = await flexibleCardHolder(a, 51);
      const course = await a.call('training.courses.create', {
        name: '养老护理员（订单班）',
        kind: 'order',
        occupationCode: '4-10-01-05',
        provider: '杭州市职业技能培训中心',
        start: '2026-09-01',
        end: '2026-09-30',
        hours: 120,
      });
      const enrolment = await a.call('training.enrol', { courseId: course.id, residentId: p.id });
      const application = await a.call('subsidies.apply', {
        policyCode: 'social_insurance',
        residentId: p.id,
        period: { from: '2026-09-01', to: '2026-11-30' },
        amount: 1800,
        documents: SOCIAL_INSURANCE_DOCS,
      });
      const fair = await a.call('fairs.create', {
        name: '景昙社区秋季招聘会',
        date: '2026-09-20',
        place: '景昙社区文化家园',
        organiser: '景昙社区居委会',
      });
      await a.call('fairs.signUp', { fairId: fair.id, residentId: p.id });
      await a.sync();
      await b.sync();

      await d.server.transferResident(p.id, COMMUNITY_B, '区就业管理处');
      await b.sync();
      await a.sync();

      // the new community: the enrolment and the application, readable and its own to correct
      const atB = await b.call('training.enrolments', { residentId: p.id });
      expect(atB.items.map((e) => [e.id, e.courseName, e.status])).toEqual([
        [enrolment.id, '养老护理员（订单班）', 'enrolled'],
      ]);
      expect(
        (await b.call('subsidies.list', { residentId: p.id })).items.map((x) => [x.id, x.status]),
      ).toEqual([[application.id, 'submitted']]);
      await b.call('training.drop', {
        courseId: course.id,
        residentId: p.id,
        date: '2026-09-10',
        reason: '搬家后路远',
      });
      await b.call('subsidies.withdraw', { id: application.id });
      expect(await b.sync()).toMatchObject({ rejected: 0, conflicts: 0 });

      // the old community: none of them live, but the fair keeps its sign-up and its figure
      expect((await a.call('training.enrolments', { residentId: p.id })).items).toEqual([]);
      expect((await a.call('subsidies.list', { residentId: p.id })).items).toEqual([]);
      const atFair = await a.call('fairs.get', { id: fair.id });
      expect(atFair.people.map((x) => x.residentId)).toEqual([p.id]);
      expect(atFair.summary.signUps).toBe(1);

      // the district: rows and narrow tables name the new community
      const moved = await d.server.db
        .selectFrom('sync_rows')
        .select(['entity', 'community_code', 'deleted'])
        .where('row_id', 'in', [enrolment.id, application.id])
        .execute();
      expect(moved.map((r) => [r.entity, r.community_code, Number(r.deleted)]).sort()).toEqual([
        ['subsidy_applications', COMMUNITY_B, 1],
        ['training_enrolments', COMMUNITY_B, 0],
      ]);
      const fact = await d.server.db
        .selectFrom('training_facts')
        .selectAll()
        .where('row_id', '=', enrolment.id)
        .executeTakeFirstOrThrow();
      expect([fact.community_code, fact.status]).toEqual([COMMUNITY_B, 'dropped']);
      const claim = await d.server.db
        .selectFrom('subsidy_claims')
        .selectAll()
        .where('row_id', '=', application.id)
        .executeTakeFirstOrThrow();
      expect([claim.community_code, claim.status]).toEqual([COMMUNITY_B, 'withdrawn']);
      expect(await liveRows(d, 'fair_signups')).toEqual([
        { id: expect.any(String), community: COMMUNITY_A, deleted: 0 },
      ]);
      expect((await d.server.fairSummary(fair.id)).signUps).toBe(1);
      for (const s of [a, b])
        expect(await s.station.db.selectFrom('sync_pulled_aside').selectAll().execute()).toEqual([]);
    },
  );
});
