// The IPC wrapper: whatever a handler throws, the page gets a contract error body — ApiError's own words,
// or one generic Chinese message for anything else, never a stack or the error's text.
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/errors';
import { guarded } from '../../electron/ipc';

const ours = { senderFrame: { url: 'app://liuqing/residents' } } as never;

describe('guarded IPC handler', () => {
  it('answers { ok: true, value }', async () => {
    await expect(guarded(async (input) => ({ echo: input }))(ours, { a: 1 }, 't')).resolves.toEqual({
      ok: true,
      value: { echo: { a: 1 } },
    });
  });

  it('passes ApiError bodies through', async () => {
    const r = await guarded(async () => {
      throw new ApiError(
        'duplicate_id_number',
        '该身份证号已登记：张三',
        [{ path: 'idNumber', message: '已登记' }],
        { existingId: 'x' },
      );
    })(ours, {}, 't');
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'duplicate_id_number',
        message: '该身份证号已登记：张三',
        issues: [{ path: 'idNumber', message: '已登记' }],
        details: { existingId: 'x' },
      },
    });
  });

  it('hides anything else behind a generic internal error, and does not log its text', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const r = await guarded(async () => {
      throw new Error('SQLITE_CORRUPT near 330104199001011234');
    })(ours, {}, 't');
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: expect.stringMatching(/内部错误/) } });
    expect(JSON.stringify(r)).not.toMatch(/SQLITE|330104|at /);
    expect(JSON.stringify(log.mock.calls)).not.toContain('330104');
    log.mockRestore();
  });

  it('passes a token only when it is a string', async () => {
    const seen: unknown[] = [];
    const h = guarded(async (_i, token) => void seen.push(token));
    await h(ours, {}, { evil: true });
    await h(ours, {}, 'tok');
    expect(seen).toEqual([undefined, 'tok']);
  });
});
