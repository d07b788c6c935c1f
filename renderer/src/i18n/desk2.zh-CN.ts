// Desk, second pass (issue 15): drafts, print, plausibility, lifecycle, help and the rest of its words.
export const desk2ZhCN = {
  'print.back': '← 返回',
  'print.loginFirst': '请登录后继续打印',
  'draft.askClose': '有未保存的修改，要关闭吗？',
  'draft.stay': '继续编辑',
  'draft.keepAndClose': '保留草稿并关闭',
  'draft.discardAndClose': '放弃修改并关闭',
  'draft.offerRecord': '此记录有 {time} 未保存的草稿。',
  'draft.offerNew': '有一份未完成的登记草稿：{name}（{time}）。',
  'draft.noName': '未填姓名',
  'draft.restore': '恢复草稿',
  'draft.discard': '放弃',
  'draft.restored': '已恢复 {time} 的草稿，保存后生效。',
} as const;
