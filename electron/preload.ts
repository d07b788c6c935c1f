// The bridge between the sandboxed page and main: `window.liuqing` holds one function per contract method
// (plus `print.cards`), each invoking its own fixed channel. Nothing else crosses: no ipcRenderer, no
// channel chosen by the page, no listeners. Adding a method to the contract adds it here by itself.
import { contextBridge, ipcRenderer } from 'electron';
import { METHOD_NAMES } from './methodNames';
import { PRINT_METHOD, channelOf } from './channels';

type BridgeFn = (input?: unknown, token?: string) => Promise<unknown>;

function bridgeFor(method: string): BridgeFn {
  const channel = channelOf(method);
  // only the two arguments travel; a page cannot smuggle extra ones to main
  return (input, token) =>
    ipcRenderer.invoke(channel, input ?? {}, typeof token === 'string' ? token : undefined);
}

export function buildBridge(methods: readonly string[]): Readonly<Record<string, BridgeFn>> {
  const api: Record<string, BridgeFn> = {};
  for (const m of [...methods, PRINT_METHOD]) api[m] = bridgeFor(m);
  return Object.freeze(api);
}

contextBridge.exposeInMainWorld('liuqing', buildBridge(METHOD_NAMES));
