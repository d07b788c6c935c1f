// A save that meets a full disk: SQLite rolls the transaction back (the write and its outbox entry together),
// so nothing is half-written; the person is told what happened and what to do, not "SQLITE_FULL".
import { ApiError } from '../../shared/errors';

export const DISK_FULL_MESSAGE =
  '电脑磁盘已满，这次保存没有完成；已保存的数据都在，没有丢失。请清理磁盘（或请街道信息员帮忙）后再保存一次';

export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  const msg = (e as { message?: unknown })?.message;
  return (
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    (typeof msg === 'string' && /SQLITE_FULL|database or disk is full|ENOSPC/i.test(msg))
  );
}

/** The error a caller should see for `e`: a disk-full failure in plain words, anything else as it was. */
export function asDiskFull(e: unknown): unknown {
  return isDiskFull(e) ? new ApiError('disk_full', DISK_FULL_MESSAGE) : e;
}
