// The registry of synced entities: ONE entry per entity says everything sync needs to know about it — its
// table, the columns that travel with the zod schema of their stored values, field groups that merge as one
// unit, references to other synced rows, its label for people, and a rule for every uniqueness the station
// enforces (what the district does when two offline PCs both did it). The station's and the server's sync
// code, validation and labels are derived from here; adding an entity means adding one entry, and a missing
// piece is a type error. Changing a column list is a protocol change: read DESIGN.md "Sync" first.
import { z } from 'zod';
import { amount, community, date, flag, int, json, oneOf, rowRef, text, timestamp } from './columns';
import {
  incomeSection,
  outcomeSection,
  preferencesSection,
  skillsSection,
  trainingSection,
  unemploymentSection,
} from '../domain/sixClears';
import { CARD_STATUSES, MEASURE_KINDS, PRINT_LAYOUTS, SERVICE_KINDS } from '../domain/assistance/card';
import { EDUCATION_LEVELS, WORK_AGE_MAX, WORK_AGE_MIN } from '../domain/employer';
import { INDUSTRY_CODE, OCCUPATION_CODE } from '../domain/vocabulary';
import { RECOMMENDATION_STATUSES } from '../domain/recommendation';
import { APPLICATION_STATUSES } from '../domain/policy/policies';
import { CERTIFICATE_KINDS, COURSE_KINDS, ENROLMENT_STATUSES } from '../domain/training/training';
import { lifecycleSchema } from '../domain/lifecycle';
import { FAIR_SCOPES } from '../domain/fairs/fair';

