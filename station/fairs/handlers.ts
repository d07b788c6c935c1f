// fairs.* (shared/contract/fairs.ts). Each write is checked whole before anything is written and is one
// write() transaction with its outbox entries: an intent writes the intent, its recommendation (unless the
// person was already recommended to that vacancy) and, for a walk-in not signed up, the sign-up — or none.
import { type ApiError, ruleError, type RuleRef } from '../../shared/errors';
import {
  bringVacancies,
  fairDateProblem,
  intentDateProblem,
  signUpDateProblem,
  type FairScope,
} from '../../shared/domain/fairs/fair';
import type { fairsContract, FairCandidate, ResidentFair } from '../../shared/contract/fairs';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, requireOperator, write } from '../context';
import { insertRecorded, updateRecorded } from '../db/recorded';
import type { Transaction } from 'kysely';
import type { Record as RecordOutbox } from '../context';
import type { Executor, FairEmployersTable, RecommendationsTable, StationDB } from '../db/schema';
import { anyVacancy, closedReason, type AnyVacancy } from '../matching/vacancies';
import { recommendationId } from '../matching/ids';
import { candidatesByVacancy } from './candidates';
import { fairEmployerId, fairId, fairIntentId, fairSignUpId } from './ids';
import {
  entryColumns,
  entryPositions,
  fairEmployerEntries,
  fairFigures,
  fairListItem,
  fairPeople,
  fairVacancyIds,
  fairView,
  findFair,
  intentsOf,
  presentPeople,
  requireFair,
  type FairRecord,
} from './read';

type C = typeof fairsContract;

const bad = (message: string, path: string, rule: RuleRef): ApiError =>
  ruleError('invalid_input', message, rule, [{ path, message }]);

/** The fair, refused when it was called off: nobody signs up, brings jobs or reaches an intent at it. */
async function requireHeldFair(db: Executor, id: string): Promise<FairRecord> {
  const fair = await requireFair(db, id);
  if (fair.cancelledOn)
    throw ruleError(
      'conflict',
      `「${fair.name}」已于 ${fair.cancelledOn} 取消（${fair.cancelReason ?? ''}），不能再报名、登记单位或意向`,
      { key: 'fairs.cancelled', params: { fair: fair.name, date: fair.cancelledOn } },
    );
  return fair;
}

const viewCtx = (ctx: Ctx) => ({ community: requireIdentity(ctx).communityCode, today: ctx.today });

/** The street of this station's community (reference data; its code's first 9 digits when not loaded). */
async function ownStreet(db: Executor, community: string): Promise<string> {
  const row = await db
    .selectFrom('ref_communities')
    .select('street_code')
    .where('code', '=', community)
    .executeTakeFirst();
  return row?.street_code ?? community.slice(0, 9);
}

async function liveResident(db: Executor, id: string) {
  const person = await db
    .selectFrom('residents')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!person)
    throw ruleError('not_found', '找不到该居民（可能已删除或不属于本社区）', {
      key: 'fairs.residentNotFound',
    });
  return person;
}

/** The employer as this station knows it: its own book, or an employer of a shared vacancy on the board. */
async function knownEmployer(db: Executor, id: string): Promise<{ id: string; name: string } | undefined> {
  const own = await db
    .selectFrom('employers')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (own) return own;
  const board = await db
    .selectFrom('board_vacancies')
    .select(['employer_id', 'employer_name'])
    .where('employer_id', '=', id)
    .executeTakeFirst();
  return board ? { id: board.employer_id, name: board.employer_name } : undefined;
}

/**
 * Why a vacancy not at the fair cannot be brought by an intent reached there, thrown: closed, or (at a street
 * or district fair) one of this community's own that other communities do not see.
 */
async function bringableProblem(db: Executor, fair: FairRecord, v: AnyVacancy): Promise<void> {
  if (v.status === 'closed')
    throw bad(`岗位「${v.title}」已关闭，不能带到「${fair.name}」，也就不能登记这条意向`, 'vacancyId', {
      key: 'fairs.intentVacancyClosed',
      params: { vacancy: v.title, fair: fair.name },
    });
  if (fair.scope === 'community' || v.foreign) return;
  const own = await db.selectFrom('vacancies').select('shared').where('id', '=', v.id).executeTakeFirst();
  if (own && own.shared === 0)
    throw bad(
      `${SCOPE_NAMES[fair.scope]}招聘会的岗位要让其他社区也看得到：请先把岗位「${v.title}」设为共享，再登记这条意向`,
      'vacancyId',
      { key: 'fairs.intentVacancyHidden', params: { vacancy: v.title } },
    );
}

