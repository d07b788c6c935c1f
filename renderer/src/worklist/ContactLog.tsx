// The contact marks made on a person from 今日工作 (issue 15), newest first, with the date they are due again.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { PlanService } from '../../../shared/domain/assistance/card';
import { t } from '../i18n';
import { dateLong } from '../format';

export function ContactLog({ residentId }: { residentId: string }) {
  const [items, setItems] = useState<PlanService[] | null>(null);
  useEffect(() => {
    let live = true;
    call('worklist.contacts', { residentId }).then(
      (r) => live && setItems(r.items),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [residentId]);
  if (!items) return null;
  return (
    <section className="card" aria-labelledby="contact-log-title" data-testid="contact-log">
      <h2 id="contact-log-title">{t('contact.log')}</h2>
      {items.length === 0 ? <p className="muted">{t('contact.logEmpty')}</p> : null}
      <ul className="timeline">
        {items.map((s) => (
          <li key={s.id}>
            <strong>{dateLong(s.date)}</strong> {t(`cards.serviceKind.${s.kind}`)}：{s.note}{' '}
            <span className="muted">
              {s.givenBy}
              {s.nextDue ? ` · ${t('contact.logNext', { date: dateLong(s.nextDue) })}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