/** Entities in the order they were introduced (parents are found through `references`, not this order). */
export const ENTITY_NAMES = [
  'residents',
  'households',
  'employers',
  'vacancies',
  'cards',
  'contact_cards',
  'card_plans',
  'plan_measures',
  'plan_services',
  'card_prints',
  'recommendations',
  'employer_visits',
  'cooperation_agreements',
  'subsidy_applications',
  'fairs',
  'fair_employers',
  'fair_signups',
  'fair_intents',
  'training_courses',
  'training_enrolments',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/**
 * What the district does when two stations, offline, both did what the station allows only once:
 * - `redirect`: the same thing registered twice — the first row is kept and the second id redirected to it
 *   (stations re-point their references);
 * - `renumber`: a number both used — the first keeps it, the later row gets the next free number;
 * - `first-wins`: only one row may be in that state — the first keeps it, the later one is moved out of it
 *   with a reason (a conflict record keeps what the station wanted);
 * - `same-row`: the row id is made from the unique columns (`derivedId` in station/ids.ts), so two PCs that both
 *   did it made the same row: the district merges their fields as for any two edits of one row.
 */
export interface UniqueRule {
  columns: readonly string[];
  /** Only among live rows (deleted_at is null). */
  live: boolean;
  /** Only among rows where `column` holds `value` (one valid card per person). */
  when?: { column: string; value: string };
  /** How the station enforces it: a UNIQUE index of its schema, or the handler's check. */
  station: 'index' | 'handler';
  district: 'redirect' | 'renumber' | 'first-wins' | 'same-row';
  /** How far the value must be unique at the district. */
  scope: 'district' | 'community';
  /** The rule in plain Chinese, for set-aside reasons and verdicts. */
  describe: string;
}

export interface EntityDef {
  /** What a person calls one row, in Chinese and English. */
  label: string;
  labelEn: string;
  /** Synced columns and the schema of their stored (non-null) value. */
  columns: Readonly<Record<string, z.ZodType>>;
  /** Columns that may never be null on a row. */
  required: readonly string[];
  /** Fields that only make sense together: a change to one carries the whole group. */
  groups: ReadonlyArray<readonly string[]>;
  /** Columns that hold another synced row's id. */
  references: Readonly<Record<string, EntityName>>;
  /** The row id IS the person's id (one per person): it follows the person through a redirect. */
  personRow: boolean;
  unique: readonly UniqueRule[];
  /** Columns only the district sets (counted from other rows): a station's change of them is not merged. */
  districtOwned?: readonly string[];
}

const deletedAt = { deleted_at: timestamp() };
const ID_NUMBER = z.string().regex(/^\d{17}[\dX]$/, { message: '身份证号码格式不正确' });
const CREDIT_CODE = z.string().regex(/^[0-9A-Z]{18}$/, { message: '统一社会信用代码格式不正确' });
const CARD_NUMBER = z.string().regex(/^\d{12}-\d{2}-\d{4}-\d{5}$/, { message: '援助卡号格式不正确' });
const contact = z.object({ name: z.string().max(60), phone: z.string().max(40).optional() });
const category = z.object({ code: z.string().max(40), name: z.string().max(60) });

export const REGISTRY: { readonly [E in EntityName]: EntityDef } = {
  residents: {
    label: '居民',
    labelEn: 'resident',
    columns: {
      community_code: community(),
      name: text(30, 1),
      id_number: ID_NUMBER,
      birth_date: date(),
      sex: oneOf(['M', 'F']),
      phone: text(20),
      hukou_type: oneOf(['local_urban', 'local_rural', 'nonlocal_urban', 'nonlocal_rural']),
      address: text(200),
      household_id: rowRef(),
      household_relation: text(20),
      landless_farmer: flag(),
      disability: json(z.object({ level: z.number().int().min(1).max(4).optional() })),
      subsistence: oneOf(['none', 'dibao', 'dibian']),
      veteran: flag(),
      single_parent: flag(),
      released_or_rehab: flag(),
      graduate_year: int(1950, 2100),
      note: text(500),
      clear_unemployment: json(unemploymentSection),
      clear_skills: json(skillsSection),
      clear_training: json(trainingSection),
      clear_preferences: json(preferencesSection),
      clear_income: json(incomeSection),
      clear_outcome: json(outcomeSection),
      // issue 15: moved away / retired / deceased / left working age — one field, merged as one value
      lifecycle: json(lifecycleSchema),
      ...deletedAt,
    },
    required: [
      'community_code',
      'name',
      'id_number',
      'birth_date',
      'sex',
      'landless_farmer',
      'subsistence',
      'veteran',
      'single_parent',
      'released_or_rehab',
    ],
    groups: [['name', 'id_number', 'birth_date', 'sex']],
    references: { household_id: 'households' },
    personRow: true,
    unique: [
      {
        columns: ['id_number'],
        live: true,
        station: 'index',
        district: 'redirect',
        scope: 'district',
        describe: '一个身份证号码只对应一位居民',
      },
    ],
  },
  households: {
    label: '家庭',
    labelEn: 'household',
    columns: {
      community_code: community(),
      address: text(200),
      head_name: text(30),
      monthly_income: amount(10_000_000),
      subsistence: oneOf(['none', 'dibao', 'dibian']),
      note: text(500),
      ...deletedAt,
    },
    required: ['community_code', 'subsistence'],
    groups: [],
    references: {},
    personRow: false,
    unique: [],
  },
  employers: {
    label: '用人单位',
    labelEn: 'employer',
    columns: {
      community_code: community(),
      credit_code: CREDIT_CODE,
      name: text(100, 1),
      industry: text(50),
      size: oneOf(['micro', 'small', 'medium', 'large']),
      address: text(200),
      contacts: json(z.array(contact).max(10)),
      ...deletedAt,
    },
    required: ['community_code', 'credit_code', 'name', 'contacts'],
    groups: [['credit_code', 'name']],
    references: {},
    personRow: false,
    unique: [
      {
        columns: ['credit_code'],
        live: true,
        station: 'index',
        district: 'redirect',
        scope: 'community',
        describe: '一个统一社会信用代码在本社区只对应一家用人单位',
      },
    ],
  },
  vacancies: {
    label: '岗位',
    labelEn: 'vacancy',
    columns: {
      community_code: community(),
      employer_id: rowRef(),
      title: text(60, 1),
      occupation: text(60),
      positions: int(1, 10_000),
      wage_min: amount(1_000_000),
      wage_max: amount(1_000_000),
      requirements: text(500),
      valid_from: date(),
      valid_to: date(),
      status: oneOf(['open', 'filled', 'closed']),
      // ADDED: (issue 9) coded, with an age range and schooling; `shared` puts it on the district's board;
      // `hired` is counted by the district from recommendations of every community (never typed).
      occupation_code: z.string().regex(OCCUPATION_CODE, { message: '职业代码格式不正确' }),
      industry_code: z.string().regex(INDUSTRY_CODE, { message: '行业代码格式不正确' }),
      age_min: int(WORK_AGE_MIN, WORK_AGE_MAX),
      age_max: int(WORK_AGE_MIN, WORK_AGE_MAX),
      education: oneOf(EDUCATION_LEVELS),
      shared: flag(),
      hired: int(0, 10_000),
      ...deletedAt,
    },
    required: ['community_code', 'employer_id', 'title', 'positions', 'valid_from', 'valid_to', 'status'],
    groups: [
      ['wage_min', 'wage_max'],
      ['valid_from', 'valid_to'],
      ['age_min', 'age_max'],
    ],
    references: { employer_id: 'employers' },
    personRow: false,
    unique: [],
    // Hires of every community's recommendations, counted once per recommendation when it turns `hired`
    // (server/sync/apply.ts): two PCs recording the same hire count one.
    districtOwned: ['hired'],
  },
  // A card's number travels with its status and why/when it changed, so a merge never pairs one station's
  // status with another's reason.
  cards: {
    label: '援助卡',
    labelEn: 'assistance card',
    columns: {
      community_code: community(),
      resident_id: rowRef(),
      card_number: CARD_NUMBER,
      status: oneOf(CARD_STATUSES),
      categories: json(z.array(category).max(10)),
      issue_reason: text(200),
      issued_on: date(),
      issued_by: text(60),
      replaces_id: rowRef(),
      replaced_by_id: rowRef(),
      status_reason: text(300),
      status_changed_at: timestamp(),
      ...deletedAt,
    },
    required: [
      'community_code',
      'resident_id',
      'card_number',
      'status',
      'categories',
      'issued_on',
      'issued_by',
    ],
    groups: [['card_number', 'status', 'status_reason', 'status_changed_at', 'replaced_by_id']],
    references: { resident_id: 'residents', replaces_id: 'cards', replaced_by_id: 'cards' },
    personRow: false,
    unique: [
      {
        columns: ['card_number'],
        live: false,
        station: 'index',
        district: 'renumber',
        scope: 'district',
        describe: '援助卡号在全区唯一',
      },
      {
        columns: ['resident_id'],
        live: true,
        when: { column: 'status', value: 'valid' },
        station: 'handler',
        district: 'first-wins',
        scope: 'district',
        describe: '一人只能持有一张有效援助卡',
      },
    ],
  },
  contact_cards: {
    label: '联系卡',
    labelEn: 'contact card',
    columns: {
      community_code: community(),
      card_id: rowRef(),
      officer_name: text(30, 1),
      officer_phone: text(20, 1),
      hours: text(60),
    },
    required: ['community_code', 'card_id', 'officer_name', 'officer_phone', 'hours'],
    groups: [['officer_name', 'officer_phone']],
    references: { card_id: 'cards' },
    personRow: false,
    unique: [
      {
        columns: ['card_id'],
        live: false,
        station: 'index',
        district: 'redirect',
        scope: 'district',
        describe: '一张援助卡只有一张联系卡',
      },
    ],
  },
  // One plan per person (opened with a card or at the first contact mark on 今日工作): its id is the resident's
  // id, so two stations opening a plan offline make one row (tests/sync/contactMarks.test.ts).
  card_plans: {
    label: '援助计划',
    labelEn: 'assistance plan',
    columns: { community_code: community(), resident_id: rowRef() },
    required: ['community_code', 'resident_id'],
    groups: [],
    references: { resident_id: 'residents' },
    personRow: true,
    unique: [],
  },
  plan_measures: {
    label: '援助措施',
    labelEn: 'plan measure',
    columns: {
      community_code: community(),
      plan_id: rowRef(),
      kind: oneOf(MEASURE_KINDS),
      owner: text(30, 1),
      due_date: date(),
      note: text(300),
      status: oneOf(['open', 'done']),
      completed_on: date(),
      result: text(300),
      ...deletedAt,
    },
    required: ['community_code', 'plan_id', 'kind', 'owner', 'due_date', 'status'],
    groups: [['status', 'completed_on', 'result']],
    references: { plan_id: 'card_plans' },
    personRow: false,
    unique: [],
  },
  plan_services: {
    label: '服务记录',
    labelEn: 'service record',
    columns: {
      community_code: community(),
      plan_id: rowRef(),
      kind: oneOf(SERVICE_KINDS),
      date: date(),
      note: text(500, 1),
      measure_id: rowRef(),
      given_by: text(60, 1),
      next_due: date(),
    },
    required: ['community_code', 'plan_id', 'kind', 'date', 'note', 'given_by'],
    groups: [],
    references: { plan_id: 'card_plans', measure_id: 'plan_measures' },
    personRow: false,
    unique: [],
  },
  card_prints: {
    label: '打印记录',
    labelEn: 'print record',
    columns: {
      community_code: community(),
      card_id: rowRef(),
      layout: oneOf(PRINT_LAYOUTS),
      printed_at: timestamp(),
      operator_id: rowRef(),
      operator_name: text(60),
      reprint: flag(),
    },
    required: [
      'community_code',
      'card_id',
      'layout',
      'printed_at',
      'operator_id',
      'operator_name',
      'reprint',
    ],
    groups: [],
    references: { card_id: 'cards' },
    personRow: false,
    unique: [],
  },
  // A person sent to a vacancy, followed to a lasting job (shared/domain/recommendation.ts). The vacancy may
  // be another community's shared one, held at this station only on its board: `vacancy_id` is therefore no
  // reference (a pulled row must not wait for it), and its title and employer travel with the row.
  recommendations: {
    label: '推荐单',
    labelEn: 'recommendation',
    columns: {
      community_code: community(),
      resident_id: rowRef(),
      vacancy_id: rowRef(),
      vacancy_community: community(),
      vacancy_title: text(60, 1),
      employer_name: text(100, 1),
      status: oneOf(RECOMMENDATION_STATUSES),
      recommended_on: date(),
      interviewed_on: date(),
      hired_on: date(),
      closed_on: date(),
      reason: text(200),
      note: text(300),
      recommended_by: text(60, 1),
      ...deletedAt,
    },
    required: [
      'community_code',
      'resident_id',
      'vacancy_id',
      'vacancy_community',
      'vacancy_title',
      'employer_name',
      'status',
      'recommended_on',
      'recommended_by',
    ],
    groups: [['status', 'interviewed_on', 'hired_on', 'closed_on', 'reason']],
    references: { resident_id: 'residents' },
    personRow: false,
    unique: [
      {
        columns: ['resident_id', 'vacancy_id'],
        live: true,
        station: 'handler',
        district: 'same-row',
        scope: 'district',
        describe: '同一个人推荐到同一个岗位只有一张推荐单',
      },
    ],
  },
  // 走访: which employer, when, who went, and which vacancies were collected during it.
  employer_visits: {
    label: '走访记录',
    labelEn: 'employer visit',
    columns: {
      community_code: community(),
      employer_id: rowRef(),
      date: date(),
      visitors: text(100, 1),
      notes: text(500),
      vacancy_ids: json(z.array(z.string().regex(/^[0-9A-Za-z-]{1,64}$/)).max(100)),
      ...deletedAt,
    },
    required: ['community_code', 'employer_id', 'date', 'visitors', 'vacancy_ids'],
    groups: [],
    references: { employer_id: 'employers' },
    personRow: false,
    unique: [],
  },
  // 用工合作协议: the period and the hires the employer committed to.
  cooperation_agreements: {
    label: '用工合作协议',
    labelEn: 'cooperation agreement',
    columns: {
      community_code: community(),
      employer_id: rowRef(),
      starts_on: date(),
      ends_on: date(),
      committed_hires: int(1, 10_000),
      note: text(300),
      ...deletedAt,
    },
    required: ['community_code', 'employer_id', 'starts_on', 'ends_on', 'committed_hires'],
    groups: [['starts_on', 'ends_on']],
    references: { employer_id: 'employers' },
    personRow: false,
    unique: [],
  },
  // ADDED: (issue 10) a subsidy application: prepared at the station (status submitted), decided at the
  // district (the status group). The same policy for one person over overlapping periods is claimed once:
  // the application that reaches the district first keeps the claim, a later one is set aside with the reason.
  subsidy_applications: {
    label: '补贴申请',
    labelEn: 'subsidy application',
    columns: {
      community_code: community(),
      policy_code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: '政策代码格式不正确' }),
      policy_version: int(1, 1000),
      resident_id: rowRef(),
      employer_id: rowRef(),
      period_from: date(),
      period_to: date(),
      amount: amount(10_000_000),
      documents: json(z.array(z.object({ name: z.string().max(60), provided: z.boolean() })).max(20)),
      eligibility_reason: text(500),
      prepared_by: text(60, 1),
      prepared_on: date(),
      status: oneOf(APPLICATION_STATUSES),
      decision_reason: text(300),
      decided_on: date(),
      decided_by: text(60),
      paid_on: date(),
      ...deletedAt,
    },
    required: [
      'community_code',
      'policy_code',
      'policy_version',
      'period_from',
      'period_to',
      'amount',
      'documents',
      'prepared_by',
      'prepared_on',
      'status',
    ],
    groups: [
      ['policy_code', 'policy_version'],
      ['period_from', 'period_to', 'amount'],
      ['status', 'decision_reason', 'decided_on', 'decided_by', 'paid_on'],
    ],
    references: { resident_id: 'residents', employer_id: 'employers' },
    personRow: false,
    unique: [
      {
        columns: ['policy_code', 'resident_id', 'period_from', 'period_to'],
        live: true,
        station: 'handler',
        district: 'first-wins',
        scope: 'district',
        describe: '同一人同一政策在重叠的期间只能申请一次',
      },
    ],
  },
  // ADDED: (issue 10) job fairs (shared/domain/fairs/). A street or district fair reaches every station of its
  // scope through the district's copy (POST /v1/fairs, server/fairs/shared.ts), so `fair_id` and
  // `employer_id` are no references: the fair may be another community's, the employer on the board only.
  fairs: {
    label: '招聘会',
    labelEn: 'job fair',
    columns: {
      community_code: community(),
      name: text(60, 1),
      date: date(),
      place: text(100, 1),
      scope: oneOf(FAIR_SCOPES),
      street_code: z.string().regex(/^\d{9}$/, { message: '街道代码应为 9 位数字' }),
      organiser: text(60, 1),
      created_by: text(60, 1),
      // called off before its day (listed as 已取消, left out of the figures); null while it is held
      cancelled_on: date(),
      cancel_reason: text(100, 1),
      ...deletedAt,
    },
    required: ['community_code', 'name', 'date', 'place', 'scope', 'organiser', 'created_by'],
    groups: [
      ['scope', 'street_code'],
      ['cancelled_on', 'cancel_reason'],
    ],
    references: {},
    personRow: false,
    unique: [
      {
        columns: ['community_code', 'name', 'date'],
        live: true,
        station: 'handler',
        // the id is made from the community, the name and the day (station/fairs/ids.ts)
        district: 'same-row',
        scope: 'community',
        describe: '同一社区同一天同名的招聘会只登记一次',
      },
    ],
  },
  // An employer at a fair, with the vacancies it brought and their positions when it was added (in all, and
  // each vacancy's, so that entries naming the same vacancy count it once). The id is made from the fair and
  // the employer: adding it again (from this PC or another) is the same row.
  fair_employers: {
    label: '参会单位',
    labelEn: 'employer at a fair',
    columns: {
      community_code: community(),
      fair_id: rowRef(),
      employer_id: rowRef(),
      employer_name: text(100, 1),
      vacancy_ids: json(
        z
          .array(z.string().regex(/^[0-9A-Za-z-]{1,64}$/))
          .min(1)
          .max(100),
      ),
      positions: int(0, 1_000_000),
      vacancy_positions: json(z.record(z.string().regex(/^[0-9A-Za-z-]{1,64}$/), int(0, 1_000_000))),
      ...deletedAt,
    },
    required: ['community_code', 'fair_id', 'employer_id', 'employer_name', 'vacancy_ids', 'positions'],
    groups: [['vacancy_ids', 'positions', 'vacancy_positions']],
    references: {},
    personRow: false,
    unique: [],
  },
  fair_signups: {
    label: '招聘会报名',
    labelEn: 'fair sign-up',
    columns: {
      community_code: community(),
      fair_id: rowRef(),
      resident_id: rowRef(),
      signed_up_on: date(),
      signed_up_by: text(60, 1),
      ...deletedAt,
    },
    required: ['community_code', 'fair_id', 'resident_id', 'signed_up_on', 'signed_up_by'],
    groups: [],
    references: { resident_id: 'residents' },
    personRow: false,
    unique: [
      {
        columns: ['resident_id', 'fair_id'],
        live: true,
        station: 'handler',
        district: 'same-row',
        scope: 'district',
        describe: '同一个人在同一场招聘会只报名一次',
      },
    ],
  },
  // An intent reached at a fair: also a recommendation in the chain (recommendation_id), so a hire through it
  // fills 就业结果 with channel 招聘会 (station/fairs/channel.ts).
  fair_intents: {
    label: '招聘会意向',
    labelEn: 'fair intent',
    columns: {
      community_code: community(),
      fair_id: rowRef(),
      resident_id: rowRef(),
      vacancy_id: rowRef(),
      vacancy_title: text(60, 1),
      employer_id: rowRef(),
      employer_name: text(100, 1),
      recommendation_id: rowRef(),
      reached_on: date(),
      recorded_by: text(60, 1),
      ...deletedAt,
    },
    required: [
      'community_code',
      'fair_id',
      'resident_id',
      'vacancy_id',
      'vacancy_title',
      'employer_id',
      'employer_name',
      'recommendation_id',
      'reached_on',
      'recorded_by',
    ],
    groups: [],
    references: { resident_id: 'residents' },
    personRow: false,
    unique: [
      {
        columns: ['resident_id', 'fair_id', 'vacancy_id'],
        live: true,
        station: 'handler',
        district: 'same-row',
        scope: 'district',
        describe: '同一个人在同一场招聘会对同一岗位只登记一次意向',
      },
    ],
  },
  // ADDED: (issue 10) a training course, entered at one community and shared by the district to every
  // station through its course board (server/training/board.ts); editable only where it was entered.
  training_courses: {
    label: '培训课程',
    labelEn: 'training course',
    columns: {
      community_code: community(),
      name: text(60, 1),
      kind: oneOf(COURSE_KINDS),
      occupation_code: z.string().regex(OCCUPATION_CODE, { message: '职业代码格式不正确' }),
      provider: text(100, 1),
      start_on: date(),
      end_on: date(),
      hours: int(1, 2000),
      subsidy_per_person: amount(100_000),
      created_by: text(60, 1),
      ...deletedAt,
    },
    required: [
      'community_code',
      'name',
      'kind',
      'occupation_code',
      'provider',
      'start_on',
      'end_on',
      'hours',
      'created_by',
    ],
    groups: [['start_on', 'end_on', 'hours']],
    references: {},
    personRow: false,
    unique: [],
  },
  // ADDED: (issue 10) a resident on a course: enrolled, attended, completed with a certificate. The course
  // may be another community's (held on the board only), so `course_id` is no reference. One enrolment per
  // person and course: the id is made from the pair (station/training/ids.ts), so two offline PCs enrolling
  // the same person make one row, merged at the district like two edits of it.
  training_enrolments: {
    label: '培训报名',
    labelEn: 'training enrolment',
    columns: {
      community_code: community(),
      course_id: rowRef(),
      course_name: text(60, 1),
      resident_id: rowRef(),
      status: oneOf(ENROLMENT_STATUSES),
      enrolled_on: date(),
      attended_hours: int(0, 2000),
      completed_on: date(),
      certificate_kind: oneOf(CERTIFICATE_KINDS),
      certificate_level: text(30),
      certificate_number: text(40),
      enrolled_by: text(60, 1),
      // 退学: the day a trainee left a started course and why (status 'dropped')
      dropped_on: date(),
      drop_reason: text(100),
      ...deletedAt,
    },
    required: [
      'community_code',
      'course_id',
      'course_name',
      'resident_id',
      'status',
      'enrolled_on',
      'attended_hours',
      'enrolled_by',
    ],
    groups: [
      [
        'status',
        'completed_on',
        'certificate_kind',
        'certificate_level',
        'certificate_number',
        'dropped_on',
        'drop_reason',
      ],
    ],
    references: { resident_id: 'residents' },
    personRow: false,
    unique: [
      {
        columns: ['course_id', 'resident_id'],
        live: true,
        station: 'handler',
        district: 'same-row',
        scope: 'district',
        describe: '同一个人同一门课程只有一条报名记录',
      },
    ],
  },
};

