// A fair's five figures at the district (issue 10): employers and positions from every community's employers
// at it, sign-ups and intents from every community's rows, hires from the recommendations the intents became.
// Read from the synced rows: a LIKE on the stored text narrows the scan of one entity's rows to those naming
// the fair's id (as a value: the store keeps rows as layout arrays without their keys, server/sync/rowCodec.ts),
// and each candidate is then decoded and checked exactly (the district holds a few thousand fair rows a year).
import { sql } from 'kysely';
import { HIRED_STATUSES, employerFigures, type FairSummary } from '../../shared/domain/fairs/fair';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { decodeFields, knowLayouts } from '../sync/rowCodec';
import { vacancyPositionsOf } from './shared';

type Fields = Record<string, unknown>;

async function rowsOfFair(ctx: ServerContext, entity: string, fairId: string): Promise<Fields[]> {
  const rows = await ctx.store.db
    .selectFrom('sync_rows')
    .select('fields')
    .where('entity', '=', entity)
    .where('deleted', '=', 0)
    .where(sql<boolean>`fields like ${`%"${fairId}"%`}`)
    .execute();
  await knowLayouts(
    ctx.store.db,
    rows.map((r) => r.fields),
  );
  return rows
    .map((r) => decodeFields(r.fields) as Fields)
    .filter((f) => f.fair_id === fairId && (f.deleted_at ?? null) === null);
}

function vacancyIdsOf(v: unknown): string[] {
  try {
    const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface DistrictFairSummary extends FairSummary {
  fairId: string;
  name: string;
  date: string;
}

export async function districtFairSummary(ctx: ServerContext, fairId: string): Promise<DistrictFairSummary> {
  if (!/^[0-9A-Za-z-]{1,64}$/.test(fairId)) throw new SyncError('invalid_input', '招聘会编号格式不正确');
  const fair = await ctx.store.db
    .selectFrom('sync_rows')
    .select('fields')
    .where('entity', '=', 'fairs')
    .where('row_id', '=', fairId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!fair) throw new SyncError('not_found', `区里没有编号为 ${fairId} 的招聘会`);
  await knowLayouts(ctx.store.db, [fair.fields]);
  const f = decodeFields(fair.fields) as Fields;
  const employers = await rowsOfFair(ctx, 'fair_employers', fairId);
  const signUps = await rowsOfFair(ctx, 'fair_signups', fairId);
  const intents = await rowsOfFair(ctx, 'fair_intents', fairId);
  const recIds = [...new Set(intents.map((i) => String(i.recommendation_id)))];
  let hired = 0;
  for (let i = 0; i < recIds.length; i += 500) {
    const recs = await ctx.store.db
      .selectFrom('sync_rows')
      .select('fields')
      .where('entity', '=', 'recommendations')
      .where('row_id', 'in', recIds.slice(i, i + 500))
      .where('deleted', '=', 0)
      .execute();
    await knowLayouts(
      ctx.store.db,
      recs.map((r) => r.fields),
    );
    for (const r of recs) {
      const status = (decodeFields(r.fields) as Fields).status;
      if ((HIRED_STATUSES as readonly unknown[]).includes(status)) hired++;
    }
  }
  return {
    fairId,
    name: String(f.name ?? ''),
    date: String(f.date ?? ''),
    ...employerFigures(
      employers.map((e) => ({
        employerId: String(e.employer_id),
        positions: Number(e.positions ?? 0),
        vacancyIds: vacancyIdsOf(e.vacancy_ids),
        vacancyPositions: vacancyPositionsOf(e.vacancy_positions),
      })),
    ),
    // a live intent is presence at the fair: its person counts as signed up even when a withdrawal of the
    // sign-up made on another PC, offline, crossed the intent (the intent stands; issue 10 decision)
    signUps: new Set([...signUps, ...intents].map((r) => String(r.resident_id))).size,
    intents: intents.length,
    hired,
  };
}
