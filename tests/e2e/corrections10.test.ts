// The corrections of issue 10 at the desk in Chromium against a real headless station, in Chinese and in
// English: a sign-up withdrawn from the fair's page (after a confirm), no withdrawal offered for someone with
// an intent (the station would refuse it) but the reason in words and the rule on hover in the desk's
// language — Chinese in Chinese mode, English in English mode, no raw key — a fair cancelled with its reason
// and listed as cancelled; on a course, a refused withdrawal of a trainee with hours, their drop-out recorded,
// and a never-started enrolment withdrawn; a subsidy application withdrawn from its page.
import { describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { artifactPath } from './harness';
import { deskForAll, fairWithEmployer } from './deskStation';
import { idNumberFor } from '../matching/helpers';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { makeIdNumber, mulberry32 } from '../factories/people';

// every confirm of these pages is accepted (the test checks what follows)
const desk = deskForAll(3, { acceptDialogs: true });
const { call, setLang } = desk;

const HAN = /\p{Script=Han}/u;
const KEYS = Object.keys(zhCN);
/** No message key, and no general English fallback instead of the rule. */
function noRawKey(text: string): void {
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
  expect(text).not.toMatch(/\brule\.|apiError\./);
}
const figure = async (k: string) => Number(await desk.page.locator(`[data-figure="${k}"]`).innerText());

describe('issue 10 corrections at the desk', () => {
  it(
    'withdraws a sign-up, offers none for one with an intent (the reason in either language), and cancels a fair',
    { timeout: 180_000 },
    async () => {
      const { page, rs } = desk;
      const today = todayInChina();
      const {
        fair: held,
        vacancies: [v],
      } = await fairWithEmployer(call, {
        name: '景昙社区冬季招聘会',
        vacancies: [{ title: '小区保安', positions: 3 }],
      });
      const keen = await call('residents.create', { name: '陈建国', idNumber: idNumberFor('19800315', 41) });
      const mistaken = await call('residents.create', {
        name: '王小燕',
        idNumber: idNumberFor('19850612', 42),
      });
      for (const p of [keen, mistaken]) await call('fairs.signUp', { fairId: held.id, residentId: p.id });
      await call('fairs.recordIntent', { fairId: held.id, residentId: keen.id, vacancyId: v!.id });

      await page.goto(`${rs.url}/fairs/${held.id}`);
      const people = page.getByTestId('fair-people');
      await expect.poll(() => people.innerText()).toContain('王小燕');
      await expect.poll(() => figure('signUps')).toBe(2);
      // signed up by mistake: withdrawn after the confirm
      await people.locator(`tr[data-id="${mistaken.id}"]`).getByRole('button', { name: '撤销报名' }).click();
      await expect.poll(() => page.getByTestId('fair-note').innerText()).toContain('已撤销王小燕的报名');
      await expect.poll(() => people.innerText()).not.toContain('王小燕');
      await expect.poll(() => figure('signUps')).toBe(1);
      expect((await call('fairs.get', { id: held.id })).people.map((p) => p.residentId)).toEqual([keen.id]);

      // the person with an intent: no withdrawal offered (the station would refuse it), the reason in words
      // on the row and the whole rule on hover, in Chinese
      const keenRow = people.locator(`tr[data-id="${keen.id}"]`);
      const kept = keenRow.getByTestId('withdraw-kept');
      await expect.poll(() => kept.innerText()).toBe('已有意向，报名保留');
      expect(await keenRow.getByRole('button', { name: '撤销报名' }).count()).toBe(0);
      expect(await keenRow.getByRole('button', { name: '登记意向' }).count()).toBe(1);
      const why = (await kept.getAttribute('title')) ?? '';
      expect(why).toContain('陈建国已在「景昙社区冬季招聘会」达成对「小区保安」的意向');
      expect(why).toContain('报名不能撤销');
      noRawKey(why);

      // the same in English: the rule in English, with the names as they are
      await setLang('en');
      await expect.poll(() => kept.innerText()).toBe('Has an intent: sign-up stays');
      expect(await keenRow.getByRole('button', { name: 'Withdraw sign-up' }).count()).toBe(0);
      const en = (await kept.getAttribute('title')) ?? '';
      expect(en).toContain('陈建国 reached intents at "景昙社区冬季招聘会" (小区保安)');
      expect(en).toContain('which are now recommendations; the sign-up cannot be withdrawn');
      noRawKey(en);
      // the station still refuses it (a second PC's desk, or a call from elsewhere): the rule holds there
      await expect(
        call('fairs.withdrawSignUp', { fairId: held.id, residentId: keen.id }),
      ).rejects.toMatchObject({
        code: 'conflict',
        details: { rule: { key: 'fairs.withdrawHasIntents' } },
      });
      await page.screenshot({ path: artifactPath('corrections10-fair-en.png') });
      expect((await call('fairs.get', { id: held.id })).people.length).toBe(1);

      // a fair ahead is called off with its reason (English desk), listed as cancelled in both languages
      const ahead = await call('fairs.create', {
        name: '景昙社区春风行动招聘会',
        date: addDays(today, 14),
        place: '景昙社区广场',
        organiser: '景昙社区居委会',
      });
      await call('fairs.signUp', { fairId: ahead.id, residentId: mistaken.id });
      await page.goto(`${rs.url}/fairs/${ahead.id}`);
      await page.getByRole('button', { name: 'Cancel fair' }).click();
      const box = page.getByTestId('fair-cancel');
      await box.getByRole('button', { name: 'Confirm cancellation' }).click();
      // no reason: refused in English, nothing written
      await expect.poll(() => box.innerText()).not.toMatch(HAN);
      expect((await call('fairs.get', { id: ahead.id })).cancelledOn).toBeNull();
      await box.getByLabel('Reason for cancelling').fill('广场改造施工，场地不可用');
      await box.getByRole('button', { name: 'Confirm cancellation' }).click();
      await expect.poll(() => page.getByTestId('fair-cancelled').first().innerText()).toBe('Cancelled');
      expect(await page.getByTestId('fair-cancelled-note').innerText()).toContain('广场改造施工，场地不可用');
      await setLang('zh-CN');
      await expect.poll(() => page.getByTestId('fair-cancelled').first().innerText()).toBe('已取消');
      await expect.poll(() => page.getByTestId('fair-candidates').count()).toBe(0);
      expect(page.url()).toBe(`${rs.url}/fairs/${ahead.id}`);
      // the person's page keeps the sign-up, marked as a cancelled fair
      await page.goto(`${rs.url}/residents/${mistaken.id}`);
      const theirs = page.getByTestId('resident-fairs').locator(`tr[data-id="${ahead.id}"]`);
      await expect.poll(() => theirs.innerText()).toContain('已取消');
      await page.goto(`${rs.url}/fairs`);
      const row = page.getByTestId('fairs-list').locator(`tr[data-id="${ahead.id}"]`);
      await expect.poll(() => row.innerText()).toContain('已取消');
      expect(
        await page.getByTestId('fairs-list').locator(`tr[data-id="${held.id}"]`).innerText(),
      ).not.toContain('已取消');
    },
  );

  it(
    'refuses withdrawing a trainee with hours in either language, records the drop-out, withdraws a newcomer',
    { timeout: 180_000 },
    async () => {
      const { page, rs } = desk;
      const today = todayInChina();
      const course = await call('training.courses.create', {
        name: '保安员定向班',
        kind: 'directed',
        occupationCode: '4-07-05-01',
        provider: '江干区就业训练中心',
        start: addDays(today, -10),
        end: addDays(today, 20),
        hours: 80,
      });
      const trainee = await call('residents.create', {
        name: '刘德华',
        idNumber: idNumberFor('19780101', 51),
      });
      const newcomer = await call('residents.create', {
        name: '周慧敏',
        idNumber: idNumberFor('19800202', 52),
      });
      for (const p of [trainee, newcomer])
        await call('training.enrol', { courseId: course.id, residentId: p.id });
      await call('training.attend', { courseId: course.id, residentId: trainee.id, hours: 8 });

      await setLang('zh-CN');
      await page.goto(`${rs.url}/training/courses/${course.id}`);
      const list = page.getByTestId('enrolment-list');
      const traineeRow = list.locator(`tr[data-resident="${trainee.id}"]`);
      await traineeRow.getByRole('button', { name: '撤销报名' }).click();
      await expect
        .poll(() => page.getByTestId('training-error').innerText())
        .toContain('刘德华已有出勤 8 学时，报名不能撤销；中途不再参加请登记退学');
      await setLang('en');
      await list
        .locator(`tr[data-resident="${trainee.id}"]`)
        .getByRole('button', { name: 'Withdraw enrolment' })
        .click();
      await expect
        .poll(() => page.getByTestId('training-error').innerText())
        .toBe('刘德华 has attended 8 hours, so the enrolment cannot be withdrawn; record a drop-out instead');
      noRawKey(await page.getByTestId('training-error').innerText());
      await setLang('zh-CN');

      // the drop-out, with its reason
      await list
        .locator(`tr[data-resident="${trainee.id}"]`)
        .getByRole('button', { name: '登记结业' })
        .click();
      const form = page.getByTestId(`complete-${trainee.id}`);
      await form.getByLabel('退学日期').fill(addDays(today, -1));
      await form.getByLabel('退学原因').fill('找到工作，提前离开');
      await form.getByRole('button', { name: '登记退学' }).click();
      await expect.poll(() => page.getByTestId('training-ok').innerText()).toContain('已登记刘德华退学');
      await expect
        .poll(() => list.locator(`tr[data-resident="${trainee.id}"]`).innerText())
        .toContain('已退学');
      const dropped = (await call('training.enrolments', { courseId: course.id, status: 'dropped' })).items;
      expect(dropped.map((x) => [x.residentId, x.droppedOn, x.dropReason])).toEqual([
        [trainee.id, addDays(today, -1), '找到工作，提前离开'],
      ]);

      // the newcomer never came: withdrawn, gone from the list
      await list
        .locator(`tr[data-resident="${newcomer.id}"]`)
        .getByRole('button', { name: '撤销报名' })
        .click();
      await expect.poll(() => page.getByTestId('training-ok').innerText()).toContain('已撤销周慧敏的报名');
      await expect.poll(() => list.innerText()).not.toContain('周慧敏');
      // the course counts the drop-out apart and the withdrawn not at all — the same on its page and in the list
      await expect
        .poll(() => page.getByTestId('course-counts').innerText())
        .toBe('报名 1 · 在训 0 · 结业 0 · 退学 1');
      await page.screenshot({ path: artifactPath('corrections10-course.png') });
      await page.goto(`${rs.url}/training`);
      const listed = page.getByTestId('course-list').locator(`tr[data-id="${course.id}"]`);
      const count = (k: string) => listed.locator(`[data-count="${k}"]`).innerText();
      await expect.poll(() => count('enrolled')).toBe('1');
      expect([await count('completed'), await count('dropped')]).toEqual(['0', '1']);
      await setLang('en');
      await expect
        .poll(() => page.getByTestId('course-list').locator('thead').innerText())
        .toMatch(/Enrolled\s+Completed\s+Dropped out/);
      await setLang('zh-CN');
    },
  );

  it('withdraws a subsidy application from its page', { timeout: 120_000 }, async () => {
    const { page, rs } = desk;
    const today = todayInChina();
    const p = await call('residents.create', {
      name: '沈月华',
      idNumber: makeIdNumber(mulberry32(61), { sex: 'F', birthDate: '1984-03-10', origin: 'hangzhou' }),
      unemployment: { status: 'flexible', since: addDays(today, -60), confirmedAt: today },
      outcome: { result: 'flexible', date: addDays(today, -60), channel: '自谋', confirmedAt: today },
    });
    await call('cards.issue', { residentId: p.id, categories: ['older_unemployed'], reason: '协理员认定' });
    const policy = (await call('reference.policies', {})).items.find((x) => x.code === 'social_insurance')!;
    const app = await call('subsidies.apply', {
      policyCode: 'social_insurance',
      residentId: p.id,
      period: { from: today, to: addDays(today, 27) },
      amount: 100,
      documents: policy.documents,
    });
    await setLang('zh-CN');
    await page.goto(`${rs.url}/subsidies/${app.id}`);
    await expect.poll(() => page.getByTestId('subsidy-status').innerText()).toBe('已申报');
    await page.getByRole('button', { name: '撤回申请' }).click();
    await page.waitForURL(new RegExp(`/residents/${p.id}$`));
    await expect(call('subsidies.get', { id: app.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await call('subsidies.list', { residentId: p.id })).total).toBe(0);
  });
});
