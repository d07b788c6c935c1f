// The project's command lines (server/cli.ts, station/cli.ts) as the tests start them: real child
// processes running the same sources, bundled once per test file with esbuild (packages stay external)
// instead of `npx tsx <cli>` — that costs some 4 s a start on the CI machine (npx, tsx's launcher, then
// every module transformed again), the bundle about 0.3 s; a test file starts a CLI up to a dozen times.
// Each bundle sits where its sources' own paths resolve as from the sources: station/cli.ts reads
// ../package.json and ../dist/renderer (so one folder down), server/console/pages.ts ../../dist/console
// (two folders down). Named by content, written whole (rename), so parallel test files share them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = { station: join(ROOT, '.cache'), server: join(ROOT, '.cache', 'cli') };
const built = new Map<string, Promise<string>>();

async function bundle(which: 'server' | 'station'): Promise<string> {
  const r = await build({
    entryPoints: [join(ROOT, which, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0]!.contents;
  const file = join(
    OUT[which],
    `${which}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`,
  );
  if (!existsSync(file)) {
    mkdirSync(OUT[which], { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  return file;
}

/** `node <these> <cli args>`, with cwd the repository: the CLI's script, bundled (built once per file). */
export async function cliScript(which: 'server' | 'station'): Promise<string> {
  let p = built.get(which);
  if (!p) built.set(which, (p = bundle(which)));
  return p;
}
