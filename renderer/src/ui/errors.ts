// Turns any failure into plain Chinese for the desk: contract errors keep their message and field issues;
// zod issues from local validation get a Chinese message when the schema did not give one.
import { ApiError } from '../../../shared/errors';
import { getLang, t, type MessageKey } from '../i18n';
import { zodText } from '../../../shared/i18n/zodMessages';

export type FieldErrors = Record<string, string>;

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) {
    // the station answers in Chinese; a desk in English says what kind of failure it was, in English
    if (getLang() !== 'en' || !HAN.test(e.message)) return e.message;
    const first = e.issues?.[0];
    const general = t(`apiError.${e.code}` as MessageKey);
    return first ? `${general}: ${issueText(first)}` : general;
  }
  if (e instanceof Error && /fetch|network/i.test(e.message)) return t('err.network');
  return e instanceof Error ? e.message : String(e);
}

/** Server field issues keyed by their dotted path ("income.monthlyIncome"). */
export function fieldErrorsOf(e: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (e instanceof ApiError)
    for (const i of e.issues ?? []) if (i.path && !out[i.path]) out[i.path] = issueText(i);
  return out;
}

const HAN = /\p{Script=Han}/u;

/** A station issue in the desk's language: Chinese as the station said it, English from its kind. */
function issueText(i: { message: string; kind?: string; limit?: number }): string {
  if (getLang() !== 'en' || !HAN.test(i.message)) return i.message;
  return zodText({ code: i.kind ?? 'custom', minimum: i.limit, maximum: i.limit }, 'en');
}

/** A zod issue in the desk's language: a schema's own Chinese message, or ours from the catalogue. */
export function zodMessage(issue: {
  code: string;
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
}): string {
  const lang = getLang();
  if (HAN.test(issue.message) && lang === 'zh-CN') return issue.message;
  return zodText(issue, lang);
}

export function zodFieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string; message: string; origin?: string }>,
  prefix = '',
): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = prefix + i.path.map(String).join('.');
    if (!out[key]) out[key] = zodMessage(i);
  }
  return out;
}
