// Assistance categories on the station: the default district list goes into an empty table once; after
// that the table is the truth (the district's synced list replaces rows, never this code).
import { ApiError } from '../../shared/errors';
import {
  assistanceCategorySchema,
  categoriesInForce,
  categoryParamsSchema,
  type AssistanceCategory,
} from '../../shared/domain/assistance/categories';
import { DEFAULT_CATEGORIES } from '../../shared/domain/assistance/defaultCategories';
import type { DB, Executor } from '../db/schema';

const seeded = new WeakSet<object>();

/** Loads the district's default categories into an empty table (idempotent, cheap after the first call). */
export async function ensureDefaultCategories(db: DB): Promise<void> {
  if (seeded.has(db)) return;
  await db.transaction().execute(async (trx) => {
    const have = await trx
      .selectFrom('ref_assistance_categories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(have.n) > 0) return;
    const rows = DEFAULT_CATEGORIES.map((raw) => assistanceCategorySchema.parse(raw)).map((c) => ({
      code: c.code,
      version: c.version,
      name: c.name,
      effective_from: c.effectiveFrom,
      effective_to: c.effectiveTo,
      sort_order: c.sortOrder,
      params: JSON.stringify(c.params),
    }));
    await trx.insertInto('ref_assistance_categories').values(rows).execute();
  });
  seeded.add(db);
}

export async function loadCategories(db: Executor): Promise<AssistanceCategory[]> {
  const rows = await db.selectFrom('ref_assistance_categories').selectAll().execute();
  return rows.map((r) => {
    const params = categoryParamsSchema.safeParse(JSON.parse(r.params));
    // a category whose params this version cannot read is reference data gone wrong, not user error
    if (!params.success)
      throw new ApiError('internal', `援助对象类别「${r.name}」的参数无法识别，请联系区里更新参考数据`);
    return {
      code: r.code,
      name: r.name,
      version: r.version,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      sortOrder: r.sort_order,
      params: params.data,
    };
  });
}

export async function loadCategoriesInForce(db: DB, asOf: string): Promise<AssistanceCategory[]> {
  await ensureDefaultCategories(db);
  return categoriesInForce(await loadCategories(db), asOf);
}

/**
 * Adds or refreshes category versions from the district, keyed by (code, version): versions not in the
 * list stay, so eligibility as of an earlier date still reads the thresholds then in force. Runs inside
 * the caller's transaction. A version this build cannot read is refused whole (the caller rolls back).
 */
export async function upsertCategoryVersions(trx: Executor, raw: readonly unknown[]): Promise<number> {
  for (const item of raw) {
    const parsed = assistanceCategorySchema.safeParse(item);
    if (!parsed.success)
      throw new ApiError(
        'internal',
        `区里下发的援助对象类别无法识别（${parsed.error.issues[0]?.path.join('.') ?? ''}），请联系区里`,
      );
    const c = parsed.data;
    const values = {
      name: c.name,
      effective_from: c.effectiveFrom,
      effective_to: c.effectiveTo,
      sort_order: c.sortOrder,
      params: JSON.stringify(c.params),
    };
    await trx
      .insertInto('ref_assistance_categories')
      .values({ code: c.code, version: c.version, ...values })
      .onConflict((oc) => oc.columns(['code', 'version']).doUpdateSet(values))
      .execute();
  }
  return raw.length;
}
