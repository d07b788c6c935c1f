// Brute-force guard for the login form, at two levels. Per username: after 5 failed logins within 15
// minutes the username is refused for 5 minutes, right password or not. Per station: a guesser who spreads
// tries over many usernames (4 each stays under the per-username limit) is stopped by a station-wide count:
// after 20 failed logins within 15 minutes, whatever the usernames, every login is refused for 10 minutes.
// Refused attempts are not counted, so a lock always ends on time and a correct user gets in once the
// guessing stops. Times come from the station's clock (ctx.now), so tests move a clock instead of sleeping.
// In memory: a restart clears it, like the sessions.

export interface Limits {
  failures: number;
  windowMs: number;
  lockMs: number;
}

export const LOGIN_LIMITS: Limits = { failures: 5, windowMs: 15 * 60_000, lockMs: 5 * 60_000 };
export const STATION_LOGIN_LIMITS: Limits = { failures: 20, windowMs: 15 * 60_000, lockMs: 10 * 60_000 };

/** Why an attempt may not go on: which lock holds it, and for how long (ms). */
export interface LoginRefusal {
  scope: 'username' | 'station';
  waitMs: number;
}

/** Recent failures of one username, or of the whole station, and the lock they led to. */
class Attempts {
  /** Times of recent failures, oldest first. */
  failures: number[] = [];
  /** Attempts whose password is still being checked: they count, so parallel guesses cannot slip past. */
  pending = 0;
  lockedUntil = 0;

  constructor(private readonly limits: Limits) {}

  /** How long the next attempt must wait (ms), 0 when it may go on. */
  waitMs(now: number): number {
    this.#forget(now);
    if (this.lockedUntil > now) return this.lockedUntil - now;
    if (this.failures.length + this.pending >= this.limits.failures) return this.limits.lockMs;
    return 0;
  }

  failed(now: number): void {
    this.#forget(now);
    this.pending = Math.max(0, this.pending - 1);
    this.failures.push(now);
    if (this.failures.length >= this.limits.failures) {
      this.lockedUntil = now + this.limits.lockMs;
      this.failures = [];
    }
  }

  /** Failures older than the window no longer count. */
  #forget(now: number): void {
    while (this.failures.length && now - this.failures[0]! >= this.limits.windowMs) this.failures.shift();
  }

  /** Nothing left to remember: the entry may be dropped. */
  idle(now: number): boolean {
    const recent = this.failures.some((t) => now - t < this.limits.windowMs);
    return !recent && this.pending === 0 && this.lockedUntil <= now;
  }
}

/** Past this many tracked usernames, entries with nothing left to remember are dropped. */
const SWEEP_AT = 1000;

export class LoginThrottle {
  readonly #byName = new Map<string, Attempts>();
  readonly #station: Attempts;

  constructor(
    private readonly limits: Limits = LOGIN_LIMITS,
    stationLimits: Limits = STATION_LOGIN_LIMITS,
  ) {
    this.#station = new Attempts(stationLimits);
  }

  /**
   * Call before checking a password. Answers which lock refuses the attempt, or null when it may go on —
   * it is then counted as pending (for the username and the station) until `failed` or `succeeded`.
   */
  begin(username: string, now: number): LoginRefusal | null {
    const stationWait = this.#station.waitMs(now);
    if (stationWait > 0) return { scope: 'station', waitMs: stationWait };
    const a = this.#entry(username);
    const wait = a.waitMs(now);
    if (wait > 0) return { scope: 'username', waitMs: wait };
    a.pending++;
    this.#station.pending++;
    return null;
  }

  failed(username: string, now: number): void {
    this.#entry(username).failed(now);
    this.#station.failed(now);
    if (this.#byName.size > SWEEP_AT) this.#sweep(now);
  }

  /**
   * A right password clears its username's count, not the station's: otherwise a guesser who knows one
   * account could reset the station-wide count between rounds of guesses at the others.
   */
  succeeded(username: string): void {
    this.#station.pending = Math.max(0, this.#station.pending - 1);
    const a = this.#byName.get(username);
    if (!a) return;
    a.pending = Math.max(0, a.pending - 1);
    a.failures = [];
    a.lockedUntil = 0;
    if (a.pending === 0) this.#byName.delete(username);
  }

  /** An admin set a new password: whatever was guessed against the old one no longer matters. */
  clear(username: string): void {
    const a = this.#byName.get(username);
    if (!a) return;
    a.failures = [];
    a.lockedUntil = 0;
    if (a.pending === 0) this.#byName.delete(username);
  }

  #entry(username: string): Attempts {
    let a = this.#byName.get(username);
    if (!a) {
      a = new Attempts(this.limits);
      this.#byName.set(username, a);
    }
    return a;
  }

  #sweep(now: number): void {
    for (const [name, a] of this.#byName) if (a.idle(now)) this.#byName.delete(name);
  }
}
