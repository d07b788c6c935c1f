// Column filters the grid cannot express with its text/number filters: one choice from a short list.
// The model is the contract's own value ('incomplete', 'M', …), so the datasource passes it straight on.
import { useGridFilter, type CustomFilterProps } from 'ag-grid-react';
import { useId } from 'react';
import { t } from '../i18n';
import { SIX_CLEAR_FILTERS } from '../../../shared/contract/core';

export interface ChoiceOption {
  value: string;
  label: string;
}

export function ChoiceFilter(p: CustomFilterProps & { label: string; options: ChoiceOption[] }) {
  // rows come from the station already filtered: every row it sends passes
  useGridFilter({ doesFilterPass: () => true });
  const id = useId();
  return (
    <div className="choice-filter">
      <label htmlFor={id}>{p.label}</label>
      <select
        id={id}
        value={(p.model as string | null) ?? ''}
        onChange={(e) => p.onModelChange(e.target.value || null)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SixClearsFilter(p: CustomFilterProps) {
  return (
    <ChoiceFilter
      {...p}
      label={t('residents.col.sixClears')}
      options={[
        { value: '', label: t('six.filter.any') },
        ...SIX_CLEAR_FILTERS.map((v) => ({ value: v, label: t(`six.filter.${v}`) })),
      ]}
    />
  );
}

export function SexFilter(p: CustomFilterProps) {
  return (
    <ChoiceFilter
      {...p}
      label={t('residents.col.sex')}
      options={[
        { value: '', label: t('sex.any') },
        { value: 'M', label: t('sex.M') },
        { value: 'F', label: t('sex.F') },
      ]}
    />
  );
}

/** A choice filter whose label and options come from the column's filterParams (issue 15's new columns). */
export function ParamChoiceFilter(p: CustomFilterProps & { label?: string; options?: ChoiceOption[] }) {
  return <ChoiceFilter {...p} label={p.label ?? ''} options={p.options ?? []} />;
}
