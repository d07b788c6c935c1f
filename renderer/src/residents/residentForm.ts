// The resident form's state: typed text for the profile, six sections as forms, and which sections were
// edited here. Converts to the contract's create/update inputs.
import type { Resident, ResidentRow } from '../../../shared/domain/resident';
import { SECTION_KEYS, type SectionKey } from '../../../shared/domain/sixClears';
import { MASKED_INCOME } from '../../../shared/domain/privacy';
import type { FieldErrors } from '../ui/errors';
import { t } from '../i18n';
import { sectionToForm, validateSection, type SectionForm } from './sections';

export interface ResidentForm {
  name: string;
  /** Full number being typed (new resident, or after "显示完整身份证号"); '' keeps the stored one. */
  idNumber: string;
  phone: string;
  hukouType: string;
  address: string;
  landlessFarmer: boolean;
  subsistence: string;
  note: string;
  /** the facts card rules read (CardFactsFields): '' for none */
  disabilityLevel: string;
  disabilityKind: string;
  disabilityCertificate: string;
  graduateYear: string;
  veteran: boolean;
  singleParent: boolean;
  releasedOrRehab: boolean;
  sections: Partial<Record<SectionKey, SectionForm>>;
  /** Sections changed here since the last save: only these are sent, so others keep their dates. */
  edited: SectionKey[];
}

export function emptyForm(): ResidentForm {
  return {
    name: '',
    idNumber: '',
    phone: '',
    hukouType: '',
    address: '',
    landlessFarmer: false,
    subsistence: 'none',
    note: '',
    disabilityLevel: '',
    disabilityKind: '',
    disabilityCertificate: '',
    graduateYear: '',
    veteran: false,
    singleParent: false,
    releasedOrRehab: false,
    sections: {},
    edited: [],
  };
}

export function formFromResident(r: Resident): ResidentForm {
  const sections: ResidentForm['sections'] = {};
  for (const k of SECTION_KEYS) {
    const v = r[k];
    if (v) sections[k] = sectionToForm(k, v);
  }
  return {
    name: r.name,
    idNumber: r.idNumberMasked ? '' : r.idNumber,
    phone: r.phone ?? '',
    hukouType: r.hukouType ?? '',
    address: r.address ?? '',
    landlessFarmer: r.landlessFarmer,
    subsistence: r.subsistence,
    note: r.note ?? '',
    disabilityLevel: r.disability?.level ? String(r.disability.level) : '',
    disabilityKind: r.disability?.kind ?? '',
    disabilityCertificate: r.disability?.certificate ?? '',
    graduateYear: r.graduateYear === null ? '' : String(r.graduateYear),
    veteran: r.veteran,
    singleParent: r.singleParent,
    releasedOrRehab: r.releasedOrRehab,
    sections,
    edited: [],
  };
}

/**
 * The income section as it came from the station, masked, and not edited here: shown as **** with a 显示
 * button, never validated or sent (only edited sections are sent), so the stored amount stays as it is.
 */
export function incomeHidden(f: ResidentForm): boolean {
  return !f.edited.includes('income') && f.sections.income?.monthlyIncome === MASKED_INCOME;
}

/**
 * A form made from a (masked) answer, with what the page already shows after a reveal laid back over it:
 * the full ID number and the income amount. Used after a save and a confirm, which answer masked.
 */
export function keepShown(fresh: ResidentForm, shown: ResidentForm): ResidentForm {
  const out = { ...fresh, idNumber: shown.idNumber, sections: { ...fresh.sections } };
  const income = shown.sections.income?.monthlyIncome;
  if (out.sections.income && income !== undefined && income !== MASKED_INCOME)
    out.sections.income = { ...out.sections.income, monthlyIncome: income };
  return out;
}

export function validateSections(f: ResidentForm): {
  values: Partial<Record<SectionKey, unknown>>;
  errors: FieldErrors;
  invalid: SectionKey[];
} {
  const values: Partial<Record<SectionKey, unknown>> = {};
  const errors: FieldErrors = {};
  const invalid: SectionKey[] = [];
  for (const k of SECTION_KEYS) {
    const s = f.sections[k];
    if (!s || (k === 'income' && incomeHidden(f))) continue;
    // 低保/低边 is recorded once, on the profile: the income section sends the same value
    const v = validateSection(k, k === 'income' ? { ...s, subsistence: f.subsistence || 'none' } : s);
    Object.assign(errors, v.errors);
    if (!v.ok) invalid.push(k);
    values[k] = v.value;
  }
  return { values, errors, invalid };
}

/** The profile part of a create/update input: blank text left out rather than sent empty. */
export function profileInput(f: ResidentForm, isNew: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: f.name.trim(),
    landlessFarmer: f.landlessFarmer,
    subsistence: f.subsistence || 'none',
  };
  if (f.phone.trim()) out.phone = f.phone.trim();
  if (f.hukouType) out.hukouType = f.hukouType;
  else if (!isNew) out.hukouType = null;
  if (f.address.trim()) out.address = f.address.trim();
  else if (!isNew) out.address = null;
  if (f.note.trim()) out.note = f.note.trim();
  else if (!isNew) out.note = null;
  out.veteran = f.veteran;
  out.singleParent = f.singleParent;
  out.releasedOrRehab = f.releasedOrRehab;
  const year = f.graduateYear.trim();
  if (year) out.graduateYear = Number(year);
  else if (!isNew) out.graduateYear = null;
  if (f.disabilityLevel) {
    const d: Record<string, unknown> = { level: Number(f.disabilityLevel) };
    if (f.disabilityKind) d.kind = f.disabilityKind;
    if (f.disabilityCertificate.trim()) d.certificate = f.disabilityCertificate.trim();
    out.disability = d;
  } else if (!isNew) out.disability = null;
  return out;
}

/** What the facts fields say wrong before anything is sent (today's year from the caller). */
export function checkFacts(f: ResidentForm, year: number): FieldErrors {
  const out: FieldErrors = {};
  const y = f.graduateYear.trim();
  if (y && !/^\d{4}$/.test(y)) out.graduateYear = t('facts.graduateYearBad');
  else if (y && Number(y) > year) out.graduateYear = t('facts.graduateYearFuture', { year });
  if (!f.disabilityLevel && (f.disabilityKind || f.disabilityCertificate.trim()))
    out['disability.level'] = t('facts.disabilityNeedsLevel');
  return out;
}

export type { ResidentRow };
