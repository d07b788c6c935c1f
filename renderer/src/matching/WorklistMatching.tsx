// The 推荐 desk's part of 今日工作: recommendations whose follow-up is due, and people whose job wishes are
// free text only (a link to each person to code them). Shown only when there is something to do.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { OutputOf, Contract } from '../../../shared/contract';
import { navigate } from '../router';
import { t } from '../i18n';
import { dateLong } from '../format';

type Data = OutputOf<Contract['worklist.matching']>;

export function WorklistMatching() {
  const [data, setData] = useState<Data | null>(null);
  useEffect(() => {
    call('worklist.matching', { limit: 10 }).then(setData, () => setData(null));
  }, []);
  if (!data || (data.followUpsTotal === 0 && data.uncodedTotal === 0)) return null;
  return (
    <div className="card" data-testid="worklist-matching">
      {data.followUpsTotal ? (
        <>
          <h2>
            <a
              href="/recommend/ledger?due=1"
              onClick={(e) => (e.preventDefault(), navigate('/recommend/ledger?due=1'))}
            >
              {t('today.matching.followUps', { n: data.followUpsTotal })}
            </a>
          </h2>
          <ul>
            {data.followUps.map((r) => (
              <li key={r.id}>
                {r.residentName} · {r.vacancyTitle} ·{' '}
                {r.followUp ? t(`rec.followUp.${r.followUp.kind}`, { date: dateLong(r.followUp.dueOn) }) : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.uncodedTotal ? (
        <>
          <h2>{t('today.matching.uncoded', { n: data.uncodedTotal })}</h2>
          <ul>
            {data.uncoded.map((u) => (
              <li key={u.residentId}>
                <a
                  href={`/residents/${u.residentId}`}
                  onClick={(e) => (e.preventDefault(), navigate(`/residents/${u.residentId}`))}
                >
                  {u.name}
                </a>{' '}
                <span className="muted">{[...u.occupations, ...u.industries].join('、')}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
