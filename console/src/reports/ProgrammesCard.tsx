// Beside the assessment figures: the job fairs held in the period with their five figures, and subsidy
// person-times and amounts per policy, and the training employment rate (overall and per provider) — for the
// district or the street shown.
import { useEffect, useState } from 'react';
import type { PeriodInput } from '../../../shared/reports/query';
import { t, useLang } from '../../../renderer/src/i18n';
import { money } from '../../../renderer/src/format';
import { call, messageOf } from '../api';
import { communityLabel, useUnits } from '../units';

interface Programmes {
  fairs: Array<{
    fairId: string;
    name: string;
    date: string;
    communityCode: string;
    employers: number;
    positions: number;
    signUps: number;
    intents: number;
    hired: number;
  }>;
  subsidies: Array<{
    policyCode: string;
    policyName: string | null;
    personTimes: number;
    amount: number;
    approved: number;
    paid: number;
    paidAmount: number;
  }>;
  training?: Rate & { providers: Array<Rate & { provider: string }> };
}

interface Rate {
  completed: number;
  employed: number;
  rate: number | null;
}

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export function ProgrammesCard({ period, street }: { period: PeriodInput; street: string | null }) {
  useLang();
  const units = useUnits();
  const [data, setData] = useState<Programmes | null>(null);
  const [error, setError] = useState('');
  const key = `${period.kind}|${period.value}|${period.to ?? ''}|${street ?? ''}`;
  useEffect(() => {
    let live = true;
    setData(null);
    call<Programmes>('reports.programmes', { period, ...(street ? { street } : {}) }).then(
      (r) => live && setData(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (error) return <p className="field-error">{error}</p>;
  if (!data) return null;
  return (
    <div className="card" data-testid="programmes">
      <h2>{t('console.programmes.fairs')}</h2>
      {data.fairs.length === 0 ? (
        <p className="muted">{t('console.programmes.noFairs')}</p>
      ) : (
        <table className="table bulletin" data-testid="programmes-fairs">
          <thead>
            <tr>
              <th>{t('console.programmes.fair')}</th>
              <th>{t('console.programmes.date')}</th>
              <th>{t('console.fleet.community')}</th>
              <th className="num">{t('console.programmes.employers')}</th>
              <th className="num">{t('console.programmes.positions')}</th>
              <th className="num">{t('console.programmes.signUps')}</th>
              <th className="num">{t('console.programmes.intents')}</th>
              <th className="num">{t('console.programmes.hired')}</th>
            </tr>
          </thead>
          <tbody>
            {data.fairs.map((f) => (
              <tr key={f.fairId}>
                <td>{f.name}</td>
                <td>{f.date}</td>
                <td>{communityLabel(units, f.communityCode)}</td>
                <td className="num">{f.employers}</td>
                <td className="num">{f.positions}</td>
                <td className="num">{f.signUps}</td>
                <td className="num">{f.intents}</td>
                <td className="num">{f.hired}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('console.programmes.subsidies')}</h2>
      {data.subsidies.length === 0 ? (
        <p className="muted">{t('console.programmes.noSubsidies')}</p>
      ) : (
        <table className="table bulletin" data-testid="programmes-subsidies">
          <thead>
            <tr>
              <th>{t('console.programmes.policy')}</th>
              <th className="num">{t('console.programmes.personTimes')}</th>
              <th className="num">{t('console.programmes.amount')}</th>
              <th className="num">{t('console.programmes.approved')}</th>
              <th className="num">{t('console.programmes.paid')}</th>
              <th className="num">{t('console.programmes.paidAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {data.subsidies.map((s) => (
              <tr key={s.policyCode}>
                <td>{s.policyName ?? s.policyCode}</td>
                <td className="num">{s.personTimes}</td>
                <td className="num">{money(s.amount)}</td>
                <td className="num">{s.approved}</td>
                <td className="num">{s.paid}</td>
                <td className="num">{money(s.paidAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('console.programmes.training')}</h2>
      {!data.training || data.training.completed === 0 ? (
        <p className="muted">{t('console.programmes.noTraining')}</p>
      ) : (
        <table className="table bulletin" data-testid="programmes-training">
          <thead>
            <tr>
              <th>{t('console.programmes.provider')}</th>
              <th className="num">{t('console.programmes.completed')}</th>
              <th className="num">{t('console.programmes.employed')}</th>
              <th className="num">{t('console.programmes.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {data.training.providers.map((p) => (
              <tr key={p.provider}>
                <td>{p.provider}</td>
                <td className="num">{p.completed}</td>
                <td className="num">{p.employed}</td>
                <td className="num">{percent(p.rate)}</td>
              </tr>
            ))}
            <tr className="total" data-testid="programmes-training-total">
              <td>{t('console.programmes.trainingTotal')}</td>
              <td className="num">{data.training.completed}</td>
              <td className="num">{data.training.employed}</td>
              <td className="num">{percent(data.training.rate)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
