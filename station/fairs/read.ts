// Reading a fair as this station sees it: its own row (a fair created here) or the district's read-only copy
// (a street or district fair of another community), with the employers at it — those added from this
// community (its own rows) and those other communities added (from the district's copy) — the people of
// this community signed up with their intents, and the five figures.
import { sql } from 'kysely';
import { ruleError } from '../../shared/errors';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { HIRED_STATUSES, employerFigures, type FairScope } from '../../shared/domain/fairs/fair';
import type { RecommendationStatus } from '../../shared/domain/recommendation';
import type {
  Fair,
  FairEmployer,
  FairFigures,
  FairListItem,
  FairPerson,
  FairVacancy,
} from '../../shared/contract/fairs';
import type { Executor, FairEmployersTable } from '../db/schema';

/** An employer at a fair as the district's copy carries it (server/fairs/shared.ts). */
export interface SharedFairEmployer {
  id: string;
  community: string;
  employer_id: string;
  employer_name: string;
  vacancy_ids: string[];
  positions: number;
  /** Absent: an entry written before each vacancy's positions were recorded. */
  vacancy_positions?: Record<string, number>;
}

export interface FairRecord {
  id: string;
  communityCode: string;
  name: string;
  date: string;
  place: string;
  scope: FairScope;
  streetCode: string | null;
  organiser: string;
  createdBy: string | null;
  own: boolean;
  /** Called off before its day, and why (migration 0024); null while held. */
  cancelledOn: string | null;
  cancelReason: string | null;
  /** Other communities' employers at the fair, from the district's copy. */
  sharedEmployers: SharedFairEmployer[];
}

function parseEmployers(s: string | null | undefined): SharedFairEmployer[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? (v as SharedFairEmployer[]) : [];
  } catch {
    return [];
  }
}

/** The fair, own or the district's copy, or undefined. */
export async function findFair(db: Executor, id: string): Promise<FairRecord | undefined> {
  const own = await db
    .selectFrom('fairs')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const copy = await db.selectFrom('shared_fairs').selectAll().where('id', '=', id).executeTakeFirst();
  if (own)
    return {
      id: own.id,
      communityCode: own.community_code,
      name: own.name,
      date: own.date,
      place: own.place,
      scope: own.scope,
      streetCode: own.street_code,
      organiser: own.organiser,
      createdBy: own.created_by,
      own: true,
      cancelledOn: own.cancelled_on,
      cancelReason: own.cancel_reason,
      sharedEmployers: parseEmployers(copy?.employers),
    };
  if (!copy) return undefined;
  return {
    id: copy.id,
    communityCode: copy.community_code,
    name: copy.name,
    date: copy.date,
    place: copy.place,
    scope: copy.scope as FairScope,
    streetCode: copy.street_code,
    organiser: copy.organiser,
    createdBy: null,
    own: false,
    cancelledOn: copy.cancelled_on,
    cancelReason: copy.cancel_reason,
    sharedEmployers: parseEmployers(copy.employers),
  };
}

export async function requireFair(db: Executor, id: string): Promise<FairRecord> {
  const fair = await findFair(db, id);
  if (!fair)
    throw ruleError('not_found', '找不到该招聘会（可能已删除，或尚未从区里同步到本工作站）', {
      key: 'fairs.notFound',
    });
  return fair;
}

interface EmployerEntry {
  id: string;
  employerId: string;
  employerName: string;
  communityCode: string;
  vacancyIds: string[];
  positions: number;
  /** Each vacancy's positions; null for an entry written before station migration 0023. */
  vacancyPositions: Record<string, number> | null;
  own: boolean;
}

/** An own row's vacancies and positions, each vacancy's when recorded. */
export function entryPositions(
  r: Pick<FairEmployersTable, 'vacancy_ids' | 'positions' | 'vacancy_positions'>,
) {
  return {
    vacancyIds: JSON.parse(r.vacancy_ids) as string[],
    positions: r.positions,
    vacancyPositions: r.vacancy_positions
      ? (JSON.parse(r.vacancy_positions) as Record<string, number>)
      : null,
  };
}

/** The columns of a row for an entry's vacancies and positions. */
export function entryColumns(
  e: ReturnType<typeof entryPositions>,
): Pick<FairEmployersTable, 'vacancy_ids' | 'positions' | 'vacancy_positions'> {
  return {
    vacancy_ids: JSON.stringify(e.vacancyIds),
    positions: e.positions,
    vacancy_positions: e.vacancyPositions ? JSON.stringify(e.vacancyPositions) : null,
  };
}

