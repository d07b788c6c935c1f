// Unsaved resident forms survive a crash or an accidental close. A draft belongs to one operator and to one
// record — an existing resident, or one new registration with a key of its own — and is only ever laid
// over the form when the person asks for it (恢复草稿); it never pre-fills a different registration.
// Removed once the station has saved the record, or when the person throws it away (放弃).
const ROOT = 'liuqing.draft.';

export interface Draft<T> {
  key: string;
  at: string;
  form: T;
}

function prefix(operatorId: string): string {
  return `${ROOT}${operatorId}.resident.`;
}

/** The key of a saved record's draft, or a fresh one for a new registration. */
export function draftKey(operatorId: string, residentId: string | null): string {
  const rest = residentId ?? `new.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return prefix(operatorId) + rest;
}

function read<T>(key: string): Draft<T> | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as { at: string; form: T };
    return { key, at: d.at, form: d.form };
  } catch {
    return null;
  }
}

export function loadDraft<T>(key: string): Draft<T> | null {
  return read<T>(key);
}

/** This operator's drafts of new registrations, newest first. */
export function newDrafts<T>(operatorId: string): Draft<T>[] {
  const p = `${prefix(operatorId)}new.`;
  const out: Draft<T>[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (!k?.startsWith(p)) continue;
    const d = read<T>(k);
    if (d) out.push(d);
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

export function saveDraft<T>(key: string, form: T): void {
  try {
    localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), form }));
  } catch {
    // storage full or disabled: the form still works, only the safety net is gone
  }
}

export function clearDraft(key: string): void {
  localStorage.removeItem(key);
}

/** Drafts kept before they belonged to an operator could pre-fill anybody's form: they are dropped. */
export function dropUnownedDrafts(): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (k?.startsWith(`${ROOT}resident.`)) localStorage.removeItem(k);
  }
}
