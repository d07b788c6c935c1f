// Login sessions of one station process: random bearer tokens held in memory, with an idle timeout.
// A restart logs everyone out, which is what a shared community PC should do.
import { randomBytes } from 'node:crypto';

interface Session {
  operatorId: string;
  lastSeen: number;
}

export class Sessions {
  readonly #byToken = new Map<string, Session>();
  constructor(
    private readonly idleMs: number = 8 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}
  create(operatorId: string): string {
    const token = randomBytes(24).toString('base64url');
    this.#byToken.set(token, { operatorId, lastSeen: this.now() });
    return token;
  }
  resolve(token: string | undefined): string | null {
    if (!token) return null;
    const s = this.#byToken.get(token);
    if (!s) return null;
    if (this.now() - s.lastSeen > this.idleMs) {
      this.#byToken.delete(token);
      return null;
    }
    s.lastSeen = this.now();
    return s.operatorId;
  }
  revoke(token: string | undefined): void {
    if (token) this.#byToken.delete(token);
  }
  /** Ends every session of the operator except `keepToken` (the caller's own, after a password change). */
  revokeOperator(operatorId: string, keepToken?: string): void {
    for (const [t, s] of this.#byToken)
      if (s.operatorId === operatorId && t !== keepToken) this.#byToken.delete(t);
  }
}
