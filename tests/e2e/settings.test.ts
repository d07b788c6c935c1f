// 设置 in Chromium against a real headless station: the operator changes their own password (wrong old
// password, a mistyped repeat and a too-short one each shown beside their field first); an admin resets an
// assistant's password; and the language switch reaches the 援助卡 and 同步 pages too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiError } from '../../shared/errors';
import {
  ADMIN,
  artifactPath,
  launchBrowser,
  setUpAndLogin,
  startStation,
  type RunningStation,
} from './harness';

const ASSISTANT = { username: 'lixl', password: 'assist-pass-1', displayName: '李协理' };
let rs: RunningStation;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  rs = await startStation();
  const token = await setUpAndLogin(rs, 5);
  await rs.station.call('operators.create', { ...ASSISTANT, role: 'assistant' }, token);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

/** Whether the station accepts this username and password (a real login, as another PC would do it). */
async function canLogIn(username: string, password: string): Promise<boolean> {
  try {
    await rs.station.call('session.login', { username, password });
    return true;
  } catch (e) {
    if (e instanceof ApiError) return false;
    throw e;
  }
}

const nav = (label: string) =>
  page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
const heading = (text: string) => page.getByRole('heading', { level: 1, name: text }).waitFor();
const fieldError = (field: string, text: string) =>
  page.locator(`[data-field="${field}"] .field-error`, { hasText: text }).waitFor();

describe('设置: passwords and language', () => {
  it('changes the own password, with each mistake beside its field first', { timeout: 90_000 }, async () => {
    await page.goto(rs.url);
    await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await heading('今日工作');
    await nav('设置');
    await heading('设置');
    const form = page.getByTestId('change-password');

    await form.getByLabel('原密码').fill('not-my-password');
    await form.getByLabel('新密码（至少 8 位）').fill('new-admin-pass-2');
    await form.getByLabel('再次输入新密码').fill('new-admin-pass-2');
    await form.getByRole('button', { name: '修改密码' }).click();
    await fieldError('oldPassword', '原密码不正确');

    await form.getByLabel('原密码').fill(ADMIN.password);
    await form.getByLabel('再次输入新密码').fill('new-admin-pass-3');
    await form.getByRole('button', { name: '修改密码' }).click();
    await fieldError('confirm', '两次输入的新密码不一致');

    await form.getByLabel('新密码（至少 8 位）').fill('short');
    await form.getByLabel('再次输入新密码').fill('short');
    await form.getByRole('button', { name: '修改密码' }).click();
    await fieldError('newPassword', '密码至少 8 位');
    expect(await canLogIn(ADMIN.username, ADMIN.password)).toBe(true); // nothing changed so far

    await form.getByLabel('新密码（至少 8 位）').fill('new-admin-pass-2');
    await form.getByLabel('再次输入新密码').fill('new-admin-pass-2');
    await form.getByRole('button', { name: '修改密码' }).click();
    await form.getByRole('status').filter({ hasText: '密码已修改' }).waitFor();
    expect(await form.locator('.field-error').count()).toBe(0);
    expect(await form.getByLabel('原密码').inputValue()).toBe('');
    expect(await canLogIn(ADMIN.username, ADMIN.password)).toBe(false);
    expect(await canLogIn(ADMIN.username, 'new-admin-pass-2')).toBe(true);
    // this window stays logged in
    await nav('今日工作');
    await heading('今日工作');
  });

  it('lets the admin reset an assistant’s password', { timeout: 60_000 }, async () => {
    await nav('设置');
    await heading('设置');
    // the admin's own row offers no reset: they use the form above
    expect(await page.getByRole('button', { name: `重置密码：${ADMIN.displayName}` }).count()).toBe(0);
    await page.getByRole('button', { name: `重置密码：${ASSISTANT.displayName}` }).click();
    const reset = page.getByTestId(`reset-${ASSISTANT.username}`);
    await reset.getByLabel(`为“${ASSISTANT.displayName}”设置新密码`).fill('1234');
    await reset.getByRole('button', { name: '确定重置' }).click();
    await reset.locator('[data-field="resetPassword"] .field-error', { hasText: '密码至少 8 位' }).waitFor();
    expect(await canLogIn(ASSISTANT.username, ASSISTANT.password)).toBe(true);
    await page.screenshot({ path: artifactPath('desk-settings-reset.png') });

    await reset.getByLabel(`为“${ASSISTANT.displayName}”设置新密码`).fill('reset-pass-9');
    await reset.getByRole('button', { name: '确定重置' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `已为“${ASSISTANT.displayName}”重置密码` })
      .waitFor();
    expect(await reset.count()).toBe(0);
    expect(await canLogIn(ASSISTANT.username, ASSISTANT.password)).toBe(false);
    expect(await canLogIn(ASSISTANT.username, 'reset-pass-9')).toBe(true);
  });

  it(
    'switches the 援助卡 and 同步 pages to English with the rest of the desk',
    { timeout: 60_000 },
    async () => {
      await page.getByLabel('界面语言').selectOption('en');
      await heading('Settings');
      expect(
        await page.getByTestId('change-password').getByRole('heading', { name: 'Change password' }).count(),
      ).toBe(1);
      await nav('Assistance cards');
      await heading('Employment assistance cards');
      await page.getByRole('tab', { name: 'Issue' }).waitFor();
      await nav('Sync');
      await heading('Sync');
      await page.getByText('This PC is not enrolled with the district server yet.').waitFor();
      await page.getByRole('button', { name: 'Sync now' }).waitFor();
      await nav('Settings');
      await page.getByLabel('Language').selectOption('zh-CN');
      await heading('设置');
      await nav('援助卡');
      await heading('就业援助卡');
    },
  );
});
