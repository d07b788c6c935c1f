// One entry for every kind: a row of cells → the record it describes (see row.ts for the shape).
import type { LedgerKind } from './kinds';
import type { BuildOptions, Built, Get } from './row';
import { buildResident } from './residentRow';
import { buildEmployer, buildRegisterEntry } from './employerRow';
import { buildHousehold } from './householdRow';
import { buildVacancy } from './vacancyRow';

const BUILDERS: Record<LedgerKind, (get: Get, opts: BuildOptions) => Built> = {
  residents: buildResident,
  employers: buildEmployer,
  register: buildRegisterEntry,
  households: buildHousehold,
  vacancies: buildVacancy,
};

export function buildRow(kind: LedgerKind, get: Get, opts: BuildOptions): Built {
  return BUILDERS[kind](get, opts);
}
