// Kysely table types of the district server (migrations/0001_server.ts). JSON columns are text.
import type { Generated, Kysely, Transaction } from 'kysely';
import type { ReportDB } from '../../shared/reports/facts';

export interface MetaTable {
  key: string;
  value: string;
}
export interface ReferenceTable {
  kind: string;
  code: string;
  data: string;
  version: string;
}
export interface StationsTable {
  id: string;
  community_code: string;
  station_number: number;
  name: string | null;
  credential_hash: string | null;
  created_at: string;
  enrolled_at: string | null;
  revoked_at: string | null;
  last_applied_seq: Generated<number>;
  pulled_cursor: Generated<number>;
  last_seen_at: string | null;
  clock_skew_ms: number | null;
  app_version: string | null;
  schema_version: string | null;
  // migration 0013_console_fleet
  last_pull_at: string | null;
  pending_reported: number | null;
  pending_reported_at: string | null;
}
export interface ReleasesTable {
  version: string;
  file: string;
  sha512: string;
  size: number | string;
  rollout: number;
  published_at: string;
}
export interface BundleImportsTable {
  bundle_id: string;
  station_id: string;
  imported_at: string;
  entries: number;
  last_applied_seq: number | string;
}
export interface EnrollmentCodesTable {
  code_hash: string;
  station_id: string;
  community_code: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
export interface SyncRowsTable {
  entity: string;
  row_id: string;
  community_code: string;
  fields: string;
  field_versions: string;
  deleted: number;
  updated_seq: number;
  updated_at: string;
}
/** A stored row's key list, named by its hash (sync/rowCodec.ts, migration 0015). */
export interface RowLayoutsTable {
  id: string;
  columns: string;
}
export interface IdentitiesTable {
  id_number: string;
  row_id: string;
}
export interface RedirectsTable {
  entity: string;
  old_id: string;
  new_id: string;
  created_at: string;
}
export interface LogHeadsTable {
  community_code: string;
  last_sseq: number;
  /** The highest sequence compaction removed from the log (migration 0008): a cursor below it needs a snapshot. */
  floor: Generated<number>;
}
export interface SyncLogTable {
  community_code: string;
  sseq: number;
  entity: string;
  row_id: string;
  kind: string;
  fields: string | null;
  redirect_to: string | null;
  origin: string | null;
  created_at: string;
  /** 1: `fields` are the changed fields only (migration 0008). */
  partial: Generated<number>;
  /** 1: the origin station already holds what this entry sets and skips it when pulling (migration 0008). */
  echo: Generated<number>;
}
export interface ReceiptsTable {
  station_id: string;
  seq: number;
  verdict: string;
  created_at: string;
}
export interface ConflictsTable {
  id: string;
  entity: string;
  row_id: string;
  field: string;
  kept_value: string | null;
  losing_value: string | null;
  losing_station: string;
  losing_seq: number;
  operator_id: string | null;
  operator: string | null;
  created_at: string;
  resolved_at: string | null;
}
export interface MergeTasksTable {
  id: string;
  id_number: string;
  kept_id: string;
  merged_id: string;
  communities: string;
  created_at: string;
  /** open | resolved | withdrawn */
  status: string;
  /** 1: the second registration is held as its own row (migration 0004); 0: an older, redirected task. */
  held: Generated<number>;
  kept_community: string | null;
  decided_at: string | null;
  decided_by: string | null;
}
/** An entry of a held registration, kept on its merge task until the district decides (migration 0004). */
export interface MergeProposalsTable {
  id: string;
  task_id: string;
  station_id: string;
  seq: number;
  op: string;
  fields: string;
  operator_id: string;
  operator: string;
  at: string;
  received_at: string;
  /** open | applied | dropped */
  status: string;
  decided_at: string | null;
}
export interface TransfersTable {
  id: string;
  resident_id: string;
  from_community: string;
  to_community: string;
  operator: string;
  at: string;
}
// migration 0003_epoch: one row, id = 1
export interface ServerEpochTable {
  id: number;
  epoch: string;
  started_at: string;
  reason: string;
  previous: string | null;
}

/** Pulled rows a station could not apply and set aside (migration 0002_uniques). */
export interface PullProblemsTable {
  station_id: string;
  entity: string;
  row_id: string;
  sseq: number;
  reason: string;
  reported_at: string;
}

/** Console accounts, sessions and audit (migration 0006_console). */
export interface ConsoleUsersTable {
  username: string;
  role: string;
  street_code: string | null;
  password_hash: string;
  must_change: Generated<number>;
  created_at: string;
  disabled_at: string | null;
}
export interface ConsoleSessionsTable {
  token_hash: string;
  username: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}
export interface ConsoleLoginFailuresTable {
  username: string;
  at: string;
}
export interface ConsoleAuditTable {
  id: string;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
}

/** One per subsidy application the district holds (migration 0009_subsidy_claims). */
export interface SubsidyClaimsTable {
  row_id: string;
  community_code: string;
  resident_id: string | null;
  employer_id: string | null;
  policy_code: string;
  period_from: string;
  period_to: string;
  amount_fen: number | string;
  status: string;
  arrived_at: string;
  decided_on: string | null;
  paid_on: string | null;
}
/** The board of shared vacancies (migration 0005_matching). */
export interface BoardVacanciesTable {
  row_id: string;
  community_code: string;
  employer_id: string;
  fields: string;
  removed: number;
  bseq: number;
  updated_at: string;
}
export interface BoardHeadTable {
  id: number;
  last_bseq: number;
}

/** The district's course board and the narrow enrolment facts (migration 0012_training). */
export interface TrainingCoursesTable {
  row_id: string;
  community_code: string;
  provider: string;
  fields: string;
  removed: number;
  bseq: number | string;
  updated_at: string;
}
export interface TrainingHeadTable {
  id: number;
  last_bseq: number | string;
}
export interface TrainingFactsTable {
  row_id: string;
  community_code: string;
  course_id: string;
  resident_id: string;
  status: string;
  completed_on: string | null;
  employ_by: string | null;
}

/** Street and district job fairs for the stations of their scope (migration 0011_fairs). */
export interface SharedFairsTable {
  row_id: string;
  community_code: string;
  scope: string;
  street_code: string | null;
  fields: string;
  employers: string;
  removed: number;
  fseq: number;
  updated_at: string;
}
export interface FairsHeadTable {
  id: number;
  last_fseq: number;
}

export interface ServerDB extends ReportDB {
  training_courses: TrainingCoursesTable;
  training_head: TrainingHeadTable;
  training_facts: TrainingFactsTable;
  shared_fairs: SharedFairsTable;
  fairs_head: FairsHeadTable;
  board_vacancies: BoardVacanciesTable;
  board_head: BoardHeadTable;
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
  console_login_failures: ConsoleLoginFailuresTable;
  console_audit: ConsoleAuditTable;
  subsidy_claims: SubsidyClaimsTable;
  pull_problems: PullProblemsTable;
  meta: MetaTable;
  reference: ReferenceTable;
  stations: StationsTable;
  enrollment_codes: EnrollmentCodesTable;
  sync_rows: SyncRowsTable;
  row_layouts: RowLayoutsTable;
  identities: IdentitiesTable;
  redirects: RedirectsTable;
  log_heads: LogHeadsTable;
  sync_log: SyncLogTable;
  receipts: ReceiptsTable;
  conflicts: ConflictsTable;
  merge_tasks: MergeTasksTable;
  merge_proposals: MergeProposalsTable;
  transfers: TransfersTable;
  server_epoch: ServerEpochTable;
  releases: ReleasesTable;
  bundle_imports: BundleImportsTable;
}

export type Db = Kysely<ServerDB>;
export type Executor = Kysely<ServerDB> | Transaction<ServerDB>;
