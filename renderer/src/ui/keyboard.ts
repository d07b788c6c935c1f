// Keyboard-first forms: Enter moves to the next field (as on a paper survey), Ctrl+S saves, Esc closes.
import type { KeyboardEvent } from 'react';

const FOCUSABLE =
  'input:not([type=hidden]):not([disabled]):not([readonly]), select:not([disabled]), textarea:not([disabled])';

export function formKeys(handlers: { save: () => void; close: () => void }) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      handlers.save();
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      handlers.close();
      return;
    }
    const target = e.target as HTMLElement;
    if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.altKey) return;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || target.tagName === 'A') return;
    if (!target.matches('input, select')) return;
    e.preventDefault();
    const all = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => el.offsetParent !== null,
    );
    const next = all[all.indexOf(target) + 1];
    next?.focus();
  };
}
