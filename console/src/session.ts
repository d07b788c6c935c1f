// The console session in this tab: the token (sessionStorage, never localStorage: closing the tab ends it)
// and who is logged in. Components re-render on change.
import { useSyncExternalStore } from 'react';
import type { ConsoleUser } from '../../shared/contract/console';

const KEY = 'liuqing.console';
export interface ConsoleSession {
  token: string;
  expiresAt: string;
  user: ConsoleUser;
  mustChange: boolean;
}

let current: ConsoleSession | null = (() => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as ConsoleSession | null;
  } catch {
    return null;
  }
})();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function getToken(): string | undefined {
  return current?.token;
}
export function setSession(s: ConsoleSession): void {
  current = s;
  sessionStorage.setItem(KEY, JSON.stringify(s));
  emit();
}
export function clearSession(): void {
  current = null;
  sessionStorage.removeItem(KEY);
  emit();
}
export function useSession(): ConsoleSession | null {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => current,
  );
}