/**
 * Brings vacancies of one employer to a fair, as this community's entry for the employer (its id made from
 * the fair, the employer and the community): when the entry is there, the vacancies not listed yet join it
 * with their positions; else the entry is made (or a removed one comes back) with them. Inside the caller's
 * write, so the entry and its outbox entry share the caller's transaction.
 */
async function bringToFair(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  a: {
    fairId: string;
    community: string;
    employer: { id: string; name: string };
    vacancies: ReadonlyArray<{ id: string; positions: number }>;
    stamp: string;
  },
): Promise<void> {
  const id = fairEmployerId(a.fairId, a.employer.id, a.community);
  const before = await trx.selectFrom('fair_employers').selectAll().where('id', '=', id).executeTakeFirst();
  if (before && before.deleted_at === null) {
    // the employer is there already: the vacancies not yet listed join it, with their positions
    const after: FairEmployersTable = {
      ...before,
      ...entryColumns(bringVacancies(entryPositions(before), a.vacancies)),
      updated_at: a.stamp,
    };
    await updateRecorded(trx, record, 'fair_employers', before, after);
    return;
  }
  const row: FairEmployersTable = {
    id,
    community_code: a.community,
    fair_id: a.fairId,
    employer_id: a.employer.id,
    employer_name: a.employer.name.slice(0, 100),
    ...entryColumns(bringVacancies(null, a.vacancies)),
    created_at: a.stamp,
    updated_at: a.stamp,
    deleted_at: null,
  };
  if (before)
    await updateRecorded(trx, record, 'fair_employers', before, { ...row, created_at: before.created_at });
  else await insertRecorded(trx, record, 'fair_employers', row);
}

/** Which of closedReason's refusals (station/matching/vacancies.ts) a vacancy meets, for the English desk. */
function shutKind(v: AnyVacancy, today: string): 'closed' | 'filled' | 'expired' | 'notYet' {
  if (v.status === 'closed') return 'closed';
  if (v.status === 'filled' || v.hired >= v.positions) return 'filled';
  return v.validTo < today ? 'expired' : 'notYet';
}

/** The fewest candidates asked of the matching for each vacancy of a fair's whole list. */
const PER_VACANCY = 10;

const SCOPE_NAMES: Record<FairScope, string> = { community: '社区', street: '街道', district: '全区' };

