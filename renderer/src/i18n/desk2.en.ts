// Desk, second pass (issue 15): English beside desk2.zh-CN.ts; every key in both.
import type { desk2ZhCN } from './desk2.zh-CN';

export const desk2En: Record<keyof typeof desk2ZhCN, string> = {
  'print.back': '← Back',
  'print.loginFirst': 'Log in to continue printing',
  'draft.askClose': 'There are unsaved changes. Close anyway?',
  'draft.stay': 'Keep editing',
  'draft.keepAndClose': 'Keep as draft and close',
  'draft.discardAndClose': 'Discard changes and close',
  'draft.offerRecord': 'This record has an unsaved draft from {time}.',
  'draft.offerNew': 'An unfinished registration draft: {name} ({time}).',
  'draft.noName': 'no name yet',
  'draft.restore': 'Restore draft',
  'draft.discard': 'Discard',
  'draft.restored': 'Draft from {time} restored; it takes effect when saved.',
};
