// The frame of a record page (household, employer, vacancy): a sticky toolbar with the title, close and
// save, the form's message under it, and the keyboard rules of ui/keyboard (Ctrl+S saves, Esc closes;
// a changed form asks first).
import { useState, type ReactNode } from 'react';
import { t } from '../i18n';
import { Notice, type FormMessage } from './fields';
import { formKeys, useDeskKeys } from './keyboard';
import { CloseAsk } from './CloseAsk';

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
  /** a changed form asks before Esc or 关闭 closes it */
  dirty?: boolean;
  children: ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  const close = () => (p.dirty ? setAsking(true) : p.onClose());
  useDeskKeys({ save: p.onSave, close });
  return (
    <section className="form-page" aria-labelledby={p.titleId} onKeyDown={formKeys()}>
      <div className="toolbar sticky">
        <h1 id={p.titleId}>{p.title}</h1>
        {p.badge}
        <span className="spacer" />
        {p.keyboardHint ? <span className="muted small">{t('common.keyboardHint')}</span> : null}
        <button type="button" onClick={close}>
          {t('common.close')}
        </button>
        <button type="button" className="primary" disabled={p.busy} onClick={p.onSave}>
          {t('common.save')}
        </button>
      </div>
      {asking ? <CloseAsk onStay={() => setAsking(false)} onDiscard={p.onClose} /> : null}
      {p.message ? (
        <Notice kind={p.message.kind} testId="form-message">
          {p.message.text}
        </Notice>
      ) : null}
      {p.children}
    </section>
  );
}
