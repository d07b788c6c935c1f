// t(key, params) over the two message files, with the chosen language kept in localStorage.
// zh-CN is the default; English is for visitors and developers.
import { useSyncExternalStore } from 'react';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';
import { installZodMessages } from '../../../shared/i18n/zodMessages';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey };
const STORAGE_KEY = 'liuqing.lang';
const tables: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

let lang: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
installZodMessages(lang);
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  installZodMessages(next);
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const l of listeners) l();
}

/** Re-renders the caller when the language changes. */
export function useLang(): Lang {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => lang,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(lang, key, params);
}

/** t() in a fixed language — for output that must not follow the UI switch (printed cards: print/i18n.ts). */
export function translate(in_: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = tables[in_][key] ?? zhCN[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
