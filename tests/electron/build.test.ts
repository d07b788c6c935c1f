// The Electron build: main and preload bundle, and the sandboxed preload carries the contract's method
// names as a literal list — equal to the live contract — without zod or any other module but 'electron'.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';

describe('scripts/build-electron.mjs', () => {
  it('bundles main and a zod-free preload whose method list equals the contract', () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'pipe' });
    const names = JSON.parse(readFileSync('dist/electron/method-names.json', 'utf8'));
    expect(names).toEqual(METHOD_NAMES);
    const preload = readFileSync('dist/electron/preload.cjs', 'utf8');
    const literal = /var METHOD_NAMES = Object\.freeze\((\[[^\]]*\])\)/.exec(preload);
    expect(JSON.parse(literal![1]!)).toEqual(METHOD_NAMES);
    expect(preload).not.toMatch(/zod|ZodError|safeParse/);
    const requires = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    const main = readFileSync('dist/electron/main.cjs', 'utf8');
    const mainRequires = new Set([...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    // native, Electron and Node's own modules stay outside the bundle; everything else is inside it
    // (bundled packages such as exceljs require Node built-ins without the node: prefix)
    for (const r of mainRequires)
      expect(
        r === 'electron' || r === 'sqlite3' || r!.startsWith('node:') || builtinModules.includes(r!),
        r,
      ).toBe(true);
  });
});
