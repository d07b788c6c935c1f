// `npm start`: the Electron window where the Electron binary is installed; otherwise the headless station
// on 127.0.0.1 with a clear line saying which URL to open. Builds the renderer first when it is missing or
// older than its sources, so a fresh checkout starts with one command.
// Options (after `npm start --`): --data <folder> (headless data folder, default .data/station),
// --port <n> (headless port, default 5730), --headless (skip Electron even if present).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join('.data', 'station') },
    port: { type: 'string', default: '5730' },
    headless: { type: 'boolean', default: false },
  },
});

/** Newest modification time below `dir` (skipping node_modules), 0 if it does not exist. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function runNode(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`liuqing: ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

function ensureRenderer() {
  const index = join(root, 'dist', 'renderer', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'shared')));
  if (built > sources) return;
  console.log('liuqing: building the renderer…');
  runNode(
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    'renderer build',
  );
}

/** The Electron executable, or null when its binary was never downloaded (see scripts/install-electron.mjs). */
function electronBinary() {
  try {
    const p = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/**
 * The station's bounded heap, as `npm run station` sets it (package.json is the one place of the number):
 * V8 otherwise lets garbage grow far past what a ledger import keeps alive, and a 50 MB ledger would take
 * the station above 500 MB (bench/ledgers.ts measures it).
 */
function heapFlags() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return pkg.scripts.station.split(/\s+/u).filter((a) => a.startsWith('--max-old-space-size='));
}

function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

ensureRenderer();
const electron = values.headless ? null : electronBinary();

if (electron) {
  runNode([join(root, 'scripts', 'build-electron.mjs')], 'Electron build');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set by some tools; would make the binary a plain Node
  // the station lives in Electron's main process: its heap bound is a js-flag given at start
  const jsFlags = heapFlags().join(' ');
  forwardSignals(
    spawn(electron, [...(jsFlags ? [`--js-flags=${jsFlags}`] : []), root], {
      cwd: root,
      stdio: 'inherit',
      env,
    }),
  );
} else {
  const url = `http://127.0.0.1:${values.port}`;
  const child = spawn(
    process.execPath,
    [
      ...heapFlags(),
      '--import',
      'tsx',
      join(root, 'station', 'cli.ts'),
      '--data',
      values.data,
      '--port',
      values.port,
    ],
    { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] },
  );
  let announced = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (!announced && String(chunk).includes('liuqing station:')) {
      announced = true;
      const why = values.headless
        ? '已按 --headless 启动无界面工作站'
        : 'Electron 程序不可用（其二进制文件未下载）';
      console.log('');
      console.log(`  ${why}：请在浏览器中打开 ${url}`);
      console.log(`  Electron binary not available → open ${url} in a browser.`);
      console.log(`  数据目录 / data folder: ${values.data}    (Ctrl+C 停止 / to stop)`);
      console.log('');
    }
  });
  forwardSignals(child);
}
