// The six clears as six collapsible sections, each with its own fields, its own errors, a completeness
// marker and a "确认无变化" button that refreshes the confirmation date without retyping.
import { useState, type ReactNode } from 'react';
import { SECTION_KEYS, type SectionKey } from '../../../shared/domain/sixClears';
import { CheckboxField, SelectField, TextField } from '../ui/fields';
import type { FieldErrors } from '../ui/errors';
import { t, type MessageKey } from '../i18n';
import { dateLong } from '../format';
import {
  SECTION_FIELDS,
  emptySection,
  fieldLabel,
  optionLabel,
  type SectionForm,
  type SkillRow,
} from './sections';
import { sectionTitle } from './labels';
import { MaskedValue } from '../ui/MaskedValue';
import { CodePicker } from '../matching/CodePicker';
import { MASKED_INCOME } from '../../../shared/domain/privacy';

export type Marker = 'done' | 'stale' | 'missing' | 'invalid' | 'edited';

interface Props {
  sections: Partial<Record<SectionKey, SectionForm>>;
  errors: FieldErrors;
  markers: Record<SectionKey, Marker>;
  /** Sections stored at the station and unchanged here: they can be confirmed. */
  confirmable: (k: SectionKey) => boolean;
  onChange: (k: SectionKey, f: SectionForm | null) => void;
  onConfirm: (k: SectionKey) => void;
  today: string;
  savedResident: boolean;
  /** The income section came masked and is not edited here: shown read-only with a 显示 button. */
  incomeHidden?: boolean;
  onReveal?: () => void;
  /** 低保/低边 as the profile records it: the income section shows it read-only (recorded once). */
  subsistence: string;
  /** Shown at the end of the income section (what disagrees with the household). */
  incomeNote?: ReactNode;
}

const MARK_ICON: Record<Marker, string> = { done: '✓', stale: '!', missing: '○', invalid: '✕', edited: '✎' };

