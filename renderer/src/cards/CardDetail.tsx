// One card: its facts and categories with the reason each was confirmed, replace or cancel with a reason
// (history kept: the old card stays, linked), the contact card, and the holder's plan.
import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import type { AssistanceCard } from '../../../shared/domain/assistance/card';
import { Notice, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { t } from '../i18n';
import { openPrint } from './openPrint';
import { PlanPanel } from './PlanPanel';
import { useSession } from '../session/store';

export function CardDetail({
  id,
  onOpen,
  onChanged,
}: {
  id: string;
  onOpen: (id: string) => void;
  onChanged: () => void;
}) {
  const [card, setCard] = useState<AssistanceCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<'replace' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');
  const [contact, setContact] = useState({ officerName: '', officerPhone: '', hours: '' });
  const [contactErrors, setContactErrors] = useState<FieldErrors>({});
  const [contactSaved, setContactSaved] = useState(false);
  // a card without a contact card yet: filled in with the logged-in assistant's name and phone (issue 15)
  const me = useSession().session.operator;
  const [prefilled, setPrefilled] = useState(false);

  const load = useCallback(async () => {
    try {
      const c = await call('cards.get', { id });
      setCard(c);
      setContact(
        c.contact
          ? {
              officerName: c.contact.officerName,
              officerPhone: c.contact.officerPhone,
              hours: c.contact.hours,
            }
          : { officerName: me.displayName, officerPhone: me.phone ?? '', hours: '' },
      );
      setPrefilled(!c.contact);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id, me.displayName, me.phone]);
  useEffect(() => {
    void load();
  }, [load]);

  async function changeStatus() {
    if (!action) return;
    try {
      const next =
        action === 'replace'
          ? await call('cards.replace', { id, reason })
          : await call('cards.cancel', { id, reason });
      setAction(null);
      setReason('');
      onChanged();
      if (next.id !== id) onOpen(next.id);
      else await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function saveContact() {
    setContactErrors({});
    setContactSaved(false);
    try {
      await call('cards.setContact', { cardId: id, ...contact });
      setContactSaved(true);
      await load();
    } catch (e) {
      setContactErrors(fieldErrorsOf(e));
      setError(messageOf(e));
    }
  }

  if (!card) return error ? <Notice kind="error">{error}</Notice> : null;
  const valid = card.status === 'valid';
  return (
    <div className="card-detail">
      <fieldset className="card">
        <legend>
          {t('cards.cardNumber')} <span className="mono">{card.cardNumber}</span> ·{' '}
          {t(`cards.status.${card.status}`)}
        </legend>
        {error ? <Notice kind="error">{error}</Notice> : null}
        <div className="facts">
          <span>
            {t('cards.holder')}：<strong>{card.holderName}</strong>
          </span>
          <span className="mono">{card.holderIdNumber}</span>
          <span>
            {t('cards.issuedOn')}：{card.issuedOn}
          </span>
          <span>
            {t('cards.issuedBy')}：{card.issuedBy}
          </span>
        </div>
        <table style={{ width: '100%', borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th>{t('cards.categories')}</th>
              <th>{t('cards.reasonCol')}</th>
            </tr>
          </thead>
          <tbody>
            {card.categories.map((c) => (
              <tr key={c.code}>
                <td>{c.name}</td>
                <td>{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {card.replacesId ? (
          <p>
            {t('cards.replaces')}：
            <button type="button" className="link" onClick={() => onOpen(card.replacesId!)}>
              {t('cards.open')}
            </button>
          </p>
        ) : null}
        {card.replacedById ? (
          <p>
            {t('cards.replacedBy')}（{t('cards.statusReason')}：{card.statusReason}）：
            <button type="button" className="link" onClick={() => onOpen(card.replacedById!)}>
              {t('cards.open')}
            </button>
          </p>
        ) : card.statusReason ? (
          <p>
            {t('cards.statusReason')}：{card.statusReason}
          </p>
        ) : null}
        {valid ? (
          <div className="toolbar">
            <button type="button" onClick={() => openPrint([card.id], 'card')}>
              {t('cards.printCard')}
            </button>
            <button type="button" onClick={() => openPrint([card.id], 'booklet')}>
              {t('cards.printBooklet')}
            </button>
            <button type="button" onClick={() => setAction('replace')}>
              {t('cards.replace')}
            </button>
            <button type="button" className="danger" onClick={() => setAction('cancel')}>
              {t('cards.cancel')}
            </button>
          </div>
        ) : null}
        {action ? (
          <div className="toolbar" style={{ marginTop: 8 }}>
            <TextField
              label={action === 'replace' ? t('cards.replaceReason') : t('cards.cancelReason')}
              value={reason}
              onChange={setReason}
              maxLength={200}
              autoFocus
            />
            <button type="button" className="primary" onClick={() => void changeStatus()}>
              {t('cards.confirm')}
            </button>
            <button type="button" onClick={() => setAction(null)}>
              ×
            </button>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="card" disabled={!valid}>
        <legend>{t('cards.contactTitle')}</legend>
        {prefilled && valid ? (
          <p className="muted small" data-testid="contact-prefilled">
            {t('cards.contactPrefilled')}
          </p>
        ) : null}
        <div className="form-grid">
          <TextField
            label={t('cards.officerName')}
            value={contact.officerName}
            onChange={(v) => setContact({ ...contact, officerName: v })}
            error={contactErrors.officerName}
            maxLength={30}
          />
          <TextField
            label={t('cards.officerPhone')}
            type="tel"
            value={contact.officerPhone}
            onChange={(v) => setContact({ ...contact, officerPhone: v })}
            error={contactErrors.officerPhone}
          />
          <TextField
            label={t('cards.hours')}
            value={contact.hours}
            onChange={(v) => setContact({ ...contact, hours: v })}
            error={contactErrors.hours}
            maxLength={60}
          />
        </div>
        <div className="toolbar" style={{ marginTop: 8 }}>
          <button type="button" onClick={() => void saveContact()}>
            {t('cards.saveContact')}
          </button>
          {contactSaved ? <span className="muted">{t('cards.saved')}</span> : null}
        </div>
      </fieldset>

      <PlanPanel key={card.id} cardId={card.id} editable={valid} />
    </div>
  );
}
