// Cards, contact cards and plans on the station database: row ↔ domain mapping and the reads the handlers
// share. Writes live in the handlers, each inside write(ctx, …) with its outbox entry.
import { ApiError } from '../../shared/errors';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { ageOn } from '../../shared/domain/dates';
import { isZeroEmploymentHousehold } from '../../shared/domain/household';
import type { EligibilityHousehold, EligibilityResident } from '../../shared/domain/assistance/eligibility';
import type {
  AssistanceCard,
  CardCategory,
  ContactCard,
  MeasureKind,
  PlanMeasure,
  PlanService,
  ServiceKind,
} from '../../shared/domain/assistance/card';
import type {
  CardsTable,
  ContactCardsTable,
  Executor,
  PlanMeasuresTable,
  PlanServicesTable,
} from '../db/schema';
import { clearsOf, getResidentRow } from '../residents/repository';

export function cardNotFound(): ApiError {
  return new ApiError('not_found', '找不到该援助卡');
}

export function toContact(r: ContactCardsTable): ContactCard {
  return {
    id: r.id,
    cardId: r.card_id,
    officerName: r.officer_name,
    officerPhone: r.officer_phone,
    hours: r.hours,
    updatedAt: r.updated_at,
  };
}

export function toCard(
  r: CardsTable,
  holder: { name: string; id_number: string },
  contact: ContactCardsTable | undefined,
): AssistanceCard {
  return {
    id: r.id,
    communityCode: r.community_code,
    residentId: r.resident_id,
    holderName: holder.name,
    holderIdNumber: maskIdNumber(holder.id_number),
    cardNumber: r.card_number,
    status: r.status,
    categories: JSON.parse(r.categories) as CardCategory[],
    issueReason: r.issue_reason,
    issuedOn: r.issued_on,
    issuedBy: r.issued_by,
    replacesId: r.replaces_id,
    replacedById: r.replaced_by_id,
    statusReason: r.status_reason,
    statusChangedAt: r.status_changed_at,
    contact: contact ? toContact(contact) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function getCardRow(db: Executor, id: string): Promise<CardsTable> {
  const row = await db
    .selectFrom('cards')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw cardNotFound();
  return row;
}

/** Cards with their holders and contact cards, in the order of `rows`. */
export async function hydrateCards(db: Executor, rows: CardsTable[]): Promise<AssistanceCard[]> {
  if (rows.length === 0) return [];
  const residentIds = [...new Set(rows.map((r) => r.resident_id))];
  const holders = await db
    .selectFrom('residents')
    .select(['id', 'name', 'id_number'])
    .where('id', 'in', residentIds)
    .execute();
  const contacts = await db
    .selectFrom('contact_cards')
    .selectAll()
    .where(
      'card_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const holderById = new Map(holders.map((h) => [h.id, h]));
  const contactByCard = new Map(contacts.map((c) => [c.card_id, c]));
  return rows.map((r) =>
    toCard(
      r,
      holderById.get(r.resident_id) ?? { name: '（居民已删除）', id_number: '' },
      contactByCard.get(r.id),
    ),
  );
}

export async function getCard(db: Executor, id: string): Promise<AssistanceCard> {
  const [card] = await hydrateCards(db, [await getCardRow(db, id)]);
  return card!;
}

export function toMeasure(r: PlanMeasuresTable, today: string): PlanMeasure {
  return {
    id: r.id,
    planId: r.plan_id,
    kind: r.kind as MeasureKind,
    owner: r.owner,
    dueDate: r.due_date,
    note: r.note,
    status: r.status,
    completedOn: r.completed_on,
    result: r.result,
    overdue: r.status === 'open' && r.due_date < today,
    createdAt: r.created_at,
  };
}

/**
 * Open measures past their due date whose holder's card is still valid (joined as m, p, c, r). The base of
 * cards.overdueMeasures and of the work list (station/handlers/worklist.ts), so both agree on "overdue".
 */
export function overdueMeasuresQuery(db: Executor, today: string) {
  return db
    .selectFrom('plan_measures as m')
    .innerJoin('card_plans as p', 'p.id', 'm.plan_id')
    .innerJoin('cards as c', (j) =>
      j
        .onRef('c.resident_id', '=', 'p.resident_id')
        .on('c.status', '=', 'valid')
        .on('c.deleted_at', 'is', null),
    )
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .where('m.status', '=', 'open')
    .where('m.deleted_at', 'is', null)
    .where('m.due_date', '<', today);
}

export function toService(r: PlanServicesTable): PlanService {
  return {
    id: r.id,
    planId: r.plan_id,
    kind: r.kind as ServiceKind,
    date: r.date,
    note: r.note,
    measureId: r.measure_id,
    givenBy: r.given_by,
    createdAt: r.created_at,
    nextDue: r.next_due ?? null,
  };
}

/** What the eligibility rules read about a resident and their household, as of `asOf`. */
export async function eligibilityInput(
  db: Executor,
  residentId: string,
  asOf: string,
): Promise<{ resident: EligibilityResident; household: EligibilityHousehold | null }> {
  const row = await getResidentRow(db, residentId);
  if (!row) throw new ApiError('not_found', '找不到该居民（可能已被删除）');
  const clears = clearsOf(row);
  const resident: EligibilityResident = {
    birthDate: row.birth_date,
    sex: row.sex,
    landlessFarmer: !!row.landless_farmer,
    disability: row.disability ? JSON.parse(row.disability) : null,
    subsistence: row.subsistence as EligibilityResident['subsistence'],
    veteran: !!row.veteran,
    singleParent: !!row.single_parent,
    releasedOrRehab: !!row.released_or_rehab,
    graduateYear: row.graduate_year,
    unemployment: clears.unemployment ?? null,
    income: clears.income ?? null,
  };
  if (!row.household_id) return { resident, household: null };
  const household = await db
    .selectFrom('households')
    .select(['subsistence'])
    .where('id', '=', row.household_id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!household) return { resident, household: null };
  const members = await db
    .selectFrom('residents')
    .select(['birth_date', 'sex', 'clear_unemployment'])
    .where('household_id', '=', row.household_id)
    .where('deleted_at', 'is', null)
    .execute();
  const zeroEmployment = isZeroEmploymentHousehold(
    members.map((m) => ({
      age: ageOn(m.birth_date, asOf),
      sex: m.sex,
      clears: { unemployment: m.clear_unemployment ? JSON.parse(m.clear_unemployment) : null },
    })),
  );
  return {
    resident,
    household: { zeroEmployment, subsistence: household.subsistence as EligibilityHousehold['subsistence'] },
  };
}