export function SixClearsEditor(p: Props) {
  const [open, setOpen] = useState<Partial<Record<SectionKey, boolean>>>({});
  return (
    <div className="six-clears">
      {SECTION_KEYS.map((k) => {
        const f = p.sections[k];
        const marker = p.markers[k];
        // sections with errors open themselves so the error is seen
        const isOpen = open[k] ?? (marker === 'invalid' || marker === 'edited');
        const bodyId = `six-${k}-body`;
        return (
          <section
            key={k}
            className={`six-section mark-${marker}`}
            data-section={k}
            aria-labelledby={`six-${k}-title`}
          >
            <h3 id={`six-${k}-title`} className="six-head">
              <button
                type="button"
                aria-expanded={isOpen}
                aria-controls={bodyId}
                onClick={() => setOpen({ ...open, [k]: !isOpen })}
              >
                <span className="caret" aria-hidden="true">
                  {isOpen ? '▾' : '▸'}
                </span>
                {sectionTitle(k)}
              </button>
              <span className={`marker marker-${marker}`} data-testid={`marker-${k}`}>
                <span aria-hidden="true">{MARK_ICON[marker]} </span>
                {t(`six.marker.${marker}`)}
              </span>
              {f?.confirmedAt && marker !== 'missing' ? (
                <span className="muted small">{t('six.confirmed', { date: dateLong(f.confirmedAt) })}</span>
              ) : null}
              <span className="spacer" />
              {p.confirmable(k) ? (
                <button
                  type="button"
                  className="small-btn"
                  onClick={() => p.onConfirm(k)}
                  aria-label={`${sectionTitle(k)}：${t('six.confirm')}`}
                >
                  {t('six.confirm')}
                </button>
              ) : null}
            </h3>
            {isOpen ? (
              <div id={bodyId} className="six-body">
                {f ? (
                  <>
                    {k === 'income' && p.incomeHidden ? (
                      <HiddenIncome f={f} subsistence={p.subsistence} onReveal={() => p.onReveal?.()} />
                    ) : (
                      <SectionFields
                        k={k}
                        f={f}
                        errors={p.errors}
                        subsistence={p.subsistence}
                        onChange={(nf) => p.onChange(k, nf)}
                      />
                    )}
                    {k === 'income' ? p.incomeNote : null}
                    <button type="button" className="link danger" onClick={() => p.onChange(k, null)}>
                      {t('six.clear')}
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="small-btn"
                    onClick={() => p.onChange(k, emptySection(k, p.today))}
                  >
                    {t('six.record')}
                  </button>
                )}
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/** The income section while its amount is masked: read-only, the amount as **** with 显示. */
/** 低保/低边 in the income section: the profile's value, read-only (it is recorded once, on the profile). */
function SubsistenceShown({ value }: { value: string }) {
  return (
    <div className="field" data-field="income.subsistence">
      <span className="label-like">{fieldLabel('income', 'subsistence')}</span>
      <div className="masked-id" data-testid="income-subsistence">
        {t(`opt.subsistence.${value || 'none'}` as MessageKey)}
      </div>
      <span className="muted small">{t('income.subsistenceFromProfile')}</span>
    </div>
  );
}

function HiddenIncome({
  f,
  subsistence,
  onReveal,
}: {
  f: SectionForm;
  subsistence: string;
  onReveal: () => void;
}) {
  return (
    <div className="form-grid" data-testid="income-hidden">
      {SECTION_FIELDS.income.map((s) =>
        s.key === 'subsistence' ? (
          <SubsistenceShown key={s.key} value={subsistence} />
        ) : s.key === 'monthlyIncome' ? (
          <MaskedValue
            key={s.key}
            name={`income.${s.key}`}
            label={fieldLabel('income', s.key)}
            text={MASKED_INCOME}
            onReveal={onReveal}
          />
        ) : (
          <div className="field" key={s.key} data-field={`income.${s.key}`}>
            <span className="label-like">{fieldLabel('income', s.key)}</span>
            <div className="masked-id">
              {s.kind === 'select' ? optionLabel(s, String(f[s.key] ?? '')) : String(f[s.key] ?? '')}
            </div>
          </div>
        ),
      )}
      <p className="muted small wide">{t('privacy.revealToEdit')}</p>
    </div>
  );
}

function SectionFields({
  k,
  f,
  errors,
  subsistence,
  onChange,
}: {
  k: SectionKey;
  f: SectionForm;
  errors: FieldErrors;
  subsistence: string;
  onChange: (f: SectionForm) => void;
}) {
  const set = (key: string, v: string | boolean | SkillRow[] | string[]) => onChange({ ...f, [key]: v });
  return (
    <div className="form-grid">
      {SECTION_FIELDS[k].map((s) => {
        const name = `${k}.${s.key}`;
        const label = fieldLabel(k, s.key);
        const error = errors[name];
        if (k === 'income' && s.key === 'subsistence')
          return <SubsistenceShown key={name} value={subsistence} />;
        switch (s.kind) {
          case 'select':
            return (
              <SelectField
                key={name}
                name={name}
                label={label}
                required={s.required}
                value={String(f[s.key] ?? '')}
                onChange={(v) => set(s.key, v)}
                placeholder={
                  s.required && s.key !== 'subsistence'
                    ? t('opt.pick')
                    : s.key === 'subsistence'
                      ? undefined
                      : '—'
                }
                options={(s.options ?? []).map((o) => ({ value: o, label: optionLabel(s, o) }))}
                error={error}
              />
            );
          case 'bool':
            return (
              <CheckboxField
                key={name}
                name={name}
                label={label}
                checked={f[s.key] === true}
                onChange={(v) => set(s.key, v)}
                error={error}
              />
            );
          case 'codes':
            return (
              <CodePicker
                key={name}
                name={name}
                label={label}
                vocab={s.vocab ?? 'occupations'}
                multiple
                value={Array.isArray(f[s.key]) ? (f[s.key] as string[]) : []}
                onChange={(codes) => set(s.key, codes)}
                error={error}
              />
            );
          case 'skills':
            return (
              <SkillsEditor
                key={name}
                rows={(f[s.key] as SkillRow[]) ?? []}
                errors={errors}
                onChange={(rows) => set(s.key, rows)}
              />
            );
          default:
            return (
              <TextField
                key={name}
                name={name}
                label={label}
                required={s.required}
                type={s.kind === 'date' ? 'date' : 'text'}
                inputMode={s.kind === 'int' ? 'numeric' : s.kind === 'money' ? 'decimal' : undefined}
                value={String(f[s.key] ?? '')}
                onChange={(v) => set(s.key, v)}
                error={error}
                className={
                  s.kind === 'list' || s.key === 'reason' || s.key === 'reasonNotYet' || s.key === 'note'
                    ? 'wide'
                    : ''
                }
              />
            );
        }
      })}
    </div>
  );
}

function SkillsEditor({
  rows,
  errors,
  onChange,
}: {
  rows: SkillRow[];
  errors: FieldErrors;
  onChange: (rows: SkillRow[]) => void;
}) {
  const upd = (i: number, patch: Partial<SkillRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="wide skills">
      {rows.map((r, i) => (
        <div className="row-inline" key={i}>
          <TextField
            name={`skills.items.${i}.name`}
            label={t('f.skills.name')}
            value={r.name}
            onChange={(v) => upd(i, { name: v })}
            error={errors[`skills.items.${i}.name`]}
          />
          <TextField
            name={`skills.items.${i}.level`}
            label={t('f.skills.level')}
            value={r.level}
            onChange={(v) => upd(i, { level: v })}
          />
          <TextField
            name={`skills.items.${i}.certificate`}
            label={t('f.skills.certificate')}
            value={r.certificate}
            onChange={(v) => upd(i, { certificate: v })}
          />
          <button
            type="button"
            className="link danger"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t('common.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small-btn"
        onClick={() => onChange([...rows, { name: '', level: '', certificate: '' }])}
      >
        {t('f.skills.add')}
      </button>
    </div>
  );
}