/** Every employer at the fair: this community's rows, then other communities' from the district's copy. */
export async function fairEmployerEntries(
  db: Executor,
  fair: FairRecord,
  community: string,
): Promise<EmployerEntry[]> {
  const rows = await db
    .selectFrom('fair_employers')
    .selectAll()
    .where('fair_id', '=', fair.id)
    .where('deleted_at', 'is', null)
    // the order they were added here (pulled rows: the order they arrived)
    .orderBy(sql`rowid`)
    .execute();
  const out: EmployerEntry[] = rows.map((r) => ({
    id: r.id,
    employerId: r.employer_id,
    employerName: r.employer_name,
    communityCode: r.community_code,
    ...entryPositions(r),
    own: true,
  }));
  const held = new Set(out.map((e) => e.id));
  for (const e of fair.sharedEmployers)
    if (!held.has(e.id) && e.community !== community)
      out.push({
        id: e.id,
        employerId: e.employer_id,
        employerName: e.employer_name,
        communityCode: e.community,
        vacancyIds: e.vacancy_ids,
        positions: e.positions,
        vacancyPositions: e.vacancy_positions ?? null,
        own: false,
      });
  return out;
}

/** The fair's vacancy ids (every employer's). */
export function fairVacancyIds(entries: readonly EmployerEntry[]): Set<string> {
  return new Set(entries.flatMap((e) => e.vacancyIds));
}

async function vacancyDetails(db: Executor, ids: string[], today: string): Promise<Map<string, FairVacancy>> {
  const out = new Map<string, FairVacancy>();
  if (!ids.length) return out;
  const list = JSON.stringify(ids);
  const rows = await sql<{
    id: string;
    title: string;
    positions: number;
    hired: number | null;
    status: string;
    valid_from: string;
    valid_to: string;
  }>`select id, title, positions, hired, status, valid_from, valid_to from vacancies
      where deleted_at is null and id in (select value from json_each(${list}))
    union all
    select id, title, positions, hired, status, valid_from, valid_to from board_vacancies
      where id in (select value from json_each(${list})) and id not in (select id from vacancies)`.execute(
    db,
  );
  for (const r of rows.rows)
    out.set(r.id, {
      id: r.id,
      title: r.title,
      positions: r.positions,
      open:
        r.status === 'open' && (r.hired ?? 0) < r.positions && r.valid_from <= today && r.valid_to >= today,
    });
  return out;
}

export async function fairFigures(
  db: Executor,
  fair: FairRecord,
  entries: readonly EmployerEntry[],
): Promise<FairFigures> {
  // a live intent is presence at the fair: its person counts as signed up even when their sign-up was
  // withdrawn on another PC while the intent was recorded offline (the district counts the same)
  const signUps = await sql<{ n: number }>`select count(*) as n from (
      select resident_id from fair_signups where fair_id = ${fair.id} and deleted_at is null
      union
      select resident_id from fair_intents where fair_id = ${fair.id} and deleted_at is null)`.execute(db);
  const intents = await db
    .selectFrom('fair_intents as i')
    .leftJoin('recommendations as r', (j) =>
      j.onRef('r.id', '=', 'i.recommendation_id').on('r.deleted_at', 'is', null),
    )
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn
        .count<number>('r.id')
        .filterWhere('r.status', 'in', [...HIRED_STATUSES])
        .as('hired'),
    ])
    .where('i.fair_id', '=', fair.id)
    .where('i.deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    ...employerFigures(entries),
    signUps: Number(signUps.rows[0]?.n ?? 0),
    intents: Number(intents.n),
    hired: Number(intents.hired),
    communityOnly: fair.scope !== 'community',
  };
}

async function placeNames(
  db: Executor,
  fair: FairRecord,
): Promise<{ streetName: string | null; communityName: string | null }> {
  const street = fair.streetCode
    ? await db.selectFrom('ref_streets').select('name').where('code', '=', fair.streetCode).executeTakeFirst()
    : undefined;
  const community = await db
    .selectFrom('ref_communities')
    .select('name')
    .where('code', '=', fair.communityCode)
    .executeTakeFirst();
  return { streetName: street?.name ?? null, communityName: community?.name ?? null };
}

export async function fairView(
  db: Executor,
  fair: FairRecord,
  ctx: { community: string; today: string },
): Promise<Fair> {
  const entries = await fairEmployerEntries(db, fair, ctx.community);
  const details = await vacancyDetails(db, [...fairVacancyIds(entries)], ctx.today);
  const employers: FairEmployer[] = entries.map((e) => ({
    id: e.id,
    employerId: e.employerId,
    employerName: e.employerName,
    communityCode: e.communityCode,
    positions: e.positions,
    own: e.own,
    vacancies: e.vacancyIds.map((id) => details.get(id) ?? { id, title: null, positions: null, open: false }),
  }));
  return {
    id: fair.id,
    name: fair.name,
    date: fair.date,
    place: fair.place,
    scope: fair.scope,
    streetCode: fair.streetCode,
    ...(await placeNames(db, fair)),
    organiser: fair.organiser,
    communityCode: fair.communityCode,
    own: fair.own,
    createdBy: fair.createdBy,
    cancelledOn: fair.cancelledOn,
    cancelReason: fair.cancelReason,
    employers,
    summary: await fairFigures(db, fair, entries),
  };
}