/** The older, narrower view of an entity that most sync code reads: its column names and groups. */
export interface EntitySpec {
  fields: readonly string[];
  groups: ReadonlyArray<readonly string[]>;
}

export const ENTITIES: { readonly [E in EntityName]: EntitySpec & EntityDef } = Object.fromEntries(
  ENTITY_NAMES.map((e) => [e, { ...REGISTRY[e], fields: Object.keys(REGISTRY[e].columns) }]),
) as unknown as { readonly [E in EntityName]: EntitySpec & EntityDef };

/** An own entry of the registry (never `constructor` or another property of Object.prototype). */
export function isEntity(name: string): name is EntityName {
  return Object.hasOwn(REGISTRY, name);
}

/** Parents before children (a resident's household before the resident, a card's holder before the card). */
export const ENTITY_ORDER: readonly EntityName[] = (() => {
  const out: EntityName[] = [];
  const visit = (e: EntityName, path: Set<EntityName>) => {
    if (out.includes(e) || path.has(e)) return;
    path.add(e);
    for (const parent of Object.values(REGISTRY[e].references)) if (parent !== e) visit(parent, path);
    path.delete(e);
    out.push(e);
  };
  for (const e of ENTITY_NAMES) visit(e, new Set());
  return out;
})();

/** Entities whose row id is the person's id. */
export const PERSON_ROWS: readonly EntityName[] = ENTITY_NAMES.filter((e) => REGISTRY[e].personRow);

