// ag-grid's sort and filter models → the contract's residents.list input. Only what the station can
// answer from its indexes is offered in the grid, so nothing here is dropped silently.
import type { SortModelItem } from 'ag-grid-community';
import type { InputOf, Contract } from '../../../shared/contract';
import { AGE_BANDS, EMPLOYMENT_FILTERS, type RESIDENT_SORT_FIELDS } from '../../../shared/contract/core';
import { LIFECYCLE_FILTERS } from '../../../shared/domain/lifecycle';

type ListInput = InputOf<Contract['residents.list']>;
type Filter = NonNullable<ListInput['filter']>;
type SortField = (typeof RESIDENT_SORT_FIELDS)[number];

const SORT_BY_COL: Record<string, SortField> = {
  name: 'name',
  age: 'age',
  sixClears: 'sixClears',
  lastConfirmed: 'oldestConfirmedAt',
  updatedAt: 'updatedAt',
};

interface TextModel {
  filterType: 'text';
  type?: string;
  filter?: string;
}
interface NumberModel {
  filterType: 'number';
  type?: string;
  filter?: number | null;
  filterTo?: number | null;
}

export function toListInput(
  offset: number,
  limit: number,
  sortModel: SortModelItem[],
  filterModel: Record<string, unknown>,
  quick: string,
): ListInput {
  const filter: Filter = {};
  if (quick.trim()) filter.quick = quick.trim().slice(0, 50);
  const name = filterModel.name as TextModel | undefined;
  if (name?.filter) filter.name = name.filter.slice(0, 30);
  const idn = filterModel.idNumber as TextModel | undefined;
  if (idn?.filter) filter.idNumber = idn.filter.replace(/\s/g, '').slice(-18);
  const sex = filterModel.sex;
  if (sex === 'M' || sex === 'F') filter.sex = sex;
  const phone = filterModel.phone as TextModel | undefined;
  if (phone?.filter) filter.phone = phone.filter.slice(0, 20);
  const address = filterModel.address as TextModel | undefined;
  if (address?.filter) filter.address = address.filter.slice(0, 50);
  const employment = filterModel.employment;
  if (EMPLOYMENT_FILTERS.includes(employment as never))
    filter.employment = employment as (typeof EMPLOYMENT_FILTERS)[number];
  const band = filterModel.ageBand;
  if (AGE_BANDS.includes(band as never)) filter.ageBand = band as (typeof AGE_BANDS)[number];
  if (filterModel.household === 'yes' || filterModel.household === 'no')
    filter.household = filterModel.household;
  if (filterModel.card === 'valid' || filterModel.card === 'none') filter.card = filterModel.card;
  if (LIFECYCLE_FILTERS.includes(filterModel.lifecycle as never))
    filter.lifecycle = filterModel.lifecycle as (typeof LIFECYCLE_FILTERS)[number];
  if (typeof filterModel.category === 'string' && filterModel.category)
    filter.category = filterModel.category.slice(0, 40);
  const six = filterModel.sixClears;
  if (six === 'complete' || six === 'incomplete' || six === 'missing' || six === 'stale')
    filter.sixClears = six;
  const age = filterModel.age as NumberModel | undefined;
  if (age && age.filter != null) {
    const a = Math.max(0, Math.min(150, Math.trunc(age.filter)));
    switch (age.type) {
      case 'equals':
        filter.ageMin = a;
        filter.ageMax = a;
        break;
      case 'greaterThan':
        filter.ageMin = Math.min(150, a + 1);
        break;
      case 'greaterThanOrEqual':
        filter.ageMin = a;
        break;
      case 'lessThan':
        filter.ageMax = Math.max(0, a - 1);
        break;
      case 'lessThanOrEqual':
        filter.ageMax = a;
        break;
      case 'inRange':
        filter.ageMin = a;
        if (age.filterTo != null) filter.ageMax = Math.max(0, Math.min(150, Math.trunc(age.filterTo)));
        break;
    }
  }
  const sort = sortModel
    .filter((s) => s.colId in SORT_BY_COL)
    .slice(0, 3)
    .map((s) => ({ field: SORT_BY_COL[s.colId]!, dir: s.sort }));
  return {
    offset,
    limit,
    ...(sort.length ? { sort } : {}),
    ...(Object.keys(filter).length ? { filter } : {}),
  };
}
