// Reference data on the station: the default district list goes into a new database; afterwards the
// district's versioned list (fetched by sync) is applied over it in one transaction. Nothing is deleted:
// a community the district drops may still be what local residents and cards point at, so it is kept.
import { COMMUNITIES, STREETS } from '../shared/reference/jianggan2020';
import type { ReferenceResponse } from '../shared/sync/protocol';
import { upsertCategoryVersions } from './cards/categories';
import type { DB, Executor } from './db/schema';
import { setMeta } from './meta';
import { applyVocabulary, loadDefaultVocabularies } from './matching/vocabulary';
import { upsertPolicyVersions } from './policy/catalogue';

export const REFERENCE_VERSION_KEY = 'reference_version';

export async function loadDefaultReference(db: Executor): Promise<void> {
  const have = await db
    .selectFrom('ref_streets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(have.n) > 0) {
    await loadDefaultVocabularies(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await loadDefaultVocabularies(trx);
    await trx.insertInto('ref_streets').values(STREETS).execute();
    await trx
      .insertInto('ref_communities')
      .values(COMMUNITIES.map((c) => ({ code: c.code, name: c.name, street_code: c.streetCode })))
      .execute();
  });
}

/** Upserts the district's streets, communities and category versions and records the version, atomically. */
export async function applyDistrictReference(
  db: DB,
  data: ReferenceResponse,
): Promise<{ streets: number; communities: number; categories: number }> {
  return db.transaction().execute(async (trx) => {
    for (const s of data.streets)
      await trx
        .insertInto('ref_streets')
        .values({ code: s.code, name: s.name })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: s.name }))
        .execute();
    for (const c of data.communities) {
      const values = { name: c.name, street_code: c.streetCode };
      await trx
        .insertInto('ref_communities')
        .values({ code: c.code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .execute();
    }
    const categories = await upsertCategoryVersions(trx, data.categories);
    // an older district sends no vocabularies: the station keeps the lists it holds
    if (data.occupations) await applyVocabulary(trx, 'occupations', data.occupations);
    if (data.industries) await applyVocabulary(trx, 'industries', data.industries);
    // (issue 10) the policy catalogue's versions; an older district sends none
    if (data.policies) await upsertPolicyVersions(trx, data.policies);
    await setMeta(trx, { [REFERENCE_VERSION_KEY]: data.version });
    return { streets: data.streets.length, communities: data.communities.length, categories };
  });
}

export async function heldReferenceVersion(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', REFERENCE_VERSION_KEY)
    .executeTakeFirst();
  return row?.value ?? null;
}
