// `npm run server -- serve` on a fresh checkout: the console web app is built (Vite, as `npm run
// build:console`) when dist/console is missing or older than its sources, so /console/ works with one
// command. A server installed from a package carries dist/console (or LIUQING_CONSOLE_DIR) and skips this.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_DIR } from './pages';

const ROOT = join(import.meta.dirname, '..', '..');

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the console if needed; returns a line for the operator, or null when nothing was to do. */
export function ensureConsoleBuilt(): string | null {
  const sources = join(ROOT, 'console');
  if (!existsSync(sources)) return null; // an installed server: the build ships with it
  const index = join(CONSOLE_DIR, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newestSource = Math.max(
    newest(sources),
    newest(join(ROOT, 'renderer', 'src')),
    newest(join(ROOT, 'shared')),
  );
  if (built > newestSource) return null;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  return r.status === 0 ? '区控制台已构建' : '区控制台构建失败：请运行 npm run build:console 查看原因';
}
