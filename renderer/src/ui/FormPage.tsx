// The frame of a record page (household, employer, vacancy): a sticky toolbar with the title, close and
// save, the form's message under it, and the keyboard rules of ui/keyboard (Ctrl+S saves, Esc closes).
import type { ReactNode } from 'react';
import { t } from '../i18n';
import { Notice, type FormMessage } from './fields';
import { formKeys } from './keyboard';

export function FormPage(p: {
  titleId: string;
  title: string;
  /** beside the title, e.g. a badge saying the record has expired */
  badge?: ReactNode;
  keyboardHint?: boolean;
  busy: boolean;
  message: FormMessage | null;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <section
      className="form-page"
      aria-labelledby={p.titleId}
      onKeyDown={formKeys({ save: p.onSave, close: p.onClose })}
    >
      <div className="toolbar sticky">
        <h1 id={p.titleId}>{p.title}</h1>
        {p.badge}
        <span className="spacer" />
        {p.keyboardHint ? <span className="muted small">{t('common.keyboardHint')}</span> : null}
        <button type="button" onClick={p.onClose}>
          {t('common.close')}
        </button>
        <button type="button" className="primary" disabled={p.busy} onClick={p.onSave}>
          {t('common.save')}
        </button>
      </div>
      {p.message ? (
        <Notice kind={p.message.kind} testId="form-message">
          {p.message.text}
        </Notice>
      ) : null}
      {p.children}
    </section>
  );
}
