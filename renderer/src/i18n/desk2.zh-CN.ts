// Desk, second pass (issue 15): drafts, print, plausibility, lifecycle, help and the rest of its words.
export const desk2ZhCN = {
  'print.back': '← 返回',
  'print.loginFirst': '请登录后继续打印',
} as const;
