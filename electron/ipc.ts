// The Electron transport of the one contract: one `ipcMain.handle('liuqing:<method>')` per method name.
// Never trust the renderer: the sender frame must be our app origin, and every input is parsed with zod by
// `station.call`. Answers are plain `{ ok, value | error }` objects — an Error thrown through IPC would
// carry its stack to the page.
import type { IpcMainInvokeEvent } from 'electron';
import { ApiError, type ErrorBody } from '../shared/errors';
import { isAppUrl } from './protocol';
import { channelOf } from './channels';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

/** What the IPC layer needs of the station core (Station satisfies it). */
export interface ContractCaller {
  call(method: string, input: unknown, token?: string): Promise<unknown>;
}

interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

const INTERNAL: ErrorBody = { code: 'internal', message: '内部错误，操作未完成，数据未改动' };
const FOREIGN: ErrorBody = { code: 'forbidden', message: '拒绝来自非本应用页面的请求' };

/** Turns whatever a call threw into a contract error body; only ApiError's own words reach the page. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof ApiError) return e.toBody();
  // the message may hold row data (ID numbers); log only the kind of error
  console.error('liuqing: internal error in IPC handler:', e instanceof Error ? e.name : typeof e);
  return INTERNAL;
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  return isAppUrl(event.senderFrame?.url);
}

/** Wraps a handler so it answers `IpcResult` and refuses foreign frames. */
export function guarded(fn: (input: unknown, token: string | undefined) => Promise<unknown>) {
  return async (event: IpcMainInvokeEvent, input?: unknown, token?: unknown): Promise<IpcResult> => {
    if (!isTrustedSender(event)) return { ok: false, error: FOREIGN };
    try {
      const value = await fn(input, typeof token === 'string' ? token : undefined);
      return { ok: true, value: value ?? null };
    } catch (e) {
      return { ok: false, error: toErrorBody(e) };
    }
  };
}

/** Registers one handler per method; returns a function that removes them all (for shutdown and tests). */
export function registerContractHandlers(
  ipcMain: IpcMainLike,
  station: ContractCaller,
  methods: readonly string[],
): () => void {
  for (const method of methods) {
    ipcMain.handle(
      channelOf(method),
      guarded((input, token) => station.call(method, input, token)),
    );
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(channelOf(method));
  };
}
