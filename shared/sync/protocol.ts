// The wire protocol between a station and the district server (DESIGN.md "Sync"). Both sides parse every
// message with these schemas. Changes must stay backward compatible within PROTOCOL_VERSION: add optional
// fields, never repurpose one. Bodies may travel gzip-compressed (Content-Encoding: gzip).
import { z } from 'zod';
import { ILL_FORMED_MESSAGE, findIllFormedText, isWellFormedText } from './columns';

/** Text both stores keep as given (no NUL, no lone surrogate), at most `max` characters. */
const wireText = (max: number) =>
  z
    .string({ message: '应为文字' })
    .max(max, { message: `最多 ${max} 个字符` })
    .refine(isWellFormedText, { message: ILL_FORMED_MESSAGE });
/** A row id: a UUID as the stations make them (letters, digits, dashes). */
const wireRowId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, { message: '记录编号格式不正确' });
/** Sequences are 32-bit integers in the district's store. */
const MAX_SEQ = 2_147_483_647;

/**
 * A row's synced fields: a JSON object whose values each side checks when it lands them. Checked as "an
 * object, not an array", without z.record's copy of every key: that copy was most of the parse time of a
 * 10,000-row snapshot page, and JSON object keys are strings anyway.
 */
const rowFields = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  { message: '字段应为对象' },
);

export const PROTOCOL_VERSION = 1;

/** Endpoints (POST, JSON in/out; all but enroll need `Authorization: Bearer <credential>`). */
export const ENDPOINTS = {
  enroll: '/v1/enroll',
  push: '/v1/push',
  pull: '/v1/pull',
  snapshot: '/v1/snapshot',
  status: '/v1/status',
  // ADDED: (reference data) the district's streets, communities and assistance categories, versioned.
  reference: '/v1/reference',
  // ADDED: (issue 9) the district's board of shared vacancies of other communities, after a cursor.
  board: '/v1/board',
  // ADDED: (issue 10) the district's training courses of other communities, after a cursor.
  courses: '/v1/courses',
  // ADDED: (issue 14) the push streamed as NDJSON sub-batches (pushStreamHeader, then pushStreamLine's),
  // each applied as it arrives; only when the district said `pushStream` (an older one answers 404).
  pushStream: '/v1/push/stream',
  // ADDED: (issue 14) the pull answered as NDJSON pages (pullStreamRequest), each a pullResponse the station
  // applies while the rest is still coming; served by a district that says `pushStream`.
  pullStream: '/v1/pull/stream',
} as const;

// ---- enrolment: a one-time code from `server add-station` becomes a credential bound to one community
export const enrollRequest = z.object({
  code: z.string().min(6).max(64),
  stationName: wireText(50).optional(),
});
export const enrollResponse = z.object({
  stationId: z.string(),
  communityCode: z.string().regex(/^\d{12}$/),
  stationNumber: z.number().int().min(1),
  credential: z.string().min(20),
  serverTime: z.string(),
  // ADDED: (epoch) the district's epoch at enrolment; absent from older servers.
  epoch: z.string().optional(),
});

// ADDED: (epoch, DESIGN.md "Time goes forward") The district's epoch: a random id the server keeps in its
// database and replaces whenever it is restored from a backup (or notices it went back in time). Every
// push/pull/status/snapshot answer carries it; a station that sees another epoch than the one it holds
// re-sends what the district lost and takes a snapshot (station/sync/epoch.ts, server/sync/epoch.ts).
export const epochId = wireText(64).min(1);
/**
 * What a station believes the district holds, sent with push and pull: the epoch it knows, the highest seq
 * the district acknowledged to it, its pull cursor and the mark of the log entry at that cursor. A server
 * told more than it has (by a station of its own epoch) has gone back in time and declares a new epoch.
 */
export const stationView = z.object({
  epoch: epochId.optional(),
  ackedSeq: z.number().int().min(0).max(MAX_SEQ).optional(),
  cursor: z.number().int().min(0).max(MAX_SEQ).optional(),
  cursorMark: wireText(64).optional(),
});
export type StationView = z.infer<typeof stationView>;

