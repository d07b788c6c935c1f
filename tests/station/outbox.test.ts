// Every write appends exactly one outbox entry in the same transaction: the changed synced fields with
// old and new values (groups expanded), the operator, and an HLC that never goes backwards.
import { afterEach, describe, expect, it } from 'vitest';
import { newStation, ADMIN, type TestStation } from '../factories/station';
import { write } from '../../station/context';
import { Hlc } from '../../station/db/outbox';
import { creditCheckCharacter } from '../../shared/validators/creditCode';
import {
  createResident,
  fullClears,
  idWith,
  movableClock,
  outboxEntries,
  people,
  rowCounts,
} from './support';

const open: TestStation[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
async function station(opts: Parameters<typeof newStation>[0] = {}) {
  const s = await newStation(opts);
  open.push(s);
  return s;
}

async function validCreditCode(seed: string): Promise<string> {
  // a valid GB 32100 code: 17 characters + MOD 31 check character
  const first17 = ('9133010' + seed).padEnd(17, '0').slice(0, 17);
  return first17 + creditCheckCharacter(first17);
}

describe('outbox entries of each write', () => {
  it('residents.create: one entry with every set synced field, no derived column, the operator and an HLC', async () => {
    const s = await station();
    const me = await s.call('session.me', {});
    const r = await createResident(s, '张三', idWith('1985-06-15', '001'), { phone: '13812345678' });
    const [e, ...rest] = await outboxEntries(s.station);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      entity: 'residents',
      rowId: r.id,
      op: 'create',
      operatorId: me.operator.id,
      operatorName: ADMIN.displayName,
    });
    expect(e!.hlc).toMatch(/^\d{15}-\d{5}$/);
    expect(e!.fields.name).toEqual([null, '张三']);
    expect(e!.fields.id_number).toEqual([null, idWith('1985-06-15', '001')]);
    expect(e!.fields.birth_date).toEqual([null, '1985-06-15']);
    expect(e!.fields.sex).toEqual([null, 'M']);
    expect(e!.fields.phone).toEqual([null, '13812345678']);
    expect(e!.fields.community_code).toEqual([null, '330104005051']);
    for (const derived of [
      'name_pinyin',
      'name_initials',
      'id_number_rev',
      'clears_missing',
      'clears_oldest_at',
      'created_at',
      'updated_at',
      'id',
    ])
      expect(e!.fields).not.toHaveProperty(derived);
    // fields left empty at creation are not sent as [null, null]
    for (const [, [, nu]] of Object.entries(e!.fields)) expect(nu).not.toBeNull();
  });

  it('residents.update: only the changed fields, with their old values', async () => {
    const s = await station();
    const r = await createResident(s, '李四', idWith('1990-01-01', '003'), { phone: '13812345678' });
    await s.call('residents.update', { id: r.id, phone: '13900001111', address: '景昙路 1 号' });
    const e = (await outboxEntries(s.station)).at(-1)!;
    expect(e.op).toBe('update');
    expect(e.fields).toEqual({ phone: ['13812345678', '13900001111'], address: [null, '景昙路 1 号'] });
  });

  it('residents.update can clear a phone (empty or null), which is one change', async () => {
    const s = await station();
    const r = await createResident(s, '李四', idWith('1990-01-01', '003'), { phone: '13812345678' });
    const cleared = await s.call('residents.update', { id: r.id, phone: '' });
    expect(cleared.phone).toBeNull();
    expect((await outboxEntries(s.station)).at(-1)!.fields).toEqual({ phone: ['13812345678', null] });
    await s.call('residents.update', { id: r.id, phone: null });
    expect(await outboxEntries(s.station)).toHaveLength(2);
  });

  it('residents.update of the name carries the whole identity group (name, ID number, birth date, sex)', async () => {
    const s = await station();
    const id = idWith('1990-01-01', '003');
    const r = await createResident(s, '李四', id);
    await s.call('residents.update', { id: r.id, name: '李肆' });
    const e = (await outboxEntries(s.station)).at(-1)!;
    expect(e.fields).toEqual({
      name: ['李四', '李肆'],
      id_number: [id, id],
      birth_date: ['1990-01-01', '1990-01-01'],
      sex: ['M', 'M'],
    });
  });

  it('residents.update of a six-clears section sends the section, and nothing else', async () => {
    const s = await station();
    const r = await createResident(s, '王五', idWith('1980-03-03', '005'));
    const section = fullClears('2025-06-01').unemployment;
    await s.call('residents.update', { id: r.id, unemployment: section });
    const e = (await outboxEntries(s.station)).at(-1)!;
    expect(Object.keys(e.fields)).toEqual(['clear_unemployment']);
    expect(e.fields.clear_unemployment![0]).toBeNull();
    expect(JSON.parse(e.fields.clear_unemployment![1] as string)).toMatchObject({
      status: 'unemployed',
      confirmedAt: '2025-06-01',
    });
  });

  it('an update that changes nothing writes no entry (and does not touch updated_at)', async () => {
    const s = await station();
    const r = await createResident(s, '赵六', idWith('1975-12-31', '007'), { phone: '13812345678' });
    const before = await outboxEntries(s.station);
    const same = await s.call('residents.update', { id: r.id, name: '赵六', phone: '138 1234 5678' });
    await s.call('residents.update', { id: r.id });
    expect(await outboxEntries(s.station)).toEqual(before);
    expect(same.updatedAt).toBe(r.updatedAt);
  });

  it('residents.confirmClears: op confirm with only the confirmed sections', async () => {
    const clock = movableClock('2025-06-01T02:00:00Z');
    const s = await station({ now: clock.now });
    const c = fullClears('2025-01-01');
    const r = await createResident(s, '孙七', idWith('1970-05-05', '009'), {
      skills: c.skills,
      training: c.training,
    });
    await s.call('residents.confirmClears', { id: r.id, sections: ['skills'] });
    const e = (await outboxEntries(s.station)).at(-1)!;
    expect(e.op).toBe('confirm');
    expect(Object.keys(e.fields)).toEqual(['clear_skills']);
    expect(JSON.parse(e.fields.clear_skills![0] as string).confirmedAt).toBe('2025-01-01');
    expect(JSON.parse(e.fields.clear_skills![1] as string).confirmedAt).toBe('2025-06-01');
  });

  it('residents.confirmClears of a section never filled is refused and writes nothing', async () => {
    const s = await station();
    const r = await createResident(s, '周八', idWith('1970-05-05', '011'));
    const before = await rowCounts(s.station);
    await expect(s.call('residents.confirmClears', { id: r.id, sections: ['income'] })).rejects.toMatchObject(
      {
        code: 'invalid_input',
        issues: [{ path: 'income' }],
      },
    );
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('residents.remove: op delete with deleted_at', async () => {
    const clock = movableClock('2025-06-01T02:00:00Z');
    const s = await station({ now: clock.now });
    const r = await createResident(s, '吴九', idWith('1970-05-05', '013'));
    await s.call('residents.remove', { id: r.id });
    const e = (await outboxEntries(s.station)).at(-1)!;
    expect(e).toMatchObject({
      op: 'delete',
      rowId: r.id,
      fields: { deleted_at: [null, '2025-06-01T02:00:00.000Z'] },
    });
    expect(Object.keys(e.fields)).toEqual(['deleted_at']);
    await expect(s.call('residents.get', { id: r.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('households create, update and setMember', async () => {
    const s = await station();
    const h = await s.call('households.create', { address: '景芳三区 5 幢', monthlyIncome: 3000 });
    let entries = await outboxEntries(s.station);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'households', rowId: h.id, op: 'create' });
    expect(entries[0]!.fields).toMatchObject({
      address: [null, '景芳三区 5 幢'],
      monthly_income: [null, 3000],
      subsistence: [null, 'none'],
    });

    await s.call('households.update', { id: h.id, monthlyIncome: 3500 });
    entries = await outboxEntries(s.station);
    expect(entries.at(-1)).toMatchObject({
      entity: 'households',
      op: 'update',
      fields: { monthly_income: [3000, 3500] },
    });
    expect(Object.keys(entries.at(-1)!.fields)).toEqual(['monthly_income']);

    await s.call('households.update', { id: h.id, monthlyIncome: 3500 });
    expect(await outboxEntries(s.station)).toHaveLength(2);

    const r = await createResident(s, '郑十', idWith('1980-01-01', '015'));
    await s.call('households.setMember', { householdId: h.id, residentId: r.id, relation: '户主' });
    entries = await outboxEntries(s.station);
    expect(entries).toHaveLength(4);
    expect(entries.at(-1)).toMatchObject({
      entity: 'residents',
      rowId: r.id,
      op: 'update',
      fields: { household_id: [null, h.id], household_relation: [null, '户主'] },
    });
    expect(Object.keys(entries.at(-1)!.fields).sort()).toEqual(['household_id', 'household_relation']);
  });

  it('employers create and update (name change carries the credit code group)', async () => {
    const s = await station();
    const code = await validCreditCode('4MA27ABC');
    const emp = await s.call('employers.create', {
      creditCode: code,
      name: '杭州景昙物业有限公司',
      contacts: [{ name: '陈经理' }],
    });
    let entries = await outboxEntries(s.station);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'employers', rowId: emp.id, op: 'create' });
    expect(entries[0]!.fields).toMatchObject({
      credit_code: [null, code],
      name: [null, '杭州景昙物业有限公司'],
    });
    expect(entries[0]!.fields).not.toHaveProperty('name_pinyin');

    await s.call('employers.update', { id: emp.id, name: '杭州景昙物业服务有限公司' });
    entries = await outboxEntries(s.station);
    expect(entries.at(-1)!.fields).toEqual({
      name: ['杭州景昙物业有限公司', '杭州景昙物业服务有限公司'],
      credit_code: [code, code],
    });

    await s.call('employers.update', { id: emp.id, address: '凯旋路 1 号' });
    expect((await outboxEntries(s.station)).at(-1)!.fields).toEqual({ address: [null, '凯旋路 1 号'] });
  });

  it('vacancies create and update (wage change carries the wage range group)', async () => {
    const s = await station();
    const emp = await s.call('employers.create', {
      creditCode: await validCreditCode('4MA27DEF'),
      name: '杭州某保安公司',
    });
    const v = await s.call('vacancies.create', {
      employerId: emp.id,
      title: '保安',
      positions: 3,
      wageMin: 4000,
      wageMax: 5000,
      validFrom: '2025-06-01',
      validTo: '2025-12-31',
    });
    let entries = await outboxEntries(s.station);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ entity: 'vacancies', rowId: v.id, op: 'create' });
    expect(entries[1]!.fields).toMatchObject({
      employer_id: [null, emp.id],
      positions: [null, 3],
      status: [null, 'open'],
    });

    await s.call('vacancies.update', { id: v.id, wageMin: 4200 });
    entries = await outboxEntries(s.station);
    expect(entries.at(-1)!.fields).toEqual({ wage_min: [4000, 4200], wage_max: [5000, 5000] });

    await s.call('vacancies.update', { id: v.id, status: 'open' });
    expect(await outboxEntries(s.station)).toHaveLength(3);
  });
});

