// The station side of each ledger kind (see types.ts).
import type { LedgerKind } from '../../../shared/domain/ledgers/kinds';
import { residentStore } from './residents';
import { employerStore, registerStore } from './employers';
import { householdStore } from './households';
import { vacancyStore } from './vacancies';
import type { KindStore } from './types';

export const STORES: Record<LedgerKind, KindStore> = {
  residents: residentStore,
  employers: employerStore,
  register: registerStore,
  households: householdStore,
  vacancies: vacancyStore,
};
export type { Existing, KindStore, WriteCtx } from './types';