export function entityLabel(entity: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (!isEntity(entity)) return lang === 'en' ? 'record' : '记录';
  return lang === 'en' ? REGISTRY[entity].labelEn : REGISTRY[entity].label;
}

/** Why one stored value of `entity.column` is refused, or null when it is fine (null checked by `required`). */
export function columnProblem(entity: EntityName, column: string, value: unknown): string | null {
  const schema = REGISTRY[entity].columns[column];
  if (!schema || !Object.hasOwn(REGISTRY[entity].columns, column)) return null;
  if (value === null || value === undefined)
    return REGISTRY[entity].required.includes(column) ? '不能为空' : null;
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? '格式不正确');
}

/** The first refused column of a row (or of the fields an entry sets), in plain words, or null. */
export function rowProblem(
  entity: EntityName,
  fields: Record<string, unknown>,
  opts: { whole?: boolean } = {},
): { column: string; reason: string } | null {
  const def = REGISTRY[entity];
  const columns = opts.whole ? Object.keys(def.columns) : Object.keys(fields);
  for (const column of columns) {
    if (!Object.hasOwn(def.columns, column)) continue;
    const problem = columnProblem(entity, column, Object.hasOwn(fields, column) ? fields[column] : null);
    if (problem) return { column, reason: problem };
  }
  return null;
}

