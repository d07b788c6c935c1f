// backups.* — the station's own backups (station admin only): make one now, list them, preview what one
// holds and restore it. A restore replaces the whole community's data on this PC: the preview shows what
// the backup holds beside what the PC holds now (and how much of it the district has not yet seen).
// Read station/backups/store.ts before changing what a backup is.
import { z } from 'zod';
import { method } from './define';

export interface BackupCounts {
  residents: number;
  households: number;
  employers: number;
  vacancies: number;
  cards: number;
}

export interface BackupFacts {
  counts: BackupCounts;
  lastChangeAt: string | null;
  unsynced: number;
  oldestUnsyncedAt: string | null;
}

export type BackupKindName =
  'daily' | 'weekly' | 'before-update' | 'before-migration' | 'before-restore' | 'manual';

export interface BackupItem extends BackupFacts {
  id: string;
  kind: BackupKindName;
  createdAt: string;
  bytes: number;
  integrityOk: boolean;
  /** A copy is also in the second folder. */
  second: boolean;
}

export interface BackupCreated {
  id: string;
  createdAt: string;
  bytes: number;
  integrityOk: boolean;
  kind: BackupKindName;
  second: boolean;
  /** The second folder did not take its copy (the first copy stands): why, in words. */
  secondError: string | null;
}

const backupId = z
  .string({ message: '请选择一个备份' })
  .regex(/^[a-z-]+-\d{8}T\d{6}(-\d+)?$/, { message: '备份编号格式不正确' });

export const backupsContract = {
  'backups.create': method<BackupCreated>()(z.object({}).strict(), 'admin'),
  'backups.list': method<{ items: BackupItem[]; dir: string; secondDir: string | null }>()(
    z.object({}).strict(),
    'admin',
  ),
  'backups.preview': method<{ backup: BackupItem & BackupFacts; current: BackupFacts }>()(
    z.object({ id: backupId }).strict(),
    'admin',
  ),
  'backups.restore': method<{ restored: string; keptAs: string }>()(
    z.object({ id: backupId }).strict(),
    'admin',
  ),
  'backups.setSecondDir': method<{ secondDir: string | null }>()(
    z
      .object({
        dir: z.string().max(400, { message: '文件夹路径太长' }).nullable(),
      })
      .strict(),
    'admin',
  ),
};
