// Errors a station acts on, in the protocol's shape `{ error: { code, message, details? } }`. Messages are
// plain Chinese for the assistant at the desk; codes are the stable SyncErrorCode list of protocol.ts.
import type { SyncErrorCode } from '../shared/sync/protocol';

const STATUS: Record<SyncErrorCode | 'not_found' | 'internal', number> = {
  unauthorized: 401,
  revoked: 403,
  enroll_code_invalid: 400,
  gap: 409,
  invalid_input: 400,
  payload_too_large: 413,
  too_old: 426,
  unknown_schema: 409,
  not_found: 404,
  internal: 500,
};

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode | 'not_found' | 'internal',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SyncError';
  }
  get status(): number {
    return STATUS[this.code];
  }
  toBody() {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
