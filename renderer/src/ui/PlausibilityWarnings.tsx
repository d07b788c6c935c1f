// Unusual values (shared/domain/plausibility.ts) listed above the form; saving waits until the assistant
// ticks that they checked them. The words come from the catalogue by kind, in the desk's language.
import type { Problem } from '../../../shared/domain/plausibility';
import { t, type MessageKey } from '../i18n';

export function warningText(p: Problem): string {
  return t(`plaus.${p.kind}` as MessageKey, p.params ?? {});
}

export function PlausibilityWarnings(p: {
  warnings: Problem[];
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
}) {
  if (p.warnings.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="plausibility-warnings">
      <strong>{t('plaus.title')}</strong>
      <ul>
        {p.warnings.map((w) => (
          <li key={w.kind + w.path}>{warningText(w)}</li>
        ))}
      </ul>
      <label>
        <input type="checkbox" checked={p.confirmed} onChange={(e) => p.onConfirm(e.target.checked)} />{' '}
        {t('plaus.confirm')}
      </label>
    </div>
  );
}
