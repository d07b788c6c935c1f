// What several benchmark suites do alike: load rows fast, and time a call per item.
import { CompiledQuery } from 'kysely';
import { residentCreateSchema } from '../shared/domain/resident';
import { diffRow } from '../station/db/outbox';
import type { ResidentRowDb } from '../station/db/schema';
import { uuidv7 } from '../station/ids';
import { newResidentRow } from '../station/residents/repository';
import type { TestStation } from '../tests/factories/station';
import { makeResidentInput } from './stationData';

/**
 * One `INSERT … VALUES (…), (…), …` with bound parameters, written by hand: Kysely's compiler costs about
 * 45 µs per row at this width, more than SQLite's own work, and would hide the raw limit.
 */
export function multiRowInsert(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const params: unknown[] = [];
  for (const r of rows) for (const c of columns) params.push(r[c] ?? null);
  return CompiledQuery.raw(
    `insert into ${table} (${columns.join(',')}) values ${rows.map(() => tuple).join(',')}`,
    params,
  );
}

/** Milliseconds of `fn` for each item, one after the other. */
export async function timeEach<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    out.push(performance.now() - t);
  }
  return out;
}

/** `n` plausible residents of one community with distinct ID numbers, as station rows (not yet written). */
export function generateResidentRows(
  rng: () => number,
  today: string,
  community: string,
  n: number,
): ResidentRowDb[] {
  const seen = new Set<string>();
  const rows: ResidentRowDb[] = [];
  const stamp = new Date().toISOString();
  while (rows.length < n) {
    const input = residentCreateSchema.parse(makeResidentInput(rng, today));
    if (seen.has(input.idNumber)) continue;
    seen.add(input.idNumber);
    rows.push(newResidentRow(input, community, uuidv7(Date.now() + rows.length), stamp));
  }
  return rows;
}

/**
 * Writes residents as a station that registered and synced them: each row with its acknowledged outbox
 * entry, `batch` rows per statement, all in one transaction.
 */
export async function loadSyncedResidents(
  ts: TestStation,
  rows: readonly ResidentRowDb[],
  batch = 500,
): Promise<void> {
  const ctx = await ts.station.context(ts.token);
  const stamp = new Date().toISOString();
  await ts.station.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += batch) {
      const slice = rows.slice(i, i + batch);
      await trx.executeQuery(multiRowInsert('residents', slice as unknown as Record<string, unknown>[]));
      await trx.executeQuery(
        multiRowInsert(
          'outbox',
          slice.map((r) => ({
            entity: 'residents',
            row_id: r.id,
            op: 'create',
            fields: JSON.stringify(diffRow('residents', null, r as unknown as Record<string, unknown>)),
            operator_id: ctx.operator!.id,
            operator_name: ctx.operator!.displayName,
            hlc: ts.station.hlc.next(),
            created_at: stamp,
            state: 'acked',
            verdict: 'applied',
            reason: null,
          })),
        ),
      );
    }
  });
}
