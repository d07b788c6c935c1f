// The district's weekly upload rule: the week's work must be at the district by a fixed time (by default
// Friday 17:00 China time). Computed from the station's clock; China has no daylight saving.
import type { DeadlineState } from '../../shared/contract/sync';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const WEEK_MS = 7 * 86_400_000;

/** `weekday`: 1 = Monday … 7 = Sunday; `time`: "HH:MM" in China time. */
export function deadlinesAround(now: Date, weekday: number, time: string): { previous: Date; next: Date } {
  const [hh, mm] = time.split(':').map(Number);
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const dow = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const candidateLocal = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate() + (weekday - dow),
    hh ?? 17,
    mm ?? 0,
  );
  let next = candidateLocal - CHINA_OFFSET_MS;
  if (next <= now.getTime()) next += WEEK_MS;
  return { previous: new Date(next - WEEK_MS), next: new Date(next) };
}

/** "周五 17:00" style text of a deadline, in China time. */
export function deadlineText(d: Date): string {
  const local = new Date(d.getTime() + CHINA_OFFSET_MS);
  const names = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日${names[local.getUTCDay()]} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}`;
}

/**
 * missed: an entry made before the last deadline is still not uploaded; near: something is pending and
 * the next deadline is less than a day away; ok otherwise.
 */
export function deadlineState(
  now: Date,
  next: Date,
  previous: Date,
  oldestPendingAt: string | null,
): DeadlineState {
  if (oldestPendingAt === null) return 'ok';
  if (oldestPendingAt < previous.toISOString()) return 'missed';
  if (next.getTime() - now.getTime() < 86_400_000) return 'near';
  return 'ok';
}
