// Where an import's files live: <data>/imports/<batch id>/ holds the uploaded file (`source`) and the
// preview's staging database. They are the station's own working files, never synced; a batch's folder
// goes when it is cancelled, and committed or abandoned folders after PRUNE_AFTER_DAYS.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRUNE_AFTER_DAYS = 30;

export function importDir(dataDir: string, batchId: string): string {
  return join(dataDir, 'imports', batchId);
}
export function sourcePath(dataDir: string, batchId: string): string {
  return join(importDir(dataDir, batchId), 'source');
}
export function stagingPath(dataDir: string, batchId: string): string {
  return join(importDir(dataDir, batchId), 'staging.sqlite');
}

export function ensureImportDir(dataDir: string, batchId: string): string {
  const dir = importDir(dataDir, batchId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeImportDir(dataDir: string, batchId: string): void {
  rmSync(importDir(dataDir, batchId), { recursive: true, force: true });
}

/** Removes import folders untouched for PRUNE_AFTER_DAYS (their rejected rows can no longer be downloaded). */
export function pruneImports(dataDir: string, now: Date, keep: ReadonlySet<string> = new Set()): void {
  const root = join(dataDir, 'imports');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  const cutoff = now.getTime() - PRUNE_AFTER_DAYS * 86_400_000;
  for (const name of names) {
    if (keep.has(name)) continue;
    const dir = join(root, name);
    try {
      if (statSync(dir).mtimeMs < cutoff) rmSync(dir, { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
}

/** Drops the uploaded copy once a batch is written (its staged rows stay for the rejected-rows file). */
export function removeSource(dataDir: string, batchId: string): void {
  rmSync(sourcePath(dataDir, batchId), { force: true });
}
