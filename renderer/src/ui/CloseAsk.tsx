// Asked when a changed form is closed (Esc or 关闭): go on editing, keep the draft, or throw the changes away.
import { t } from '../i18n';

export function CloseAsk(p: { onStay: () => void; onDiscard: () => void; onKeepDraft?: () => void }) {
  return (
    <div
      className="notice warn close-ask"
      role="alertdialog"
      aria-labelledby="close-ask-text"
      data-testid="close-ask"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          p.onStay();
        }
      }}
    >
      <span id="close-ask-text">{t('draft.askClose')}</span>{' '}
      <button type="button" autoFocus onClick={p.onStay}>
        {t('draft.stay')}
      </button>{' '}
      {p.onKeepDraft ? (
        <>
          <button type="button" onClick={p.onKeepDraft}>
            {t('draft.keepAndClose')}
          </button>{' '}
        </>
      ) : null}
      <button type="button" className="danger" onClick={p.onDiscard}>
        {t('draft.discardAndClose')}
      </button>
    </div>
  );
}