export const fairsHandlers: Handlers<C> = {
  async 'fairs.create'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const scope: FairScope = input.scope ?? (input.streetCode ? 'street' : 'community');
    const dateProblem = fairDateProblem(input.date, ctx.today);
    if (dateProblem) throw bad(dateProblem, 'date', { key: 'fairs.date' });
    let streetCode: string | null = null;
    if (scope === 'street') {
      const street = await ownStreet(ctx.db, identity.communityCode);
      if (input.streetCode && input.streetCode !== street)
        throw bad(
          `只能登记本街道（${street}）的街道招聘会；其他街道的招聘会由该街道的工作站登记`,
          'streetCode',
          { key: 'fairs.otherStreet', params: { street } },
        );
      streetCode = street;
    } else if (input.streetCode)
      throw bad(`${SCOPE_NAMES[scope]}招聘会不填写街道；街道举办的请选择「街道」范围`, 'streetCode', {
        key: 'fairs.streetNotWanted',
      });
    const id = fairId(identity.communityCode, input.name, input.date);
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const same = await trx
        .selectFrom('fairs')
        .select('id')
        .where('name', '=', input.name)
        .where('date', '=', input.date)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (same)
        throw ruleError(
          'conflict',
          `已登记过 ${input.date} 的「${input.name}」，同一天同名的招聘会不重复登记`,
          { key: 'fairs.duplicate', params: { fair: input.name, date: input.date } },
          [{ path: 'name', message: '同一天已有同名招聘会' }],
        );
      await insertRecorded(trx, record, 'fairs', {
        id,
        community_code: identity.communityCode,
        name: input.name,
        date: input.date,
        place: input.place,
        scope,
        street_code: streetCode,
        organiser: input.organiser,
        created_by: operator.displayName.slice(0, 60),
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
        cancelled_on: null,
        cancel_reason: null,
      });
    });
    return fairView(ctx.db, (await findFair(ctx.db, id))!, viewCtx(ctx));
  },

  async 'fairs.list'(input, ctx) {
    const { communityCode } = requireIdentity(ctx);
    let own = ctx.db.selectFrom('fairs').select(['id', 'date']).where('deleted_at', 'is', null);
    let copies = ctx.db.selectFrom('shared_fairs').select(['id', 'date']);
    if (input.from) {
      own = own.where('date', '>=', input.from);
      copies = copies.where('date', '>=', input.from);
    }
    if (input.to) {
      own = own.where('date', '<=', input.to);
      copies = copies.where('date', '<=', input.to);
    }
    const ids = new Map<string, string>();
    for (const r of [...(await own.execute()), ...(await copies.execute())]) ids.set(r.id, r.date);
    const ordered = [...ids].sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? 1 : -1) : a[1] < b[1] ? 1 : -1));
    const items = [];
    for (const [id] of ordered.slice(input.offset, input.offset + input.limit)) {
      const fair = await findFair(ctx.db, id);
      if (fair) items.push(await fairListItem(ctx.db, fair, communityCode));
    }
    return { items, total: ordered.length };
  },

  async 'fairs.get'(input, ctx) {
    const fair = await requireFair(ctx.db, input.id);
    return { ...(await fairView(ctx.db, fair, viewCtx(ctx))), people: await fairPeople(ctx.db, fair.id) };
  },

  async 'fairs.addEmployer'(input, ctx) {
    const identity = requireIdentity(ctx);
    const fair = await requireHeldFair(ctx.db, input.fairId);
    const employer = await knownEmployer(ctx.db, input.employerId);
    if (!employer)
      throw ruleError('not_found', '找不到该用人单位（可能已删除，或尚未从区里同步到本工作站）', {
        key: 'fairs.employerNotFound',
      });
    const wanted = [...new Set(input.vacancyIds)];
    const vacancies: AnyVacancy[] = [];
    for (const vid of wanted) {
      const v = await anyVacancy(ctx.db, vid);
      if (!v)
        throw ruleError('not_found', '找不到所选岗位（可能已删除，或尚未从区里同步到本工作站）', {
          key: 'fairs.chosenVacancyNotFound',
        });
      if (v.employerId !== employer.id)
        throw bad(`岗位「${v.title}」不是「${employer.name}」的岗位`, 'vacancyIds', {
          key: 'fairs.vacancyNotOfEmployer',
          params: { vacancy: v.title, employer: employer.name },
        });
      if (v.status === 'closed')
        throw bad(`岗位「${v.title}」已关闭，不能带到招聘会`, 'vacancyIds', {
          key: 'fairs.vacancyClosed',
          params: { vacancy: v.title },
        });
      vacancies.push(v);
    }
    if (fair.scope !== 'community') {
      // other communities' stations see a vacancy only through the district's board
      const own = await ctx.db
        .selectFrom('vacancies')
        .select(['id', 'title', 'shared'])
        .where('id', 'in', wanted)
        .execute();
      const hidden = own.find((v) => v.shared === 0);
      if (hidden)
        throw bad(
          `${SCOPE_NAMES[fair.scope]}招聘会的岗位要让其他社区也看得到：请先把岗位「${hidden.title}」设为共享，再带到招聘会`,
          'vacancyIds',
          { key: 'fairs.vacancyHidden', params: { vacancy: hidden.title } },
        );
    }
    await write(ctx, (trx, record) =>
      bringToFair(trx, record, {
        fairId: fair.id,
        community: identity.communityCode,
        employer,
        vacancies,
        stamp: ctx.now.toISOString(),
      }),
    );
    return fairView(ctx.db, fair, viewCtx(ctx));
  },

  async 'fairs.candidates'(input, ctx) {
    const { communityCode } = requireIdentity(ctx);
    const fair = await requireFair(ctx.db, input.fairId);
    const entries = await fairEmployerEntries(ctx.db, fair, communityCode);
    const atFair = fairVacancyIds(entries);
    if (input.vacancyId && !atFair.has(input.vacancyId))
      throw bad(`所选岗位不在「${fair.name}」的参会岗位中，请从招聘会上的岗位中选择`, 'vacancyId', {
        key: 'fairs.candidateVacancyNotAtFair',
        params: { fair: fair.name },
      });
    const signedUp = new Set((await presentPeople(ctx.db, { fairId: fair.id })).map((p) => p.residentId));
    const byPerson = new Map<string, FairCandidate>();
    const wanted = input.vacancyId ? [input.vacancyId] : [...atFair];
    // each vacancy's best people, so that every job at the fair has its own (a list of the best overall would
    // leave the less popular jobs without anyone); one pass over all of them (station/fairs/candidates.ts)
    const lists = await candidatesByVacancy(
      ctx.db,
      {
        vacancyIds: wanted,
        perVacancy: input.vacancyId
          ? input.limit
          : Math.max(PER_VACANCY, Math.ceil(input.limit / wanted.length)),
        exclude: signedUp,
      },
      { today: ctx.today, community: communityCode },
    );
    for (const list of lists)
      for (const c of list.items) {
        const have = byPerson.get(c.residentId);
        const vacancy = { id: list.vacancyId, title: list.title, score: c.score };
        if (!have) {
          byPerson.set(c.residentId, { ...c, vacancies: [vacancy] });
          continue;
        }
        have.vacancies.push(vacancy);
        if (c.score > have.score) Object.assign(have, { score: c.score, reasons: c.reasons });
      }
    const items = [...byPerson.values()]
      .map((c) => ({ ...c, vacancies: c.vacancies.sort((a, b) => b.score - a.score) }))
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.vacancies.length - a.vacancies.length ||
          (a.residentId < b.residentId ? -1 : 1),
      )
      .slice(0, input.limit);
    return { items };
  },

  async 'fairs.signUp'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const fair = await requireHeldFair(ctx.db, input.fairId);
    const person = await liveResident(ctx.db, input.residentId);
    const late = signUpDateProblem(fair.date, ctx.today);
    if (late) throw ruleError('conflict', late, { key: 'fairs.lateSignUp', params: { date: fair.date } });
    const id = fairSignUpId(fair.id, person.id);
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const existing = await trx
        .selectFrom('fair_signups')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (existing && existing.deleted_at === null)
        throw ruleError(
          'conflict',
          `${person.name}已于 ${existing.signed_up_on} 报名「${fair.name}」，同一场招聘会不重复报名`,
          {
            key: 'fairs.signedUpAlready',
            params: { name: person.name, date: existing.signed_up_on, fair: fair.name },
          },
          [{ path: 'residentId', message: '已报名' }],
          { existingId: id },
        );
      const row = {
        id,
        community_code: identity.communityCode,
        fair_id: fair.id,
        resident_id: person.id,
        signed_up_on: ctx.today,
        signed_up_by: operator.displayName.slice(0, 60),
        created_at: existing?.created_at ?? stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      if (existing) await updateRecorded(trx, record, 'fair_signups', existing, row);
      else await insertRecorded(trx, record, 'fair_signups', row);
    });
    return { id };
  },

  async 'fairs.recordIntent'(input, ctx) {
    const identity = requireIdentity(ctx);
    const operator = requireOperator(ctx);
    const fair = await requireHeldFair(ctx.db, input.fairId);
    const person = await liveResident(ctx.db, input.residentId);
    const entries = await fairEmployerEntries(ctx.db, fair, identity.communityCode);
    const v = await anyVacancy(ctx.db, input.vacancyId);
    if (!v)
      throw ruleError(
        'not_found',
        '找不到该岗位（可能已删除，或尚未从区里同步到本工作站），不能登记意向',
        { key: 'fairs.vacancyNotFound' },
        [{ path: 'vacancyId', message: '找不到该岗位' }],
      );
    // a vacancy not at the fair yet is brought by the intent, with its employer when that is not there either
    // (issue 10: "a vacancy named in an intent brings its employer in too"); the same checks as bringing it
    const atFair = entries.filter((e) => e.employerId === v.employerId);
    const brings = !fairVacancyIds(entries).has(v.id);
    if (brings) await bringableProblem(ctx.db, fair, v);
    const date = input.date ?? ctx.today;
    const dateProblem = intentDateProblem(fair.date, date, ctx.today);
    if (dateProblem) throw bad(dateProblem, 'date', { key: 'fairs.intentDate', params: { date: fair.date } });
    const id = fairIntentId(fair.id, person.id, v.id);
    const recId = recommendationId(person.id, v.id);
    const stamp = ctx.now.toISOString();
    const by = operator.displayName.slice(0, 60);
    await write(ctx, async (trx, record) => {
      if (brings)
        await bringToFair(trx, record, {
          fairId: fair.id,
          community: identity.communityCode,
          employer: { id: v.employerId, name: v.employerName },
          vacancies: [v],
          stamp,
        });
      const existing = await trx
        .selectFrom('fair_intents')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (existing && existing.deleted_at === null)
        throw ruleError(
          'conflict',
          `${person.name}已于 ${existing.reached_on} 在「${fair.name}」登记过对「${v.title}」的意向，不重复登记`,
          {
            key: 'fairs.intentAlready',
            params: { name: person.name, date: existing.reached_on, fair: fair.name, vacancy: v.title },
          },
          [{ path: 'vacancyId', message: '已登记意向' }],
          { existingId: id },
        );
      // the recommendation in the chain: the one the person already has for this vacancy, or a new one
      const rec = await trx
        .selectFrom('recommendations')
        .select(['id', 'deleted_at'])
        .where((eb) =>
          eb.or([
            eb('id', '=', recId),
            eb.and([eb('resident_id', '=', person.id), eb('vacancy_id', '=', v.id)]),
          ]),
        )
        .executeTakeFirst();
      if (rec?.deleted_at)
        throw ruleError(
          'conflict',
          `${person.name}推荐到「${v.title}」的推荐单已删除，同一岗位不能再推荐，也就不能登记这条意向`,
          { key: 'fairs.recommendationDeleted', params: { name: person.name, vacancy: v.title } },
        );
      if (!rec) {
        const closed = closedReason(v, ctx.today);
        if (closed)
          throw ruleError('conflict', `${closed}，也就不能登记这条意向`, {
            key: `fairs.vacancyShut.${shutKind(v, ctx.today)}`,
            params: {
              vacancy: v.title,
              date: v.status === 'open' && v.validFrom > ctx.today ? v.validFrom : v.validTo,
            },
          });
        const row: RecommendationsTable = {
          id: recId,
          community_code: identity.communityCode,
          resident_id: person.id,
          vacancy_id: v.id,
          vacancy_community: v.communityCode,
          vacancy_title: v.title,
          employer_name: v.employerName,
          status: 'recommended',
          recommended_on: date,
          interviewed_on: null,
          hired_on: null,
          closed_on: null,
          reason: null,
          note: `招聘会「${fair.name}」现场达成意向`.slice(0, 300),
          recommended_by: by,
          created_at: stamp,
          updated_at: stamp,
          deleted_at: null,
        };
        await insertRecorded(trx, record, 'recommendations', row);
      }
      // a walk-in who reached an intent without signing up is signed up on the spot
      const signUpId = fairSignUpId(fair.id, person.id);
      const signUp = await trx
        .selectFrom('fair_signups')
        .selectAll()
        .where('id', '=', signUpId)
        .executeTakeFirst();
      const signUpRow = {
        id: signUpId,
        community_code: identity.communityCode,
        fair_id: fair.id,
        resident_id: person.id,
        signed_up_on: date,
        signed_up_by: by,
        created_at: signUp?.created_at ?? stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      if (!signUp) await insertRecorded(trx, record, 'fair_signups', signUpRow);
      else if (signUp.deleted_at !== null)
        await updateRecorded(trx, record, 'fair_signups', signUp, signUpRow);
      const row = {
        id,
        community_code: identity.communityCode,
        fair_id: fair.id,
        resident_id: person.id,
        vacancy_id: v.id,
        vacancy_title: v.title.slice(0, 60),
        employer_id: v.employerId,
        employer_name: v.employerName.slice(0, 100),
        recommendation_id: rec?.id ?? recId,
        reached_on: date,
        recorded_by: by,
        created_at: existing?.created_at ?? stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      if (existing) await updateRecorded(trx, record, 'fair_intents', existing, row);
      else await insertRecorded(trx, record, 'fair_intents', row);
    });
    return {
      id,
      recommendationId: recId,
      brought: brings ? (atFair.length ? 'vacancy' : 'employer') : null,
    };
  },

  async 'fairs.cancel'(input, ctx) {
    const { communityCode } = requireIdentity(ctx);
    const fair = await requireFair(ctx.db, input.fairId);
    if (!fair.own)
      throw ruleError('conflict', `「${fair.name}」由其他社区登记，只能由登记它的社区取消`, {
        key: 'fairs.cancelNotOwn',
        params: { fair: fair.name },
      });
    if (fair.cancelledOn)
      throw ruleError('conflict', `「${fair.name}」已于 ${fair.cancelledOn} 取消，不用再取消`, {
        key: 'fairs.cancelledAlready',
        params: { fair: fair.name, date: fair.cancelledOn },
      });
    if (fair.date < ctx.today)
      throw ruleError('conflict', `「${fair.name}」已于 ${fair.date} 举办，举办过的招聘会不能取消`, {
        key: 'fairs.cancelHeld',
        params: { fair: fair.name, date: fair.date },
      });
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      // an intent reached on the day is a recommendation in the chain: that fair took place
      const intents = await trx
        .selectFrom('fair_intents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('fair_id', '=', fair.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(intents.n) > 0)
        throw ruleError(
          'conflict',
          `「${fair.name}」已登记 ${intents.n} 条求职意向，说明招聘会已经举办，不能取消`,
          { key: 'fairs.cancelHasIntents', params: { fair: fair.name, n: Number(intents.n) } },
        );
      const before = await trx
        .selectFrom('fairs')
        .selectAll()
        .where('id', '=', fair.id)
        .where('community_code', '=', communityCode)
        .executeTakeFirstOrThrow();
      await updateRecorded(trx, record, 'fairs', before, {
        ...before,
        cancelled_on: ctx.today,
        cancel_reason: input.reason,
        updated_at: stamp,
      });
    });
    return fairView(ctx.db, (await findFair(ctx.db, fair.id))!, viewCtx(ctx));
  },

  async 'fairs.withdrawSignUp'(input, ctx) {
    const fair = await requireFair(ctx.db, input.fairId);
    const person = await liveResident(ctx.db, input.residentId);
    const id = fairSignUpId(fair.id, person.id);
    const stamp = ctx.now.toISOString();
    await write(ctx, async (trx, record) => {
      const before = await trx
        .selectFrom('fair_signups')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      // the intents reached at the fair are recommendations in the chain: they keep their sign-up (even one
      // whose sign-up row a crossing withdrawal removed: the person stays counted by the intent)
      const intents = await trx
        .selectFrom('fair_intents')
        .select('vacancy_title')
        .where('fair_id', '=', fair.id)
        .where('resident_id', '=', person.id)
        .where('deleted_at', 'is', null)
        .execute();
      if (intents.length)
        throw ruleError(
          'conflict',
          `${person.name}已在「${fair.name}」达成对「${intents.map((i) => i.vacancy_title).join('、')}」的意向（已转为推荐单），报名不能撤销；后续请在推荐单上登记结果`,
          {
            key: 'fairs.withdrawHasIntents',
            params: {
              name: person.name,
              fair: fair.name,
              vacancies: intents.map((i) => i.vacancy_title).join(', '),
            },
          },
        );
      if (!before)
        throw ruleError('not_found', `${person.name}没有报名「${fair.name}」（或报名已撤销）`, {
          key: 'fairs.notSignedUp',
          params: { name: person.name, fair: fair.name },
        });
      await updateRecorded(trx, record, 'fair_signups', before, {
        ...before,
        deleted_at: stamp,
        updated_at: stamp,
      });
    });
    return { id };
  },

  async 'fairs.summary'(input, ctx) {
    const { communityCode } = requireIdentity(ctx);
    const fair = await requireFair(ctx.db, input.fairId);
    return fairFigures(ctx.db, fair, await fairEmployerEntries(ctx.db, fair, communityCode));
  },

  async 'fairs.ofResident'(input, ctx) {
    await liveResident(ctx.db, input.residentId);
    // the fairs the person signed up for, or reached an intent at (presence: station/fairs/read.ts)
    const signUps = await presentPeople(ctx.db, { residentId: input.residentId });
    const intents = await intentsOf(ctx.db, { residentId: input.residentId });
    const items: ResidentFair[] = [];
    for (const s of signUps) {
      const fair: FairRecord | undefined = await findFair(ctx.db, s.fairId);
      if (!fair) continue;
      items.push({
        fairId: fair.id,
        name: fair.name,
        date: fair.date,
        place: fair.place,
        signedUpOn: s.signedUpOn,
        cancelledOn: fair.cancelledOn,
        intents: intents.filter((i) => i.fairId === fair.id).map(({ fairId: _f, residentId: _r, ...i }) => i),
      });
    }
    items.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    return { items };
  },
};
