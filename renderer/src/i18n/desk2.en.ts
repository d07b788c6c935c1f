// Desk, second pass (issue 15): English beside desk2.zh-CN.ts; every key in both.
import type { desk2ZhCN } from './desk2.zh-CN';

export const desk2En: Record<keyof typeof desk2ZhCN, string> = {
  'print.back': '← Back',
  'print.loginFirst': 'Log in to continue printing',
};
