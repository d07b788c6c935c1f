// The district console in Chromium against a real district server on SQLite, with two real stations of
// one street syncing to it: login with the one-time password and its change, the fleet (pending count and
// app version the stations reported), a merge decision taken on the page and reaching both stations after
// their sync, a report drilled down from district to street to community to the people behind a figure, the
// xlsx export read back with exceljs, an expired session sent to login and back to its page, the lockout
// message. Every screen is photographed in both languages (test-results/console-*.png). `npm test` builds
// the console first (dist/console).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/console/accounts';
import { DEFAULT_REFERENCE } from '../../server/reference';
import { DOCUMENT_HEADERS } from '../../shared/reports/columns';
import { COMMUNITY_A, COMMUNITY_B, enrolledStation, peopleFrom, startDistrict } from '../sync/harness';
import { CARE } from '../training/helpers';
import type { District, SyncedStation } from '../sync/harness';
import { artifactPath, launchBrowser } from './harness';

const CONSOLE_DIR = resolve(import.meta.dirname, '../../dist/console');
const STREET = COMMUNITY_A.slice(0, 9);
const YEAR = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('district console in Chromium (SQLite, two stations)', () => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password = '';
  const person = peopleFrom(1311);
  const twice = person();
  let keptId = '';
  let heldId = '';
  const usb = mkdtempSync(join(tmpdir(), 'liuqing-console-usb-'));

  const shot = async (name: string) => {
    await page.screenshot({ path: artifactPath(`console-${name}-zh.png`), fullPage: true });
    await page.getByTestId('lang-switch').click();
    await page.screenshot({ path: artifactPath(`console-${name}-en.png`), fullPage: true });
    await page.getByTestId('lang-switch').click();
  };

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html')))
      throw new Error('console not built: run `npm run build:console` first');
    d = await startDistrict();
    a = await enrolledStation(d, COMMUNITY_A);
    b = await enrolledStation(d, COMMUNITY_B);
    // A registers the person first and two more; B registers the same ID number again and one more
    const kept = await a.call('residents.create', {
      name: twice.name,
      idNumber: twice.idNumber,
      phone: twice.phone,
    });
    keptId = kept.id;
    const trainees = [];
    for (const p of [person(), person()])
      trainees.push(await a.call('residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone }));
    // one completes a one-day course today (not hired yet): the training rate's 1 completed, 0%
    const course = await a.call('training.courses.create', { ...CARE, start: TODAY, end: TODAY });
    await a.call('training.enrol', { courseId: course.id, residentId: trainees[0]!.id });
    await a.call('training.complete', { courseId: course.id, residentId: trainees[0]!.id, date: TODAY });
    const other = person();
    await b.call('residents.create', { name: other.name, idNumber: other.idNumber });
    await a.sync();
    const held = await b.call('residents.create', {
      name: twice.name,
      idNumber: twice.idNumber,
      address: '芙蓉路 8 号',
    });
    heldId = held.id;
    await b.sync();
    await a.sync();
    password = (await addUser(d.server.ctx, { username: 'quzhang', role: 'district' })).password;
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await a?.close();
    await b?.close();
    await d?.close();
    rmSync(usb, { recursive: true, force: true });
  });

  it('logs in with the one-time password, changes it, and lands on the page asked for', async () => {
    await page.goto(`${d.url}/console/fleet`);
    await page.waitForURL(/\/console\/login\?next=%2Fconsole%2Ffleet/);
    await page.getByLabel('用户名').fill('quzhang');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码不正确');
    await shot('login');
    await page.getByLabel('密码').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/console\/password/);
    await page.screenshot({ path: artifactPath('console-password-zh.png'), fullPage: true });
    await page.getByLabel('当前密码').fill(password);
    await page.getByLabel('新密码', { exact: true }).fill('quzhang-2026-own');
    await page.getByLabel('再次输入新密码').fill('quzhang-2026-own');
    await page.getByTestId('password-submit').click();
    await page.waitForURL(/\/console\/fleet$/);
    const user = await d.server.db
      .selectFrom('console_users')
      .select('must_change')
      .where('username', '=', 'quzhang')
      .executeTakeFirstOrThrow();
    expect(Number(user.must_change)).toBe(0);
  });

  it('fleet: both stations with what they reported at sync, and an enrolment code issued on the page', async () => {
    const rows = page.locator('[data-testid=fleet-table] tbody tr[data-station]');
    await expect.poll(() => rows.count()).toBe(2);
    const rowA = page.locator(`tr[data-station="${a.stationId}"]`);
    await expect.poll(() => rowA.getByTestId('weekly-cell').textContent()).toBe('本周已上传');
    // the stations said at their last pull that nothing was left to upload
    expect((await rowA.getByTestId('pending-cell').textContent())?.trim().startsWith('0')).toBe(true);
    const stored = await d.server.db
      .selectFrom('stations')
      .select(['pending_reported', 'last_pull_at', 'app_version'])
      .where('id', '=', a.stationId)
      .executeTakeFirstOrThrow();
    expect(stored.pending_reported).toBe(0);
    expect(stored.app_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(stored.last_pull_at).not.toBeNull();
    expect(await rowA.textContent()).toContain(stored.app_version);
    await expect.poll(() => page.getByTestId('weekly-uploaded').textContent()).toContain('2');

    await page.getByTestId('enrol-community').selectOption(COMMUNITY_B);
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('enrol-code').textContent())
      .toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    await expect.poll(() => rows.count()).toBe(3);
    await shot('fleet');
    const audit = await d.server.db
      .selectFrom('console_audit')
      .select(['action', 'outcome'])
      .where('action', '=', 'stations.enrol')
      .execute();
    expect(audit).toEqual([{ action: 'stations.enrol', outcome: 'ok' }]);
  });

  it('a merge decided side by side on the page reaches both stations at their next sync', async () => {
    await page.goto(`${d.url}/console/merges`);
    const link = page.locator('[data-testid=merges-table] tbody a');
    await expect.poll(() => link.count()).toBe(1);
    await shot('merges');
    await link.click();
    await page.waitForURL(/\/console\/merges\/.+/);
    const address = page.locator('[data-testid=merge-fields] tr[data-field=address]');
    await expect.poll(() => address.getAttribute('data-differs')).toBe('1');
    // the ID number side by side is masked on both sides
    const idRow = await page.locator('[data-testid=merge-fields] tr[data-field=id_number]').textContent();
    expect(idRow).not.toContain(twice.idNumber);
    expect(idRow).toContain('*');
    await shot('merge');
    page.once('dialog', (dlg) => void dlg.accept());
    await page.getByTestId(`keep-${COMMUNITY_A}`).click();
    await expect.poll(() => page.getByTestId('merge-done').isVisible()).toBe(true);
    const task = await d.server.db
      .selectFrom('merge_tasks')
      .select(['status', 'kept_community', 'decided_by'])
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'resolved', kept_community: COMMUNITY_A, decided_by: 'quzhang' });

    for (const s of [b, a]) await s.sync();
    await expect(b.call('residents.get', { id: heldId })).rejects.toThrow(/找不到该居民/);
    expect(await a.call('residents.get', { id: keptId })).toMatchObject({ name: twice.name, hold: null });
    const logged = await d.server.db
      .selectFrom('console_audit')
      .select(['username', 'outcome'])
      .where('action', '=', 'merges.decide')
      .execute();
    expect(logged).toEqual([{ username: 'quzhang', outcome: 'ok' }]);
  });

  it('a report drilled down district → street → community → the people behind a figure', async () => {
    await page.goto(`${d.url}/console/reports?kind=year&value=${YEAR}`);
    const streetCell = page.getByTestId(`drill-${STREET}-workingAge`);
    await expect.poll(() => streetCell.textContent()).toBe('4');
    // beside fairs and subsidies: the training employment rate, per provider and in total
    const training = page.getByTestId('programmes-training');
    await expect.poll(() => training.textContent()).toContain(CARE.provider);
    const total = page.getByTestId('programmes-training-total').locator('td');
    expect(await total.allTextContents()).toEqual(['合计', '1', '0', '0.0%']);
    await shot('reports-district');
    await page.getByTestId(`open-${STREET}`).click();
    await expect.poll(() => page.url()).toContain(`street=${STREET}`);
    const cellA = page.getByTestId(`drill-${COMMUNITY_A}-workingAge`);
    await expect.poll(() => cellA.textContent()).toBe('3');
    expect(await page.getByTestId(`drill-${COMMUNITY_B}-workingAge`).textContent()).toBe('1');
    await shot('reports-street');
    await cellA.click();
    const list = page.getByTestId('drill-list');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(3);
    const text = (await list.textContent()) ?? '';
    expect(text).toContain(twice.name);
    expect(text).not.toContain(twice.idNumber);
    expect(text).toContain(`${twice.idNumber.slice(0, 6)}`);
    await shot('reports-drill');
    // the full number only on 显示, and the district writes down who read whose
    await list.locator(`tr[data-row="${keptId}"] button`).click();
    await expect.poll(() => list.locator(`tr[data-row="${keptId}"]`).textContent()).toContain(twice.idNumber);
    const reveal = await d.server.db
      .selectFrom('console_audit')
      .select(['username', 'target'])
      .where('action', '=', 'residents.reveal')
      .execute();
    expect(reveal).toEqual([{ username: 'quzhang', target: keptId }]);
    // back, and the xlsx of the street read back
    await page.getByTestId('drill-back').click();
    await expect.poll(() => page.getByTestId('report-table').isVisible()).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('reports-export').click(),
    ]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('通报')!;
    expect(String(ws.getCell('A1').value)).toMatch(/就业援助工作情况通报$/);
    expect(String(ws.getCell('A2').value)).toContain(`${YEAR}年1月1日 至 ${YEAR}年12月31日`);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(2).value).toBe(4);
    expect(download.suggestedFilename()).toMatch(/通报_\d{4}-01-01_\d{4}-12-31\.xlsx$/);
  });

  it('printed, the district 通报 runs over pages, each with its title, period and every column header; A4 landscape', async () => {
    await page.goto(`${d.url}/console/reports?kind=year&value=${YEAR}`);
    await expect.poll(() => page.getByTestId(`drill-${STREET}-workingAge`).textContent()).toMatch(/^\d+$/);
    await page.emulateMedia({ media: 'print' });
    const pdf = artifactPath('console-report-district-print.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([842, 595]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    // every street and its communities (as the Excel file lists them): more than one page
    expect(pages).toBeGreaterThanOrEqual(2);
    // a column header wraps inside its cell: read each page in drawing order, without white space
    const pageText = (p: number) =>
      execFileSync('pdftotext', ['-raw', '-f', String(p), '-l', String(p), pdf, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, '');
    const all: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const text = pageText(p);
      all.push(text);
      expect(text).toContain('全区就业援助工作情况通报');
      expect(text).toContain(`统计期间：${YEAR}年1月1日至${YEAR}年12月31日`);
      expect(text).toContain('单位：人、户、张、条、次、人次');
      for (const header of Object.values(DOCUMENT_HEADERS)) expect(text).toContain(header);
      // the screen's frame and buttons are not printed
      expect(text).not.toContain('合并任务');
      expect(text).not.toContain('导出');
    }
    // the totals row once, at the end; every community of the reference data listed
    expect(all.filter((t) => t.includes('合计')).length).toBe(1);
    expect(all[pages - 1]).toContain('合计');
    const printed = all.join('');
    for (const c of DEFAULT_REFERENCE.communities) expect(printed).toContain(c.name);
  });

  it('a USB bundle imported on the page: its verdicts, the receipt read back at the station, twice changes nothing, tampered refused', async () => {
    for (const p of [person(), person()])
      await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
    const written = await a.call('sync.exportBundle', { dir: usb });
    expect(written.entries).toBe(2);
    await page.goto(`${d.url}/console/bundles`);
    await page.getByTestId('bundle-file').setInputFiles(written.file);
    const result = page.getByTestId('bundle-result');
    await expect.poll(() => result.textContent()).toContain('共 2 条，接收 2');
    await shot('bundle');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('bundle-receipt').click(),
    ]);
    expect(download.suggestedFilename()).toContain('六清回执');
    const receipt = join(usb, download.suggestedFilename());
    await download.saveAs(receipt);
    expect((await a.call('sync.importReceipt', { file: receipt })).accepted).toBe(2);
    expect((await a.call('sync.status', {})).pendingCount).toBe(0);
    // the same file again: nothing new
    const logBefore = await d.server.db
      .selectFrom('sync_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await page.getByTestId('bundle-file').setInputFiles(written.file);
    await expect.poll(() => result.textContent()).toContain('此前已导入过');
    const logAfter = await d.server.db
      .selectFrom('sync_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(logAfter.n)).toBe(Number(logBefore.n));
    // one character changed in the sealed part: refused whole, in words, and logged
    const text = readFileSync(written.file, 'utf8');
    const at = text.length - 40;
    const tampered = join(usb, 'tampered.lqb');
    writeFileSync(tampered, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    await page.getByTestId('bundle-file').setInputFiles(tampered);
    await expect.poll(() => page.getByTestId('bundle-error').textContent()).toMatch(/拒收|损坏|篡改/);
    const refused = await d.server.db
      .selectFrom('console_audit')
      .select(['outcome', 'detail'])
      .where('action', '=', 'bundles.import')
      .orderBy('at')
      .execute();
    expect(refused.map((r) => r.outcome)).toEqual(['ok', 'ok', 'refused']);
  });

  it('a reference version that would orphan residents is previewed and refused with the count; nothing written', async () => {
    const before = await d.server.db
      .selectFrom('reference')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const file = join(usb, 'reference.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...DEFAULT_REFERENCE,
        version: 'console-test',
        communities: DEFAULT_REFERENCE.communities.filter((c) => c.code !== COMMUNITY_A),
      }),
    );
    await page.goto(`${d.url}/console/reference`);
    await page.getByTestId('reference-file').setInputFiles(file);
    const orphans = page.getByTestId('reference-orphans');
    await expect.poll(() => orphans.textContent()).toMatch(/景昙社区（5）.*共 5 人/);
    expect(await page.getByTestId('reference-load').count()).toBe(0);
    await shot('reference');
    const after = await d.server.db
      .selectFrom('reference')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    for (const screen of ['conflicts', 'transfers', 'audit']) {
      await page.goto(`${d.url}/console/${screen}`);
      await expect.poll(() => page.getByTestId(`${screen}-page`).isVisible()).toBe(true);
      await shot(screen);
    }
  });

  it('an expired session goes back to login and returns to the same page', async () => {
    const target = `/console/reports?kind=year&value=${YEAR}&street=${STREET}`;
    await page.goto(`${d.url}${target}`);
    await expect.poll(() => page.getByTestId(`drill-${COMMUNITY_A}-workingAge`).textContent()).toBe('5');
    await d.server.db
      .updateTable('console_sessions')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .execute();
    await page.reload();
    await page.waitForURL(/\/console\/login\?next=.*why=expired/);
    expect(await page.getByTestId('login-why').textContent()).toContain('登录已过期');
    await shot('expired');
    await page.getByLabel('用户名').fill('quzhang');
    await page.getByLabel('密码').fill('quzhang-2026-own');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => u.pathname + u.search === target);
    await expect.poll(() => page.getByTestId(`drill-${COMMUNITY_A}-workingAge`).textContent()).toBe('5');
    const refused = await d.server.db
      .selectFrom('console_audit')
      .select('detail')
      .where('outcome', '=', 'refused')
      .where('detail', '=', 'session_expired')
      .execute();
    expect(refused.length).toBeGreaterThan(0);
  });

  it('five wrong passwords lock the account with the rule in the message', async () => {
    await addUser(d.server.ctx, { username: 'jiedao', role: 'street', street: STREET });
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/console\/login/);
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('用户名').fill('jiedao');
      await page.getByLabel('密码').fill(`wrong-${i}`);
      await page.getByTestId('login-submit').click();
      await expect
        .poll(() => page.getByTestId('login-error').textContent())
        .toMatch(i < 5 ? /用户名或密码不正确/ : /锁定 15 分钟/);
    }
    await shot('locked');
  });
  it('a street account sees its street only; a viewer sees a merge task without the decision; print is A4 landscape', async () => {
    const logIn = async (username: string, pw: string) => {
      await page.goto(`${d.url}/console/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(pw);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/console\/password/);
      await page.getByLabel('当前密码').fill(pw);
      await page.getByLabel('新密码', { exact: true }).fill(`${username}-own-2026`);
      await page.getByLabel('再次输入新密码').fill(`${username}-own-2026`);
      await page.getByTestId('password-submit').click();
      await page.waitForURL(/\/console\/fleet/);
    };
    const street = await addUser(d.server.ctx, { username: 'kaixuan', role: 'street', street: STREET });
    await logIn('kaixuan', street.password);
    // asked for another street in the URL: the page shows its own (the server holds it there too)
    await page.goto(`${d.url}/console/reports?kind=year&value=${YEAR}&street=330104006`);
    await expect.poll(() => page.getByTestId('reports-heading').textContent()).toContain('凯旋街道');
    expect(await page.getByTestId('report-crumbs').textContent()).not.toContain('全区');
    await expect.poll(() => page.getByTestId(`drill-${COMMUNITY_A}-workingAge`).textContent()).toBe('5');
    await shot('reports-street-account');
    // printed: A4 landscape, the report's heading and table, no navigation
    await page.emulateMedia({ media: 'print' });
    const pdf = artifactPath('console-report-print.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    expect(Math.round(Number(size[1]))).toBe(842);
    expect(Math.round(Number(size[2]))).toBe(595);
    const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(printed).toContain('凯旋街道就业援助工作情况');
    expect(printed).toContain('合计');
    expect(printed).not.toContain('合并任务');
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/console\/login/);

    const viewer = await addUser(d.server.ctx, { username: 'chakan', role: 'viewer' });
    await logIn('chakan', viewer.password);
    await page.goto(`${d.url}/console/merges?status=resolved`);
    const link = page.locator('[data-testid=merges-table] tbody a');
    await expect.poll(() => link.count()).toBe(1);
    await link.click();
    await expect.poll(() => page.getByTestId('merge-status').textContent()).toContain('已决定');
    expect(await page.locator('[data-testid^=keep-]').count()).toBe(0);
    // a viewer is never offered an enrolment code either
    await page.goto(`${d.url}/console/fleet`);
    await expect.poll(() => page.getByTestId('fleet-table').isVisible()).toBe(true);
    expect(await page.getByTestId('enrol-form').count()).toBe(0);
  });
});
