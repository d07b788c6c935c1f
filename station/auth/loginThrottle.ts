// Brute-force guard for the login form, per username: after 5 failed logins within 15 minutes the
// username is refused for 5 minutes, right password or not. Times come from the station's clock (ctx.now),
// so tests move a clock instead of sleeping. In memory: a restart clears it, like the sessions.

export const LOGIN_LIMITS = { failures: 5, windowMs: 15 * 60_000, lockMs: 5 * 60_000 };

interface Attempts {
  /** Times of recent failures, oldest first. */
  failures: number[];
  /** Attempts whose password is still being checked: they count, so parallel guesses cannot slip past. */
  pending: number;
  lockedUntil: number;
}

/** Past this many tracked usernames, entries with nothing left to remember are dropped. */
const SWEEP_AT = 1000;

export class LoginThrottle {
  readonly #byName = new Map<string, Attempts>();
  constructor(private readonly limits = LOGIN_LIMITS) {}

  /**
   * Call before checking a password. Answers how long the username stays locked (ms), or 0 when the attempt
   * may go on — it is then counted as pending until `failed` or `succeeded` is called.
   */
  begin(username: string, now: number): number {
    const a = this.#entry(username, now);
    if (a.lockedUntil > now) return a.lockedUntil - now;
    if (a.failures.length + a.pending >= this.limits.failures) return this.limits.lockMs;
    a.pending++;
    return 0;
  }

  failed(username: string, now: number): void {
    const a = this.#entry(username, now);
    a.pending = Math.max(0, a.pending - 1);
    a.failures.push(now);
    if (a.failures.length >= this.limits.failures) {
      a.lockedUntil = now + this.limits.lockMs;
      a.failures = [];
    }
    if (this.#byName.size > SWEEP_AT) this.#sweep(now);
  }

  succeeded(username: string): void {
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

  #entry(username: string, now: number): Attempts {
    let a = this.#byName.get(username);
    if (!a) {
      a = { failures: [], pending: 0, lockedUntil: 0 };
      this.#byName.set(username, a);
    }
    while (a.failures.length && now - a.failures[0]! >= this.limits.windowMs) a.failures.shift();
    return a;
  }

  #sweep(now: number): void {
    for (const [name, a] of this.#byName) {
      const recent = a.failures.some((t) => now - t < this.limits.windowMs);
      if (!recent && a.pending === 0 && a.lockedUntil <= now) this.#byName.delete(name);
    }
  }
}
