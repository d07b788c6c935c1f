// 岗位: vacancies with employer, positions, wage range and validity; expired ones are marked.
import { useMemo, useState } from 'react';
import type { ColDef } from 'ag-grid-community';
import { call } from '../api/client';
import { VACANCY_STATUSES, type Vacancy } from '../../../shared/domain/employer';
import { ListPage } from '../ui/ListPage';
import { ExportButton } from '../ledgers/ExportButton';
import { navigate } from '../router';
import { t, useLang } from '../i18n';
import { dateShort, money } from '../format';

export function wageRange(v: Pick<Vacancy, 'wageMin' | 'wageMax'>): string {
  if (v.wageMin === null && v.wageMax === null) return '';
  if (v.wageMin !== null && v.wageMax !== null) return `${money(v.wageMin)} – ${money(v.wageMax)}`;
  return v.wageMin !== null ? `≥ ${money(v.wageMin)}` : `≤ ${money(v.wageMax)}`;
}

export function VacanciesPage() {
  const lang = useLang();
  const [status, setStatus] = useState('');
  // rebuilt only when the language changes: new column objects make the grid re-apply them
  const columns = useMemo<ColDef<Vacancy>[]>(
    () => [
      { field: 'title', headerName: t('vacancies.col.title'), flex: 1, minWidth: 160 },
      { field: 'employerName', headerName: t('vacancies.col.employer'), flex: 1, minWidth: 180 },
      { field: 'positions', headerName: t('vacancies.col.positions'), width: 100 },
      {
        colId: 'wage',
        headerName: t('vacancies.col.wage'),
        width: 200,
        valueGetter: (p) => (p.data ? wageRange(p.data) : ''),
      },
      {
        colId: 'valid',
        headerName: t('vacancies.col.valid'),
        width: 200,
        valueGetter: (p) => (p.data ? `${dateShort(p.data.validFrom)} ~ ${dateShort(p.data.validTo)}` : ''),
      },
      {
        colId: 'status',
        headerName: t('vacancies.col.status'),
        width: 110,
        valueGetter: (p) =>
          p.data ? (p.data.expired ? t('vacancy.expired') : t(`opt.vstatus.${p.data.status}`)) : '',
        cellClassRules: {
          'six-no': (p) => !!p.data?.expired,
          'six-ok': (p) => p.data?.status === 'open' && !p.data.expired,
        },
      },
    ],
    [lang],
  );
  return (
    <ListPage<Vacancy>
      key={status}
      title={t('vacancies.title')}
      newLabel={t('vacancies.new')}
      onNew={() => navigate('/vacancies/new')}
      columns={columns}
      fetchPage={(offset, limit, query) =>
        call('vacancies.list', {
          offset,
          limit,
          ...(query ? { query } : {}),
          ...(status ? { status: status as Vacancy['status'] } : {}),
        })
      }
      onOpen={(v) => navigate(`/vacancies/${v.id}`)}
      searchLabel={`${t('common.search')}：${t('vacancies.col.title')} / ${t('vacancies.col.employer')}`}
      testId="vacancies-grid"
      exportButton={(current) => (
        <ExportButton
          testId="vacancies-export"
          onExport={(reveal) => {
            const { query, columns } = current();
            return call('ledgers.exportGrid', {
              grid: 'vacancies',
              query: {
                ...(query ? { query } : {}),
                ...(status ? { status: status as Vacancy['status'] } : {}),
              },
              columns,
              reveal,
            });
          }}
        />
      )}
      extra={
        <label className="inline-label">
          {t('vacancies.col.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('sex.any')}</option>
            {VACANCY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`opt.vstatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      }
    />
  );
}
