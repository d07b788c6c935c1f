// The assistant's desk in Chromium against a real headless station: first-run setup, login, registering a
// resident (a wrong ID number first), quick search by pinyin initials, the six clears filled and confirmed,
// the work list emptying, a household, an employer and a vacancy. Screenshots go to test-results/desk-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser, startStation, type RunningStation } from './harness';
import { idCheckCharacter } from '../../shared/validators/idNumber';
import { todayInChina, addDays } from '../../shared/domain/dates';

const ADMIN = { username: 'zhanzhang', password: 'desk-pass-01', displayName: '陈站长' };
const FIRST17 = '33010419850312001'; // 杭州 江干, born 1985-03-12, male
const CHECK = idCheckCharacter(FIRST17);
const WRONG_CHECK = CHECK === '0' ? '1' : '0';

let rs: RunningStation;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  rs = await startStation();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

const shot = (name: string) => page.screenshot({ path: artifactPath(`desk-${name}.png`) });
const nav = (label: string) =>
  page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
const heading = (text: string) => page.getByRole('heading', { level: 1, name: text }).waitFor();
const section = (key: string) => page.locator(`[data-section="${key}"]`);
const marker = (key: string) => page.getByTestId(`marker-${key}`);

async function worklistNames(): Promise<string[]> {
  await nav('今日工作');
  await page.getByTestId('today-total').filter({ hasText: '共' }).waitFor();
  return page.locator('[data-testid=worklist] tbody tr td:first-child a').allInnerTexts();
}

async function token(): Promise<string> {
  const r = (await rs.station.call('session.login', {
    username: ADMIN.username,
    password: ADMIN.password,
  })) as { token: string };
  return r.token;
}

