// The import wizard in Chromium against a real headless station: the admin opens 台账, chooses the kind and
// a real .xlsx through the file input, sees the columns recognised, previews (created / updated with its
// differences / rejected with row, column, value and reason), keeps one field group, confirms, downloads
// the rows not imported, and undoes the batch; each step has its own URL. Then a grid exported from the
// residents page as it stands. Screenshots go to test-results/ledgers-*.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactPath,
  launchBrowser,
  setUpAndLogin,
  startStation,
  type RunningStation,
} from '../e2e/harness';
import { idFor, xlsx } from './helpers';

let rs: RunningStation;
let browser: Browser;
let page: Page;
let token = '';
let dir = '';

const call = (method: string, input: unknown) => rs.station.call(method, input, token) as Promise<any>;
const shot = (name: string) => page.screenshot({ path: artifactPath(`ledgers-${name}.png`), fullPage: true });

async function readDownload(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as never);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) =>
    rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))),
  );
  return rows;
}

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 1);
  await call('residents.create', {
    name: '张三',
    idNumber: idFor(1),
    phone: '13800001111',
    address: '凯旋路 1 号',
  });
  browser = await launchBrowser();
  page = await browser.newPage({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  await page.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
  dir = mkdtempSync(join(tmpdir(), 'liuqing-wizard-'));
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('import wizard', () => {
  it(
    'imports a ledger chosen through the file input, step by step, and undoes it',
    { timeout: 120_000 },
    async () => {
      const file = join(dir, '景昙社区六清台账.xlsx');
      writeFileSync(
        file,
        await xlsx([
          ['景昙社区六清台账'],
          ['序号', '姓名', '身份证号码', '联系电话', '现住址', '就业状况'],
          [1, '张三', idFor(1), '13900002222', '凯旋路 2 号', '失业'],
          [2, '李四', idFor(2), '13800003333', null, '就业'],
          [3, '王五', idFor(3).slice(0, 17) + (idFor(3).endsWith('1') ? '2' : '1'), null, null, null],
        ]),
      );
      await page.goto(`${rs.url}/ledgers`);
      await page.getByRole('button', { name: '导入台账' }).click();
      await page.waitForURL(/\/ledgers\/import$/);
      await page.getByLabel('台账类型').selectOption({ label: '居民（六清）台账' });
      await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles(file);
      await shot('1-file');
      await page.getByRole('button', { name: '上传并读取' }).click();

      await page.waitForURL(/\/ledgers\/import\/[0-9a-f-]{36}\/map$/);
      const batchId = /import\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
      const mapping = page.getByTestId('ledger-mapping');
      await mapping.waitFor();
      await expect.poll(() => page.getByLabel('C 身份证号码').inputValue()).toBe('idNumber');
      expect(await page.getByLabel('E 现住址').inputValue()).toBe('address');
      expect(await mapping.textContent()).toContain(`${idFor(1).slice(0, 6)}********`);
      await shot('2-map');
      await page.getByRole('button', { name: '预览' }).click();

      await page.waitForURL(`**/ledgers/import/${batchId}/preview`);
      const counts = page.getByTestId('ledger-counts');
      await counts.waitFor();
      expect(await counts.textContent()).toMatch(/新增 1.*更新 1.*无变化 0.*未导入 1/);
      await page.getByRole('tab', { name: '更新' }).click();
      const updated = page.getByTestId('ledger-update');
      await updated.waitFor();
      expect(await updated.textContent()).toContain('电话与住址：联系电话 13800001111 → 13900002222');
      await page.getByRole('tab', { name: '未导入' }).click();
      const rejected = page.getByTestId('ledger-rejected');
      await rejected.waitFor();
      expect(await rejected.textContent()).toMatch(/5C身份证号码.*身份证号校验位错误/);
      await page.locator('[data-group="contact"]').getByLabel('保留原值').check();
      await shot('3-preview');
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '下载未导入的行（Excel，含原因）' }).click();
      const saved = join(dir, (await download).suggestedFilename());
      await (await download).saveAs(saved);
      const back = await readDownload(saved);
      expect(back[0]).toEqual([
        '序号',
        '姓名',
        '身份证号码',
        '联系电话',
        '现住址',
        '就业状况',
        '原行号',
        '拒绝原因',
      ]);
      expect(back[1]![6]).toBe('5');
      expect(back[1]![7]).toMatch(/^身份证号码：身份证号校验位错误/);
      await page.getByRole('button', { name: '确认导入' }).click();

      await page.waitForURL(`**/ledgers/import/${batchId}/done`);
      const result = page.getByTestId('ledger-result');
      await result.waitFor();
      expect(await result.textContent()).toBe('新增 1，更新 1，保留原值 0，无变化 0，未导入 1。');
      const zhang = (await call('residents.findByIdNumber', { idNumber: idFor(1) })).resident;
      expect(await call('residents.get', { id: zhang.id })).toMatchObject({
        phone: '13800001111',
        address: '凯旋路 1 号',
        unemployment: { status: 'unemployed' },
      });
      expect((await call('residents.findByIdNumber', { idNumber: idFor(2) })).resident.name).toBe('李四');
      await shot('4-done');

      // each step is its own page: a reload of the done step shows the same batch
      await page.reload();
      await page.getByTestId('ledger-result').waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: '撤销本次导入' }).click();
      await page.getByText('已撤销：2 条记录已恢复。').waitFor();
      expect((await call('residents.findByIdNumber', { idNumber: idFor(2) })).resident).toBeNull();
      await page.goto(`${rs.url}/ledgers`);
      expect(await page.getByTestId('ledger-batches').textContent()).toContain('已撤销');
    },
  );

  it('exports the residents grid as it stands, through the page', { timeout: 60_000 }, async () => {
    for (let i = 10; i < 15; i++)
      await call('residents.create', {
        name: `居民${i}`.replace(/\d/g, (d) => '零一二三四五六七八九'[+d]!),
        idNumber: idFor(i),
      });
    await page.goto(`${rs.url}/residents`);
    await page.getByTestId('residents-total').filter({ hasText: '共 6 条' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('residents-export').getByRole('button', { name: '导出 Excel' }).click();
    const saved = join(dir, (await download).suggestedFilename());
    await (await download).saveAs(saved);
    expect((await download).suggestedFilename()).toMatch(/^居民-\d{8}\.xlsx$/);
    const rows = await readDownload(saved);
    // the grid's default columns (issue 15 added employment, the person's state in the book, phone and address)
    expect(rows[0]).toEqual([
      '姓名',
      '身份证号码',
      '性别',
      '年龄',
      '就业状况',
      '人员状态',
      '联系电话',
      '住址',
      '六清',
      '最早确认日期',
      '更新时间',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows.slice(1).every((r) => /^\d{6}\*{8}\d{3}[\dX]$/.test(r[1]!))).toBe(true);

    // the quick filter in the top bar narrows the grid, and the export with it
    await page.goto(`${rs.url}/residents?q=${encodeURIComponent('居民')}`);
    await page.getByTestId('residents-total').filter({ hasText: '共 5 条' }).waitFor();
    const filtered = page.waitForEvent('download');
    await page.getByTestId('residents-export').getByRole('button', { name: '导出 Excel' }).click();
    const saved2 = join(dir, `filtered-${(await filtered).suggestedFilename()}`);
    await (await filtered).saveAs(saved2);
    expect(
      (await readDownload(saved2))
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['居民一零', '居民一一', '居民一二', '居民一三', '居民一四'].sort());
  });
});
