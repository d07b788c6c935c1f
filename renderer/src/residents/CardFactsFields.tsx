// The facts the card categories read (残疾, 毕业年份, 退役军人, 单亲, 刑满释放/戒毒康复, 失地农民), each
// editable here with the words of the rule that reads it, taken from the categories in force (reference
// data): a person can see why a field matters and which category it can open.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { AssistanceCategoryView } from '../../../shared/contract/cards';
import { t } from '../i18n';
import { CheckboxField, SelectField, TextField } from '../ui/fields';
import type { FieldErrors } from '../ui/errors';
import type { ResidentForm } from './residentForm';

export const DISABILITY_KINDS = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'] as const;

type Rule = AssistanceCategoryView['params']['rule'];

function useCategories(): AssistanceCategoryView[] {
  const [items, setItems] = useState<AssistanceCategoryView[]>([]);
  useEffect(() => {
    let live = true;
    call('reference.assistanceCategories', {}).then(
      (r) => live && setItems(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return items;
}

/** 援助类别「退役军人」 — or, for the graduate rule, with its window in years. */
function ruleWords(categories: AssistanceCategoryView[], rule: Rule): string | undefined {
  const c = categories.find((x) => x.params.rule === rule);
  if (!c) return undefined;
  if (rule === 'unemployed_graduate')
    return t('facts.ruleGraduate', { name: c.name, n: c.params.withinYears ?? 2 });
  return t('facts.rule', { name: c.name });
}

export function CardFactsFields(p: {
  form: ResidentForm;
  errors: FieldErrors;
  set: <K extends keyof ResidentForm>(k: K, v: ResidentForm[K]) => void;
}) {
  const categories = useCategories();
  const { form, set, errors } = p;
  const words = (rule: Rule) => {
    const w = ruleWords(categories, rule);
    return w ? <span className="muted small rule-words">{w}</span> : null;
  };
  return (
    <fieldset className="card" data-testid="card-facts">
      <legend>{t('facts.title')}</legend>
      <p className="muted small">{t('facts.intro')}</p>
      <div className="form-grid">
        <SelectField
          name="disability.level"
          label={t('facts.disabilityLevel')}
          value={form.disabilityLevel}
          onChange={(v) => set('disabilityLevel', v)}
          placeholder={t('facts.noDisability')}
          options={[1, 2, 3, 4].map((n) => ({
            value: String(n),
            label: t(`facts.level${n as 1 | 2 | 3 | 4}`),
          }))}
          error={errors['disability.level'] ?? errors.disability}
          hint={words('disability')}
        />
        <SelectField
          name="disability.kind"
          label={t('facts.disabilityKind')}
          value={form.disabilityKind}
          onChange={(v) => set('disabilityKind', v)}
          placeholder="—"
          options={DISABILITY_KINDS.map((k) => ({ value: k, label: t(`facts.kind.${k}`) }))}
          error={errors['disability.kind']}
        />
        <TextField
          name="disability.certificate"
          label={t('facts.disabilityCertificate')}
          value={form.disabilityCertificate}
          onChange={(v) => set('disabilityCertificate', v)}
          error={errors['disability.certificate']}
        />
        <TextField
          name="graduateYear"
          label={t('facts.graduateYear')}
          inputMode="numeric"
          value={form.graduateYear}
          onChange={(v) => set('graduateYear', v)}
          error={errors.graduateYear}
          hint={words('unemployed_graduate')}
        />
        {(
          [
            ['landlessFarmer', 'resident.landlessFarmer', 'landless_farmer'],
            ['veteran', 'facts.veteran', 'veteran'],
            ['singleParent', 'facts.singleParent', 'single_parent'],
            ['releasedOrRehab', 'facts.releasedOrRehab', 'released_or_rehab'],
          ] as const
        ).map(([k, label, rule]) => (
          <div key={k} className="field-with-rule">
            <CheckboxField name={k} label={t(label)} checked={form[k]} onChange={(v) => set(k, v)} />
            {words(rule)}
          </div>
        ))}
      </div>
    </fieldset>
  );
}
