// 家庭: households with size, per-capita income, subsistence status and the zero-employment flag.
import { useMemo } from 'react';
import type { ColDef } from 'ag-grid-community';
import { call } from '../api/client';
import type { Household } from '../../../shared/domain/household';
import { ListPage } from '../ui/ListPage';
import { ExportButton } from '../ledgers/ExportButton';
import { navigate } from '../router';
import { t, useLang } from '../i18n';
import { money } from '../format';

export function HouseholdsPage() {
  const lang = useLang();
  // rebuilt only when the language changes: new column objects make the grid re-apply them
  const columns = useMemo<ColDef<Household>[]>(
    () => [
      { field: 'address', headerName: t('households.col.address'), flex: 2, minWidth: 220 },
      { field: 'headName', headerName: t('households.col.head'), width: 110 },
      { field: 'size', headerName: t('households.col.size'), width: 80 },
      {
        field: 'monthlyIncome',
        headerName: t('households.col.income'),
        width: 130,
        // the list answers masked (****): the amount is shown, and its reveal logged, on the household's page
        valueFormatter: (p) => money(p.value as Household['monthlyIncome']),
      },
      {
        field: 'perCapitaIncome',
        headerName: t('households.col.perCapita'),
        width: 130,
        valueFormatter: (p) => money(p.value as Household['perCapitaIncome']),
      },
      {
        field: 'subsistence',
        headerName: t('households.col.subsistence'),
        width: 110,
        valueFormatter: (p) => (p.value ? t(`opt.subsistence.${p.value as 'none'}`) : ''),
      },
      {
        field: 'zeroEmployment',
        headerName: t('households.col.zero'),
        width: 120,
        valueFormatter: (p) => (p.value ? t('household.zero') : ''),
        cellClassRules: { 'six-no': (p) => p.value === true },
      },
    ],
    [lang],
  );
  return (
    <ListPage<Household>
      title={t('households.title')}
      newLabel={t('households.new')}
      onNew={() => navigate('/households/new')}
      columns={columns}
      fetchPage={(offset, limit, query) =>
        call('households.list', { offset, limit, ...(query ? { query } : {}) })
      }
      onOpen={(h) => navigate(`/households/${h.id}`)}
      searchLabel={`${t('common.search')}：${t('households.col.address')} / ${t('households.col.head')}`}
      testId="households-grid"
      exportButton={(current) => (
        <ExportButton
          testId="households-export"
          onExport={(reveal) => {
            const { query, columns } = current();
            return call('ledgers.exportGrid', {
              grid: 'households',
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
