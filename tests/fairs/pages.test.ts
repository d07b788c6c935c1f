// 招聘会 at the desk in Chromium against a real headless station: a new fair on its own URL, an employer
// brought with a vacancy, a person found by the matching and signed up, an intent recorded — the five
// figures on the page after a reload — a refused duplicate with the rule in Chinese, the fair on the person's
// page, and the same pages in English without a raw key.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInChina, addDays } from '../../shared/domain/dates';
import { artifactPath, type RunningStation } from '../e2e/harness';
import { deskForAll } from '../e2e/deskStation';
import { creditCode, idNumberFor } from '../matching/helpers';

// the station and the signed-in page of tests/e2e/deskStation.ts, opened before and closed after
const desk = deskForAll(1);
const { call } = desk;
let rs: RunningStation;
let page: Page;
beforeAll(() => {
  ({ rs, page } = desk);
});

const figures = async () =>
  Object.fromEntries(
    await Promise.all(
      ['employers', 'positions', 'signUps', 'intents', 'hired'].map(async (k) => [
        k,
        Number(await page.locator(`[data-figure="${k}"]`).innerText()),
      ]),
    ),
  );

describe('招聘会 at the desk', () => {
  it(
    'creates a fair, brings an employer, signs a person up and records an intent; reload keeps the page',
    { timeout: 180_000 },
    async () => {
      const today = todayInChina();
      const e = await call('employers.create', {
        creditCode: creditCode(),
        name: '杭州安居物业管理有限公司',
        contacts: [{ name: '赵经理', phone: '0571-86001234' }],
      });
      const v = await call('vacancies.create', {
        employerId: e.id,
        title: '小区保安',
        occupationCode: '4-07-05-01',
        positions: 3,
        validFrom: addDays(today, -10),
        validTo: addDays(today, 90),
      });
      const person = await call('residents.create', {
        name: '陈建国',
        idNumber: idNumberFor('19800315', 41),
        preferences: { occupations: [], industries: [], occupationCodes: ['4-07-05-01'], confirmedAt: today },
      });

      await page.goto(`${rs.url}/fairs`);
      await page.getByRole('button', { name: '新建招聘会' }).click();
      await page.waitForURL(/\/fairs\/new$/);
      await page.getByLabel('招聘会名称').fill('景昙社区春风行动招聘会');
      await page.getByLabel('举办日期').fill(today);
      await page.getByLabel('举办地点').fill('景昙社区文化家园');
      await page.getByLabel('主办单位').fill('景昙社区居委会');
      await page.keyboard.press('Control+s');
      await page.waitForURL(/\/fairs\/[0-9a-f-]{36}$/);
      const id = /\/fairs\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      await expect.poll(() => page.locator('#fair-title').innerText()).toBe('景昙社区春风行动招聘会');

      // an employer with the vacancy it brings
      const add = page.getByTestId('fair-add-employer');
      await add.getByLabel('选择用人单位').selectOption(e.id);
      await add.getByLabel('小区保安（3 个岗位）').check();
      await add.getByRole('button', { name: '加入参会单位' }).click();
      await expect
        .poll(() => page.getByTestId('fair-employers').innerText())
        .toContain('杭州安居物业管理有限公司');

      // the matching finds the person; sign up
      const cands = page.getByTestId('fair-candidates');
      await cands.getByRole('button', { name: '查找匹配的居民' }).click();
      const row = cands.locator(`tr[data-id="${person.id}"]`);
      await expect.poll(() => row.innerText()).toContain('小区保安');
      // one vacancy at a time: one matching call
      await cands.getByLabel('按岗位查找').selectOption(v.id);
      await cands.getByRole('button', { name: '查找匹配的居民' }).click();
      await expect.poll(() => row.innerText()).toContain('小区保安');
      await row.getByRole('button', { name: '报名' }).click();
      await expect.poll(() => page.getByTestId('fair-people').innerText()).toContain('陈建国');
      // ID numbers masked in the list
      const peopleText = await page.getByTestId('fair-people').innerText();
      expect(peopleText).toContain('330104********');
      expect(peopleText).not.toContain(idNumberFor('19800315', 41));

      // the intent: a recommendation in the chain
      const mine = page.getByTestId('fair-people').locator(`tr[data-id="${person.id}"]`);
      await mine.getByLabel('选择岗位').selectOption(v.id);
      await mine.getByRole('button', { name: '登记意向' }).click();
      await expect.poll(() => mine.innerText()).toContain('已推荐');
      await expect.poll(figures).toEqual({ employers: 1, positions: 3, signUps: 1, intents: 1, hired: 0 });
      await page.screenshot({ path: artifactPath('fair-page.png') });

      // its own URL: a reload lands on the same fair with the same figures
      await page.reload();
      await expect.poll(figures).toEqual({ employers: 1, positions: 3, signUps: 1, intents: 1, hired: 0 });
      expect(page.url()).toBe(`${rs.url}/fairs/${id}`);

      // the list, and a duplicate refused with the rule in Chinese
      await page.getByRole('navigation').getByRole('link', { name: '招聘会', exact: true }).click();
      await page.waitForURL(/\/fairs$/);
      await expect.poll(() => page.getByTestId('fairs-list').innerText()).toContain('景昙社区春风行动招聘会');
      await page.getByRole('button', { name: '新建招聘会' }).click();
      await page.getByLabel('招聘会名称').fill('景昙社区春风行动招聘会');
      await page.getByLabel('举办日期').fill(today);
      await page.getByLabel('举办地点').fill('别处');
      await page.getByLabel('主办单位').fill('别人');
      await page.keyboard.press('Control+s');
      await expect
        .poll(() => page.getByTestId('form-message').innerText())
        .toContain('同一天同名的招聘会不重复登记');
      await page.getByLabel('举办日期').fill(addDays(today, 400));
      await page.keyboard.press('Control+s');
      await expect
        .poll(() => page.getByTestId('form-message').innerText())
        .toContain('举办日期不能晚于一年以后');
      expect((await call('fairs.list', {})).total).toBe(1);

      // the person's page shows the fair
      await page.goto(`${rs.url}/residents/${person.id}`);
      await expect
        .poll(() => page.getByTestId('resident-fairs').innerText())
        .toContain('景昙社区春风行动招聘会');
      expect(await page.getByTestId('resident-fairs').innerText()).toContain('小区保安');

      // English: the same pages, no raw keys
      await page.evaluate(() => localStorage.setItem('liuqing.lang', 'en'));
      await page.goto(`${rs.url}/fairs/${id}`);
      await expect.poll(() => page.locator('h2').first().innerText()).toBe('The five figures');
      const en = await page.locator('body').innerText();
      for (const words of ['Employers', 'Positions', 'Sign-ups', 'Intents', 'Hired', 'Add an employer'])
        expect(en).toContain(words);
      expect(en).not.toMatch(/fairs\.[a-zA-Z]/);
      await page.reload();
      await expect.poll(figures).toEqual({ employers: 1, positions: 3, signUps: 1, intents: 1, hired: 0 });
      await page.goto(`${rs.url}/fairs`);
      await expect.poll(() => page.locator('#fairs-title').innerText()).toBe('Job fairs');
      expect(await page.locator('body').innerText()).not.toMatch(/fairs\.[a-zA-Z]/);
      await page.goto(`${rs.url}/residents/${person.id}`);
      await expect
        .poll(() => page.getByTestId('resident-fairs').locator('legend').innerText())
        .toBe('Job fairs');
      await page.evaluate(() => localStorage.setItem('liuqing.lang', 'zh-CN'));
    },
  );
});
