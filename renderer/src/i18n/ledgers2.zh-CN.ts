// Ledgers (issue 12, second part): Chinese text. Spread into zhCN in zh-CN.ts.
export const ledgers2ZhCN = {
  'ledgers.standard.recommendations': '推荐就业台账',
  'ledgers.standard.training': '培训台账',
};
