// Policy support at the desk in Chromium against a real headless station: from a person's page to a new
// subsidy application (eligibility with reasons, the standard amount refused when exceeded, the checklist),
// saved with Ctrl+S onto its own URL (a reload lands there), Esc back to the person, the 政策扶持 page with
// its totals (an empty year said in words; an applicant's name opening their page); and the printed A4
// application form read back from the PDF with pdftotext (ID number masked). From the 政策扶持 list too:
// 新建补贴申请 finds the person and goes on to their form, which names them; its field messages in either language.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactPath,
  launchBrowser,
  setUpAndLogin,
  startStation,
  type RunningStation,
} from '../e2e/harness';
import type { TestStation } from '../factories/station';
import { flexibleCardHolder } from './helpers';

let rs: RunningStation;
let browser: Browser;
let page: Page;
let token = '';

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 1);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await page.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

describe('政策扶持 at the desk', () => {
  it('applies for a subsidy from the person page and prints the form', { timeout: 180_000 }, async () => {
    const s = { call: (m: string, i: unknown) => rs.station.call(m, i, token) } as unknown as TestStation;
    const { resident } = await flexibleCardHolder(s, 51);
    const fullId = await rs.station.db
      .selectFrom('residents')
      .select('id_number as idNumber')
      .where('id', '=', resident.id)
      .executeTakeFirstOrThrow();

    // nothing applied for yet this year: said in words, not an empty table
    await page.goto(`${rs.url}/subsidies`);
    await expect
      .poll(() => page.getByTestId('subsidy-totals-none').innerText())
      .toMatch(/^\d{4} 年还没有补贴申请$/);
    expect(await page.getByTestId('subsidy-totals').count()).toBe(0);

    await page.goto(`${rs.url}/residents/${resident.id}`);
    const mine = page.getByTestId('resident-subsidies');
    await mine.getByRole('button', { name: '申请补贴' }).click();
    await page.waitForURL(/\/subsidies\/new\?residentId=/);
    await page.locator('[data-code="social_insurance"][data-eligible="true"]').waitFor();
    await expect.poll(() => page.getByLabel('政策').inputValue()).toBe('social_insurance');
    await page.getByLabel('补贴起始日期').fill('2026-09-01');
    await page.getByLabel('补贴截止日期').fill('2027-02-28');
    await page.getByLabel('申请金额').fill('9999');
    for (const d of [
      '补贴申请表',
      '身份证复印件',
      '就业援助卡',
      '灵活就业或自主创业证明',
      '社会保险缴费凭证',
    ])
      await page.getByLabel(d, { exact: true }).check();
    await page.keyboard.press('Control+s');
    await expect
      .poll(() => page.getByTestId('form-message').innerText())
      .toContain('申请金额 ¥9,999.00 超过政策标准 ¥3,600.00');
    await page.getByLabel('申请金额').fill('3600');
    await page.keyboard.press('Control+s');
    // saved, said once: the flag that says so leaves the address (a reload must not say it again)
    await page.waitForURL(/\/subsidies\/[0-9a-f-]{36}$/);
    const id = /\/subsidies\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect.poll(() => page.getByTestId('subsidy-status').innerText()).toBe('已申报');
    await expect.poll(() => page.getByTestId('subsidy-saved').innerText()).toContain('补贴申请已保存');
    await page.screenshot({ path: artifactPath('subsidy-view.png') });
    // its own URL: a reload lands on the same application
    await page.reload();
    await expect.poll(() => page.getByTestId('subsidy-status').innerText()).toBe('已申报');
    expect(await page.getByTestId('subsidy-saved').count()).toBe(0);
    // Esc goes back to the person, whose page lists the application
    await page.keyboard.press('Escape');
    await page.waitForURL(new RegExp(`/residents/${resident.id}$`));
    await expect.poll(() => mine.locator(`tr[data-id="${id}"]`).innerText()).toContain('社会保险补贴');

    // the 政策扶持 page: this year's person-times and amounts
    await page.getByRole('navigation').getByRole('link', { name: '政策扶持', exact: true }).click();
    await expect.poll(() => page.getByTestId('subsidy-totals').innerText()).toContain('¥3,600.00');
    // the applicant's name on the list opens their page
    await page
      .getByTestId('subsidy-list')
      .locator(`tr[data-id="${id}"]`)
      .getByRole('button', { name: resident.name })
      .click();
    await page.waitForURL(new RegExp(`/residents/${resident.id}$`));

    // the printed form, A4 portrait, Chinese, ID number masked
    const print = await browser.newPage();
    await print.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
    await print.goto(`${rs.url}/print/subsidies/${id}`);
    await print.waitForFunction(() => document.body.dataset.printReady !== undefined, undefined, {
      timeout: 30_000,
    });
    expect(await print.evaluate(() => document.body.dataset.printReady)).toBe('true');
    const file = artifactPath('subsidy-form.pdf');
    writeFileSync(file, await print.pdf({ preferCSSPageSize: true, printBackground: true }));
    await print.close();
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([595, 842]);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const words of [
      '社会保险补贴申请表',
      resident.name,
      '2026年09月01日 至 2027年02月28日（共 6 个月）',
      '¥3,600.00',
      '持有效就业援助卡',
      '社会保险缴费凭证',
      '区审批意见',
    ])
      expect(text.replace(/[ \t]+/g, ' ')).toContain(words.replace(/[ \t]+/g, ' '));
    expect(text).toContain(`${fullId.idNumber.slice(0, 6)}********${fullId.idNumber.slice(-4)}`);
    expect(text).not.toContain(fullId.idNumber);
  });

  it(
    'starts an application from the 政策扶持 list: finds the person, names them on the form; English words',
    { timeout: 180_000 },
    async () => {
      const s = { call: (m: string, i: unknown) => rs.station.call(m, i, token) } as unknown as TestStation;
      const { resident } = await flexibleCardHolder(s, 52);
      const masked = (await s.call('residents.get', { id: resident.id })).idNumber;
      expect(masked).toContain('****');
      const setLang = async (lang: string) => {
        await page.evaluate((l) => localStorage.setItem('liuqing.lang', l), lang);
        await page.reload();
      };

      for (const lang of ['zh-CN', 'en'] as const) {
        const zh = lang === 'zh-CN';
        await page.goto(`${rs.url}/subsidies`);
        await setLang(lang);
        // the list has its own way in: no dead end for an assistant who comes here to apply
        await page.getByRole('button', { name: zh ? '新建补贴申请' : 'New subsidy application' }).click();
        await page.waitForURL(/\/subsidies\/new$/);
        const search = page.getByLabel(zh ? '居民姓名 / 拼音首字母 / 身份证后几位' : /^Resident name/);
        await search.fill('无此人名字');
        await expect
          .poll(() => page.getByTestId('applicant-none').innerText())
          .toContain(zh ? '没有找到这位居民' : 'No resident found');
        await search.fill(resident.name);
        const row = page.getByTestId('applicant-results').locator(`li[data-id="${resident.id}"]`);
        await expect.poll(() => row.innerText()).toContain(masked);
        await page.screenshot({ path: artifactPath(`subsidy-pick-${lang}.png`) });
        await row.getByRole('button', { name: zh ? '为其申请' : 'Apply for them' }).click();
        await page.waitForURL(new RegExp(`/subsidies/new\\?residentId=${resident.id}&from=list$`));
        // the form says whose application it is
        await expect
          .poll(() => page.locator('#subsidy-title').innerText())
          .toBe(zh ? `为${resident.name}申请补贴` : `Subsidy application for ${resident.name}`);
        expect(await page.getByTestId('subsidy-applicant').innerText()).toContain(masked);
        await page.locator('[data-code="social_insurance"][data-eligible="true"]').waitFor();

        // saved with no end date and no amount: each field says what it wants, in the desk's language
        await page.keyboard.press('Control+s');
        const to = page.locator('[data-field="period.to"] .field-error');
        const amount = page.locator('[data-field="amount"] .field-error');
        await expect
          .poll(() => to.innerText())
          .toBe(zh ? '补贴截止日期应为真实日期（YYYY-MM-DD）' : 'Enter a real date (YYYY-MM-DD)');
        expect(await amount.innerText()).toBe(zh ? '金额应大于 0' : 'The amount must be more than 0');
        if (!zh)
          expect(await page.getByTestId('form-message').innerText()).toBe(
            'Input error: Enter a real date (YYYY-MM-DD)',
          );
        await page.screenshot({ path: artifactPath(`subsidy-form-${lang}.png`) });
        expect((await s.call('subsidies.list', { residentId: resident.id })).total).toBe(0);
        // closed (Esc), the form goes back to the list it was opened from, not to the person's page
        await page.keyboard.press('Escape');
        await page.waitForURL(/\/subsidies$/);
      }
      await setLang('zh-CN');
    },
  );
});
