// The period of a report: month, quarter, year or two dates. Typing changes nothing until 查看 / Enter.
import { useState } from 'react';
import { PERIOD_KINDS, type PeriodInput } from '../../../shared/reports/query';
import { t, type MessageKey } from '../i18n';

export function PeriodPicker(p: { value: PeriodInput; onChange: (next: PeriodInput) => void }) {
  const [kind, setKind] = useState(p.value.kind);
  const [value, setValue] = useState(p.value.value);
  const [to, setTo] = useState(p.value.to ?? '');
  const apply = () =>
    p.onChange({ kind, value: value.trim(), ...(kind === 'dates' ? { to: to.trim() } : {}) });
  const placeholder = { month: '2026-06', quarter: '2026-Q2', year: '2026', dates: '2026-01-01' }[kind];
  return (
    <form
      className="period-picker"
      data-testid="period-picker"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label className="inline-label">
        {t('reports.period')}
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as PeriodInput['kind'])}
          aria-label={t('reports.period')}
        >
          {PERIOD_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`reports.period.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <input
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={placeholder}
        aria-label={t('reports.period')}
        data-testid="period-value"
        size={10}
      />
      {kind === 'dates' ? (
        <>
          <span>{t('reports.period.to')}</span>
          <input
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="2026-06-30"
            data-testid="period-to"
            size={10}
          />
        </>
      ) : null}
      <button type="submit">{t('common.search')}</button>
    </form>
  );
}
