// The ID number as it is typed: what it decodes to (birth date, sex, age) or exactly which check failed,
// using the same validator as the station so the desk and the database never disagree.
import { parseIdNumber } from '../../../shared/validators/idNumber';
import { ageOn } from '../../../shared/domain/dates';
import { TextField } from '../ui/fields';
import { getLang, t, type MessageKey } from '../i18n';
import { dateLong, todayIso } from '../format';

export interface IdState {
  ok: boolean;
  idNumber?: string;
  birthDate?: string;
  sex?: 'M' | 'F';
  error?: string;
}

export function readIdNumber(raw: string): IdState {
  if (!raw.trim()) return { ok: false };
  const r = parseIdNumber(raw);
  if (r.ok) return { ok: true, idNumber: r.value.idNumber, birthDate: r.value.birthDate, sex: r.value.sex };
  // Chinese names the exact digits; English says which check failed from the catalogue
  if (getLang() === 'en')
    return {
      ok: false,
      error: t(`idnum.${r.error.code}` as MessageKey, { expected: r.error.expected ?? '' }),
    };
  return { ok: false, error: r.error.message };
}

export function IdNumberField(p: {
  value: string;
  onChange: (v: string) => void;
  serverError?: string | undefined;
  readOnly?: boolean;
  autoFocus?: boolean;
}) {
  const s = readIdNumber(p.value);
  // while still typing, "too short" is not news; every other check speaks at once
  const typing = !s.ok && p.value.replace(/\s/g, '').length < 18 && /^[\d\sxX]*$/.test(p.value);
  const error = p.serverError ?? (typing ? undefined : s.error);
  const hint =
    s.ok && s.birthDate && s.sex ? (
      <span data-testid="id-info">
        {t('resident.idInfo', {
          birth: dateLong(s.birthDate),
          sex: t(`sex.${s.sex}`),
          age: ageOn(s.birthDate, todayIso()),
        })}
      </span>
    ) : undefined;
  return (
    <TextField
      name="idNumber"
      label={t('resident.idNumber')}
      required
      value={p.value}
      onChange={p.onChange}
      error={error}
      hint={hint}
      maxLength={22}
      readOnly={p.readOnly}
      autoFocus={p.autoFocus}
      className="mono-input"
    />
  );
}
