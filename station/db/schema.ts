// Kysely table types of the station database. Column names are the migrations' (snake_case); the
// repositories map rows to the domain's camelCase shapes.
import type { Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

export interface MetaTable {
  key: string;
  value: string;
}
export interface OperatorsTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: 'assistant' | 'admin';
  disabled: number;
  created_at: string;
}
export interface RefStreetsTable {
  code: string;
  name: string;
}
export interface RefCommunitiesTable {
  code: string;
  name: string;
  street_code: string;
}
export interface HouseholdsTable {
  id: string;
  community_code: string;
  address: string | null;
  head_name: string | null;
  monthly_income: number | null;
  subsistence: string;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface ResidentsTable {
  id: string;
  community_code: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  id_number: string;
  id_number_rev: string;
  birth_date: string;
  sex: 'M' | 'F';
  phone: string | null;
  hukou_type: string | null;
  address: string | null;
  household_id: string | null;
  household_relation: string | null;
  landless_farmer: number;
  disability: string | null;
  subsistence: string;
  veteran: number;
  single_parent: number;
  released_or_rehab: number;
  graduate_year: number | null;
  note: string | null;
  clear_unemployment: string | null;
  clear_skills: string | null;
  clear_training: string | null;
  clear_preferences: string | null;
  clear_income: string | null;
  clear_outcome: string | null;
  clears_missing: number;
  clears_oldest_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface EmployersTable {
  id: string;
  community_code: string;
  credit_code: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  industry: string | null;
  size: string | null;
  address: string | null;
  contacts: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface VacanciesTable {
  id: string;
  community_code: string;
  employer_id: string;
  title: string;
  occupation: string | null;
  positions: number;
  wage_min: number | null;
  wage_max: number | null;
  requirements: string | null;
  valid_from: string;
  valid_to: string;
  status: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface OutboxTable {
  seq: Generated<number>;
  entity: string;
  row_id: string;
  op: string;
  fields: string;
  operator_id: string;
  operator_name: string;
  hlc: string;
  created_at: string;
  state: Generated<string>;
  verdict: string | null;
  reason: string | null;
}
export interface AccessLogTable {
  id: Generated<number>;
  operator_id: string;
  entity: string;
  row_id: string;
  what: string;
  at: string;
}

export interface StationDB {
  meta: MetaTable;
  operators: OperatorsTable;
  ref_streets: RefStreetsTable;
  ref_communities: RefCommunitiesTable;
  households: HouseholdsTable;
  residents: ResidentsTable;
  employers: EmployersTable;
  vacancies: VacanciesTable;
  outbox: OutboxTable;
  access_log: AccessLogTable;
}

export type DB = Kysely<StationDB>;
/** Anything a repository can run on: the database or an open transaction. */
export type Executor = Kysely<StationDB> | Transaction<StationDB>;
export type ResidentRowDb = Selectable<ResidentsTable>;
export type NewResidentRowDb = Insertable<ResidentsTable>;