// ---- push: the outbox in seq order. The server applies a batch in one transaction and records the
// station's last applied seq in it: a retried batch is a no-op, and a gap stops the batch.
export const OPS = ['create', 'update', 'delete', 'confirm'] as const;
export const pushEntry = z.object({
  seq: z.number().int().min(1).max(MAX_SEQ),
  entity: z.string({ message: '应为文字' }).max(40, { message: '过长' }),
  rowId: wireRowId,
  op: z.enum(OPS, { message: '不是可识别的操作' }),
  /** field → [value the station based its edit on, new value]; values are checked per entity (entities.ts) */
  fields: z
    .record(z.string().max(64), z.tuple([z.unknown(), z.unknown()]))
    .refine((f) => findIllFormedText(f) === null, { message: ILL_FORMED_MESSAGE }),
  hlc: wireText(40),
  operatorId: wireText(64),
  operator: wireText(60),
  at: wireText(40),
  /** The station found the entry too large to send (its fields are left out): the server refuses it with
   * a reason, so its seq is used and the queue moves on. */
  oversize: z.literal(true).optional(),
  // ADDED: (epoch) the station already holds the district's `rejected` verdict for this entry, which a
  // restored district lost: record the seq as rejected again and apply nothing (the seqs of a batch must
  // stay contiguous, and a person's retry/discard decision must stand). Stations send it with `fields: {}`:
  // the server must answer it before validating or applying anything of it.
  rejectedBefore: z.literal(true).optional(),
});
/** An entry whose fields are larger than this (as JSON) is sent as `oversize` instead. */
export const MAX_ENTRY_CHARS = 256_000;
export type PushEntry = z.infer<typeof pushEntry>;

/**
 * An entry as the batch carries it: only its seq is checked with the batch, the rest entry by entry
 * (server/sync/push.ts), so one malformed entry gets its own `rejected` verdict instead of a 400 that
 * would refuse the whole batch again and again.
 */
const batchEntry = z.looseObject({ seq: z.number().int().min(1).max(MAX_SEQ) });

export const pushRequest = z.object({
  stationId: wireText(64),
  /** The station's wall clock when it sent the batch, to tell a person their PC clock is off. */
  clock: wireText(40),
  entries: z.array(batchEntry).max(5000),
  /** Pulled rows this station could not apply and set aside, with the reason (DESIGN.md invariants). */
  pulledAside: z
    .array(
      z.object({
        entity: wireText(40),
        rowId: wireRowId,
        sseq: z.number().int().min(0).max(MAX_SEQ),
        reason: wireText(300),
      }),
    )
    .max(500)
    .optional(),
  // ADDED: (epoch)
  view: stationView.optional(),
  // ADDED: (delivery, issue 13) the app version and sync schema of the station (shared/sync/versions.ts);
  // absent from older stations, which the server takes as schema 1.
  app: z.object({ version: wireText(40), schema: z.number().int().min(1).max(1000) }).optional(),
  // ADDED: (console, issue 11) outbox entries not yet acknowledged when the batch was sent, the batch's own
  // included; the district's fleet shows what is left. Absent from older stations.
  pending: z.number().int().min(0).max(MAX_SEQ).optional(),
  // ADDED: (issue 14) the pull that follows this batch (sent with a station's last batch): the server applies the
  // batch, then answers this pull in the same response (`pull`), one round trip fewer on a slow line. An
  // older server ignores it and answers without `pull`; the station then pulls on its own.
  pull: z.lazy(() => pullRequest).optional(),
});

export const VERDICTS = ['applied', 'merged', 'conflict', 'rejected', 'duplicate'] as const;
export type VerdictStatus = (typeof VERDICTS)[number];
export const verdict = z.object({
  seq: z.number().int(),
  status: z.enum(VERDICTS),
  /** Plain-Chinese reason for `rejected`, e.g. "该居民不属于本社区". */
  reason: z.string().optional(),
  /** Fields whose edit lost to the server's value (kept in a conflict record on the server). */
  conflicts: z.array(z.object({ field: z.string(), mine: z.unknown(), theirs: z.unknown() })).optional(),
  /** The row the entry landed on when the server redirected it (merged person). */
  rowId: z.string().optional(),
  // ADDED: (identity, issue 8) the entry is a registration of a person another community holds: it was kept
  // on the district's merge task as a proposal, and `notice` says so in plain Chinese for the station to show.
  held: z
    .object({ taskId: z.string(), community: z.string(), communityName: z.string().nullable() })
    .optional(),
  notice: z.string().optional(),
});
export type Verdict = z.infer<typeof verdict>;

