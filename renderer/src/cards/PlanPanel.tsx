// 一人一策: the holder's measures (owner, due date, overdue at a glance, completed with a result) and the
// timeline of services given.
import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import {
  MEASURE_KINDS,
  SERVICE_KINDS,
  CONTACT_KINDS,
  type AssistancePlan,
  type MeasureKind,
  type ServiceKind,
} from '../../../shared/domain/assistance/card';
import { Notice, SelectField, TextField } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { todayIso } from '../format';
import { t } from '../i18n';

export function PlanPanel({ cardId, editable }: { cardId: string; editable: boolean }) {
  const [plan, setPlan] = useState<AssistancePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<MeasureKind>('job_recommendation');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [note, setNote] = useState('');
  const [sKind, setSKind] = useState<ServiceKind>('follow_up_visit');
  const [sDate, setSDate] = useState(todayIso());
  const [sNote, setSNote] = useState('');
  const [results, setResults] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      setPlan(await call('plans.get', { cardId }));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [cardId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function run(fn: () => Promise<unknown>, after?: () => void) {
    setError(null);
    try {
      await fn();
      after?.();
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (!plan) return error ? <Notice kind="error">{error}</Notice> : null;
  return (
    <fieldset className="card">
      <legend>{t('cards.planTitle')}</legend>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <h3>{t('cards.measures')}</h3>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th>{t('cards.kind')}</th>
            <th>{t('cards.owner')}</th>
            <th>{t('cards.dueDate')}</th>
            <th>{t('cards.note')}</th>
            <th>{t('cards.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plan.measures.map((m) => (
            <tr key={m.id} className={m.overdue ? 'overdue' : ''}>
              <td>{t(`cards.measureKind.${m.kind}`)}</td>
              <td>{m.owner}</td>
              <td>{m.dueDate}</td>
              <td>{m.note}</td>
              <td style={m.overdue ? { color: 'var(--red)', fontWeight: 600 } : undefined}>
                {m.status === 'done'
                  ? `${t('cards.done')} ${m.completedOn ?? ''}`
                  : m.overdue
                    ? t('cards.overdue')
                    : t('cards.openStatus')}
                {m.result ? `：${m.result}` : ''}
              </td>
              <td>
                {m.status === 'open' && editable ? (
                  <span className="inline-label">
                    <input
                      aria-label={t('cards.result')}
                      placeholder={t('cards.result')}
                      value={results[m.id] ?? ''}
                      onChange={(e) => setResults({ ...results, [m.id]: e.target.value })}
                      maxLength={300}
                    />
                    <button
                      type="button"
                      className="small-btn"
                      onClick={() =>
                        void run(() =>
                          call('plans.completeMeasure', {
                            measureId: m.id,
                            ...(results[m.id]?.trim() ? { result: results[m.id]!.trim() } : {}),
                          }),
                        )
                      }
                    >
                      {t('cards.complete')}
                    </button>
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
          {plan.measures.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                {t('cards.none')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {editable ? (
        <div className="form-grid" style={{ marginTop: 10 }}>
          <SelectField
            label={t('cards.kind')}
            value={kind}
            onChange={(v) => setKind(v as MeasureKind)}
            options={MEASURE_KINDS.map((k) => ({ value: k, label: t(`cards.measureKind.${k}`) }))}
          />
          <TextField label={t('cards.owner')} value={owner} onChange={setOwner} maxLength={30} />
          <TextField label={t('cards.dueDate')} type="date" value={dueDate} onChange={setDueDate} />
          <TextField
            label={t('cards.note')}
            value={note}
            onChange={setNote}
            maxLength={300}
            className="wide"
          />
          <div>
            <button
              type="button"
              onClick={() =>
                void run(
                  () =>
                    call('plans.addMeasure', {
                      cardId,
                      kind,
                      owner,
                      dueDate,
                      ...(note.trim() ? { note: note.trim() } : {}),
                    }),
                  () => {
                    setNote('');
                    setDueDate('');
                  },
                )
              }
            >
              {t('cards.addMeasure')}
            </button>
          </div>
        </div>
      ) : null}

      <h3 style={{ marginTop: 14 }}>{t('cards.services')}</h3>
      <ol className="timeline" style={{ paddingLeft: 18 }}>
        {plan.services.map((s) => (
          <li key={s.id}>
            <strong>{s.date}</strong> {t(`cards.serviceKind.${s.kind}`)}：{s.note}{' '}
            <span className="muted">
              （{t('cards.givenBy')} {s.givenBy}）
            </span>
          </li>
        ))}
      </ol>
      {/* outside the list: an ordered list would number "none" as item 1 */}
      {plan.services.length === 0 ? <p className="muted">{t('cards.none')}</p> : null}
      {editable ? (
        <div className="form-grid">
          <SelectField
            label={t('cards.kind')}
            value={sKind}
            onChange={(v) => setSKind(v as ServiceKind)}
            options={SERVICE_KINDS.filter((k) => !(CONTACT_KINDS as readonly string[]).includes(k)).map(
              (k) => ({
                value: k,
                label: t(`cards.serviceKind.${k}`),
              }),
            )}
          />
          <TextField label={t('cards.serviceDate')} type="date" value={sDate} onChange={setSDate} />
          <TextField
            label={t('cards.serviceNote')}
            value={sNote}
            onChange={setSNote}
            maxLength={500}
            className="wide"
          />
          <div>
            <button
              type="button"
              onClick={() =>
                void run(
                  () => call('plans.addService', { cardId, kind: sKind, date: sDate, note: sNote }),
                  () => setSNote(''),
                )
              }
            >
              {t('cards.addService')}
            </button>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
