// The three-way merge alone (pure): base equal → apply; already there → nothing; else the server keeps its
// value and the pushed one is reported as losing; groups decide as one.
import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../shared/sync/entities';
import { mergeEntry, sameValue } from '../../server/sync/merge';

const residents = ENTITIES.residents;
const row = {
  name: '张三',
  id_number: '330104199001011234',
  birth_date: '1990-01-01',
  sex: 'M',
  phone: '1',
  note: null,
};

describe('mergeEntry', () => {
  it('applies a field whose base matches the server', () => {
    expect(mergeEntry(residents, row, { phone: ['1', '2'] })).toEqual({
      apply: { phone: '2' },
      conflicts: [],
    });
  });
  it('does nothing when the server already holds the new value', () => {
    expect(mergeEntry(residents, { ...row, phone: '2' }, { phone: ['1', '2'] })).toEqual({
      apply: {},
      conflicts: [],
    });
  });
  it('keeps the server value and reports the pushed one when both changed', () => {
    expect(mergeEntry(residents, { ...row, phone: '3' }, { phone: ['1', '2'], note: [null, 'n'] })).toEqual({
      apply: { note: 'n' },
      conflicts: [{ field: 'phone', mine: '2', theirs: '3' }],
    });
  });
  it('treats a group as one unit, including members the station did not send', () => {
    const server = { ...row, birth_date: '1990-01-02' };
    const r = mergeEntry(residents, server, { name: ['张三', '张叁'] });
    expect(r.apply).toEqual({ name: '张叁' }); // unsent members are taken as unchanged: no conflict
    const sent = mergeEntry(residents, server, {
      name: ['张三', '张叁'],
      birth_date: ['1990-01-01', '1990-01-01'],
    });
    expect(sent.apply).toEqual({});
    expect(sent.conflicts.map((c) => c.field).sort()).toEqual(['birth_date', 'name']);
  });
  it('compares JSON-ish values by content and null with undefined', () => {
    expect(sameValue({ a: 1 }, { a: 1 })).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
