// Ledgers (issue 12, second part): English text. Spread into en in en.ts.
import type { ledgers2ZhCN } from './ledgers2.zh-CN';

export const ledgers2En: Record<keyof typeof ledgers2ZhCN, string> = {
  'ledgers.standard.recommendations': 'Job recommendations (推荐就业台账)',
  'ledgers.standard.training': 'Training (培训台账)',
};
