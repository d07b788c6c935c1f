// Retention (issue 14): the district store stops growing. Per community, log entries every active station
// has pulled (at or below the lowest pull cursor of the community's active stations) and older than
// `keepDays` are removed: the rows already hold their effect (the log only replays changes onto rows). The
// field versions at or below that horizon fold into the row's base (versions.ts), and old receipts go. A
// station whose cursor is below the removed part (it was away longer) is told so and takes a snapshot
// (pull.ts). Work is done in small transactions, so a push never waits on compaction for long.
import { sql } from 'kysely';
import type { ServerContext } from '../context';
import { fold, parseVersions, serialiseVersions } from './versions';

export interface CompactOptions {
  /** Keep at least this many days of log (0: fold everything every active station has pulled). */
  keepDays: number;
  /** A station not seen for this many days is not waited for (it will take a snapshot). Default 90. */
  activeDays?: number;
  /** Verdicts of pushed entries are kept this many days (for retried batches). Default 30. */
  receiptDays?: number;
  /** Entries or rows per transaction. */
  batch?: number;
  /** Only count what would go. */
  dryRun?: boolean;
}

export interface CompactResult {
  logEntries: number;
  logBytes: number;
  receipts: number;
  versionsFolded: number;
  communities: Array<{ community: string; horizon: number; floor: number; head: number }>;
}

const DAY = 86_400_000;
/** Rows whose versions fold in one transaction. */
const FOLD_BATCH = 250;

/** Free pages returned per step (4 MB): each step is a write of its own, a push waits at most for one. */
const VACUUM_STEP = 1024;

/**
 * The SQLite file shrinks back to what is in use: the free pages compaction left go in small steps (a store
 * made with auto_vacuum = incremental; server migration 0022), then the WAL is copied into the file; the next
 * write starts the WAL over and cuts it to journal_size_limit (server/db/open.ts). A passive checkpoint
 * holds no writer back; without both the file kept its free pages and a WAL of up to 64 MB.
 */
async function giveBackSqliteRoom(ctx: ServerContext): Promise<void> {
  const { db } = ctx.store;
  const mode = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(db);
  if (Number(mode.rows[0]?.auto_vacuum ?? 0) === 2) {
    const free = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(db);
    // what was free when compaction ended; pages pushes free meanwhile go next time
    for (let left = Number(free.rows[0]?.freelist_count ?? 0); left > 0; left -= VACUUM_STEP)
      await sql`pragma incremental_vacuum(${sql.lit(Math.min(left, VACUUM_STEP))})`.execute(db);
  }
  await sql`pragma wal_checkpoint(passive)`.execute(db);
}

/** How far each community's log may be folded now. */
export async function horizons(
  ctx: ServerContext,
  opts: CompactOptions,
): Promise<Array<{ community: string; horizon: number; floor: number; head: number }>> {
  const { db } = ctx.store;
  const now = ctx.now().getTime();
  const activeSince = new Date(now - (opts.activeDays ?? 90) * DAY).toISOString();
  const cutoff = new Date(now - opts.keepDays * DAY).toISOString();
  const heads = await db.selectFrom('log_heads').selectAll().execute();
  const stations = await db
    .selectFrom('stations')
    .select(['community_code', 'pulled_cursor'])
    .where('revoked_at', 'is', null)
    .where('enrolled_at', 'is not', null)
    .where('last_seen_at', '>=', activeSince)
    .execute();
  const lowest = new Map<string, number>();
  for (const s of stations)
    lowest.set(s.community_code, Math.min(lowest.get(s.community_code) ?? Infinity, Number(s.pulled_cursor)));
  const out = [];
  for (const h of heads) {
    const head = Number(h.last_sseq);
    const floor = Number(h.floor);
    let horizon = Math.min(head, lowest.get(h.community_code) ?? head);
    if (opts.keepDays > 0 && horizon > floor) {
      // the newest entry old enough to go (sequences follow the server's clock)
      const old = await db
        .selectFrom('sync_log')
        .select((eb) => eb.fn.max('sseq').as('m'))
        .where('community_code', '=', h.community_code)
        .where('sseq', '>', floor)
        .where('sseq', '<=', horizon)
        .where('created_at', '<', cutoff)
        .executeTakeFirst();
      horizon = Math.min(horizon, Number(old?.m ?? floor));
    }
    out.push({ community: h.community_code, horizon: Math.max(horizon, floor), floor, head });
  }
  return out;
}