export const pushResponse = z.object({
  lastAppliedSeq: z.number().int(),
  verdicts: z.array(verdict),
  serverTime: z.string(),
  // ADDED: (epoch) absent from older servers.
  epoch: z.string().optional(),
  // ADDED: (issue 14) the answer to `pull` of the request, once the batch was applied; absent when not asked
  // for, from an older server, or when the pull could not be answered (the station then pulls on its own).
  pull: z.lazy(() => pullResponse).optional(),
  // ADDED: (issue 14) this district takes a push streamed to ENDPOINTS.pushStream and answers a pull streamed
  // at ENDPOINTS.pullStream (said on push and pull answers).
  pushStream: z.literal(true).optional(),
});

/**
 * A streamed push (issue 14): one request, `Content-Type: application/x-ndjson`, gzip'd with a sync flush
 * after each line. The first line is everything of a pushRequest but its entries; then one line per
 * sub-batch (consecutive seqs, continuing the line before), each applied in its own transaction as soon as
 * it has arrived; then `{"end": <entries sent>}`. A body cut anywhere leaves the complete sub-batches
 * applied, their verdicts stored: the station's retry is answered from them, as a lost answer is. The
 * answer, after the last line, is a pushResponse with every verdict (and the pull, when asked for).
 */
export const pushStreamHeader = pushRequest.omit({ entries: true });
export const pushStreamLine = z.union([
  z.object({ entries: z.array(batchEntry).min(1).max(5000) }),
  z.object({ end: z.number().int().min(0).max(MAX_SEQ) }),
]);
export const PUSH_STREAM_TYPE = 'application/x-ndjson';

// ---- pull: the community's log after a cursor. The station advances its cursor only after it has
// committed the pulled changes locally.
export const CHANGE_KINDS = ['upsert', 'delete', 'redirect', 'transfer_out'] as const;
export const pulledChange = z.object({
  sseq: z.number().int(),
  entity: z.string(),
  rowId: z.string(),
  kind: z.enum(CHANGE_KINDS),
  /** For upsert: the row's synced fields after the change (all of them; derived ones are recomputed), or with
   * `partial` only the fields the change set: the station merges them into the row it holds. */
  fields: rowFields.optional(),
  // ADDED: (issue 14) `fields` are a delta. A station that does not hold the row asks the snapshot endpoint
  // for it (snapshotRequest.rows). Stations from before this flag read a delta as a row: right for rows they
  // hold; a row they do not hold is set aside as incomplete until their next snapshot.
  partial: z.literal(true).optional(),
  /** For redirect: the id that replaces rowId (same person registered twice). */
  redirectTo: z.string().optional(),
  /** The station whose push made this change (a station may skip its own echoes). */
  origin: z.string().optional(),
});
export type PulledChange = z.infer<typeof pulledChange>;

// ADDED: (identity, issue 8) A district notice, not a synced entity: it travels in the log and the snapshot
// as rows of entity HOLD_NOTICE_ENTITY (stations that do not know it skip it, as any unknown entity), keyed
// by the community's own resident id; `delete` withdraws it. It tells a community that the person is also
// registered at another one, and where, never what that community recorded (DESIGN.md "Scope is the
// community, also through identity"). role `held`: this community registered second and its entries wait as
// proposals until the district decides; `kept`: this community holds the person, another registered too.
export const HOLD_NOTICE_ENTITY = 'identity_holds';
export const holdNotice = z.object({
  taskId: z.string().max(64),
  role: z.enum(['held', 'kept']),
  community: z.string().max(12),
  communityName: z.string().max(60).nullable(),
  idNumberMasked: z.string().max(20),
  since: z.string().max(40),
});
export type HoldNotice = z.infer<typeof holdNotice>;

