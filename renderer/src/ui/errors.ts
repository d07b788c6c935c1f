// Turns any failure into plain Chinese for the desk: contract errors keep their message and field issues;
// zod issues from local validation get a Chinese message when the schema did not give one.
import { ApiError } from '../../../shared/errors';
import { t } from '../i18n';

export type FieldErrors = Record<string, string>;

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && /fetch|network/i.test(e.message)) return t('err.network');
  return e instanceof Error ? e.message : String(e);
}

/** Server field issues keyed by their dotted path ("income.monthlyIncome"). */
export function fieldErrorsOf(e: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (e instanceof ApiError)
    for (const i of e.issues ?? []) if (i.path && !out[i.path]) out[i.path] = i.message;
  return out;
}

const HAN = /\p{Script=Han}/u;

/** A zod issue's message when it is already Chinese, otherwise one of ours by kind. */
export function zodMessage(issue: { code: string; message: string }): string {
  if (HAN.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return t('err.required');
    case 'invalid_value':
      return t('err.pick');
    case 'too_big':
      return t('err.tooBig');
    case 'too_small':
      return t('err.tooSmall');
    default:
      return t('err.format');
  }
}

export function zodFieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string; message: string }>,
  prefix = '',
): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = prefix + i.path.map(String).join('.');
    if (!out[key]) out[key] = zodMessage(i);
  }
  return out;
}
