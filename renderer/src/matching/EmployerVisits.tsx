// On an employer's page: its visits (走访, with the vacancies collected) and cooperation agreements (用工合作
// 协议, with the hires made through recommendations so far), and a short form to record each.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { Agreement, Visit } from '../../../shared/contract/matching';
import type { Vacancy } from '../../../shared/domain/employer';
import { t } from '../i18n';
import { dateLong, todayIso } from '../format';
import { messageOf } from '../ui/errors';
import { TextField } from '../ui/fields';

export function EmployerVisits({ employerId }: { employerId: string }) {
  const [visits, setVisits] = useState<Visit[]>([]);
  const [agreements, setAgreements] = useState<Agreement[]>([]);
  const [vacancies, setVacancies] = useState<Vacancy[]>([]);
  const [v, setV] = useState({ date: todayIso(), visitors: '', notes: '', picked: [] as string[] });
  const [a, setA] = useState({ startsOn: todayIso(), endsOn: '', committed: '' });
  const [error, setError] = useState('');
  const reload = async () => {
    setVisits((await call('visits.list', { employerId })).items);
    setAgreements((await call('agreements.list', { employerId })).items);
    setVacancies((await call('vacancies.list', { employerId, limit: 100 })).items);
  };
  useEffect(() => {
    void reload();
  }, [employerId]);
  const addVisit = async () => {
    setError('');
    try {
      await call('visits.create', {
        employerId,
        date: v.date,
        visitors: v.visitors,
        ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
        vacancyIds: v.picked,
      });
      setV({ date: todayIso(), visitors: '', notes: '', picked: [] });
      await reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const addAgreement = async () => {
    setError('');
    try {
      await call('agreements.create', {
        employerId,
        startsOn: a.startsOn,
        endsOn: a.endsOn,
        committedHires: Number(a.committed),
      });
      setA({ startsOn: todayIso(), endsOn: '', committed: '' });
      await reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <>
      <fieldset className="card" data-testid="employer-visits">
        <legend>{t('visits.title')}</legend>
        {visits.length === 0 ? <p className="muted">{t('visits.none')}</p> : null}
        <ul>
          {visits.map((x) => (
            <li key={x.id}>
              {dateLong(x.date)} · {x.visitors}
              {x.notes ? ` · ${x.notes}` : ''}
              {x.vacancies.length
                ? ` · ${t('visits.collected')}：${x.vacancies.map((q) => q.title).join('、')}`
                : ''}
            </li>
          ))}
        </ul>
        <div className="form-grid">
          <TextField
            name="visitDate"
            type="date"
            label={t('visits.date')}
            value={v.date}
            onChange={(d) => setV({ ...v, date: d })}
          />
          <TextField
            name="visitors"
            label={t('visits.visitors')}
            value={v.visitors}
            onChange={(d) => setV({ ...v, visitors: d })}
          />
          <TextField
            name="visitNotes"
            label={t('visits.notes')}
            value={v.notes}
            onChange={(d) => setV({ ...v, notes: d })}
            className="wide"
          />
          {vacancies.length ? (
            <div className="wide">
              <span className="label-like">{t('visits.collected')}</span>
              {vacancies.map((q) => (
                <label key={q.id} className="inline-check">
                  <input
                    type="checkbox"
                    checked={v.picked.includes(q.id)}
                    onChange={(e) =>
                      setV({
                        ...v,
                        picked: e.target.checked ? [...v.picked, q.id] : v.picked.filter((id) => id !== q.id),
                      })
                    }
                  />{' '}
                  {q.title}
                </label>
              ))}
            </div>
          ) : null}
          <button type="button" className="small-btn" onClick={() => void addVisit()}>
            {t('visits.new')}
          </button>
        </div>
      </fieldset>
      <fieldset className="card" data-testid="employer-agreements">
        <legend>{t('agreements.title')}</legend>
        {agreements.length === 0 ? <p className="muted">{t('agreements.none')}</p> : null}
        <ul>
          {agreements.map((x) => (
            <li key={x.id}>
              {dateLong(x.startsOn)} – {dateLong(x.endsOn)} ·{' '}
              {t('agreements.progress', { n: x.hiresSoFar, of: x.committedHires })}
            </li>
          ))}
        </ul>
        <div className="form-grid">
          <TextField
            name="startsOn"
            type="date"
            label={t('agreements.startsOn')}
            value={a.startsOn}
            onChange={(d) => setA({ ...a, startsOn: d })}
          />
          <TextField
            name="endsOn"
            type="date"
            label={t('agreements.endsOn')}
            value={a.endsOn}
            onChange={(d) => setA({ ...a, endsOn: d })}
          />
          <TextField
            name="committed"
            label={t('agreements.committed')}
            inputMode="numeric"
            value={a.committed}
            onChange={(d) => setA({ ...a, committed: d })}
          />
          <button type="button" className="small-btn" onClick={() => void addAgreement()}>
            {t('agreements.new')}
          </button>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
