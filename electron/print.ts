// Printing assistance cards from Electron without giving the page any printing API of its own: the page
// asks `print.cards({ ids, layout, pdf? })`; main renders our print route in a hidden window, waits for the
// page to say it is ready, then prints (system dialog) or saves a PDF where the user chooses.
//
// The session token reaches that window through sessionStorage, never the URL (URLs end up in histories and
// crash reports): the window first loads a script-less page of our origin, main writes the token into its
// sessionStorage, then the same window navigates to the print route, whose client reads 'liuqing.token'.
import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog, type WebContents } from 'electron';
import { z } from 'zod';
import { ApiError, issuesFromZod } from '../shared/errors';
import { APP_ORIGIN, BLANK_PATH } from './protocol';
import { printWindowOptions } from './window';

export const PRINT_LAYOUTS = ['card', 'sheet', 'booklet'] as const;

export const printCardsInput = z.object({
  ids: z
    .array(z.string().uuid({ message: 'id 格式不正确' }))
    .min(1, { message: '请选择要打印的卡' })
    .max(1000, { message: '一次最多打印 1000 张' }),
  layout: z.enum(PRINT_LAYOUTS, { message: '版式应为 card、sheet 或 booklet' }),
  pdf: z.boolean().optional(),
});
export type PrintCardsInput = z.input<typeof printCardsInput>;
export type PrintCardsResult = { printed: true } | { savedTo: string; bytes: number } | { cancelled: true };

/** How long the print page may take to load its data and lay out before we give up. */
const READY_TIMEOUT_MS = 60_000;

export function printUrl(ids: readonly string[], layout: string): string {
  const q = new URLSearchParams({ ids: ids.join(','), layout });
  return `${APP_ORIGIN}/print/cards?${q.toString()}`;
}

/**
 * Resolves 'true' when `document.body.dataset.printReady` becomes 'true', 'error' if the page reports
 * 'error', 'timeout' otherwise. Runs in the page; no polling: a MutationObserver watches the attribute.
 */
export function readyScript(timeoutMs: number): string {
  return `new Promise((resolve) => {
  const state = () => (document.body ? document.body.dataset.printReady : undefined);
  const settled = () => state() === 'true' || state() === 'error';
  if (settled()) return resolve(state());
  const mo = new MutationObserver(() => { if (settled()) { clearTimeout(t); mo.disconnect(); resolve(state()); } });
  const t = setTimeout(() => { mo.disconnect(); resolve('timeout'); }, ${Math.floor(timeoutMs)});
  mo.observe(document.documentElement, { attributes: true, childList: true, subtree: true, attributeFilter: ['data-print-ready'] });
})`;
}

function printOnce(contents: WebContents): Promise<PrintCardsResult> {
  return new Promise((resolve, reject) => {
    contents.print({ silent: false, printBackground: true }, (success, failureReason) => {
      if (success) resolve({ printed: true });
      else if (failureReason === 'cancelled') resolve({ cancelled: true });
      else
        reject(
          new ApiError('unavailable', `打印失败：${failureReason || '打印机没有响应'}，请检查打印机后重试`),
        );
    });
  });
}

export interface PrintDeps {
  preload: string;
  /** Who is calling: a token without a live session may not render anyone's card. */
  isLoggedIn(token: string | undefined): Promise<boolean>;
  parent?: BrowserWindow | null;
  today(): string;
}

export async function printCards(
  deps: PrintDeps,
  rawInput: unknown,
  token: string | undefined,
): Promise<PrintCardsResult> {
  if (!(await deps.isLoggedIn(token))) throw new ApiError('unauthorized', '请先登录');
  const parsed = printCardsInput.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues);
    throw new ApiError('invalid_input', issues[0] ? `输入有误：${issues[0].message}` : '输入有误', issues);
  }
  const input = parsed.data;

  let target: string | undefined;
  if (input.pdf) {
    const options = {
      title: '保存为 PDF',
      defaultPath: `就业援助卡-${deps.today()}.pdf`,
      filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
    };
    const choice = deps.parent
      ? await dialog.showSaveDialog(deps.parent, options)
      : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { cancelled: true };
    target = choice.filePath;
  }

  const win = new BrowserWindow(printWindowOptions(deps.preload, false));
  try {
    const contents = win.webContents;
    await win.loadURL(APP_ORIGIN + BLANK_PATH);
    await contents.executeJavaScript(
      `sessionStorage.setItem('liuqing.token', ${JSON.stringify(token ?? '')}); true`,
    );
    await win.loadURL(printUrl(input.ids, input.layout));
    const ready = await contents.executeJavaScript(readyScript(READY_TIMEOUT_MS));
    if (ready !== 'true')
      throw new ApiError('unavailable', '打印页面没有准备好（数据加载失败或超时），请重试');
    if (!target) return await printOnce(contents);
    const pdf = await contents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
    });
    try {
      await writeFile(target, pdf);
    } catch {
      throw new ApiError('unavailable', '无法写入所选文件（可能被其他程序打开或没有权限），请换个位置再试');
    }
    return { savedTo: target, bytes: pdf.length };
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}
