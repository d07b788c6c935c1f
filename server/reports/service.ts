// District reports: the same definitions as the desk's (nodelib/reports/compute.ts) over the district's
// report tables, for every community in a scope, rolled up community → street → district.
import { SqliteAdapter, type Kysely, type QueryCreator } from 'kysely';
import { assistanceCategorySchema, type AssistanceCategory } from '../../shared/domain/assistance/categories';
import type { ReportDB } from '../../shared/reports/facts';
import {
  rollUp,
  type CommunityRef,
  type Figures,
  type Period,
  type StreetRef,
} from '../../shared/reports/figures';
import {
  communityFigures,
  figureList,
  type ReportScope,
  type ReportSource,
} from '../../nodelib/reports/compute';
import type { ServerDB } from '../db/schema';

export function districtSource(db: Kysely<ServerDB>): ReportSource {
  const q = db as unknown as QueryCreator<ReportDB>;
  // SQLite reads the residents in household order from migration 0016's index
  return { q, sub: q, ordered: db.getExecutor().adapter instanceof SqliteAdapter, leftOn: true };
}

export async function loadCategories(db: Kysely<ServerDB>): Promise<AssistanceCategory[]> {
  const rows = await db.selectFrom('reference').select('data').where('kind', '=', 'categories').execute();
  return rows.map((r) => assistanceCategorySchema.parse(JSON.parse(r.data)));
}

export async function loadUnits(
  db: Kysely<ServerDB>,
): Promise<{ streets: StreetRef[]; communities: CommunityRef[] }> {
  const rows = await db
    .selectFrom('reference')
    .select(['kind', 'data'])
    .where('kind', 'in', ['streets', 'communities'])
    .orderBy('code')
    .execute();
  const of = <T>(kind: string) => rows.filter((r) => r.kind === kind).map((r) => JSON.parse(r.data) as T);
  return { streets: of<StreetRef>('streets'), communities: of<CommunityRef>('communities') };
}

export async function districtReport(db: Kysely<ServerDB>, period: Period, streetCode: string | null) {
  const units = await loadUnits(db);
  const streets = streetCode ? units.streets.filter((s) => s.code === streetCode) : units.streets;
  const communities = units.communities.filter((c) => streets.some((s) => s.code === c.streetCode));
  const scope: ReportScope = streetCode ? communities.map((c) => c.code) : 'all';
  const byCommunity: Map<string, Figures> = await communityFigures(districtSource(db), {
    scope,
    period,
    categories: await loadCategories(db),
  });
  return { period, ...rollUp(byCommunity, communities, streets) };
}

export { figureList };
