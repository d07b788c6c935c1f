// Issue 15: a contact mark keeps a 今日工作 row off the list until its next due date, and no longer — on a
// real station whose clock is moved forward. 电话/上门 come back after 30 days, 未联系上 after 3, or on the
// date the assistant chose; a mark on an overdue measure's row keeps that measure off. People who left the
// book take no marks. An operator sets their own phone; another's only an admin.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, newStation, type TestStation } from '../factories/station';
import type { Contract, InputOf } from '../../shared/contract';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { addDays, todayInChina } from '../../shared/domain/dates';

const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

const DAY = 86_400_000;

async function clockedStation() {
  let shift = 0;
  const s = await newStation({ now: () => new Date(Date.now() + shift * DAY) });
  stations.push(s);
  let token = s.token;
  return {
    s,
    /** Moves the station's clock to `days` after now and logs in again (sessions end when idle). */
    async later(days: number) {
      shift = days;
      token = (
        (await s.station.call('session.login', { username: ADMIN.username, password: ADMIN.password })) as {
          token: string;
        }
      ).token;
    },
    async listed(): Promise<string[]> {
      const w = (await s.station.call('worklist.today', { offset: 0, limit: 100 }, token)) as {
        items: Array<{ kind: string; resident: { name: string } }>;
      };
      return w.items.map((i) => `${i.kind}:${i.resident.name}`);
    },
    mark: (input: InputOf<Contract['worklist.markContacted']>) =>
      s.station.call('worklist.markContacted', input, token),
  };
}

describe('contact marks on 今日工作', () => {
  it('keep a row off until the next due date, then bring it back', async () => {
    const { s, later, listed, mark } = await clockedStation();
    const today = todayInChina();
    const rng = mulberry32(1506);
    const unemployed = { status: 'unemployed' as const, since: '2025-06-01', confirmedAt: today };
    const a = await s.call('residents.create', {
      name: '周建国',
      idNumber: makeIdNumber(rng, { sex: 'M', birthDate: '1972-09-01', origin: 'hangzhou' }),
      unemployment: unemployed,
    });
    const b = await s.call('residents.create', {
      name: '沈月华',
      idNumber: makeIdNumber(rng, { sex: 'F', birthDate: '1980-05-20', origin: 'hangzhou' }),
      unemployment: unemployed,
    });
    const card = await s.call('cards.issue', { residentId: b.id, categories: ['older_unemployed'] });
    const measure = await s.call('plans.addMeasure', {
      cardId: card.id,
      kind: 'training',
      owner: '李援助',
      dueDate: addDays(today, -1),
    });
    expect((await listed()).sort()).toEqual(['clears:周建国', 'clears:沈月华', 'measure:沈月华'].sort());

    const phone = await s.call('worklist.markContacted', { residentId: a.id, how: 'phone' });
    expect(phone.nextDue).toBe(addDays(today, 30));
    const tried = await s.call('worklist.markContacted', {
      residentId: b.id,
      measureId: measure.id,
      how: 'unreached',
    });
    expect(tried.nextDue).toBe(addDays(today, 3));
    // the measure's mark takes her six-clears row off as well (she was called)
    expect(await listed()).toEqual([]);

    await later(2);
    expect(await listed()).toEqual([]);
    await later(3);
    expect((await listed()).sort()).toEqual(['clears:沈月华', 'measure:沈月华'].sort());
    // a chosen date: a visit today, due again in 10 days
    await mark({
      residentId: b.id,
      how: 'visit',
      note: '上门了解培训意向',
      nextDue: addDays(today, 13),
    });
    // a mark on the person keeps her six-clears row off, not the measure promised to her
    expect(await listed()).toEqual(['measure:沈月华']);
    await later(13);
    expect((await listed()).sort()).toEqual(['clears:沈月华', 'measure:沈月华'].sort());
    await later(30);
    expect((await listed()).sort()).toEqual(['clears:周建国', 'clears:沈月华', 'measure:沈月华'].sort());
  });

  it('refuses a mark on someone who left the book, a measure of someone else, and dates out of range', async () => {
    const { s } = await clockedStation();
    const today = todayInChina();
    const rng = mulberry32(1507);
    const p = await s.call('residents.create', {
      name: '孔秀兰',
      idNumber: makeIdNumber(rng, { sex: 'F', birthDate: '1975-03-02', origin: 'hangzhou' }),
    });
    for (const nextDue of [today, addDays(today, -1), addDays(today, 366)])
      await expect(
        s.call('worklist.markContacted', { residentId: p.id, how: 'phone', nextDue }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
    await expect(
      s.call('worklist.markContacted', { residentId: p.id, how: 'phone', measureId: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await s.call('residents.setLifecycle', {
      id: p.id,
      lifecycle: { state: 'moved_away', date: addDays(today, -1), reason: '迁往外省' },
    });
    await expect(s.call('worklist.markContacted', { residentId: p.id, how: 'phone' })).rejects.toMatchObject({
      code: 'conflict',
    });
    // nothing was written: no service, no plan, no outbox entry
    expect((await s.call('worklist.contacts', { residentId: p.id })).items).toEqual([]);
    const entries = await s.station.db.selectFrom('outbox').select('entity').execute();
    expect(entries.map((e) => e.entity).filter((e) => e !== 'residents')).toEqual([]);
  });

  it('an operator sets their own phone; another operator’s only an admin', async () => {
    const { s } = await clockedStation();
    const li = await s.call('operators.create', {
      username: 'lihua',
      password: 'lihua-pass-1',
      displayName: '李华',
      role: 'assistant',
    });
    const me = (await s.call('session.me', {})).operator;
    // the admin sets the assistant's phone, normalised
    expect((await s.call('operators.setPhone', { id: li.id, phone: '139 0571 0001' })).phone).toBe(
      '13905710001',
    );
    const { token } = (await s.station.call('session.login', {
      username: 'lihua',
      password: 'lihua-pass-1',
    })) as {
      token: string;
    };
    const asLi = (m: 'operators.setPhone', input: { id: string; phone: string }) =>
      s.station.call(m, input, token);
    await expect(asLi('operators.setPhone', { id: me.id, phone: '13905710002' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(asLi('operators.setPhone', { id: li.id, phone: '1390571' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await asLi('operators.setPhone', { id: li.id, phone: '' })).toMatchObject({ phone: null });
    const ops = (await s.call('operators.list', {})).items;
    expect(ops.map((o) => [o.username, o.phone])).toEqual([
      ['admin', null],
      ['lihua', null],
    ]);
  });
});
