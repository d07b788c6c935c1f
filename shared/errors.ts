// Stable error codes of the contract. The HTTP host maps them to status codes; the renderer shows `message`
// (Chinese) and field issues next to their fields.
export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'unknown_method'
  | 'conflict'
  | 'duplicate_id_number'
  | 'already_setup'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'disk_full'
  | 'internal';

export interface ErrorIssue {
  path: string;
  message: string;
  /** zod's issue code and limits, so a desk in English can say it in English (shared/i18n/zodMessages.ts) */
  kind?: string;
  limit?: number;
  /** What the limit is of (zod's origin: string, number, array …): "at least 1" of a text is "required". */
  origin?: string;
  /** The rule a cross-field check names (a zod custom issue's `params.rule`), for a desk in English. */
  rule?: RuleRef;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
  /** Extra facts a caller can act on, e.g. `{ existingId }` for a duplicate ID number. */
  details?: Record<string, unknown>;
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  duplicate_id_number: 409,
  already_setup: 409,
  payload_too_large: 413,
  // too many failed logins for one username, or on the whole station: locked for a few minutes
  // (station/auth/loginThrottle.ts)
  rate_limited: 429,
  unavailable: 503,
  // the station's disk is full: the save was rolled back whole (station/db/diskFull.ts)
  disk_full: 507,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.details) body.details = this.details;
    return body;
  }
  static fromBody(body: ErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.issues, body.details);
  }
}

/** The rule of a refusal by name, for a desk in another language: `rule.<key>` in its catalogues, with the
 * values the Chinese message names. */
export interface RuleRef {
  key: string;
  params?: Record<string, string | number>;
}

/** A refusal whose `message` is the rule in Chinese and whose `details.rule` names it for an English desk. */
export function ruleError(
  code: ErrorCode,
  message: string,
  rule: RuleRef,
  issues?: ErrorIssue[],
  details?: Record<string, unknown>,
): ApiError {
  return new ApiError(code, message, issues, { ...details, rule });
}

/** zod issues → contract issues with dotted paths ("clears.income.monthlyIncome"). */
export function issuesFromZod(
  issues: ReadonlyArray<{
    path: ReadonlyArray<PropertyKey>;
    message: string;
    code?: string;
    minimum?: unknown;
    maximum?: unknown;
    params?: unknown;
    origin?: unknown;
  }>,
): ErrorIssue[] {
  return issues.map((i) => {
    const out: ErrorIssue = { path: i.path.map(String).join('.'), message: i.message };
    if (i.code) out.kind = i.code;
    const limit = i.maximum ?? i.minimum;
    if (typeof limit === 'number' && Number.isFinite(limit)) out.limit = limit;
    if (typeof i.origin === 'string') out.origin = i.origin;
    const rule = (i.params as { rule?: unknown } | undefined)?.rule;
    if (typeof rule === 'string') out.rule = { key: rule };
    return out;
  });
}
