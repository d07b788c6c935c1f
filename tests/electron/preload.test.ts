// The preload bridge, with 'electron' faked: window.liuqing carries one function per contract method plus
// print.cards and nothing else, and each function can reach only its own channel with two arguments.
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { fake } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

fake.reset();
await import('../../electron/preload');
const api = fake.exposed.get('liuqing') as Record<string, unknown>;

describe('preload bridge', () => {
  it('exposes only window.liuqing', () => {
    expect([...fake.exposed.keys()]).toEqual(['liuqing']);
  });

  it('holds exactly the contract method names plus print.cards, all functions, frozen', () => {
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'print.cards'].sort());
    for (const [k, v] of Object.entries(api)) expect(typeof v, k).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    for (const leak of ['ipcRenderer', 'invoke', 'send', 'on', 'once', 'removeListener', 'sendSync'])
      expect(leak in api, leak).toBe(false);
    // no getters that could run code when the bridge copies the object
    for (const k of Object.keys(api)) expect(Object.getOwnPropertyDescriptor(api, k)!.get).toBeUndefined();
  });

  it('sends each call on its own fixed channel with the input and token only', async () => {
    const seen: Array<{ channel: string; args: unknown[] }> = [];
    fake.handlers.set('liuqing:residents.search', async (_e, ...args) => {
      seen.push({ channel: 'liuqing:residents.search', args });
      return { ok: true, value: { items: [] } };
    });
    const fn = api['residents.search'] as (...a: unknown[]) => Promise<unknown>;
    await expect(fn({ query: '张' }, 'tok', 'liuqing:session.setup', { extra: true })).resolves.toEqual({
      ok: true,
      value: { items: [] },
    });
    await fn(undefined, 42);
    expect(seen).toEqual([
      { channel: 'liuqing:residents.search', args: [{ query: '张' }, 'tok'] },
      { channel: 'liuqing:residents.search', args: [{}, undefined] },
    ]);
  });
});
