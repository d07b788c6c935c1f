// reports.* — the desk's 报表 page: the district's assessment figures for this station's own community,
// computed offline from the local database with the definitions the district uses (nodelib/reports/).
import { z } from 'zod';
import { method } from './define';
import { figureInput, periodInput, type ListedItem } from '../reports/query';
import type { Figures, Period } from '../reports/figures';
import type { FileOut } from './ledgers';

export interface CommunityReport {
  period: Period;
  community: { code: string; name: string | null };
  figures: Figures;
}

export const reportsContract = {
  'reports.community': method<CommunityReport>()(z.object({ period: periodInput })),
  // the 通报 layout as .xlsx (nodelib/reports/xlsx.ts), the same file the console exports
  'reports.export': method<FileOut>()(z.object({ period: periodInput })),
  'reports.list': method<{ items: ListedItem[]; total: number }>()(
    z.object({
      period: periodInput,
      figure: figureInput,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  ),
};
