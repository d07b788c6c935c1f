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
  /** pre-fills the contact cards this operator makes (migration 0014) */
  phone?: string | null;
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
  /** JSON of shared/domain/lifecycle.ts, null while the person is in the book (migration 0011) */
  lifecycle: string | null;
  /** Derived from the six clears for the reports (shared/reports/facts.ts clearsFacts). */
  unemployed: number;
  unemployed_registered: number;
  unemployed_since: string | null;
  unemployment_confirmed_at: string | null;
  placed_on: string | null;
  income_subsistence: string | null;
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
  // migration 0010_matching
  occupation_code?: string | null;
  industry_code?: string | null;
  age_min?: number | null;
  age_max?: number | null;
  education?: string | null;
  shared?: number;
  hired?: number;
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

// ---- sync (migration 0002)
export interface SyncStateTable {
  id: number;
  server_url: string;
  station_id: string;
  community_code: string;
  station_number: number;
  credential: string;
  seq_offset: number;
  cursor: number;
  enrolled_at: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_full_upload_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  reachable: number | null;
  clock_skew_ms: number | null;
  deadline_weekday: Generated<number>;
  deadline_time: Generated<string>;
}
export interface SyncSetAsideTable {
  seq: number;
  reason: string;
  at: string;
  resolved_at: string | null;
  resolution: 'retried' | 'discarded' | null;
  retried_as: number | null;
}
export interface SyncConflictsTable {
  id: Generated<number>;
  seq: number;
  entity: string;
  row_id: string;
  field: string;
  mine: string | null;
  theirs: string | null;
  operator_name: string;
  at: string;
  seen_at: string | null;
  resolved_at: string | null;
  resolution: 'mine' | 'theirs' | null;
}
export interface SyncReceiptsTable {
  id: Generated<number>;
  at: string;
  entity: string;
  first_seq: number;
  last_seq: number;
  applied: number;
  merged: number;
  conflict: number;
  rejected: number;
  duplicate: number;
}
export interface SyncRedirectsTable {
  entity: string;
  old_id: string;
  new_id: string;
  sseq: number;
  at: string;
}
// migration 0006_sync_epoch: one row, id = 1
export interface SyncEpochTable {
  id: number;
  epoch: string | null;
  server_last_seq: number | null;
  cursor_mark: string | null;
  recovering_to: string | null;
  resent: Generated<number>;
  recovered_at: string | null;
  recovered_resent: number | null;
  /** When a snapshot replaced a cursor behind the district's compacted log (migration 0013). */
  lagged_snapshot_at: string | null;
}

/** The district's notice that a resident is also registered at another community (migration 0007). */
export interface IdentityHoldsTable {
  resident_id: string;
  task_id: string;
  role: 'held' | 'kept';
  community: string;
  community_name: string | null;
  id_number_masked: string;
  since: string;
}

