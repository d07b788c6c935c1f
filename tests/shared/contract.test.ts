// The one contract: every method has a station handler, names are noun.verb, only the first-run and
// reference methods are public, and the resident schema accepts the least a survey gives.
import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/contract';
import { coreContract } from '../../shared/contract/core';
import { handlers } from '../../station/handlers';
import { residentCreateSchema, residentUpdateSchema } from '../../shared/domain/resident';
import { employerUpdateSchema, vacancyCreateSchema, vacancyUpdateSchema } from '../../shared/domain/employer';
import { idCheckCharacter } from '../../shared/validators/idNumber';

const ID = (() => {
  const first17 = '33010419880808001';
  return first17 + idCheckCharacter(first17);
})();

describe('the contract', () => {
  it('every method has a handler and every handler a method', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(typeof handlers[name], name).toBe('function');
  });

  it('method names are noun.verb (or area.noun.verb, as issue 10 names training.courses.create)', () => {
    for (const name of METHOD_NAMES)
      expect(name).toMatch(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?\.[a-z][A-Za-z]*$/);
    expect('training.courses.create').toMatch(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?\.[a-z][A-Za-z]*$/);
    expect('residents').not.toMatch(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?\.[a-z][A-Za-z]*$/);
  });

  it("the issue's minimum methods exist", () => {
    for (const name of [
      'session.setup',
      'session.login',
      'residents.create',
      'residents.update',
      'residents.get',
      'residents.search',
      'residents.list',
      'residents.remove',
      'households.create',
      'households.update',
      'households.get',
      'households.list',
      'employers.create',
      'employers.update',
      'employers.get',
      'employers.search',
      'employers.list',
      'vacancies.create',
      'vacancies.update',
      'vacancies.list',
      'reference.communities',
    ])
      expect(METHOD_NAMES).toContain(name);
  });

  it('of the core methods only first-run, login and reference data are public; operator admin is admin-only', () => {
    const core = Object.entries(coreContract);
    const pub = core
      .filter(([, d]) => d.access === 'public')
      .map(([n]) => n)
      .sort();
    expect(pub).toEqual([
      'reference.communities',
      'reference.streets',
      'session.login',
      'session.setup',
      'session.state',
    ]);
    for (const n of [
      'operators.create',
      'operators.list',
      'operators.setDisabled',
      'settings.update',
    ] as const)
      expect(contract[n].access).toBe('admin');
  });

  it('every input schema refuses a non-object', () => {
    for (const name of METHOD_NAMES) {
      const input = contract[name].input;
      for (const bad of [[], 42, 'x', null])
        expect(input.safeParse(bad).success, `${name} ${JSON.stringify(bad)}`).toBe(false);
    }
  });
});

describe('resident schema', () => {
  it('needs only name and ID number, and normalises a lower-case x and spaces', () => {
    const x = (() => {
      for (let s = 0; s < 1000; s++) {
        const first17 = '33010419880808' + String(s).padStart(3, '0');
        if (idCheckCharacter(first17) === 'X') return first17 + 'X';
      }
      throw new Error('unreachable');
    })();
    expect(residentCreateSchema.parse({ name: ' 张三 ', idNumber: ID })).toEqual({
      name: '张三',
      idNumber: ID,
    });
    expect(
      residentCreateSchema.parse({
        name: '张三',
        idNumber: ` ${x.toLowerCase().slice(0, 6)} ${x.toLowerCase().slice(6)}`,
      }).idNumber,
    ).toBe(x);
  });

  it('says which ID-number check failed', () => {
    const r = residentCreateSchema.safeParse({
      name: '张三',
      idNumber: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1'),
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({
      path: ['idNumber'],
      message: expect.stringContaining('校验位'),
      params: { check: 'check_digit' },
    });
    const date = residentCreateSchema.safeParse({ name: '张三', idNumber: '330104199902300010' });
    expect(date.error!.issues[0]).toMatchObject({
      message: expect.stringContaining('1999-02-30'),
      params: { check: 'date' },
    });
  });

  it('normalises a phone and refuses a bad one', () => {
    expect(residentCreateSchema.parse({ name: '张三', idNumber: ID, phone: '138 1234 5678' }).phone).toBe(
      '13812345678',
    );
    expect(residentCreateSchema.parse({ name: '张三', idNumber: ID, phone: '86001234' }).phone).toBe(
      '0571-86001234',
    );
    expect(residentCreateSchema.safeParse({ name: '张三', idNumber: ID, phone: '12345' }).success).toBe(
      false,
    );
  });

  it('refuses names with digits or symbols, and more than 30 characters', () => {
    for (const bad of ['张三1', '<script>', '张'.repeat(31), '   '])
      expect(residentCreateSchema.safeParse({ name: bad, idNumber: ID }).success, bad).toBe(false);
    for (const ok of ['阿卜杜·热合曼', 'Li Lei', '欧阳娜娜'])
      expect(residentCreateSchema.safeParse({ name: ok, idNumber: ID }).success, ok).toBe(true);
  });

  it('an update needs only the id, and sends nothing it was not given', () => {
    const id = '01900000-0000-7000-8000-000000000000';
    expect(residentUpdateSchema.parse({ id })).toEqual({ id });
    expect(employerUpdateSchema.parse({ id })).toEqual({ id });
    expect(vacancyUpdateSchema.parse({ id })).toEqual({ id });
  });

  it('a new vacancy is open unless said otherwise; wage and date ranges are checked', () => {
    const base = {
      employerId: '01900000-0000-7000-8000-000000000000',
      title: '保安',
      positions: 1,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    };
    expect(vacancyCreateSchema.parse(base).status).toBe('open');
    const r = vacancyCreateSchema.safeParse({ ...base, wageMin: 5000, wageMax: 4000, validTo: '2024-12-31' });
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['validTo', 'wageMax']);
  });
});
