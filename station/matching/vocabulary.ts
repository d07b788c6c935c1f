// The occupation and industry vocabularies on the station: the default lists go into empty tables; the
// district's lists (synced with the reference data) replace them. A code the district drops is kept, marked
// not in force: what residents and vacancies already recorded stays readable, new entries may not use it.
import { ApiError } from '../../shared/errors';
import type { CodeItem } from '../../shared/domain/vocabulary';
import { OCCUPATIONS_2015 } from '../../shared/reference/occupations2015';
import { INDUSTRIES_2017 } from '../../shared/reference/industries2017';
import type { Executor } from '../db/schema';
import { likeText } from '../db/like';
import { pinyinKeys } from '../residents/pinyin';

export type VocabularyKind = 'occupations' | 'industries';
const TABLE = { occupations: 'ref_occupations', industries: 'ref_industries' } as const;
const WHAT = { occupations: '职业', industries: '行业' } as const;

function rowOf(it: CodeItem, i: number) {
  const keys = pinyinKeys(it.name);
  return {
    code: it.code,
    name: it.name,
    parent_code: it.parentCode,
    name_pinyin: keys.full,
    name_initials: keys.initials,
    in_force: 1,
    sort_order: i,
  };
}

/** Replaces a vocabulary with `items` (upsert; codes no longer listed are kept, not in force). */
export async function applyVocabulary(db: Executor, kind: VocabularyKind, items: readonly CodeItem[]) {
  const table = TABLE[kind];
  await db.updateTable(table).set({ in_force: 0 }).execute();
  const rows = items.map(rowOf);
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          parent_code: eb.ref('excluded.parent_code'),
          name_pinyin: eb.ref('excluded.name_pinyin'),
          name_initials: eb.ref('excluded.name_initials'),
          in_force: 1,
          sort_order: eb.ref('excluded.sort_order'),
        })),
      )
      .execute();
  }
}

/** The default lists into empty tables (a new station works before it ever reaches the district). */
export async function loadDefaultVocabularies(db: Executor): Promise<void> {
  for (const [kind, items] of [
    ['occupations', OCCUPATIONS_2015],
    ['industries', INDUSTRIES_2017],
  ] as const) {
    const have = await db
      .selectFrom(TABLE[kind])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(have.n) === 0) await applyVocabulary(db, kind, items);
  }
}

/**
 * Items in force, in the list's order; `query` finds by characters (名称), full pinyin or initials
 * ("bay" → 保安员, "jzfwy" → 家政服务员) and by code prefix.
 */
export async function searchVocabulary(
  db: Executor,
  kind: VocabularyKind,
  opts: { query?: string | undefined; parentCode?: string | null | undefined; limit?: number },
): Promise<CodeItem[]> {
  let q = db.selectFrom(TABLE[kind]).select(['code', 'name', 'parent_code']).where('in_force', '=', 1);
  const t = opts.query?.trim();
  if (t) {
    const lower = t.toLowerCase().replace(/\s+/g, '');
    q = q.where((eb) =>
      eb.or([
        likeText('name', '%', t, '%'),
        likeText('code', '', t.toUpperCase(), '%'),
        likeText('name_pinyin', '', lower, '%'),
        likeText('name_initials', '', lower, '%'),
      ]),
    );
  }
  if (opts.parentCode !== undefined)
    q =
      opts.parentCode === null
        ? q.where('parent_code', 'is', null)
        : q.where('parent_code', '=', opts.parentCode);
  const rows = await q
    .orderBy('sort_order')
    .limit(opts.limit ?? 5000)
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code }));
}

/** Names of the codes given (in force or not). */
export async function vocabularyNames(
  db: Executor,
  kind: VocabularyKind,
  codes: Iterable<string>,
): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  if (list.length === 0) return new Map();
  const rows = await db.selectFrom(TABLE[kind]).select(['code', 'name']).where('code', 'in', list).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/**
 * Refuses codes that are not in the vocabulary in force, naming the first one and the field it was typed
 * in (`path`); codes in `already` (held before this edit) pass even if the district has since dropped them.
 */
export async function checkCodes(
  db: Executor,
  kind: VocabularyKind,
  codes: ReadonlyArray<string | null | undefined>,
  path: string,
  already: ReadonlyArray<string> = [],
): Promise<void> {
  const fresh = [...new Set(codes.filter((c): c is string => !!c && !already.includes(c)))];
  if (fresh.length === 0) return;
  const rows = await db
    .selectFrom(TABLE[kind])
    .select('code')
    .where('code', 'in', fresh)
    .where('in_force', '=', 1)
    .execute();
  const known = new Set(rows.map((r) => r.code));
  const bad = fresh.find((c) => !known.has(c));
  if (bad) {
    const message = `${WHAT[kind]}代码 ${bad} 不在现行${kind === 'occupations' ? '职业分类（GB/T 6565-2015）' : '行业分类（GB/T 4754-2017）'}中，请从列表中选择`;
    throw new ApiError('invalid_input', message, [{ path, message }]);
  }
}

/** A resident's coded job wishes (择业意向) against the vocabularies; codes held before may stay. */
export async function checkPreferenceCodes(
  db: Executor,
  preferences:
    { occupationCodes?: string[] | undefined; industryCodes?: string[] | undefined } | null | undefined,
  beforeJson: string | null,
): Promise<void> {
  if (!preferences) return;
  const before = beforeJson
    ? (JSON.parse(beforeJson) as { occupationCodes?: string[]; industryCodes?: string[] })
    : {};
  await checkCodes(
    db,
    'occupations',
    preferences.occupationCodes ?? [],
    'preferences.occupationCodes',
    before.occupationCodes ?? [],
  );
  await checkCodes(
    db,
    'industries',
    preferences.industryCodes ?? [],
    'preferences.industryCodes',
    before.industryCodes ?? [],
  );
}