// Employment assistance (migration 0003_cards).
export interface RefAssistanceCategoriesTable {
  code: string;
  version: number;
  name: string;
  effective_from: string;
  effective_to: string | null;
  sort_order: number;
  params: string;
}
export interface CardSequencesTable {
  station_number: number;
  year: number;
  last_seq: number;
}
export interface CardsTable {
  id: string;
  community_code: string;
  resident_id: string;
  card_number: string;
  status: 'valid' | 'replaced' | 'cancelled';
  categories: string;
  issue_reason: string | null;
  issued_on: string;
  issued_by: string;
  replaces_id: string | null;
  replaced_by_id: string | null;
  status_reason: string | null;
  status_changed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface ContactCardsTable {
  id: string;
  community_code: string;
  card_id: string;
  officer_name: string;
  officer_phone: string;
  hours: string;
  created_at: string;
  updated_at: string;
}
export interface CardPlansTable {
  id: string;
  community_code: string;
  resident_id: string;
  created_at: string;
  updated_at: string;
}
export interface PlanMeasuresTable {
  id: string;
  community_code: string;
  plan_id: string;
  kind: string;
  owner: string;
  due_date: string;
  note: string | null;
  status: 'open' | 'done';
  completed_on: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface PlanServicesTable {
  id: string;
  community_code: string;
  plan_id: string;
  kind: string;
  date: string;
  note: string;
  measure_id: string | null;
  given_by: string;
  created_at: string;
  /** a contact mark: the person is due on 今日工作 again from this date (migration 0014) */
  next_due?: string | null;
}
export interface CardPrintsTable {
  id: string;
  community_code: string;
  card_id: string;
  layout: string;
  printed_at: string;
  operator_id: string;
  operator_name: string;
  reprint: number;
}

// Migration 0005_sync_aside.
export interface SyncPulledAsideTable {
  entity: string;
  row_id: string;
  sseq: number;
  fields: string;
  reason: string;
  at: string;
  attempts: Generated<number>;
  reported_at: string | null;
}
export interface CardReprintsTable {
  card_id: string;
  old_number: string;
  new_number: string;
  reason: string;
  at: string;
  done_at: string | null;
}
// Ledgers in and out (migration 0009_ledgers): local to this PC, never synced.
export interface ImportBatchesTable {
  id: string;
  kind: string;
  file_name: string;
  file_size: number;
  status:
    'uploading' | 'inspected' | 'previewed' | 'committed' | 'undone' | 'cancelled' | 'refused' | 'failed';
  sheet: string | null;
  layout: string | null;
  counts: string | null;
  choices: string | null;
  reason: string | null;
  operator_id: string;
  operator_name: string;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
  undone_by: string | null;
}
export interface ImportEntriesTable {
  seq: number;
  batch_id: string;
  entity: string;
  row_id: string;
  phase: 'import' | 'undo';
}
export interface ImportMappingsTable {
  kind: string;
  header: string;
  field: string;
  updated_at: string;
}
export interface EmployerRegistrationsTable {
  credit_code: string;
  legal_rep: string | null;
  industry_code: string | null;
  registered_on: string | null;
  status: string | null;
  deregistered: number;
  batch_id: string | null;
  previous: string | null;
  updated_at: string;
}

export interface SyncBundlesTable {
  id: string;
  created_at: string;
  entries: number;
  first_seq: number | null;
  last_seq: number | null;
  file: string;
  receipt_at: string | null;
  accepted: number | null;
  rejected: number | null;
}

// Into work (migration 0010_matching).
export interface RefVocabularyTable {
  code: string;
  name: string;
  parent_code: string | null;
  name_pinyin: string;
  name_initials: string;
  in_force: number;
  sort_order: number;
}
export interface RecommendationsTable {
  id: string;
  community_code: string;
  resident_id: string;
  vacancy_id: string;
  vacancy_community: string;
  vacancy_title: string;
  employer_name: string;
  status: string;
  recommended_on: string;
  interviewed_on: string | null;
  hired_on: string | null;
  closed_on: string | null;
  reason: string | null;
  note: string | null;
  recommended_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface EmployerVisitsTable {
  id: string;
  community_code: string;
  employer_id: string;
  date: string;
  visitors: string;
  notes: string | null;
  vacancy_ids: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface CooperationAgreementsTable {
  id: string;
  community_code: string;
  employer_id: string;
  starts_on: string;
  ends_on: string;
  committed_hires: number;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface BoardVacanciesTable {
  id: string;
  community_code: string;
  employer_id: string;
  employer_name: string;
  employer_address: string | null;
  employer_contacts: string;
  title: string;
  occupation: string | null;
  occupation_code: string | null;
  industry_code: string | null;
  positions: number;
  hired: number;
  wage_min: number | null;
  wage_max: number | null;
  requirements: string | null;
  age_min: number | null;
  age_max: number | null;
  education: string | null;
  valid_from: string;
  valid_to: string;
  status: string;
  bseq: number;
  updated_at: string;
}
// Matching's index of residents (migration 0016_match_index): kept by triggers on residents, never synced.
export interface MatchPeopleTable {
  resident_id: string;
  birth_date: string;
  looking: number;
  wage: number | null;
  hours: string | null;
  area: string | null;
}
export interface MatchWishesTable {
  kind: 'o' | 'i' | 't' | 's';
  code: string;
  resident_id: string;
}

// Policy support (migration 0015_policy).
export interface RefPoliciesTable {
  code: string;
  version: number;
  name: string;
  effective_from: string;
  effective_to: string | null;
  sort_order: number;
  data: string;
}
export interface SubsidyApplicationsTable {
  id: string;
  community_code: string;
  policy_code: string;
  policy_version: number;
  resident_id: string | null;
  employer_id: string | null;
  period_from: string;
  period_to: string;
  amount: number;
  documents: string;
  eligibility_reason: string | null;
  prepared_by: string;
  prepared_on: string;
  status: 'submitted' | 'approved' | 'refused' | 'paid' | 'set_aside';
  decision_reason: string | null;
  decided_on: string | null;
  decided_by: string | null;
  paid_on: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

// Job fairs (migration 0017_fairs).
export interface FairsTable {
  id: string;
  community_code: string;
  name: string;
  date: string;
  place: string;
  scope: 'community' | 'street' | 'district';
  street_code: string | null;
  organiser: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  // migration 0024_fair_cancel
  cancelled_on: string | null;
  cancel_reason: string | null;
}
export interface FairEmployersTable {
  id: string;
  community_code: string;
  fair_id: string;
  employer_id: string;
  employer_name: string;
  vacancy_ids: string;
  positions: number;
  /** JSON {vacancyId: positions} of the vacancies brought (null: a row written before migration 0023). */
  vacancy_positions: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface FairSignupsTable {
  id: string;
  community_code: string;
  fair_id: string;
  resident_id: string;
  signed_up_on: string;
  signed_up_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface FairIntentsTable {
  id: string;
  community_code: string;
  fair_id: string;
  resident_id: string;
  vacancy_id: string;
  vacancy_title: string;
  employer_id: string;
  employer_name: string;
  recommendation_id: string;
  reached_on: string;
  recorded_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface SharedFairsTable {
  id: string;
  community_code: string;
  name: string;
  date: string;
  place: string;
  scope: string;
  street_code: string | null;
  organiser: string;
  employers: string;
  fseq: number;
  updated_at: string;
  // migration 0024_fair_cancel
  cancelled_on: string | null;
  cancel_reason: string | null;
}

// Training (migration 0018_training).
export interface TrainingCoursesTable {
  id: string;
  community_code: string;
  name: string;
  kind: string;
  occupation_code: string;
  provider: string;
  start_on: string;
  end_on: string;
  hours: number;
  subsidy_per_person: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface BoardCoursesTable {
  id: string;
  community_code: string;
  name: string;
  kind: string;
  occupation_code: string;
  provider: string;
  start_on: string;
  end_on: string;
  hours: number;
  subsidy_per_person: number | null;
  bseq: number;
  updated_at: string;
}
export interface TrainingEnrolmentsTable {
  id: string;
  community_code: string;
  course_id: string;
  course_name: string;
  resident_id: string;
  status: 'enrolled' | 'completed' | 'dropped';
  enrolled_on: string;
  attended_hours: number;
  completed_on: string | null;
  certificate_kind: string | null;
  certificate_level: string | null;
  certificate_number: string | null;
  enrolled_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  // migration 0025_training_dropout
  dropped_on: string | null;
  drop_reason: string | null;
}

export interface StationDB {
  training_courses: TrainingCoursesTable;
  board_courses: BoardCoursesTable;
  training_enrolments: TrainingEnrolmentsTable;
  fairs: FairsTable;
  fair_employers: FairEmployersTable;
  fair_signups: FairSignupsTable;
  fair_intents: FairIntentsTable;
  shared_fairs: SharedFairsTable;
  ref_policies: RefPoliciesTable;
  subsidy_applications: SubsidyApplicationsTable;
  ref_occupations: RefVocabularyTable;
  ref_industries: RefVocabularyTable;
  recommendations: RecommendationsTable;
  employer_visits: EmployerVisitsTable;
  cooperation_agreements: CooperationAgreementsTable;
  board_vacancies: BoardVacanciesTable;
  match_people: MatchPeopleTable;
  match_wishes: MatchWishesTable;
  sync_pulled_aside: SyncPulledAsideTable;
  card_reprints: CardReprintsTable;
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
  ref_assistance_categories: RefAssistanceCategoriesTable;
  card_sequences: CardSequencesTable;
  cards: CardsTable;
  contact_cards: ContactCardsTable;
  card_plans: CardPlansTable;
  plan_measures: PlanMeasuresTable;
  plan_services: PlanServicesTable;
  card_prints: CardPrintsTable;
  sync_state: SyncStateTable;
  sync_set_aside: SyncSetAsideTable;
  sync_conflicts: SyncConflictsTable;
  sync_receipts: SyncReceiptsTable;
  sync_redirects: SyncRedirectsTable;
  sync_epoch: SyncEpochTable;
  identity_holds: IdentityHoldsTable;
  import_batches: ImportBatchesTable;
  import_entries: ImportEntriesTable;
  import_mappings: ImportMappingsTable;
  employer_registrations: EmployerRegistrationsTable;
  sync_bundles: SyncBundlesTable;
}

export type DB = Kysely<StationDB>;
/** Anything a repository can run on: the database or an open transaction. */
export type Executor = Kysely<StationDB> | Transaction<StationDB>;
export type ResidentRowDb = Selectable<ResidentsTable>;
export type NewResidentRowDb = Insertable<ResidentsTable>;
