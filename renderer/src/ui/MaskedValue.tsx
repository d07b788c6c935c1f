// A value the station answered masked (an income amount): shown as it came, with a 显示 button that asks
// the station to reveal it — the station logs who looked. The page decides what a reveal loads.
import { t } from '../i18n';

export function MaskedValue({
  label,
  text,
  onReveal,
  name,
  hint,
}: {
  label: string;
  /** The masked text, e.g. ****. */
  text: string;
  onReveal: () => void;
  /** The field key, so tests and error mapping find it like an input. */
  name: string;
  hint?: string;
}) {
  return (
    <div className="field" data-field={name}>
      <span className="label-like">{label}</span>
      <div className="mono masked-id" data-testid={`masked-${name}`}>
        {text}{' '}
        <button
          type="button"
          className="link"
          onClick={onReveal}
          aria-label={t('privacy.showLabel', { label })}
        >
          {t('privacy.show')}
        </button>
      </div>
      {hint ? <span className="muted small">{hint}</span> : null}
    </div>
  );
}
