// `npm run build:electron`: bundles Electron main and preload with esbuild into dist/electron/*.cjs.
// Main carries the station core (kysely, zod, pinyin-pro bundled; sqlite3 stays a native dependency).
// The preload must run sandboxed, where only 'electron' can be required: it gets the contract's method
// names as a literal list (generated here from the contract itself) and the build fails if it pulls in
// anything else — zod above all.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');
const NATIVE_OR_OPTIONAL = ['electron', 'sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate', 'fsevents'];
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Object.keys(contract), read by bundling and loading the contract once (zod included, only here). */
async function methodNames() {
  const tmp = mkdtempSync(join(tmpdir(), 'liuqing-names-'));
  try {
    const file = join(tmp, 'contract.cjs');
    await build({
      ...common,
      entryPoints: [join(root, 'shared/contract/index.ts')],
      outfile: file,
      logLevel: 'error',
    });
    const { contract } = createRequire(import.meta.url)(file);
    const names = Object.keys(contract);
    if (names.length === 0) throw new Error('the contract has no methods');
    return names;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Replaces electron/methodNames.ts with a literal list in the preload bundle. */
function literalMethodNames(names) {
  return {
    name: 'liuqing-method-names',
    setup(b) {
      b.onResolve({ filter: /[\\/]methodNames$/ }, () => ({
        path: 'method-names',
        namespace: 'liuqing-generated',
      }));
      b.onLoad({ filter: /.*/, namespace: 'liuqing-generated' }, () => ({
        contents: `export const METHOD_NAMES = Object.freeze(${JSON.stringify(names)});`,
        loader: 'js',
      }));
    },
  };
}

const started = Date.now();
const names = await methodNames();

await build({
  ...common,
  entryPoints: [join(root, 'electron/main.ts')],
  outfile: join(out, 'main.cjs'),
  external: NATIVE_OR_OPTIONAL,
  sourcemap: 'linked',
  // some bundled ESM packages read import.meta.url; give them the bundle's own URL
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

const preload = await build({
  ...common,
  platform: 'browser', // sandboxed preloads have no Node built-ins
  entryPoints: [join(root, 'electron/preload.ts')],
  outfile: join(out, 'preload.cjs'),
  external: ['electron'],
  plugins: [literalMethodNames(names)],
  metafile: true,
});

const inputs = Object.keys(preload.metafile.inputs);
const leaked = inputs.filter(
  (p) => p.includes('node_modules') || p.startsWith('shared/') || p.startsWith('station/'),
);
if (leaked.length) {
  console.error(`build-electron: the preload bundle must not include ${leaked.join(', ')}`);
  process.exit(1);
}
const imports = Object.values(preload.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
const foreign = imports.filter((p) => p !== 'electron');
if (foreign.length) {
  console.error(
    `build-electron: the sandboxed preload may require only 'electron', not ${foreign.join(', ')}`,
  );
  process.exit(1);
}
writeFileSync(join(out, 'method-names.json'), JSON.stringify(names, null, 2) + '\n');
console.log(
  `build-electron: ${relative(root, join(out, 'main.cjs'))}, ${relative(root, join(out, 'preload.cjs'))} (${names.length} methods) in ${Date.now() - started} ms`,
);