/**
 * Column verdicts already reached in one batch: a batch (a push at the district, a snapshot page at the
 * station) meets the same codes, flags, dates and often whole clears thousands of times, and each verdict is
 * a zod parse (a JSON column's, a parse of the JSON and of its domain schema). Small values only (numbers,
 * true/false, texts up to 4,000 characters), at most 20,000 a column (past it, a column starts again). Make
 * one a batch: a rule that reads today's date sees one moment per batch, as it would without the memo.
 */
export class ColumnVerdicts {
  static readonly MAX_CHARS = 4_000;
  static readonly MAX_PER_COLUMN = 20_000;
  readonly #byColumn = new Map<string, Map<unknown, string | null>>();

  /** columnProblem's verdict, from the memo when this batch has met the value before. */
  problem(entity: EntityName, column: string, value: unknown): string | null {
    const t = typeof value;
    const small =
      t === 'number' ||
      t === 'boolean' ||
      (t === 'string' && (value as string).length <= ColumnVerdicts.MAX_CHARS);
    if (!small) return columnProblem(entity, column, value);
    const key = `${entity}\u0000${column}`;
    let known = this.#byColumn.get(key);
    if (!known) this.#byColumn.set(key, (known = new Map()));
    const seen = known.get(value);
    if (seen !== undefined) return seen;
    const problem = columnProblem(entity, column, value);
    if (known.size >= ColumnVerdicts.MAX_PER_COLUMN) known.clear();
    known.set(value, problem);
    return problem;
  }
}

/**
 * rowProblem for many rows of one entity, each column's verdict on a value worked out once a batch
 * (ColumnVerdicts); the verdicts are rowProblem's. Make one a batch.
 */
export function rowChecker(
  entity: EntityName,
): (fields: Record<string, unknown>) => { column: string; reason: string } | null {
  const def = REGISTRY[entity];
  const verdicts = new ColumnVerdicts();
  return (fields) => {
    for (const column of Object.keys(fields)) {
      if (!Object.hasOwn(def.columns, column)) continue;
      const problem = verdicts.problem(entity, column, fields[column]);
      if (problem) return { column, reason: problem };
    }
    return null;
  };
}

/** One field change as the outbox keeps it: [value before, value after]. */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** Widen a set of changed fields to whole groups, taking unchanged group members' values from `row`. */
export function expandGroups(
  spec: Pick<EntitySpec, 'groups'>,
  changes: FieldChanges,
  row: Record<string, unknown>,
): FieldChanges {
  const out: FieldChanges = { ...changes };
  for (const group of spec.groups) {
    if (!group.some((f) => f in changes)) continue;
    for (const f of group) if (!(f in out)) out[f] = [row[f] ?? null, row[f] ?? null];
  }
  return out;
}
