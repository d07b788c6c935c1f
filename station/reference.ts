// Loads the default reference data (the district's streets and communities) into a new station database.
// Later the district server sends its own, versioned list, which replaces this one.
import { COMMUNITIES, STREETS } from '../shared/reference/jianggan2020';
import type { Executor } from './db/schema';

export async function loadDefaultReference(db: Executor): Promise<void> {
  const have = await db
    .selectFrom('ref_streets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(have.n) > 0) return;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('ref_streets').values(STREETS).execute();
    await trx
      .insertInto('ref_communities')
      .values(COMMUNITIES.map((c) => ({ code: c.code, name: c.name, street_code: c.streetCode })))
      .execute();
  });
}