export async function fairListItem(db: Executor, fair: FairRecord, community: string): Promise<FairListItem> {
  const entries = await fairEmployerEntries(db, fair, community);
  return {
    id: fair.id,
    name: fair.name,
    date: fair.date,
    place: fair.place,
    scope: fair.scope,
    organiser: fair.organiser,
    own: fair.own,
    cancelledOn: fair.cancelledOn,
    summary: await fairFigures(db, fair, entries),
  };
}

type Intent = FairPerson['intents'][number];

async function intentsOf(
  db: Executor,
  where: { fairId?: string; residentId?: string },
): Promise<Array<Intent & { fairId: string; residentId: string }>> {
  let q = db
    .selectFrom('fair_intents as i')
    .leftJoin('recommendations as r', (j) =>
      j.onRef('r.id', '=', 'i.recommendation_id').on('r.deleted_at', 'is', null),
    )
    .select([
      'i.fair_id',
      'i.resident_id',
      'i.vacancy_id',
      'i.vacancy_title',
      'i.employer_name',
      'i.reached_on',
      'i.recommendation_id',
      'r.status',
    ])
    .where('i.deleted_at', 'is', null);
  if (where.fairId) q = q.where('i.fair_id', '=', where.fairId);
  if (where.residentId) q = q.where('i.resident_id', '=', where.residentId);
  const rows = await q.orderBy('i.reached_on').orderBy('i.id').execute();
  return rows.map((r) => ({
    fairId: r.fair_id,
    residentId: r.resident_id,
    vacancyId: r.vacancy_id,
    vacancyTitle: r.vacancy_title,
    employerName: r.employer_name,
    reachedOn: r.reached_on,
    recommendationId: r.recommendation_id,
    status: (r.status as RecommendationStatus | null) ?? null,
  }));
}

/**
 * The residents counted as signed up for a fair: a live sign-up, or a live intent there (presence at the
 * fair, kept when a withdrawal of the sign-up crossed the intent between two PCs), with the day they signed
 * up — their sign-up's, else their first intent's. `where` narrows to one fair or one person.
 */
export async function presentPeople(
  db: Executor,
  where: { fairId?: string; residentId?: string },
): Promise<Array<{ fairId: string; residentId: string; signedUpOn: string }>> {
  let signUps = db
    .selectFrom('fair_signups')
    .select(['fair_id', 'resident_id', 'signed_up_on', 'deleted_at']);
  let intents = db
    .selectFrom('fair_intents')
    .select(['fair_id', 'resident_id', 'reached_on'])
    .where('deleted_at', 'is', null);
  if (where.fairId) {
    signUps = signUps.where('fair_id', '=', where.fairId);
    intents = intents.where('fair_id', '=', where.fairId);
  }
  if (where.residentId) {
    signUps = signUps.where('resident_id', '=', where.residentId);
    intents = intents.where('resident_id', '=', where.residentId);
  }
  const rows = await signUps.execute();
  const out = new Map<string, { fairId: string; residentId: string; signedUpOn: string }>();
  const key = (f: string, r: string) => `${f} ${r}`;
  for (const r of rows)
    if (r.deleted_at === null)
      out.set(key(r.fair_id, r.resident_id), {
        fairId: r.fair_id,
        residentId: r.resident_id,
        signedUpOn: r.signed_up_on,
      });
  const withdrawn = new Map(rows.map((r) => [key(r.fair_id, r.resident_id), r.signed_up_on]));
  for (const i of await intents.orderBy('reached_on').execute()) {
    const k = key(i.fair_id, i.resident_id);
    if (!out.has(k))
      out.set(k, {
        fairId: i.fair_id,
        residentId: i.resident_id,
        signedUpOn: withdrawn.get(k) ?? i.reached_on,
      });
  }
  return [...out.values()];
}

/** This community's people signed up for the fair (or present by an intent), with their intents. */
export async function fairPeople(db: Executor, fairId: string): Promise<FairPerson[]> {
  const present = await presentPeople(db, { fairId });
  const people = new Map<string, { name: string; id_number: string; name_pinyin: string }>();
  const ids = present.map((p) => p.residentId);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('residents')
      .select(['id', 'name', 'id_number', 'name_pinyin'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) people.set(r.id, r);
  }
  const intents = await intentsOf(db, { fairId });
  return present
    .filter((p) => people.has(p.residentId))
    .sort(
      (a, b) =>
        a.signedUpOn.localeCompare(b.signedUpOn) ||
        people.get(a.residentId)!.name_pinyin.localeCompare(people.get(b.residentId)!.name_pinyin),
    )
    .slice(0, 5000)
    .map((p) => {
      const r = people.get(p.residentId)!;
      return {
        residentId: p.residentId,
        name: r.name,
        idNumberMasked: maskIdNumber(r.id_number),
        signedUpOn: p.signedUpOn,
        intents: intents
          .filter((i) => i.residentId === p.residentId)
          .map(({ fairId: _f, residentId: _r, ...i }) => i),
      };
    });
}

export { intentsOf };
