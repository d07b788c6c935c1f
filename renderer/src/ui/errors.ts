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
    // a refusal that names its rule (shared/errors.ts ruleError) is said in English from the catalogue
    const ruled = ruleText(e.details?.rule);
    if (ruled) return ruled;
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

/** `rule.<key>` of the desk's catalogue with the refusal's values, when the catalogue has it in English. */
function ruleText(rule: unknown): string | null {
  if (!rule || typeof rule !== 'object') return null;
  const { key, params } = rule as { key?: unknown; params?: unknown };
  if (typeof key !== 'string') return null;
  const name = `rule.${key}`;
  const values =
    params && typeof params === 'object' ? (params as Record<string, string | number>) : undefined;
  // the template itself, not the values (a person's or a fair's name is Chinese in any language)
  const template = t(name as MessageKey);
  return template === name || HAN.test(template) ? null : t(name as MessageKey, values);
}

/** A station issue in the desk's language: Chinese as the station said it, English from its kind. */
function issueText(i: {
  message: string;
  kind?: string;
  limit?: number;
  origin?: string;
  rule?: unknown;
}): string {
  if (getLang() !== 'en' || !HAN.test(i.message)) return i.message;
  const ruled = ruleText(i.rule);
  if (ruled) return ruled;
  return zodText({ code: i.kind ?? 'custom', minimum: i.limit, maximum: i.limit, origin: i.origin }, 'en');
}

/** A zod issue in the desk's language: a schema's own Chinese message, or ours from the catalogue. */
export function zodMessage(issue: {
  code: string;
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  params?: unknown;
}): string {
  const lang = getLang();
  if (HAN.test(issue.message) && lang === 'zh-CN') return issue.message;
  // a cross-field check naming its rule (params.rule) is said from the catalogue
  const rule = (issue.params as { rule?: unknown } | undefined)?.rule;
  const ruled = typeof rule === 'string' ? ruleText({ key: rule }) : null;
  return ruled ?? zodText(issue, lang);
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
