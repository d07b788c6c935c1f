// Migration 0020_fair_candidates — frozen once released: never import app code here; add a new file instead.
// The fair's one-pass candidate list (issue 10, station/fairs/candidates.ts) asks which wished areas exist
// among people looking for work, to know whether the area's 10 points can reach a vacancy at all: without
// this index that is a scan of every person with a 择业意向 (tens of milliseconds at 100,000 residents), with
// it one seek per distinct area. match_people belongs to the match index of migration 0016 (kept by its
// triggers); this only adds an index to it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index match_people_area on match_people(looking, area)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists match_people_area`.execute(db);
}
