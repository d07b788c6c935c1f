// `node scripts/draw-icons.mjs`: draws the app icon (build/icon.png, 512×512; electron-builder makes the
// Windows .ico from it) with Debian's Chromium: a labour-bureau red tile with 六清 in white.
import { chromium } from 'playwright-core';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <rect x="16" y="16" width="480" height="480" rx="96" fill="#c62828"/>
  <rect x="48" y="48" width="416" height="416" rx="72" fill="none" stroke="#ffd54f" stroke-width="10"/>
  <text x="256" y="300" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif" font-size="190"
        font-weight="700" fill="#ffffff" text-anchor="middle">六清</text>
  <text x="256" y="405" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif" font-size="44"
        fill="#ffd54f" text-anchor="middle">劳动保障</text>
</svg>`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({ path: join(here, '..', 'build', 'icon.png'), omitBackground: true });
await browser.close();
console.log('build/icon.png written');
