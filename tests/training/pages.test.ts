// 培训 at the desk in Chromium against a real headless station: the course list on /training, the new-course
// form on its own URL, a course page where a resident whose 培训需求 fits is suggested and enrolled — still
// there after a reload — and the same pages in English without a raw key.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import type { RunningStation } from '../e2e/harness';
import { deskForAll } from '../e2e/deskStation';
import { idNumberFor } from '../matching/helpers';
import { CARE } from './helpers';

// the station and the signed-in page of tests/e2e/deskStation.ts, opened before and closed after
const desk = deskForAll(1);
const { call } = desk;
let rs: RunningStation;
let page: Page;
beforeAll(() => {
  ({ rs, page } = desk);
});

describe('培训 at the desk', () => {
  it(
    'lists a course, opens it on its own URL, enrols a suggested resident; reload keeps it; English too',
    { timeout: 180_000 },
    async () => {
      const today = todayInChina();
      const person = await call('residents.create', {
        name: '周秀英',
        idNumber: idNumberFor('19780512', 52),
        training: { wants: true, courses: ['养老护理'], confirmedAt: today },
      });
      const course = await call('training.courses.create', {
        ...CARE,
        start: today,
        end: addDays(today, 30),
      });

      await page.goto(`${rs.url}/training`);
      await page.getByRole('heading', { name: '职业培训' }).waitFor();
      const list = page.getByTestId('course-list');
      await list.getByText(CARE.name).waitFor();
      expect(await list.innerText()).toContain(CARE.provider);

      // the new-course form has its own URL and survives a reload
      await page.getByRole('button', { name: '新建培训课程' }).click();
      await page.waitForURL(/\/training\/new$/);
      await page.reload();
      await page.getByRole('heading', { name: '新建培训课程' }).waitFor();
      for (const label of ['课程名称', '培训类型', '培训机构', '开班日期', '结业日期'])
        await expect(page.getByLabel(label).first().isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: '返回培训' }).click();
      await page.waitForURL(/\/training$/);

      await list.getByRole('button', { name: '打开' }).click();
      await page.waitForURL(new RegExp(`/training/courses/${course.id}$`));
      const suggested = page.locator(`[data-testid="training-suggestions"] tr[data-resident="${person.id}"]`);
      await suggested.getByRole('button', { name: '报名' }).click();
      await page.getByText(`已报名：${person.name}`).waitFor();
      const enrolments = page.getByTestId('enrolment-list');
      await enrolments.getByText(person.name).waitFor();
      expect(await enrolments.innerText()).toContain('在训');
      const stored = await call('training.enrolments', { courseId: course.id });
      expect(stored.items.map((e) => e.residentId)).toEqual([person.id]);

      // its own URL: a reload lands on the same course with the same trainee, no longer suggested
      await page.reload();
      await page.getByTestId('enrolment-list').getByText(person.name).waitFor();
      expect(await suggested.count()).toBe(0);
      const zh = await page.locator('body').innerText();
      expect(zh).not.toMatch(/training\.[a-zA-Z]/);

      // English: the same pages, no raw keys
      await page.evaluate(() => localStorage.setItem('liuqing.lang', 'en'));
      await page.reload();
      await page.getByText('Trainees').first().waitFor();
      const en = await page.locator('body').innerText();
      for (const words of ['In training', 'Back to training', 'Kind of training'])
        expect(en).toContain(words);
      expect(en).not.toMatch(/training\.[a-zA-Z]/);
      await page.getByRole('button', { name: 'Back to training' }).click();
      await page.waitForURL(/\/training$/);
      await page.getByRole('heading', { name: 'Vocational training' }).waitFor();
      expect(await page.getByRole('button', { name: 'Training ledger' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'New course' }).click();
      await page.waitForURL(/\/training\/new$/);
      await page.reload();
      await page.getByRole('heading', { name: 'New course' }).waitFor();
      const form = await page.locator('body').innerText();
      for (const words of ['Course name', 'Training provider', 'Starts on', 'Save course'])
        expect(form).toContain(words);
      expect(form).not.toMatch(/training\.[a-zA-Z]/);
      await page.evaluate(() => localStorage.setItem('liuqing.lang', 'zh-CN'));
    },
  );
});
