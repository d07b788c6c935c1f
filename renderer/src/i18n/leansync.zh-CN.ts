// Lean sync (issue 14): Chinese text. Spread into zhCN in zh-CN.ts.
export const leansyncZhCN = {
  'sync.laggedSnapshot':
    '本机离线时间超过了区服务器保存修改记录的期限，已于 {when} 重新下载本社区的全部数据。本机的数据现在与区里一致，未上传的修改不受影响。',
};
