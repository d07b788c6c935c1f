// The fleet as the district sees it: every station with its community, last push (its latest receipt),
// last contact, clock skew, and the weekly upload — uploaded since Monday, late after Friday 17:00 (China
// time) without an upload this week, silent for two weeks (or never uploaded).
import { sql } from 'kysely';
import type { ServerContext } from '../context';

export type WeeklyUpload = 'uploaded' | 'pending' | 'late' | 'silent';

export interface FleetStation {
  id: string;
  communityCode: string;
  stationNumber: number;
  name: string | null;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastPushAt: string | null;
  lastSeenAt: string | null;
  clockSkewMs: number | null;
  weekly: WeeklyUpload;
  lastPullAt: string | null;
  appVersion: string | null;
  /** Outbox entries the station last said were still waiting for the district, and when it said so. */
  pending: number | null;
  pendingAt: string | null;
  /** Not yet enrolled: when its one-time code expires (a code is shown only once, when issued). */
  codeExpiresAt: string | null;
}

const CST = 8 * 3_600_000;

/** Monday 00:00 and Friday 17:00 of the week of `now`, China time, as instants. */
export function weekMarks(now: Date): { monday: Date; friday17: Date } {
  const local = new Date(now.getTime() + CST);
  const dow = (local.getUTCDay() + 6) % 7; // Monday 0
  const mondayLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dow);
  return {
    monday: new Date(mondayLocal - CST),
    friday17: new Date(mondayLocal + 4 * 86_400_000 + 17 * 3_600_000 - CST),
  };
}

export function weeklyUpload(lastPushAt: string | null, now: Date): WeeklyUpload {
  const { monday, friday17 } = weekMarks(now);
  if (!lastPushAt || Date.parse(lastPushAt) < now.getTime() - 14 * 86_400_000) return 'silent';
  if (Date.parse(lastPushAt) >= monday.getTime()) return 'uploaded';
  return now >= friday17 ? 'late' : 'pending';
}

export async function fleet(
  ctx: ServerContext,
  communities: readonly string[] | 'all',
): Promise<FleetStation[]> {
  let q = ctx.store.db
    .selectFrom('stations as s')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('receipts')
          .select(['station_id', sql<string>`max(created_at)`.as('last_push')])
          .groupBy('station_id')
          .as('r'),
      (j) => j.onRef('r.station_id', '=', 's.id'),
    )
    .select([
      's.id',
      's.community_code',
      's.station_number',
      's.name',
      's.enrolled_at',
      's.revoked_at',
      's.last_seen_at',
      's.clock_skew_ms',
      's.last_pull_at',
      's.app_version',
      's.pending_reported',
      's.pending_reported_at',
      'r.last_push',
    ])
    .orderBy('s.community_code')
    .orderBy('s.station_number');
  if (communities !== 'all')
    q = q.where('s.community_code', 'in', communities.length ? [...communities] : ['-']);
  const now = ctx.now();
  const codes = new Map(
    (
      await ctx.store.db
        .selectFrom('enrollment_codes')
        .select(['station_id', 'expires_at'])
        .where('used_at', 'is', null)
        .execute()
    ).map((c) => [c.station_id, c.expires_at]),
  );
  return (await q.execute()).map((r) => ({
    id: r.id,
    communityCode: r.community_code,
    stationNumber: Number(r.station_number),
    name: r.name,
    enrolledAt: r.enrolled_at,
    revokedAt: r.revoked_at,
    lastPushAt: r.last_push ?? null,
    lastSeenAt: r.last_seen_at,
    clockSkewMs: r.clock_skew_ms === null ? null : Number(r.clock_skew_ms),
    weekly: weeklyUpload(r.last_push ?? null, now),
    lastPullAt: r.last_pull_at,
    appVersion: r.app_version,
    pending: r.pending_reported === null ? null : Number(r.pending_reported),
    pendingAt: r.pending_reported_at,
    codeExpiresAt: r.enrolled_at ? null : (codes.get(r.id) ?? null),
  }));
}