export async function compact(ctx: ServerContext, opts: CompactOptions): Promise<CompactResult> {
  const { db, kind } = ctx.store;
  const batch = opts.batch ?? 2000;
  const result: CompactResult = {
    logEntries: 0,
    logBytes: 0,
    receipts: 0,
    versionsFolded: 0,
    communities: [],
  };
  const plan = await horizons(ctx, opts);
  for (const c of plan) {
    if (c.horizon <= c.floor) continue;
    result.communities.push(c);
    const size = await db
      .selectFrom('sync_log')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.fn('length', [eb.fn.coalesce('fields', eb.val(''))])).as('b'),
      ])
      .where('community_code', '=', c.community)
      .where('sseq', '>', c.floor)
      .where('sseq', '<=', c.horizon)
      .executeTakeFirst();
    result.logEntries += Number(size?.n ?? 0);
    result.logBytes += Number(size?.b ?? 0);
    if (opts.dryRun) continue;

    // versions first: a row's versions above the floor are what the entries being removed stood for
    let after: { entity: string; row_id: string } | null = null;
    for (;;) {
      let q = db
        .selectFrom('sync_rows')
        .select(['entity', 'row_id', 'field_versions'])
        .where('community_code', '=', c.community)
        .where('updated_seq', '>', c.floor)
        .orderBy('entity')
        .orderBy('row_id')
        .limit(batch);
      if (after) {
        const a = after;
        q = q.where((eb) =>
          eb.or([
            eb('entity', '>', a.entity),
            eb.and([eb('entity', '=', a.entity), eb('row_id', '>', a.row_id)]),
          ]),
        );
      }
      const rows = await q.execute();
      if (rows.length === 0) break;
      const folded = rows.flatMap((r) => {
        const v = parseVersions(r.field_versions);
        return fold(v, c.horizon) ? [{ ...r, next: serialiseVersions(v) }] : [];
      });
      // small transactions that never wait on a push: on PostgreSQL the rows a push holds locked are skipped
      // (folded next time), so a push waits at most for one such transaction, never the reverse
      for (let i = 0; i < folded.length; i += FOLD_BATCH) {
        const part = folded.slice(i, i + FOLD_BATCH);
        await ctx.store.transaction(async (trx) => {
          let mine = part;
          if (kind === 'postgres') {
            const locked = await sql<{ entity: string; row_id: string }>`select entity, row_id from sync_rows
              where (entity, row_id) in (select e, r from unnest(${part.map((r) => r.entity)}::text[],
                ${part.map((r) => r.row_id)}::text[]) as k(e, r))
              order by entity, row_id for update skip locked`.execute(trx);
            const held = new Set(locked.rows.map((r) => `${r.entity}\u0000${r.row_id}`));
            mine = part.filter((r) => held.has(`${r.entity}\u0000${r.row_id}`));
          }
          for (const r of mine) {
            // only if no push changed the row meanwhile (its versions would be newer than what we read)
            await trx
              .updateTable('sync_rows')
              .set({ field_versions: r.next })
              .where('entity', '=', r.entity)
              .where('row_id', '=', r.row_id)
              .where('field_versions', '=', r.field_versions)
              .execute();
          }
        });
      }
      result.versionsFolded += folded.length;
      const last = rows[rows.length - 1]!;
      after = { entity: last.entity, row_id: last.row_id };
    }

    // The floor rises first, in a transaction of its own (a push takes the same head row to append): from
    // then on no pull reads below it, and the entries under it go in small deletes that hold no head lock.
    await ctx.store.transaction(async (trx) => {
      // the floor only rises (two compactions at once on two instances)
      await trx
        .updateTable('log_heads')
        .set({ floor: c.horizon })
        .where('community_code', '=', c.community)
        .where('floor', '<', c.horizon)
        .execute();
    });
    // from the lowest entry left (a compaction cut off after raising the floor left some under it)
    const low = await db
      .selectFrom('sync_log')
      .select((eb) => eb.fn.min('sseq').as('m'))
      .where('community_code', '=', c.community)
      .executeTakeFirst();
    for (let from = Math.min(c.floor, Number(low?.m ?? c.floor) - 1); from < c.horizon; from += batch) {
      const to = Math.min(from + batch, c.horizon);
      await db
        .deleteFrom('sync_log')
        .where('community_code', '=', c.community)
        .where('sseq', '>', from)
        .where('sseq', '<=', to)
        .execute();
    }
  }

  const receiptCutoff = new Date(ctx.now().getTime() - (opts.receiptDays ?? 30) * DAY).toISOString();
  const counted = await db
    .selectFrom('receipts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '<', receiptCutoff)
    .executeTakeFirst();
  result.receipts = Number(counted?.n ?? 0);
  if (!opts.dryRun && result.receipts > 0) {
    for (;;) {
      const some = await db
        .selectFrom('receipts')
        .select(['station_id', 'seq'])
        .where('created_at', '<', receiptCutoff)
        .limit(batch)
        .execute();
      if (some.length === 0) break;
      await ctx.store.transaction(async (trx) => {
        const byStation = new Map<string, number[]>();
        for (const r of some)
          byStation.set(r.station_id, [...(byStation.get(r.station_id) ?? []), Number(r.seq)]);
        for (const [station, seqs] of byStation)
          await trx
            .deleteFrom('receipts')
            .where('station_id', '=', station)
            .where('seq', 'in', seqs)
            .execute();
      });
    }
  }
  if (kind === 'sqlite' && !opts.dryRun) await giveBackSqliteRoom(ctx);
  // PostgreSQL keeps deleted and updated tuples until a vacuum: a plain one (it takes no lock that stops a
  // push) makes their room reusable now and gives the empty tail of a table back to the file system
  if (
    kind === 'postgres' &&
    !opts.dryRun &&
    result.logEntries + result.receipts + result.versionsFolded > 0
  ) {
    await sql`vacuum sync_log, receipts, sync_rows`.execute(db);
    // a vacuum leaves an index as large as it was: when most of a table went, its indexes are rebuilt
    // (concurrently: pushes go on writing meanwhile), so the room comes back instead of waiting for reuse
    for (const [table, gone] of [
      ['sync_log', result.logEntries],
      ['receipts', result.receipts],
    ] as const) {
      const left = await sql<{ n: number }>`select reltuples as n from pg_class
        where oid = to_regclass(${table})`.execute(db);
      if (gone > 1000 && gone > Number(left.rows[0]?.n ?? 0))
        await sql`reindex table concurrently ${sql.table(table)}`.execute(db);
    }
  }
  return result;
}
