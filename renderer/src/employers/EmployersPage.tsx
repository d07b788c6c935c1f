// 用人单位: the employer book, with open positions per employer.
import { useMemo } from 'react';
import type { ColDef } from 'ag-grid-community';
import { call } from '../api/client';
import type { Employer } from '../../../shared/domain/employer';
import { ListPage } from '../ui/ListPage';
import { ExportButton } from '../ledgers/ExportButton';
import { navigate } from '../router';
import { t, useLang } from '../i18n';
import { dateTime } from '../format';

export function EmployersPage() {
  const lang = useLang();
  // rebuilt only when the language changes: new column objects make the grid re-apply them
  const columns = useMemo<ColDef<Employer>[]>(
    () => [
      { field: 'name', headerName: t('employers.col.name'), flex: 2, minWidth: 220 },
      { field: 'creditCode', headerName: t('employers.col.creditCode'), width: 200, cellClass: 'mono' },
      { field: 'industry', headerName: t('employers.col.industry'), width: 130 },
      {
        field: 'size',
        headerName: t('employers.col.size'),
        width: 90,
        valueFormatter: (p) => (p.value ? t(`opt.size.${p.value as 'micro'}`) : ''),
      },
      { field: 'openPositions', headerName: t('employers.col.open'), width: 100 },
      {
        field: 'updatedAt',
        headerName: t('residents.col.updatedAt'),
        width: 150,
        valueFormatter: (p) => dateTime(p.value as string),
      },
    ],
    [lang],
  );
  return (
    <ListPage<Employer>
      title={t('employers.title')}
      newLabel={t('employers.new')}
      onNew={() => navigate('/employers/new')}
      columns={columns}
      fetchPage={(offset, limit, query) =>
        call('employers.list', { offset, limit, ...(query ? { query } : {}) })
      }
      onOpen={(e) => navigate(`/employers/${e.id}`)}
      searchLabel={`${t('common.search')}：${t('employers.col.name')} / ${t('employers.col.creditCode')}`}
      testId="employers-grid"
      exportButton={(current) => (
        <ExportButton
          testId="employers-export"
          onExport={(reveal) => {
            const { query, columns } = current();
            return call('ledgers.exportGrid', {
              grid: 'employers',
              query: { ...(query ? { query } : {}) },
              columns,
              reveal,
            });
          }}
        />
      )}
    />
  );
}