export const pullRequest = z.object({
  after: z.number().int().min(0).max(MAX_SEQ),
  limit: z.number().int().min(1).max(10_000).default(2000),
  // ADDED: (epoch) `view.cursor` is `after`; sent only when the station knows its cursor's timeline.
  view: stationView.optional(),
  // ADDED: (console, issue 11) outbox entries still waiting for the district when the pull was sent.
  pending: z.number().int().min(0).max(MAX_SEQ).optional(),
});
export const pullResponse = z.object({
  changes: z.array(pulledChange),
  cursor: z.number().int(),
  more: z.boolean(),
  /** The cursor is older than the server's retention: take a snapshot instead. */
  snapshotRequired: z.boolean().optional(),
  // ADDED: (issue 14) why, in plain Chinese, for the station to show ("本机超过 N 天未同步…").
  snapshotReason: z.string().optional(),
  serverTime: z.string(),
  // ADDED: (reference data) the version of the district's reference data; a station holding another one
  // fetches ENDPOINTS.reference. Absent from older servers.
  referenceVersion: z.string().optional(),
  // ADDED: (epoch) the district's epoch, and the mark of the log entry at `cursor` when the page moved it.
  epoch: z.string().optional(),
  cursorMark: z.string().optional(),
  // ADDED: (issue 14) the heads of the district's shared boards (vacancies, courses, fairs): a station whose
  // board cursor is at the head (and, for vacancies, of the same epoch) has nothing to read there and skips
  // that request. Absent from older servers: the station then reads each board as before.
  boardHeads: z
    .object({ board: z.number().int(), courses: z.number().int(), fairs: z.number().int() })
    .partial()
    .optional(),
  // ADDED: (issue 14) this district takes a push streamed to ENDPOINTS.pushStream.
  pushStream: z.literal(true).optional(),
});
export type PullResponse = z.infer<typeof pullResponse>;

/**
 * A streamed pull (issue 14): the page of `limit` entries answered as NDJSON lines of at most `per` changes,
 * gzip'd with a sync flush after each. Each line is a pullResponse whose cursor is its last change (with
 * its mark) and `more` true, the last line the page's own cursor and `more`: the station applies and
 * commits each line as it arrives, so a cut answer leaves its cursor after the lines it took.
 */
export const pullStreamRequest = pullRequest.extend({
  per: z.number().int().min(1).max(10_000).default(250),
});

// ---- snapshot: a new PC (or one offline past retention) takes its community's current rows, paged,
// and then pulls from `cursor`.
export const snapshotRequest = z.object({
  /** Opaque page token from the previous page; absent for the first page. */
  page: wireText(400).optional(),
  limit: z.number().int().min(1).max(20_000).default(5000),
  // ADDED: (issue 14) only these rows of the station's community, whole (a delta arrived for a row the station
  // does not hold). One page; `cursor` is then the head and does not move the station's snapshot cursor.
  rows: z
    .array(z.object({ entity: wireText(40), rowId: wireRowId }))
    .max(5000)
    .optional(),
});
export const snapshotResponse = z.object({
  rows: z.array(z.object({ entity: z.string(), rowId: z.string(), fields: rowFields })),
  /** Server sequence at the snapshot's start: pull from here afterwards. */
  cursor: z.number().int(),
  next: z.string().nullable(),
  serverTime: z.string(),
  // ADDED: (epoch) as in pullResponse; `cursorMark` is that of the snapshot's `cursor` (absent at 0).
  epoch: z.string().optional(),
  cursorMark: z.string().optional(),
});

// ADDED: (server, issue 5) schemas for ENDPOINTS.status, which had none. Optional for a station to use:
// it answers "is the server reachable, is my credential good, how far has the district got". `clock` is the
// station's wall clock, as in push, so a station can learn its clock skew without pushing.
export const statusRequest = z.object({ clock: wireText(40).optional() });
export const statusResponse = z.object({
  stationId: z.string(),
  communityCode: z.string(),
  stationNumber: z.number().int(),
  /** Highest outbox seq the server has applied for this station. */
  lastAppliedSeq: z.number().int(),
  /** Newest server sequence in this community's log (what a pull could reach). */
  head: z.number().int(),
  /** Station clock minus server clock in ms, when `clock` was sent (or from the last push). */
  clockSkewMs: z.number().int().nullable(),
  serverTime: z.string(),
  // ADDED: (reference data) as in pullResponse.
  referenceVersion: z.string().optional(),
  // ADDED: (epoch) as in pullResponse.
  epoch: z.string().optional(),
});

