// Lean sync (issue 14): English text. Spread into en in en.ts.
import type { leansyncZhCN } from './leansync.zh-CN';

export const leansyncEn: Record<keyof typeof leansyncZhCN, string> = {
  'sync.laggedSnapshot':
    "This PC was away longer than the district keeps its record of changes, so on {when} it downloaded all of its community's data again. It now matches the district; changes not yet uploaded are unaffected.",
};
