// The shape every row builder shares: a row is read through its mapped columns (`get`), and becomes either
// the values it carries for its record, keyed by what identifies that record, or the list of its problems,
// each naming the field (hence the column) and the reason in Chinese.
import type { Cell, Read } from './cells';

/** The cell under a field's column; undefined when no column is mapped to the field. */
export type Get = (field: string) => Cell | undefined;

export interface RowIssue {
  /** Input field (column) the problem is in. */
  field: string;
  reason: string;
}

export type Built =
  | {
      ok: true;
      /** What identifies the record: a normalised ID number, a credit code, employer + title. */
      key: string;
      /** Values of the stored record's fields that the row carries (absent: the row says nothing). */
      values: Record<string, unknown>;
    }
  | { ok: false; issues: RowIssue[] };

export interface BuildOptions {
  /** Today (YYYY-MM-DD): confirmations default to it and dates may not lie after it. */
  today: string;
}

/** Collects values and issues while a builder reads a row. */
export class RowReader {
  readonly issues: RowIssue[] = [];
  constructor(readonly get: Get) {}

  has(field: string): boolean {
    const c = this.get(field);
    return c !== undefined && c !== null && !(typeof c === 'string' && c.trim() === '');
  }

  /** Reads a mapped, non-empty cell; undefined when absent or unreadable (the issue is recorded). */
  read<T>(field: string, reader: (c: Cell) => Read<T | undefined>): T | undefined {
    const c = this.get(field);
    if (c === undefined) return undefined;
    const r = reader(c);
    if (!r.ok) {
      this.issues.push({ field, reason: r.reason });
      return undefined;
    }
    return r.value;
  }

  fail(field: string, reason: string): void {
    this.issues.push({ field, reason });
  }
}

/** Sets `key` on `out` only when the value is present, so "the file says nothing" stays distinguishable. */
export function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}
