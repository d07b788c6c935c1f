// Errors of the console API: a stable code, its HTTP status, a message in Chinese for the person at the page.
import { CONSOLE_ERROR_STATUS, type ConsoleErrorCode } from '../../shared/contract/console';

export class ConsoleError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
  get status(): number {
    return CONSOLE_ERROR_STATUS[this.code];
  }
  toBody() {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
