// The rows behind one figure: people (ID numbers masked), households, cards or vacancies, 50 a page.
import type { ListedItem } from '../../../shared/reports/query';
import { t } from '../i18n';

export function DrillList(p: {
  title: string;
  items: readonly ListedItem[];
  total: number;
  offset: number;
  limit: number;
  communityName?: (code: string) => string;
  onPage: (offset: number) => void;
  onBack: () => void;
}) {
  return (
    <div className="card" data-testid="drill-list">
      <h2>{p.title}</h2>
      <p>
        <button type="button" className="link" onClick={p.onBack} data-testid="drill-back">
          {t('reports.drillBack')}
        </button>
      </p>
      {p.items.length === 0 ? <p className="muted">{t('reports.drillNone')}</p> : null}
      {p.items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              {p.communityName ? <th>{t('reports.drillCommunity')}</th> : null}
              <th>{t('reports.drillName')}</th>
              <th>{t('reports.drillId')}</th>
              <th>{t('reports.drillDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i, n) => (
              <tr key={i.id}>
                <td>{p.offset + n + 1}</td>
                {p.communityName ? <td>{p.communityName(i.communityCode)}</td> : null}
                <td>{i.name}</td>
                <td className="mono">{i.idNumberMasked ?? ''}</td>
                <td>{i.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        {p.offset > 0 ? (
          <button type="button" onClick={() => p.onPage(Math.max(0, p.offset - p.limit))}>
            {t('reports.prev')}
          </button>
        ) : null}
        {p.offset + p.limit < p.total ? (
          <button type="button" onClick={() => p.onPage(p.offset + p.limit)}>
            {t('reports.more')}
          </button>
        ) : null}
      </p>
    </div>
  );
}
