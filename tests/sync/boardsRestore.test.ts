// The district's course board and its shared fairs after the district is restored (as the vacancy board in
// tests/matching/boardFollows.test.ts): the district goes back to a backup and starts a new epoch; a third
// community then enters a course and a district fair, so each board's head is back where another station's
// cursor was. That station must drop what the district lost and read what it has now — a cursor compared
// with the head alone keeps the lost course and fair and skips the new ones. Real district server over HTTP
// (SQLite), real station files; every board is read through station/sync/districtBoard.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { COMMUNITY_A, COMMUNITY_B, enrolledStation } from './harness';
import { startRestorableDistrict } from './restoreHarness';
import { CARE } from '../training/helpers';

const COMMUNITY_C = '330104005053';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
async function keep<T extends { close(): Promise<void> }>(x: Promise<T>): Promise<T> {
  const v = await x;
  closers.push(() => v.close());
  return v;
}

describe('the course board and the shared fairs after the district is restored', () => {
  it('drop what the district lost and read what it has now, though each head is back at the cursor', async () => {
    const today = todayInChina();
    const course = (name: string) => ({
      ...CARE,
      name,
      start: addDays(today, 10),
      end: addDays(today, 40),
    });
    const fair = (name: string) => ({
      name,
      date: addDays(today, 14),
      place: '区人力资源市场',
      organiser: '区人力社保局',
      scope: 'district' as const,
    });
    const d = await keep(startRestorableDistrict());
    const a = await keep(enrolledStation(d, COMMUNITY_A));
    const b = await keep(enrolledStation(d, COMMUNITY_B));
    const c = await keep(enrolledStation(d, COMMUNITY_C));
    await a.call('training.courses.create', course('养老护理员（订单班）'));
    await a.call('fairs.create', fair('就业援助月招聘会'));
    await a.sync();
    await d.backup();
    await a.call('training.courses.create', course('家政服务员定向班'));
    await a.call('fairs.create', fair('春风行动招聘会'));
    await a.sync();
    await b.sync();
    const courses = async () => (await b.call('training.courses.list', {})).items.map((x) => x.name).sort();
    const fairs = async () => (await b.call('fairs.list', {})).items.map((x) => x.name).sort();
    expect(await courses()).toEqual(['养老护理员（订单班）', '家政服务员定向班'].sort());
    expect(await fairs()).toEqual(['就业援助月招聘会', '春风行动招聘会'].sort());

    await d.restore('command');
    // a third community's course and fair take the board numbers the lost ones had
    await c.call('training.courses.create', course('保安员定向班'));
    await c.call('fairs.create', fair('高校毕业生专场招聘会'));
    await c.sync();

    await b.sync();
    expect(await courses()).toEqual(['养老护理员（订单班）', '保安员定向班'].sort());
    expect(await fairs()).toEqual(['就业援助月招聘会', '高校毕业生专场招聘会'].sort());

    // A re-sends what the district lacks; B then has it again
    await a.sync();
    await b.sync();
    expect(await courses()).toEqual(['养老护理员（订单班）', '家政服务员定向班', '保安员定向班'].sort());
    expect(await fairs()).toEqual(['就业援助月招聘会', '春风行动招聘会', '高校毕业生专场招聘会'].sort());
  });
});