const vocabularyItem = z.object({
  code: wireText(20),
  name: wireText(60),
  parentCode: wireText(20).nullable(),
});

// ADDED: (reference data) ENDPOINTS.reference: the whole of the district's reference data and its version
// (a content hash: loading the same data twice keeps the version). Categories are every version the
// district holds, with effective dates; a station keeps history and picks the one in force by date.
export const referenceRequest = z.object({});
export const referenceResponse = z.object({
  version: z.string(),
  /** The label the district gave the data when loading it, e.g. "jianggan-2026". */
  label: z.string(),
  streets: z.array(z.object({ code: z.string(), name: z.string() })),
  communities: z.array(z.object({ code: z.string(), name: z.string(), streetCode: z.string() })),
  /** Category versions, checked by the station against shared/domain/assistance/categories.ts. */
  categories: z.array(rowFields),
  // ADDED: (issue 9) occupations (GB/T 6565-2015) and industries (GB/T 4754-2017); absent from older servers,
  // then a station keeps the lists it holds.
  occupations: z.array(vocabularyItem).optional(),
  industries: z.array(vocabularyItem).optional(),
  // ADDED: (issue 10) policy versions (shared/domain/policy/policies.ts), checked by the station; absent from
  // older servers.
  policies: z.array(rowFields).optional(),
});
export type ReferenceResponse = z.infer<typeof referenceResponse>;

// ADDED: (issue 9) ENDPOINTS.board: other communities' vacancies marked shared, with their employer's name,
// address and contacts, read-only at the station; `removed` when no longer shared or deleted (the station
// drops its copy). One district-wide sequence (`bseq`); `head` is the newest, so a station whose cursor is
// ahead of it (a district restored from a backup) starts the board again from 0.
export const boardRequest = z.object({
  after: z.number().int().min(0).max(MAX_SEQ),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export const boardItem = z.object({
  id: wireRowId,
  community: z.string().regex(/^\d{12}$/),
  bseq: z.number().int(),
  removed: z.boolean(),
  /** The vacancy's synced fields plus employer_name, employer_address, employer_contacts; absent when removed. */
  fields: rowFields.optional(),
});
export type BoardItem = z.infer<typeof boardItem>;
export const boardResponse = z.object({
  items: z.array(boardItem),
  cursor: z.number().int(),
  more: z.boolean(),
  head: z.number().int(),
  /** The district's epoch: a station holding the board of another epoch (a restore) reads it again whole. */
  epoch: z.string().max(100).optional(),
});

// ADDED: (issue 10) ENDPOINTS.courses: every other community's training courses, one district-wide
// sequence, the same paging and cursor rules as the board (request: boardRequest); `removed` when deleted.
export const courseItem = z.object({
  id: wireRowId,
  community: z.string().regex(/^\d{12}$/),
  bseq: z.number().int(),
  removed: z.boolean(),
  /** The course's synced fields; absent when removed. */
  fields: rowFields.optional(),
});
export type CourseItem = z.infer<typeof courseItem>;
export const coursesResponse = z.object({
  items: z.array(courseItem),
  cursor: z.number().int(),
  more: z.boolean(),
  head: z.number().int(),
  // ADDED: the district's epoch, as on the vacancy board: a copy read in another epoch is read again whole.
  epoch: z.string().max(100).optional(),
});

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
/** Server error codes a station acts on. */
export type SyncErrorCode =
  | 'unauthorized' // bad or missing credential
  | 'revoked' // the district revoked this station
  | 'enroll_code_invalid' // unknown, used or expired enrolment code
  | 'gap' // first seq of the batch is not lastAppliedSeq + 1 (details.lastAppliedSeq)
  | 'invalid_input'
  | 'payload_too_large'
  // ADDED: (delivery, issue 13) the station's app is older than the district requires / its entries are
  // written in a sync schema newer than the server knows (shared/sync/versions.ts)
  | 'too_old'
  | 'unknown_schema';
