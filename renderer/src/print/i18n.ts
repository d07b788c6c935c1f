// Printed cards and booklets are official Chinese documents handed to residents and checked by the
// district: they print in Chinese whatever language the desk is set to. Only the on-screen toolbar of the
// print route (print.* keys) follows the UI switch; the printed text (print.doc.* keys) goes through pt().
import { translate, type Lang, type MessageKey } from '../i18n';

export const PRINT_LANG: Lang = 'zh-CN';

export function pt(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(PRINT_LANG, key, params);
}
