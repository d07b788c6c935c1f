// Unsaved resident forms survive a crash or an accidental close: each change is kept in localStorage per
// resident ('new' for one being registered) and removed once the station has saved it.
const PREFIX = 'liuqing.draft.resident.';

export interface Draft<T> {
  at: string;
  form: T;
}

export function loadDraft<T>(id: string | null): Draft<T> | null {
  try {
    const raw = localStorage.getItem(PREFIX + (id ?? 'new'));
    return raw ? (JSON.parse(raw) as Draft<T>) : null;
  } catch {
    return null;
  }
}

export function saveDraft<T>(id: string | null, form: T): void {
  try {
    localStorage.setItem(PREFIX + (id ?? 'new'), JSON.stringify({ at: new Date().toISOString(), form }));
  } catch {
    // storage full or disabled: the form still works, only the safety net is gone
  }
}

export function clearDraft(id: string | null): void {
  localStorage.removeItem(PREFIX + (id ?? 'new'));
}
