// A fair's page in Chromium against a real headless station (issue 10), in Chinese and in English:
// - an intent recorded for a vacancy not at the fair brings it in — with its employer when that was not there
//   — said on the page, the employers and the five figures following, after a reload and in a second tab;
// - a cancelled fair's page says 已取消 and shows no five figures (as if it ran) and no sign-up, intent or
//   withdrawal actions; its list row says it is not counted; Esc closes the page.
import { describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { idNumberFor } from '../matching/helpers';
import { deskForAll, fairWithEmployer } from './deskStation';
import { artifactPath } from './harness';

const desk = deskForAll(4, { acceptDialogs: true });
const HAN = /\p{Script=Han}/u;
const figure = async (k: string) => Number(await desk.page.locator(`[data-figure="${k}"]`).innerText());

describe('a fair at the desk', () => {
  it(
    'brings a vacancy named in an intent, and its employer, into the fair and its figures',
    { timeout: 180_000 },
    async () => {
      const { call, page, rs } = desk;
      await desk.setLang('zh-CN');
      const { fair, vacancies } = await fairWithEmployer(call, {
        name: '景昙社区秋季招聘会',
        vacancies: [
          { title: '小区保安', positions: 3 },
          { title: '保洁员', positions: 2, atFair: false },
        ],
      });
      const other = await fairWithEmployer(call, {
        name: '另一场招聘会',
        date: addDays(todayInChina(), 7),
        employer: '杭州九堡物流有限公司',
        vacancies: [{ title: '分拣员', positions: 6 }],
      });
      const sorter = other.vacancies[0]!;
      const walker = await call('residents.create', {
        name: '陈建国',
        idNumber: idNumberFor('19800315', 71),
      });
      const cleaner = await call('residents.create', {
        name: '王小燕',
        idNumber: idNumberFor('19850612', 72),
      });
      for (const p of [walker, cleaner]) await call('fairs.signUp', { fairId: fair.id, residentId: p.id });

      await page.goto(`${rs.url}/fairs/${fair.id}`);
      const people = page.getByTestId('fair-people');
      await expect.poll(() => figure('employers')).toBe(1);
      expect(await figure('positions')).toBe(3);

      // the logistics company is not at this fair: its 分拣员 is offered among the other vacancies
      const row = people.locator(`tr[data-id="${walker.id}"]`);
      await row.locator('select').selectOption(sorter.id);
      await row.getByRole('button', { name: '登记意向' }).click();
      await expect
        .poll(() => page.getByTestId('fair-note').innerText())
        .toBe('已登记意向并生成推荐单；杭州九堡物流有限公司「分拣员」连同其单位随意向加入招聘会');
      const employers = page.getByTestId('fair-employers');
      await expect.poll(() => employers.innerText()).toContain('杭州九堡物流有限公司');
      // by hand: 安居 and 九堡 = 2 employers; 3 + 6 = 9 positions; 2 signed up; 1 intent; no hire
      await expect.poll(() => figure('employers')).toBe(2);
      expect(await figure('positions')).toBe(9);
      expect(await figure('signUps')).toBe(2);
      expect(await figure('intents')).toBe(1);
      expect(await figure('hired')).toBe(0);
      await page.screenshot({ path: artifactPath('fairs10-intent-brought.png') });

      // its own address: a reload, and a second tab, show the same fair
      await page.reload();
      await expect.poll(() => figure('positions')).toBe(9);
      const tab = await page.context().newPage();
      await tab.goto(`${rs.url}/fairs/${fair.id}`);
      await expect.poll(() => tab.locator('[data-figure="employers"]').innerText()).toBe('2');
      expect(await tab.getByTestId('fair-employers').innerText()).toContain('分拣员');
      await tab.close();

      // English: the employer's own vacancy not yet at the fair joins its entry
      await desk.setLang('en');
      const rowEn = people.locator(`tr[data-id="${cleaner.id}"]`);
      await rowEn.locator('select').selectOption(vacancies[1]!.id);
      await rowEn.getByRole('button', { name: 'Record intent' }).click();
      await expect
        .poll(() => page.getByTestId('fair-note').innerText())
        .toBe(
          'Intent recorded, with its recommendation; 杭州安居物业管理有限公司「保洁员」 joined the fair with it',
        );
      await expect.poll(() => figure('positions')).toBe(11);
      expect(await figure('employers')).toBe(2);
      expect(await employers.innerText()).toContain('小区保安、保洁员');
      const stored = await call('fairs.summary', { fairId: fair.id });
      expect(stored).toEqual({
        employers: 2,
        positions: 11,
        signUps: 2,
        intents: 2,
        hired: 0,
        communityOnly: false,
      });
      await desk.setLang('zh-CN');
    },
  );

  it(
    'shows a cancelled fair as 已取消 without figures or actions, in either language',
    { timeout: 180_000 },
    async () => {
      const { call, page, rs } = desk;
      await desk.setLang('zh-CN');
      const { fair } = await fairWithEmployer(call, {
        name: '景昙社区春风行动招聘会',
        date: addDays(todayInChina(), 14),
        vacancies: [{ title: '小区保安', positions: 3 }],
      });
      const p = await call('residents.create', { name: '周慧敏', idNumber: idNumberFor('19800202', 73) });
      await call('fairs.signUp', { fairId: fair.id, residentId: p.id });

      await page.goto(`${rs.url}/fairs/${fair.id}`);
      await expect.poll(() => figure('signUps')).toBe(1);
      // called off from an English desk: a one-letter reason is refused with its rule in English
      await desk.setLang('en');
      await page.getByRole('button', { name: 'Cancel fair' }).click();
      const box = page.getByTestId('fair-cancel');
      await box.getByLabel('Reason for cancelling').fill('雨');
      await box.getByRole('button', { name: 'Confirm cancellation' }).click();
      await expect
        .poll(() => box.innerText())
        .toContain('Write the reason for cancelling (at least 2 characters)');
      expect((await call('fairs.get', { id: fair.id })).cancelledOn).toBeNull();
      await desk.setLang('zh-CN');
      await page.getByRole('button', { name: '取消招聘会' }).click();
      await box.getByLabel('取消原因').fill('雨');
      await box.getByRole('button', { name: '确认取消' }).click();
      await expect.poll(() => box.innerText()).toContain('请写明取消原因（至少 2 个字）');
      await box.getByLabel('取消原因').fill('广场改造施工，场地不可用');
      await box.getByRole('button', { name: '确认取消' }).click();
      await expect.poll(() => page.getByTestId('fair-cancelled').innerText()).toBe('已取消');

      const cancelledPage = async () => {
        // no five figures as if it ran: the table is gone, a line says why
        await expect.poll(() => page.getByTestId('fair-figures-cancelled').count()).toBe(1);
        expect(await page.locator('[data-figure]').count()).toBe(0);
        expect(await page.getByTestId('fair-figures').count()).toBe(0);
        // no sign-up, employer, intent or withdrawal actions
        for (const id of ['fair-candidates', 'fair-add-employer', 'fair-cancel'])
          expect(await page.getByTestId(id).count()).toBe(0);
        const row = page.getByTestId('fair-people').locator(`tr[data-id="${p.id}"]`);
        expect(await row.locator('select').count()).toBe(0);
        // the person's name is the only button left (it opens their page)
        expect(await row.getByRole('button').allInnerTexts()).toEqual(['周慧敏']);
      };
      await cancelledPage();
      expect(await page.getByTestId('fair-figures-cancelled').innerText()).toBe(
        '招聘会已取消，未举办：不计五项数字，也不计入区里的统计',
      );
      expect(await page.getByTestId('fair-cancelled-note').innerText()).toContain('广场改造施工，场地不可用');

      // the same after a reload, in English
      await desk.setLang('en');
      await cancelledPage();
      expect(await page.getByTestId('fair-cancelled').innerText()).toBe('Cancelled');
      const en = await page.getByTestId('fair-figures-cancelled').innerText();
      expect(en).toContain('did not take place');
      expect(en).not.toMatch(HAN);
      await page.screenshot({ path: artifactPath('fairs10-cancelled-en.png') });

      // Esc closes the page; the list says the fair is not counted
      await page.keyboard.press('Escape');
      await page.waitForURL(/\/fairs$/);
      const listed = page.getByTestId('fairs-list').locator(`tr[data-id="${fair.id}"]`);
      await expect.poll(() => listed.innerText()).toContain('Cancelled: not counted');
      await desk.setLang('zh-CN');
      await expect.poll(() => listed.innerText()).toContain('已取消，不计');
      expect(await listed.getByTestId('fair-figures-cancelled').count()).toBe(1);
    },
  );
});
