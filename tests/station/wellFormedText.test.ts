// Issue 8, defects 5 and 7: text SQLite or PostgreSQL would store as something else (a NUL, a lone UTF-16
// surrogate) is refused at the contract with a clear word, so the outbox never records what the row does not
// hold, and no such text ever reaches the district.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { newStation, type TestStation } from '../factories/station';
import { makePerson, mulberry32 } from '../factories/people';

let s: TestStation;
const rng = mulberry32(77);
beforeAll(async () => {
  s = await newStation();
});
afterAll(() => s.close());

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('ill-formed text at the contract', () => {
  it('refuses a lone surrogate in a note and keeps the record and its outbox as they were', async () => {
    const p = makePerson(rng);
    const r = await s.call('residents.create', { name: p.name, idNumber: p.idNumber, note: '第一条' });
    const before = await s.station.db.selectFrom('outbox').select('seq').execute();
    const e = await refused(s.call('residents.update', { id: r.id, note: 'x\uD800y' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/无法保存的字符/);
    expect(e.issues?.[0]?.path).toBe('note');
    expect((await s.call('residents.get', { id: r.id })).note).toBe('第一条');
    expect(await s.station.db.selectFrom('outbox').select('seq').execute()).toEqual(before);
    // the next edit is an ordinary one and is recorded as typed
    await s.call('residents.update', { id: r.id, note: '第二条' });
    expect((await s.call('residents.get', { id: r.id })).note).toBe('第二条');
  });

  it('refuses a NUL in an operator’s display name and in a nested section', async () => {
    const e = await refused(
      s.call('operators.create', {
        username: 'zhang',
        password: 'zhang-pass-1',
        displayName: '张\u0000三',
        role: 'assistant',
      }),
    );
    expect(e.issues?.[0]?.path).toBe('displayName');
    const p = makePerson(rng);
    const e2 = await refused(
      s.call('residents.create', {
        name: p.name,
        idNumber: p.idNumber,
        unemployment: { status: 'unemployed', reason: '合同\u0000到期', confirmedAt: '2026-01-05' },
      }),
    );
    expect(e2.issues?.[0]?.path).toBe('unemployment.reason');
    expect((await s.call('residents.search', { query: p.name })).items).toEqual([]);
  });

  it('accepts characters outside the BMP written as surrogate pairs (𠮷)', async () => {
    const p = makePerson(rng);
    const r = await s.call('residents.create', { name: p.name, idNumber: p.idNumber, note: '𠮷野家' });
    expect((await s.call('residents.get', { id: r.id })).note).toBe('𠮷野家');
  });
});
