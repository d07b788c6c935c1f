// The six clears as forms: which fields each section has, how typed text becomes the section's input,
// and how each section is validated on its own with the zod schema from shared/domain/sixClears.ts.
import {
  EMPLOYMENT_STATUSES,
  HOURS,
  OUTCOMES,
  SUBSISTENCE,
  sectionSchemas,
  type SectionKey,
  type SixClears,
} from '../../../shared/domain/sixClears';
import type { Resident } from '../../../shared/domain/resident';
import { t, type MessageKey } from '../i18n';
import { zodFieldErrors, type FieldErrors } from '../ui/errors';

export type FieldKind = 'select' | 'date' | 'text' | 'bool' | 'int' | 'money' | 'list' | 'skills' | 'codes';
export interface FieldSpec {
  key: string;
  kind: FieldKind;
  options?: readonly string[];
  /** i18n prefix of the options: `opt.<prefix>.<value>`. */
  opt?: string;
  /** For `codes`: which vocabulary the codes come from. */
  vocab?: 'occupations' | 'industries';
  required?: boolean;
}

export const SECTION_FIELDS: Record<SectionKey, FieldSpec[]> = {
  unemployment: [
    { key: 'status', kind: 'select', options: EMPLOYMENT_STATUSES, opt: 'status', required: true },
    { key: 'since', kind: 'date' },
    { key: 'registered', kind: 'bool' },
    { key: 'reason', kind: 'text' },
  ],
  skills: [{ key: 'items', kind: 'skills' }],
  training: [
    { key: 'wants', kind: 'bool' },
    { key: 'courses', kind: 'list' },
    { key: 'note', kind: 'text' },
  ],
  preferences: [
    { key: 'occupations', kind: 'list' },
    { key: 'occupationCodes', kind: 'codes', vocab: 'occupations' },
    { key: 'industries', kind: 'list' },
    { key: 'industryCodes', kind: 'codes', vocab: 'industries' },
    { key: 'area', kind: 'text' },
    { key: 'hours', kind: 'select', options: HOURS, opt: 'hours' },
    { key: 'expectedWage', kind: 'money' },
    { key: 'changeJob', kind: 'bool' },
  ],
  income: [
    { key: 'householdSize', kind: 'int', required: true },
    { key: 'monthlyIncome', kind: 'money', required: true },
    { key: 'subsistence', kind: 'select', options: SUBSISTENCE, opt: 'subsistence', required: true },
  ],
  outcome: [
    { key: 'result', kind: 'select', options: OUTCOMES, opt: 'result', required: true },
    { key: 'employer', kind: 'text' },
    { key: 'date', kind: 'date' },
    { key: 'channel', kind: 'text' },
    { key: 'reasonNotYet', kind: 'text' },
  ],
};

export interface SkillRow {
  name: string;
  level: string;
  certificate: string;
}
export type SectionForm = { confirmedAt: string } & Record<string, string | boolean | SkillRow[] | string[]>;

export function fieldLabel(section: SectionKey, key: string): string {
  return t(`f.${section}.${key}` as MessageKey);
}

export function optionLabel(spec: FieldSpec, value: string): string {
  return t(`opt.${spec.opt}.${value}` as MessageKey);
}

/** An empty section as the form starts it when the assistant begins to fill it. */
export function emptySection(section: SectionKey, today: string): SectionForm {
  const f: SectionForm = { confirmedAt: today };
  for (const s of SECTION_FIELDS[section]) {
    f[s.key] =
      s.kind === 'bool'
        ? false
        : s.kind === 'skills'
          ? [{ name: '', level: '', certificate: '' }]
          : s.kind === 'codes'
            ? []
            : s.key === 'subsistence'
              ? 'none'
              : '';
  }
  return f;
}

/** A stored section → form strings. A masked income amount stays as its mask (MASKED_INCOME). */
export function sectionToForm(
  section: SectionKey,
  value: NonNullable<SixClears[SectionKey]> | NonNullable<Resident['income']>,
): SectionForm {
  const v = value as Record<string, unknown>;
  const f: SectionForm = { confirmedAt: String(v.confirmedAt ?? '') };
  for (const s of SECTION_FIELDS[section]) {
    const x = v[s.key];
    switch (s.kind) {
      case 'bool':
        f[s.key] = x === true;
        break;
      case 'list':
        f[s.key] = Array.isArray(x) ? x.join('，') : '';
        break;
      case 'codes':
        f[s.key] = Array.isArray(x) ? (x as string[]).map(String) : [];
        break;
      case 'skills':
        f[s.key] = Array.isArray(x)
          ? (x as Array<Record<string, string | undefined>>).map((r) => ({
              name: r.name ?? '',
              level: r.level ?? '',
              certificate: r.certificate ?? '',
            }))
          : [];
        break;
      default:
        f[s.key] = x === undefined || x === null ? '' : String(x);
    }
  }
  return f;
}

const LIST_SPLIT = /[,，、;；\n]+/;

/**
 * Form → the section's input, plus errors the schema cannot phrase well (text typed where a number belongs).
 * Blank optional fields are left out, not sent as empty strings.
 */
export function formToSection(
  section: SectionKey,
  f: SectionForm,
): { value: Record<string, unknown>; errors: FieldErrors } {
  const value: Record<string, unknown> = { confirmedAt: f.confirmedAt };
  const errors: FieldErrors = {};
  for (const s of SECTION_FIELDS[section]) {
    const raw = f[s.key];
    switch (s.kind) {
      case 'bool':
        value[s.key] = raw === true;
        break;
      case 'list':
        value[s.key] = String(raw ?? '')
          .split(LIST_SPLIT)
          .map((x) => x.trim())
          .filter(Boolean);
        break;
      case 'codes':
        // left out when none: a section saved without codes keeps the shape it had
        if (Array.isArray(raw) && raw.length) value[s.key] = raw;
        break;
      case 'skills':
        value[s.key] = ((raw as SkillRow[]) ?? [])
          .filter((r) => r.name.trim() || r.level.trim() || r.certificate.trim())
          .map((r) => ({
            name: r.name.trim(),
            ...(r.level.trim() ? { level: r.level.trim() } : {}),
            ...(r.certificate.trim() ? { certificate: r.certificate.trim() } : {}),
          }));
        break;
      case 'int':
      case 'money': {
        const txt = String(raw ?? '')
          .trim()
          .replace(/[,，¥￥元\s]/g, '');
        if (txt === '') break;
        const n = Number(txt);
        if (!Number.isFinite(n)) errors[`${section}.${s.key}`] = t('err.number');
        else value[s.key] = n;
        break;
      }
      default: {
        const txt = String(raw ?? '').trim();
        if (txt !== '') value[s.key] = txt;
      }
    }
  }
  return { value, errors };
}

/** Validates one section on its own; errors are keyed "section.field". */
export function validateSection(
  section: SectionKey,
  f: SectionForm,
): { ok: boolean; value: unknown; errors: FieldErrors } {
  const { value, errors } = formToSection(section, f);
  const r = sectionSchemas[section].safeParse(value);
  const all = { ...(r.success ? {} : zodFieldErrors(r.error.issues, `${section}.`)), ...errors };
  for (const s of SECTION_FIELDS[section]) {
    // a missing required value reads "请填写/请选择", whatever the schema said
    if (s.required && value[s.key] === undefined && !errors[`${section}.${s.key}`])
      all[`${section}.${s.key}`] = s.kind === 'select' ? t('err.pick') : t('err.required');
  }
  return { ok: Object.keys(all).length === 0, value: r.success ? r.data : value, errors: all };
}
