// The entity registry (shared/sync/entities.ts) is the one definition of what syncs. These tests read the
// station's real schema and fail when the two drift apart: a column without its table column or label, a
// reference to nothing, and — issue 8 — a UNIQUE index of the station without a district rule for two
// offline PCs that both did it (or a rule the district does not implement).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTITY_NAMES,
  ENTITY_ORDER,
  REGISTRY,
  isEntity,
  rowChecker,
  rowProblem,
} from '../../shared/sync/entities';
import { COLUMN_LABELS } from '../../shared/sync/labels';
import { identityRule } from '../../server/sync/identity';
import { newStation, type TestStation } from '../factories/station';

let s: TestStation;
beforeAll(async () => {
  s = await newStation();
});
afterAll(() => s.close());

async function columnsOf(table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(s.station.db);
  return r.rows.map((x) => x.name);
}

/** Every UNIQUE index (not the primary key) of a table, as its column list. */
async function uniqueIndexes(table: string): Promise<string[][]> {
  const idx = await sql<{ name: string; unique: number; origin: string }>`
    select name, "unique", origin from pragma_index_list(${table})`.execute(s.station.db);
  const out: string[][] = [];
  for (const i of idx.rows.filter((x) => x.unique === 1 && x.origin !== 'pk')) {
    const cols = await sql<{ name: string }>`select name from pragma_index_info(${i.name})`.execute(
      s.station.db,
    );
    out.push(cols.rows.map((c) => c.name));
  }
  return out;
}

/** What the district implements for each kind of rule (server/sync/apply.ts, identity.ts). */
const DISTRICT_IMPLEMENTS = {
  redirect: (entity: string, column: string) => identityRule(entity)?.field === column,
  renumber: (entity: string, column: string) => entity === 'cards' && column === 'card_number',
  'first-wins': (entity: string, column: string) =>
    (entity === 'cards' && column === 'resident_id') ||
    // server/subsidies/claims.ts: the first claim of a policy for a person over a period stands (issue 10)
    (entity === 'subsidy_applications' && column === 'policy_code'),
  // the id is made from the person and the vacancy (station/matching/ids.ts; tests/matching/offline.test.ts)
  'same-row': (entity: string, column: string) =>
    (entity === 'recommendations' && column === 'resident_id') ||
    // the id is made from the course and the person (station/training/ids.ts; tests/training/offline.test.ts)
    (entity === 'training_enrolments' && column === 'course_id') ||
    // station/fairs/ids.ts: made from the person and the fair (and the vacancy); tests/fairs/offline.test.ts
    ((entity === 'fair_signups' || entity === 'fair_intents') && column === 'resident_id') ||
    // station/fairs/ids.ts: a fair's id is made from its community, name and day; tests/fairs/street.test.ts
    (entity === 'fairs' && column === 'community_code'),
} as const;

describe('the entity registry', () => {
  it('names only own entries: no property of Object.prototype is an entity', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(isEntity(name)).toBe(false);
    expect(ENTITY_NAMES.every(isEntity)).toBe(true);
  });

  it('matches the station tables: every synced column exists, has a label, and references resolve', async () => {
    for (const entity of ENTITY_NAMES) {
      const cols = await columnsOf(entity);
      expect(cols.length, entity).toBeGreaterThan(0);
      for (const column of Object.keys(REGISTRY[entity].columns)) {
        expect(cols, `${entity}.${column}`).toContain(column);
        expect(Object.hasOwn(COLUMN_LABELS, column), `label of ${column}`).toBe(true);
      }
      for (const column of REGISTRY[entity].required)
        expect(REGISTRY[entity].columns, column).toHaveProperty(column);
      for (const [column, target] of Object.entries(REGISTRY[entity].references)) {
        expect(cols, `${entity}.${column}`).toContain(column);
        expect(isEntity(target)).toBe(true);
      }
    }
  });

  it('checks a batch of rows as rowProblem does, a repeated value (good or refused) given the same verdict', () => {
    const check = rowChecker('residents');
    const rows = [
      { birth_date: '1980-02-29', clear_skills: '{"items":[],"confirmedAt":"2025-06-01"}' },
      { birth_date: '1981-02-29', clear_skills: '{"items":[],"confirmedAt":"2025-06-01"}' },
      { birth_date: '1980-02-29', clear_skills: 'not json' },
      { birth_date: '1981-02-29' },
      { birth_date: '1980-02-29', clear_skills: '{"items":[],"confirmedAt":"2025-06-01"}' },
      { name: 'x\u0000' },
    ];
    const verdicts = rows.map((r) => check(r));
    expect(verdicts).toEqual(rows.map((r) => rowProblem('residents', r)));
    expect(verdicts[0]).toBeNull();
    expect(verdicts[1]?.column).toBe('birth_date');
    expect(verdicts[2]?.column).toBe('clear_skills');
    expect(verdicts[3]).toEqual(verdicts[1]);
    expect(verdicts[5]?.column).toBe('name');
  });

  it('orders parents before children', () => {
    for (const entity of ENTITY_NAMES)
      for (const parent of Object.values(REGISTRY[entity].references))
        if (parent !== entity)
          expect(ENTITY_ORDER.indexOf(parent), `${parent} before ${entity}`).toBeLessThan(
            ENTITY_ORDER.indexOf(entity),
          );
  });

  it('has a district rule for every UNIQUE index of a synced station table, and the district implements it', async () => {
    for (const entity of ENTITY_NAMES) {
      const rules = REGISTRY[entity].unique;
      for (const index of await uniqueIndexes(entity)) {
        const rule = rules.find((r) => r.station === 'index' && r.columns.join() === index.join());
        expect(rule, `UNIQUE(${entity}.${index.join(',')}) has no rule in the registry`).toBeDefined();
      }
      for (const rule of rules) {
        if (rule.station === 'index') {
          const indexes = await uniqueIndexes(entity);
          expect(
            indexes.map((i) => i.join()),
            `${entity}: index for ${rule.columns.join()}`,
          ).toContain(rule.columns.join());
        }
        expect(
          DISTRICT_IMPLEMENTS[rule.district](entity, rule.columns[0]!),
          `${entity}.${rule.columns.join()} ${rule.district}`,
        ).toBe(true);
        expect(rule.describe).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