describe('a write that fails leaves neither row nor entry', () => {
  it('duplicate ID number', async () => {
    const s = await station();
    const id = idWith('1985-06-15', '001');
    const first = await createResident(s, '张三', id);
    const before = await rowCounts(s.station);
    await expect(createResident(s, '张叁', id.toLowerCase())).rejects.toMatchObject({
      code: 'duplicate_id_number',
      details: { existingId: first.id },
    });
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('two creates of the same ID number at the same moment: one wins, the other is told who', async () => {
    const s = await station();
    const id = idWith('1985-06-15', '001');
    const results = await Promise.allSettled([createResident(s, '张三', id), createResident(s, '张叁', id)]);
    const won = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>[];
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({
      code: 'duplicate_id_number',
      details: { existingId: won[0]!.value.id },
    });
    expect(await rowCounts(s.station)).toMatchObject({ residents: 1, outbox: 1 });
  });

  it('changing an ID number to one already registered', async () => {
    const s = await station();
    const a = await createResident(s, '张三', idWith('1985-06-15', '001'));
    const b = await createResident(s, '李四', idWith('1986-06-15', '003'));
    const before = await outboxEntries(s.station);
    await expect(
      s.call('residents.update', { id: b.id, idNumber: idWith('1985-06-15', '001') }),
    ).rejects.toMatchObject({
      code: 'duplicate_id_number',
      details: { existingId: a.id },
    });
    expect(await outboxEntries(s.station)).toEqual(before);
    expect((await s.call('residents.get', { id: b.id, reveal: true })).idNumber).toBe(
      idWith('1986-06-15', '003'),
    );
  });

  it('a household that does not exist (foreign key) is a clear input error, not a half-written row', async () => {
    const s = await station();
    const before = await rowCounts(s.station);
    const missing = '01900000-0000-7000-8000-000000000000';
    await expect(
      createResident(s, '张三', idWith('1985-06-15', '001'), { householdId: missing }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'householdId' }],
    });
    await expect(
      s.call('vacancies.create', {
        employerId: missing,
        title: '保安',
        positions: 1,
        validFrom: '2025-01-01',
        validTo: '2025-02-01',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('an error thrown inside write() after the row and its entry were written rolls both back', async () => {
    const s = await station();
    const ctx = await s.station.context(s.token);
    const before = await rowCounts(s.station);
    await expect(
      write(ctx, async (trx, record) => {
        await trx
          .insertInto('households')
          .values({
            id: 'h1',
            community_code: '330104005051',
            address: null,
            head_name: null,
            monthly_income: null,
            subsistence: 'none',
            note: null,
            created_at: 'x',
            updated_at: 'x',
            deleted_at: null,
          })
          .execute();
        await record({ entity: 'households', rowId: 'h1', op: 'create', changes: { address: [null, 'x'] } });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await rowCounts(s.station)).toEqual(before);
    // and the station still writes afterwards (the connection was released)
    await s.call('households.create', {});
    expect((await rowCounts(s.station)).outbox).toBe(before.outbox + 1);
  });

  it('a database error mid-way (constraint) rolls back the entry appended before it', async () => {
    const s = await station();
    const ctx = await s.station.context(s.token);
    const before = await rowCounts(s.station);
    await expect(
      write(ctx, async (trx, record) => {
        await record({ entity: 'vacancies', rowId: 'v1', op: 'create', changes: {} });
        await trx
          .insertInto('vacancies')
          .values({
            id: 'v1',
            community_code: 'c',
            employer_id: 'nope',
            title: 't',
            positions: 1,
            wage_min: null,
            wage_max: null,
            occupation: null,
            requirements: null,
            valid_from: '2025-01-01',
            valid_to: '2025-01-02',
            status: 'open',
            created_at: 'x',
            updated_at: 'x',
            deleted_at: null,
          })
          .execute();
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(await rowCounts(s.station)).toEqual(before);
  });
});

describe('HLC', () => {
  it('keeps rising when the PC clock goes backwards, also across a restart', async () => {
    const clock = movableClock('2025-06-01T10:00:00Z');
    const s = await station({ now: clock.now });
    const next = people(7);
    const hlcs: string[] = [];
    for (const back of [0, -3_600_000, -86_400_000, 1000, -5000]) {
      clock.advance(back);
      const p = next();
      await createResident(s, p.name, p.idNumber);
      hlcs.push((await outboxEntries(s.station)).at(-1)!.hlc);
    }
    // reopen the same folder with the clock a year behind
    await s.station.close();
    clock.set('2024-06-01T10:00:00Z');
    const again = await newStation({ now: clock.now, dir: s.dir });
    open.push(again);
    const p = next();
    await createResident(again, p.name, p.idNumber);
    hlcs.push((await outboxEntries(again.station)).at(-1)!.hlc);
    expect(hlcs).toEqual([...hlcs].sort());
    expect(new Set(hlcs).size).toBe(hlcs.length);
  });

  it('unit: a clock standing still or going back bumps the counter', () => {
    let t = 1000;
    const h = new Hlc(() => t);
    const a = h.next();
    const b = h.next();
    t = 500;
    const c = h.next();
    t = 2000;
    const d = h.next();
    expect([a, b, c, d]).toEqual([
      '000000000001000-00000',
      '000000000001000-00001',
      '000000000001000-00002',
      '000000000002000-00000',
    ]);
  });
});
