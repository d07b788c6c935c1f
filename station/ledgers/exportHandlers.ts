// Handlers of the export half of ledgers.*: any grid as .xlsx, and the standard ledgers as .xlsx and as
// rows for the print page.
import type { ledgersContract } from '../../shared/contract/ledgers';
import type { Handlers } from '../context';
import { exportGrid } from './export/gridExport';
import { standardData, standardFile } from './export/standard';

type C = typeof ledgersContract;
type ExportHandlers = Pick<
  Handlers<C>,
  'ledgers.exportGrid' | 'ledgers.standardFile' | 'ledgers.standardData'
>;

export const exportHandlers: ExportHandlers = {
  async 'ledgers.exportGrid'(input, ctx) {
    return exportGrid(ctx, {
      grid: input.grid,
      query: input.query as Record<string, unknown>,
      columns: input.columns,
      reveal: input.reveal,
    });
  },
  async 'ledgers.standardFile'(input, ctx) {
    return standardFile(ctx, input.ledger, input.reveal);
  },
  async 'ledgers.standardData'(input, ctx) {
    return standardData(ctx, input.ledger, input.reveal);
  },
};
