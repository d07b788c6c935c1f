// Keyboard-first forms: Enter moves to the next field (as on a paper survey), Ctrl+S saves, Esc closes.
// Ctrl+S and Esc listen on the window while a record is on screen, so they work wherever the focus is
// (after opening a record, after clicking a notice's button) and the browser's "save page" never opens.
import { useEffect, useRef, type KeyboardEvent } from 'react';

const FOCUSABLE =
  'input:not([type=hidden]):not([disabled]):not([readonly]), select:not([disabled]), textarea:not([disabled])';

/** Enter moves to the next field of the form it is attached to. */
export function formKeys() {
  return (e: KeyboardEvent<HTMLElement>) => {
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

/**
 * Ctrl+S (⌘S) saves and Esc closes while the page that calls this is mounted. Esc is left to the field
 * that handles it itself (the top search box clears on Esc) and to an open dialog.
 */
export function useDeskKeys(handlers: { save: () => void; close: () => void }): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!e.repeat) ref.current.save();
        return;
      }
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('[role="search"], [role="dialog"], [role="alertdialog"]')) return;
      e.preventDefault();
      ref.current.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