describe('the assistant desk', () => {
  it('sets up the station on first run and logs in to the work list', { timeout: 120_000 }, async () => {
    await page.goto(rs.url);
    await heading('首次使用：工作站设置');
    await page.getByLabel('街道', { exact: true }).selectOption({ label: '凯旋街道' });
    await page.getByLabel('社区', { exact: true }).selectOption({ label: '景昙社区' });
    await expect.poll(() => page.getByLabel('工作站名称').inputValue()).toBe('景昙社区劳动保障工作室');
    await page.getByLabel('管理员用户名').fill(ADMIN.username);
    await page.getByLabel('管理员密码（至少 8 位）').fill('short');
    await page.getByLabel('管理员姓名').fill(ADMIN.displayName);
    await shot('setup');
    await page.getByRole('button', { name: '完成设置' }).click();
    // the station's own message, beside the password field
    await page.locator('[data-field="admin.password"] .field-error', { hasText: '密码至少 8 位' }).waitFor();
    expect(rs.station.identity).toBeNull();
    await page.getByLabel('管理员密码（至少 8 位）').fill(ADMIN.password);
    await page.getByRole('button', { name: '完成设置' }).click();

    await heading('登录');
    await page.getByText('设置完成，请登录。').waitFor();
    await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /用户名或密码/ })
      .waitFor();
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();

    await heading('今日工作');
    await page.getByText('今天没有待联系的居民。').waitFor();
    await expect.poll(() => page.locator('.topbar').innerText()).toContain('陈站长');
    expect(await page.locator('.topbar').innerText()).toContain('景昙社区');
    expect(new URL(page.url()).pathname).toBe('/today');
  });

  it(
    'registers a resident through the form, refusing a wrong ID number first',
    { timeout: 120_000 },
    async () => {
      await nav('居民(六清)');
      await page.getByRole('button', { name: '登记居民' }).click();
      await heading('登记居民');
      await page.getByLabel('姓名', { exact: true }).fill('张晓明');
      const id = page.getByLabel('身份证号', { exact: true });
      await id.fill(FIRST17 + WRONG_CHECK);
      const idError = page.locator('[data-field="idNumber"] .field-error');
      await idError.waitFor();
      expect(await idError.innerText()).toContain(
        `身份证号校验位错误：最后一位应为 ${CHECK}，实际为 ${WRONG_CHECK}`,
      );
      expect(await id.getAttribute('aria-invalid')).toBe('true');
      // saving is refused at the desk, and nothing reaches the station
      await id.press('Control+s');
      await page.getByTestId('form-message').filter({ hasText: '请先改正标红的项目' }).waitFor();
      const t = await token();
      expect(
        ((await rs.station.call('residents.list', { offset: 0, limit: 10 }, t)) as { total: number }).total,
      ).toBe(0);

      await id.fill(FIRST17 + CHECK);
      await page.getByTestId('id-info').filter({ hasText: '1985年03月12日' }).waitFor();
      expect(await page.getByTestId('id-info').innerText()).toContain('男');
      expect(await idError.count()).toBe(0);
      // Enter moves on to the next field
      await id.press('Enter');
      await expect
        .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
        .toBe('phone');
      await page.getByLabel('电话', { exact: true }).fill('13857101234');
      await shot('resident-new');
      await page.keyboard.press('Control+s');
      await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
      await heading('居民：张晓明');
      // the ID number is masked once saved
      expect(await page.getByTestId('masked-id').innerText()).toContain('330104********');

      // a second registration with the same number is offered the existing person instead
      await page.goto(`${rs.url}/residents/new`);
      await page.getByLabel('身份证号', { exact: true }).fill(FIRST17 + CHECK);
      await page.getByTestId('existing-notice').filter({ hasText: '该身份证号已登记：张晓明' }).waitFor();
      await page.getByRole('button', { name: '打开此人' }).click();
      await heading('居民：张晓明');

      const names = await worklistNames();
      expect(names).toContain('张晓明');
      expect(
        await page.locator('[data-testid=worklist] tbody tr', { hasText: '张晓明' }).innerText(),
      ).toContain('缺：失业、技能、培训、意向、收入、结果');
      await shot('today');
    },
  );

  it('finds the resident by pinyin initials in the quick search', { timeout: 60_000 }, async () => {
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-search');
    await page.keyboard.type('zxm');
    await page.waitForURL(/\/residents\?q=zxm$/);
    const row = page.locator('[data-testid=residents-grid] .ag-row .ag-cell[col-id="name"]', {
      hasText: '张晓明',
    });
    await row.waitFor();
    await page.getByTestId('residents-total').filter({ hasText: '共 1 条' }).waitFor();
    await shot('residents');
    await row.dblclick();
    await heading('居民：张晓明');
    // the full number only on request (the station logs who looked)
    await page.getByRole('button', { name: '显示完整身份证号' }).click();
    await expect.poll(() => page.getByLabel('身份证号', { exact: true }).inputValue()).toBe(FIRST17 + CHECK);
  });

  it(
    'fills the six clears section by section and the resident leaves the work list',
    { timeout: 120_000 },
    async () => {
      for (const key of ['unemployment', 'skills', 'training', 'preferences', 'income', 'outcome']) {
        expect(await marker(key).innerText()).toContain('未填写');
        await section(key).locator('.six-head > button').first().click();
        await section(key).getByRole('button', { name: '填写此部分' }).click();
      }
      // a section validates on its own: 就业状况 must be chosen
      await section('unemployment').locator('.field-error', { hasText: '请选择一项' }).waitFor();
      expect(await marker('unemployment').innerText()).toContain('有错误');
      await section('unemployment').getByLabel('就业状况').selectOption({ label: '失业' });
      await section('unemployment').getByLabel('已办理失业登记').check();
      await section('skills').getByLabel('技能名称').fill('电工');
      await section('skills').getByLabel('等级').fill('中级');
      await section('training').getByLabel('有培训需求').check();
      await section('training').getByLabel('希望参加的培训（用逗号分隔）').fill('电工进阶，安全生产');
      await section('preferences').getByLabel('意向职业（用逗号分隔）').fill('电工');
      await section('preferences').getByLabel('期望月薪（元）').fill('5000');
      await section('income').getByLabel('家庭人口').fill('三');
      await section('income').locator('.field-error', { hasText: '请输入数字' }).waitFor();
      await section('income').getByLabel('家庭人口').fill('3');
      await section('income').getByLabel('家庭月收入（元）').fill('4500');
      await section('outcome').getByLabel('就业结果').selectOption({ label: '尚未就业' });
      await section('outcome').getByLabel('未就业原因').fill('正在参加培训');
      for (const key of ['unemployment', 'skills', 'income'])
        expect(await marker(key).innerText()).toContain('已修改，待保存');
      await page.keyboard.press('Control+s');
      await page.getByTestId('form-message').filter({ hasText: '已保存' }).waitFor();
      for (const key of ['unemployment', 'skills', 'training', 'preferences', 'income', 'outcome']) {
        await expect.poll(() => marker(key).innerText()).toContain('已填写');
      }
      await page.locator('main.page').evaluate((el) => el.scrollTo(0, 0));
      await shot('resident');

      await page.getByRole('tab', { name: '修改记录' }).click();
      const history = page.getByTestId('history');
      await history.waitFor();
      const text = await history.innerText();
      expect(text).toContain('登记');
      expect(text).toContain('陈站长');
      expect(text).toContain('失业状况清');
      expect(text).toContain('就业状况：失业');
      expect(text).toContain('家庭人口：3');
      // income is sensitive: the history names the change but does not show the amount
      expect(text).toContain('家庭月收入（元）：');
      expect(text).not.toContain('4500');
      expect(text).not.toContain('clear_');
      await shot('history');
      // on request (logged at the station) the amounts are shown
      await page.getByRole('button', { name: '显示收入' }).click();
      await expect.poll(() => history.innerText()).toContain('家庭月收入（元）：4500');
      await page.getByText('已显示收入金额（本次查看已记录）').waitFor();

      expect(await worklistNames()).not.toContain('张晓明');
    },
  );

  it(
    'confirms a stale section unchanged, and the person leaves the work list',
    { timeout: 120_000 },
    async () => {
      const t = await token();
      const old = addDays(todayInChina(), -400);
      const first17 = '33010219900701002';
      await rs.station.call(
        'residents.create',
        {
          name: '李秀英',
          idNumber: first17 + idCheckCharacter(first17),
          unemployment: { status: 'employed', confirmedAt: todayInChina() },
          skills: { items: [], confirmedAt: todayInChina() },
          training: { wants: false, confirmedAt: todayInChina() },
          preferences: { confirmedAt: todayInChina() },
          income: { householdSize: 2, monthlyIncome: 8000, subsistence: 'none', confirmedAt: old },
          outcome: { result: 'placed', employer: '杭州某物流公司', confirmedAt: todayInChina() },
        },
        t,
      );
      await worklistNames();
      const row = page.locator('[data-testid=worklist] tbody tr', { hasText: '李秀英' });
      expect(await row.innerText()).toContain('需复核：收入');
      await row.getByRole('link', { name: '李秀英' }).click();
      await heading('居民：李秀英');
      expect(await marker('income').innerText()).toContain('需复核');
      // the income amount comes masked: shown as ****, read-only, with 显示
      await section('income').locator('.six-head > button').first().click();
      const hidden = section('income').getByTestId('income-hidden');
      await hidden.waitFor();
      expect(await hidden.innerText()).toContain('****');
      expect(await section('income').innerText()).not.toContain('8000');
      // confirming unchanged needs no amount
      await page.getByRole('button', { name: '家庭收入清：确认无变化' }).click();
      await expect.poll(() => marker('income').innerText()).toContain('已填写');
      await page.getByTestId('form-message').filter({ hasText: '家庭收入清' }).waitFor();
      expect(await hidden.isVisible()).toBe(true);
      // other edits save while the amount stays hidden, and the stored amount is kept
      await page.getByLabel('电话', { exact: true }).fill('13857109876');
      await page.keyboard.press('Control+s');
      await page.getByTestId('form-message').filter({ hasText: '已保存' }).waitFor();
      const stored = await rs.station.db
        .selectFrom('residents')
        .select(['phone', 'clear_income'])
        .where('name', '=', '李秀英')
        .executeTakeFirstOrThrow();
      expect(stored.phone).toBe('13857109876');
      expect(JSON.parse(stored.clear_income!)).toMatchObject({ monthlyIncome: 8000 });
      expect(await hidden.isVisible()).toBe(true);
      // 显示 asks the station, which logs who looked; the amount can then be edited
      const revealsBefore = (await rs.station.db.selectFrom('access_log').select('what').execute()).length;
      await section('income').getByRole('button', { name: '显示家庭月收入（元）' }).click();
      await expect.poll(() => section('income').getByLabel('家庭月收入（元）').inputValue()).toBe('8000');
      const reveals = await rs.station.db.selectFrom('access_log').select('what').execute();
      expect(reveals.slice(revealsBefore).map((r) => r.what)).toEqual(['reveal_id_number', 'reveal_income']);
      expect(await worklistNames()).not.toContain('李秀英');
    },
  );

  it('narrows the residents grid with the saved views', { timeout: 60_000 }, async () => {
    const first17 = '33010519700203004';
    await rs.station.call(
      'residents.create',
      { name: '赵未完', idNumber: first17 + idCheckCharacter(first17) },
      await token(),
    );
    await nav('居民(六清)');
    const names = () =>
      page.locator('[data-testid=residents-grid] .ag-row .ag-cell[col-id="name"]').allInnerTexts();
    await page.getByTestId('residents-total').filter({ hasText: '共 3 条' }).waitFor();
    await page.getByRole('button', { name: '六清未完成' }).click();
    await page.getByTestId('residents-total').filter({ hasText: '共 1 条' }).waitFor();
    expect(await names()).toEqual(['赵未完']);
    expect(await page.getByRole('button', { name: '六清未完成' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: '需复核' }).click();
    await page.getByTestId('residents-total').filter({ hasText: '共 0 条' }).waitFor();
    await page.getByRole('button', { name: '全部' }).click();
    await page.getByTestId('residents-total').filter({ hasText: '共 3 条' }).waitFor();
    expect((await names()).sort()).toEqual(['张晓明', '李秀英', '赵未完'].sort());
  });

  it(
    'keeps a draft of an unsaved form across a reload, offered, not laid over',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${rs.url}/residents/new`);
      await page.getByLabel('姓名', { exact: true }).fill('王草稿');
      const drafts = () =>
        page.evaluate(() =>
          Object.keys(localStorage)
            .filter((k) => k.startsWith('liuqing.draft.'))
            .map((k) => localStorage.getItem(k) ?? '')
            .join('|'),
        );
      await expect.poll(drafts).toContain('王草稿');
      await page.reload();
      await page.getByTestId('draft-offer').waitFor();
      expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('');
      await page.getByRole('button', { name: '恢复草稿' }).click();
      expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('王草稿');
      await page.getByRole('button', { name: '丢弃草稿' }).click();
      expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('');
      expect(await drafts()).toBe('');
    },
  );

  it(
    'edits a household: members, per-capita income and the zero-employment flag',
    { timeout: 120_000 },
    async () => {
      await nav('家庭');
      await page.getByRole('button', { name: '新建家庭' }).click();
      await heading('新建家庭');
      await page.getByLabel('地址', { exact: true }).fill('凯旋路 88 号 3 幢 201 室');
      await page.getByLabel('户主姓名').fill('张晓明');
      await page.getByLabel('家庭月收入（元）').fill('4500');
      await page.keyboard.press('Control+s');
      await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
      // the saved household comes back with its income masked
      await page.getByTestId('masked-monthlyIncome').waitFor();
      await page.getByLabel('查找居民加入本家庭').fill('zxm');
      await page.getByLabel('与户主关系').fill('户主');
      await page.getByRole('button', { name: '加入 张晓明' }).click();
      await page.locator('[data-testid=members] tbody tr', { hasText: '张晓明' }).waitFor();
      const facts = page.getByTestId('household-facts');
      await expect.poll(() => facts.innerText()).toContain('人口 1 人');
      expect(await facts.innerText()).toContain('人均月收入 ****');
      expect(await facts.innerText()).not.toContain('4,500');
      await page.getByRole('button', { name: '显示家庭月收入（元）' }).click();
      await expect.poll(() => facts.innerText()).toContain('人均月收入 ¥4,500.00');
      expect(
        await rs.station.db
          .selectFrom('access_log')
          .select(['entity', 'what'])
          .where('entity', '=', 'households')
          .execute(),
      ).toEqual([{ entity: 'households', what: 'reveal_income' }]);
      // his only working-age member is unemployed
      expect(await facts.innerText()).toContain('零就业家庭');
      await page.getByLabel('家庭月收入（元）').fill('6000.5');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => facts.innerText()).toContain('人均月收入 ¥6,000.50');
      await shot('household');
      await nav('家庭');
      await page.locator('[data-testid=households-grid] .ag-row', { hasText: '凯旋路 88 号' }).waitFor();
    },
  );

  it(
    'adds an employer with its credit code checked as typed, and a vacancy for it',
    { timeout: 120_000 },
    async () => {
      await nav('用人单位');
      await page.getByRole('button', { name: '新建用人单位' }).click();
      const code = page.getByLabel('统一社会信用代码');
      await code.fill('91330100799655058A');
      const err = page.locator('[data-field="creditCode"] .field-error');
      await err.waitFor();
      expect(await err.innerText()).toMatch(/校验/);
      await code.fill('91330100799655058B');
      await page.getByTestId('credit-ok').waitFor();
      await page.getByLabel('单位名称').fill('阿里巴巴（中国）有限公司');
      await page.getByLabel('行业', { exact: true }).fill('互联网');
      await page.getByLabel('联系人姓名').fill('刘经理');
      await page.getByLabel('联系电话').fill('0571-85022088');
      await shot('employer');
      await page.keyboard.press('Control+s');
      await page.waitForURL(/\/employers\/[0-9a-f-]{36}$/);
      await nav('用人单位');
      await page.locator('[data-testid=employers-grid] .ag-row', { hasText: '阿里巴巴' }).waitFor();

      await nav('岗位');
      await page.getByRole('button', { name: '新建岗位' }).click();
      await page.getByLabel('查找用人单位（名称或拼音）').fill('阿里');
      await page.getByRole('button', { name: '选择 阿里巴巴（中国）有限公司' }).click();
      await page.getByTestId('employer-picked').waitFor();
      await page.getByLabel('岗位名称').fill('电工');
      await page.getByLabel('招聘人数').fill('2');
      await page.getByLabel('最低月薪（元）').fill('6000');
      await page.getByLabel('最高月薪（元）').fill('5000');
      await page.keyboard.press('Control+s');
      // the station's cross-field rule, beside its field
      await page
        .locator('[data-field="wageMax"] .field-error', { hasText: '最高工资不能低于最低工资' })
        .waitFor();
      await page.getByLabel('最高月薪（元）').fill('8000');
      await page.keyboard.press('Control+s');
      await page.waitForURL(/\/vacancies\/[0-9a-f-]{36}$/);
      await nav('岗位');
      const row = page.locator('[data-testid=vacancies-grid] .ag-row', { hasText: '电工' });
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain('阿里巴巴');
      expect(text).toContain('¥6,000.00 – ¥8,000.00');
      expect(text).toContain('招聘中');
      await shot('vacancies');
    },
  );

  it('switches the language in the settings and keeps the choice', { timeout: 60_000 }, async () => {
    await nav('设置');
    await heading('设置');
    await expect.poll(() => page.getByLabel('六清确认有效期（天）').inputValue()).toBe('180');
    await shot('settings');
    await page.getByLabel('界面语言').selectOption('en');
    await heading('Settings');
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Residents', exact: true }).waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await heading('设置');
  });

  it('renders the print route without the desk frame', { timeout: 60_000 }, async () => {
    await page.goto(`${rs.url}/print/cards?ids=x&layout=card`);
    await page.locator('#root > *').first().waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.locator('.topbar').count()).toBe(0);
  });
});
