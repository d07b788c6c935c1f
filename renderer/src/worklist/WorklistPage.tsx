// 今日工作: whom to call today — residents whose six clears are incomplete or stale, most important first
// (the station orders them: overdue assistance-plan measures first, then unemployed people, then most missing
// sections, then oldest confirmation).
import { Fragment, useEffect, useState } from 'react';
import { call } from '../api/client';
import type { WorkItem } from '../../../shared/contract';
import { navigate } from '../router';
import { t, type MessageKey } from '../i18n';
import { dateLong } from '../format';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { shortList } from '../residents/labels';
import { WorklistMatching } from '../matching/WorklistMatching';
import { ContactMarkRow } from './ContactMarkRow';

const PAGE = 50;
const rowKey = (w: WorkItem) =>
  w.kind === 'measure' && w.measure ? `m:${w.measure.id}` : `r:${w.resident.id}`;

function reasonText(w: WorkItem): string {
  if (w.kind === 'measure' && w.measure) {
    return t('today.reason.overdue', {
      days: w.measure.daysOverdue,
      kind: t(`today.measure.${w.measure.kind}` as MessageKey),
      owner: w.measure.owner,
      due: dateLong(w.measure.dueDate),
    });
  }
  return t(w.reason === 'missing' ? 'today.reason.missing' : 'today.reason.stale', {
    list: shortList(w.sections),
  });
}

export function WorklistPage() {
  const [items, setItems] = useState<WorkItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  const [marking, setMarking] = useState<string | null>(null);
  const [done, setDone] = useState('');

  async function load(offset: number) {
    try {
      const r = await call('worklist.today', { offset, limit: PAGE });
      setItems((prev) => (offset === 0 ? r.items : [...(prev ?? []), ...r.items]));
      setTotal(r.total);
    } catch (e) {
      setError(messageOf(e));
    }
  }
  useEffect(() => {
    void load(0);
  }, []);

  return (
    <section className="list-page" aria-labelledby="today-title">
      <div className="toolbar">
        <h1 id="today-title">{t('today.title')}</h1>
        <span className="muted" data-testid="today-total">
          {items ? t('common.total', { n: total }) : ''}
        </span>
      </div>
      <p className="muted">{t('today.intro')}</p>
      <WorklistMatching />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {done ? (
        <Notice kind="ok" testId="contact-done">
          {done}
        </Notice>
      ) : null}
      {items && items.length === 0 ? <Notice kind="ok">{t('today.empty')}</Notice> : null}
      {items && items.length ? (
        <div className="table-scroll">
          <table className="table" data-testid="worklist">
            <thead>
              <tr>
                <th scope="col">{t('residents.col.name')}</th>
                <th scope="col">{t('residents.col.idNumber')}</th>
                <th scope="col">{t('residents.col.age')}</th>
                <th scope="col">{t('residents.col.phone')}</th>
                <th scope="col">{t('today.col.reason')}</th>
                <th scope="col">{t('today.col.lastConfirmed')}</th>
                <th scope="col">{t('today.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <Fragment key={rowKey(w)}>
                  <tr
                    className={`clickable ${w.kind === 'measure' || w.priority >= 100 ? 'urgent' : ''}`}
                    data-kind={w.kind}
                    // the whole row opens the resident (assistants click anywhere on the line); the name stays
                    // the link for the keyboard
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest('a')) return;
                      navigate(`/residents/${w.resident.id}`);
                    }}
                  >
                    <td>
                      <a
                        href={`/residents/${w.resident.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(`/residents/${w.resident.id}`);
                        }}
                      >
                        {w.resident.name}
                      </a>
                      {w.kind === 'clears' && w.priority >= 100 ? (
                        <span className="badge">{t('opt.status.unemployed')}</span>
                      ) : null}
                    </td>
                    <td className="mono">{w.resident.idNumber}</td>
                    <td>{w.resident.age}</td>
                    <td>{w.resident.phone ?? ''}</td>
                    <td>
                      {reasonText(w)}
                      {/* what was promised to the holder: the assistant needs it before picking up the phone */}
                      {w.kind === 'measure' && w.measure?.note ? (
                        <div className="muted">{w.measure.note}</div>
                      ) : null}
                    </td>
                    <td>{dateLong(w.resident.sixClearsState.oldestConfirmedAt)}</td>
                    <td>
                      <button
                        type="button"
                        aria-label={t('contact.markFor', { name: w.resident.name })}
                        aria-expanded={marking === rowKey(w)}
                        onClick={(e) => {
                          // the row opens the resident; this button only opens the mark
                          e.stopPropagation();
                          setDone('');
                          setMarking(marking === rowKey(w) ? null : rowKey(w));
                        }}
                      >
                        {t('contact.mark')}
                      </button>
                    </td>
                  </tr>
                  {marking === rowKey(w) ? (
                    <ContactMarkRow
                      item={w}
                      colSpan={7}
                      onCancel={() => setMarking(null)}
                      onDone={(mark) => {
                        const key = rowKey(w);
                        setMarking(null);
                        // the row leaves the list until its next due date (the station agrees: worklist.today)
                        // (any mark on a person also takes their six-clears row off)
                        const gone = (x: WorkItem) =>
                          rowKey(x) === key || (x.kind === 'clears' && x.resident.id === w.resident.id);
                        setTotal((n) => Math.max(0, n - (items ?? []).filter(gone).length));
                        setItems((prev) => (prev ?? []).filter((x) => !gone(x)));
                        setDone(
                          t('contact.done', {
                            name: w.resident.name,
                            how: t(`cards.serviceKind.${mark.service.kind}`),
                            date: dateLong(mark.nextDue),
                          }),
                        );
                      }}
                    />
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
          {items.length < total ? (
            <button type="button" onClick={() => void load(items.length)}>
              {t('today.more')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
