// 招聘会: every fair this station holds — its own and the street's and district's (/fairs) — with the five
// figures; and the person's fairs on their page.
import { useEffect, useState } from 'react';
import type { FairListItem, ResidentFair } from '../../../shared/contract';
import { call } from '../api/client';
import { t, useLang, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { dateShort } from '../format';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';

export const scopeLabel = (s: FairListItem['scope']) => t(`fairs.scope.${s}` as MessageKey);
export const recStatusLabel = (s: string) => t(`rec.status.${s}` as MessageKey);

export function FairsPage() {
  useLang();
  const [items, setItems] = useState<FairListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('fairs.list', { limit: 200 }).then(
      (r) => live && setItems(r.items),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="page" aria-labelledby="fairs-title">
      <div className="toolbar">
        <h1 id="fairs-title">{t('fairs.title')}</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => navigate('/fairs/new')}>
          {t('fairs.new')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!items ? (
        <p className="muted">{t('common.loading')}</p>
      ) : !items.length ? (
        <p className="muted">{t('fairs.none')}</p>
      ) : (
        <table className="plain" data-testid="fairs-list">
          <thead>
            <tr>
              <th>{t('fairs.date')}</th>
              <th>{t('fairs.name')}</th>
              <th>{t('fairs.place')}</th>
              <th>{t('fairs.scope')}</th>
              <th>{t('fairs.employers')}</th>
              <th>{t('fairs.positions')}</th>
              <th>{t('fairs.signUps')}</th>
              <th>{t('fairs.intents')}</th>
              <th>{t('fairs.hired')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id} data-id={f.id}>
                <td>{dateShort(f.date)}</td>
                <td>
                  {f.name}
                  {f.cancelledOn ? (
                    <span className="badge badge-alert" data-testid="fair-cancelled">
                      {t('fairs.cancelled')}
                    </span>
                  ) : null}
                </td>
                <td>{f.place}</td>
                <td>{scopeLabel(f.scope)}</td>
                {f.cancelledOn ? (
                  <td colSpan={5} className="muted" data-testid="fair-figures-cancelled">
                    {t('fairs.cancelledFigure')}
                  </td>
                ) : (
                  <>
                    <td>{f.summary.employers}</td>
                    <td>{f.summary.positions}</td>
                    <td>{f.summary.signUps}</td>
                    <td>{f.summary.intents}</td>
                    <td>{f.summary.hired}</td>
                  </>
                )}
                <td>
                  <button type="button" className="link" onClick={() => navigate(`/fairs/${f.id}`)}>
                    {t('fairs.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The person's fairs on their page: each fair signed up for, with the intents reached there. */
export function ResidentFairs({ residentId }: { residentId: string }) {
  useLang();
  const [items, setItems] = useState<ResidentFair[]>([]);
  useEffect(() => {
    let live = true;
    call('fairs.ofResident', { residentId }).then(
      (r) => live && setItems(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [residentId]);
  return (
    <fieldset className="section" data-testid="resident-fairs">
      <legend>{t('fairs.forResident')}</legend>
      {!items.length ? (
        <p className="muted">{t('fairs.residentNone')}</p>
      ) : (
        <table className="plain">
          <thead>
            <tr>
              <th>{t('fairs.date')}</th>
              <th>{t('fairs.name')}</th>
              <th>{t('fairs.signedUpOn')}</th>
              <th>{t('fairs.intent')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.fairId} data-id={f.fairId}>
                <td>{dateShort(f.date)}</td>
                <td>
                  <button type="button" className="link" onClick={() => navigate(`/fairs/${f.fairId}`)}>
                    {f.name}
                  </button>
                  {f.cancelledOn ? <span className="badge badge-alert">{t('fairs.cancelled')}</span> : null}
                </td>
                <td>{dateShort(f.signedUpOn)}</td>
                <td>
                  {f.intents.length
                    ? f.intents
                        .map(
                          (i) =>
                            `${i.employerName}「${i.vacancyTitle}」${i.status ? `（${recStatusLabel(i.status)}）` : ''}`,
                        )
                        .join('；')
                    : t('fairs.noIntent')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
