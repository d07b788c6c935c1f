// The synced shape of each entity: which columns travel (derived columns such as pinyin or the six-clears
// summary are recomputed where a row lands) and which fields merge as one group (DESIGN.md "Merge").
// Field names are the station's column names. Changing a list is a protocol change: read DESIGN.md "Sync".

export interface EntitySpec {
  fields: readonly string[];
  /** Fields that only make sense together: a change to one carries the whole group. */
  groups: ReadonlyArray<readonly string[]>;
  /** A field holding the ID number: the server keeps it unique across the district. */
  identityField?: string;
}

export const ENTITIES = {
  residents: {
    fields: [
      'community_code',
      'name',
      'id_number',
      'birth_date',
      'sex',
      'phone',
      'hukou_type',
      'address',
      'household_id',
      'household_relation',
      'landless_farmer',
      'disability',
      'subsistence',
      'veteran',
      'single_parent',
      'released_or_rehab',
      'graduate_year',
      'note',
      'clear_unemployment',
      'clear_skills',
      'clear_training',
      'clear_preferences',
      'clear_income',
      'clear_outcome',
      'deleted_at',
    ],
    groups: [['name', 'id_number', 'birth_date', 'sex']],
    identityField: 'id_number',
  },
  households: {
    fields: ['community_code', 'address', 'head_name', 'monthly_income', 'subsistence', 'note', 'deleted_at'],
    groups: [],
  },
  employers: {
    fields: [
      'community_code',
      'credit_code',
      'name',
      'industry',
      'size',
      'address',
      'contacts',
      'deleted_at',
    ],
    groups: [['credit_code', 'name']],
  },
  vacancies: {
    fields: [
      'community_code',
      'employer_id',
      'title',
      'occupation',
      'positions',
      'wage_min',
      'wage_max',
      'requirements',
      'valid_from',
      'valid_to',
      'status',
      'deleted_at',
    ],
    groups: [
      ['wage_min', 'wage_max'],
      ['valid_from', 'valid_to'],
    ],
  },
  // Employment assistance (issue 4). A card's number travels with its status and why/when it changed, so a
  // merge never pairs one station's status with another's reason.
  cards: {
    fields: [
      'community_code',
      'resident_id',
      'card_number',
      'status',
      'categories',
      'issue_reason',
      'issued_on',
      'issued_by',
      'replaces_id',
      'replaced_by_id',
      'status_reason',
      'status_changed_at',
      'deleted_at',
    ],
    groups: [['card_number', 'status', 'status_reason', 'status_changed_at', 'replaced_by_id']],
  },
  contact_cards: {
    fields: ['community_code', 'card_id', 'officer_name', 'officer_phone', 'hours'],
    groups: [['officer_name', 'officer_phone']],
  },
  card_plans: {
    fields: ['community_code', 'resident_id'],
    groups: [],
  },
  plan_measures: {
    fields: [
      'community_code',
      'plan_id',
      'kind',
      'owner',
      'due_date',
      'note',
      'status',
      'completed_on',
      'result',
      'deleted_at',
    ],
    groups: [['status', 'completed_on', 'result']],
  },
  plan_services: {
    fields: ['community_code', 'plan_id', 'kind', 'date', 'note', 'measure_id', 'given_by'],
    groups: [],
  },
  card_prints: {
    fields: ['community_code', 'card_id', 'layout', 'printed_at', 'operator_id', 'operator_name', 'reprint'],
    groups: [],
  },
} satisfies Record<string, EntitySpec>;

export type EntityName = keyof typeof ENTITIES;
export const ENTITY_NAMES = Object.keys(ENTITIES) as EntityName[];

/** One field change as the outbox keeps it: [value before, value after]. */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** Widen a set of changed fields to whole groups, taking unchanged group members' values from `row`. */
export function expandGroups(
  spec: EntitySpec,
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
