// Loading reference data at the district: a bad file is refused, by the loader and by the admin CLI, with
// a specific Chinese message and nothing changed; a good one through the CLI gives a new version.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../server/index';
import { DEFAULT_REFERENCE, referenceData, type ReferenceFile } from '../../server/reference';
import { DEFAULT_CATEGORIES } from '../../shared/domain/assistance/defaultCategories';
import { BACKENDS, startServer, type TestServer } from './harness';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

const older = DEFAULT_CATEGORIES.find((c) => c.code === 'older_unemployed')!;
const BAD: Array<[string, ReferenceFile, RegExp]> = [
  [
    'a community under an unknown street',
    {
      ...DEFAULT_REFERENCE,
      communities: [
        ...DEFAULT_REFERENCE.communities,
        { code: '330104999001', name: '无名社区', streetCode: '330104999' },
      ],
    },
    /社区 330104999001 无名社区 所属街道 330104999 不在街道列表中/,
  ],
  [
    'an edit of a category version already loaded',
    { ...DEFAULT_REFERENCE, categories: [{ ...older, params: { ...older.params, minAgeFemale: 35 } }] },
    /援助类别「大龄失业人员」第 1 版已导入过且内容不同/,
  ],
  [
    'the same category version twice',
    {
      ...DEFAULT_REFERENCE,
      categories: [
        { ...older, version: 2 },
        { ...older, version: 2 },
      ],
    },
    /援助类别 older_unemployed 第 2 版在文件中出现了两次/,
  ],
  [
    'a category with an unknown rule',
    { ...DEFAULT_REFERENCE, categories: [{ ...older, version: 2, params: { rule: 'nope' as never } }] },
    /参考数据文件格式不对：categories\.0\.params\.rule/,
  ],
];

describe.each(BACKENDS)('loadReference on %s', (backend) => {
  let ts: TestServer;
  beforeEach(async () => {
    ts = await startServer(backend);
  });
  afterEach(async () => ts?.close());

  it.each(BAD)('refuses %s and changes nothing', async (_what, file, message) => {
    const before = await referenceData(ts.server.ctx);
    await expect(ts.server.loadReference(file)).rejects.toThrow(message);
    expect(await referenceData(ts.server.ctx)).toEqual(before);
  });

  it('keeps every category version: a new one adds a row beside the old', async () => {
    const before = await referenceData(ts.server.ctx);
    const r = await ts.server.loadReference({
      ...DEFAULT_REFERENCE,
      version: 'jianggan-2026',
      categories: [
        { ...older, version: 2, effectiveFrom: '2026-07-01', params: { ...older.params, minAgeFemale: 35 } },
      ],
    });
    const after = await referenceData(ts.server.ctx);
    expect(r.version).not.toBe(before.version);
    expect(after).toMatchObject({ version: r.version, label: 'jianggan-2026' });
    const versions = after.categories.filter((c) => c.code === 'older_unemployed').map((c) => c.version);
    expect(versions.sort()).toEqual([1, 2]);
    expect(after.categories).toHaveLength(before.categories.length + 1);
  });
});

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '' },
      cwd: join(import.meta.dirname, '../..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('load-reference CLI', () => {
  let dir: string;
  const snapshot = async () => {
    const server = await createServer({ dataDir: join(dir, 'district') });
    try {
      return await referenceData(server.ctx);
    } finally {
      await server.close();
    }
  };
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'liuqing-refcli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a broken or invalid file with a clear message and leaves the data as it was', async () => {
    const before = await snapshot();
    const cases: Array<[string, RegExp]> = [
      [file('broken.json', '{"version": "x", '), /参考数据文件不是有效的 JSON/],
      [
        file('nostreets.json', JSON.stringify({ ...DEFAULT_REFERENCE, streets: [] })),
        /参考数据文件格式不对：streets/,
      ],
      [file('orphan.json', JSON.stringify(BAD[0]![1])), /不在街道列表中/],
      [join(dir, 'missing.json'), /读不到参考数据文件/],
    ];
    for (const [path, message] of cases) {
      const r = await runCli(['load-reference', '--data', join(dir, 'district'), '--file', path]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    }
    expect(await snapshot()).toEqual(before);

    const good = {
      ...DEFAULT_REFERENCE,
      version: 'jianggan-2026',
      categories: [{ ...older, version: 2, effectiveFrom: '2026-07-01' }],
    };
    const ok = await runCli([
      'load-reference',
      '--data',
      join(dir, 'district'),
      '--file',
      file('good.json', JSON.stringify(good)),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('已导入参考数据（jianggan-2026');
    const after = await snapshot();
    expect(after.version).not.toBe(before.version);
    expect(after.categories).toHaveLength(before.categories.length + 1);
  });
});
