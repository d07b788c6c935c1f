// What the residents grid shows beside a person's own row (issue 15): the household (head and size) and the
// valid assistance card with its categories — looked up for the page's rows only, in two queries — and the
// limits of the list's age bands, read from the reference data (the 大龄失业 category's thresholds).
import type { ResidentRow } from '../../shared/domain/resident';
import { DEFAULT_WORKING_AGE } from '../../shared/domain/household';
import type { CardCategory } from '../../shared/domain/assistance/card';
import type { DB, Executor } from '../db/schema';
import { loadCategoriesInForce } from '../cards/categories';
import type { AgeBandLimits } from './repository';

export async function ageBandLimits(db: DB, today: string): Promise<AgeBandLimits> {
  const older = (await loadCategoriesInForce(db, today)).find((c) => c.params.rule === 'age_unemployed');
  const p = (older?.params ?? {}) as {
    minAgeFemale?: number;
    minAgeMale?: number;
    maxAgeFemale?: number;
    maxAgeMale?: number;
  };
  return {
    olderFrom: { F: p.minAgeFemale ?? 40, M: p.minAgeMale ?? 50 },
    retireAt: {
      F: p.maxAgeFemale ?? DEFAULT_WORKING_AGE.maxFemale,
      M: p.maxAgeMale ?? DEFAULT_WORKING_AGE.maxMale,
    },
    workFrom: DEFAULT_WORKING_AGE.min,
  };
}

export async function withListExtras(db: Executor, rows: ResidentRow[]): Promise<ResidentRow[]> {
  if (rows.length === 0) return rows;
  const householdIds = [...new Set(rows.map((r) => r.householdId).filter((h): h is string => !!h))];
  const households = householdIds.length
    ? await db
        .selectFrom('households as h')
        .select((eb) => [
          'h.id',
          'h.head_name',
          eb
            .selectFrom('residents as m')
            .whereRef('m.household_id', '=', 'h.id')
            .where('m.deleted_at', 'is', null)
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('size'),
        ])
        .where('h.id', 'in', householdIds)
        .where('h.deleted_at', 'is', null)
        .execute()
    : [];
  const byHousehold = new Map(households.map((h) => [h.id, h]));
  const cards = await db
    .selectFrom('cards')
    .select(['id', 'resident_id', 'card_number', 'categories'])
    .where(
      'resident_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('status', '=', 'valid')
    .where('deleted_at', 'is', null)
    .execute();
  const byResident = new Map(cards.map((c) => [c.resident_id, c]));
  return rows.map((r) => {
    const h = r.householdId ? byHousehold.get(r.householdId) : undefined;
    const c = byResident.get(r.id);
    return {
      ...r,
      household: h ? { id: h.id, headName: h.head_name, size: Number(h.size ?? 0) } : null,
      card: c
        ? {
            id: c.id,
            cardNumber: c.card_number,
            categories: (JSON.parse(c.categories) as CardCategory[]).map((x) => x.name),
          }
        : null,
    };
  });
}
