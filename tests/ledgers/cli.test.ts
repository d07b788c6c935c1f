// `npm run station -- import …` as a person runs it: real processes, a real data folder. A dry run prints
// the preview and writes nothing; a run writes the same way as the wizard; --json ends with the summary
// line; and while a headless station process holds the folder, the import refuses and writes nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliScript } from '../factories/cli';
import { newStation } from '../factories/station';
import { Station } from '../../station/station';
import { idFor, xlsx } from './helpers';

const ROOT = join(import.meta.dirname, '../..');
// station/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by tsx
const STATION_CLI = await cliScript('station');
let dir: string;
let data: string;
let file: string;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [STATION_CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const lastLine = (s: string) => JSON.parse(s.trim().split('\n').pop()!) as Record<string, unknown>;

async function residents(): Promise<string[]> {
  const station = await Station.open({ dataDir: data });
  try {
    return (await station.db.selectFrom('residents').select('name').orderBy('name').execute()).map(
      (r) => r.name,
    );
  } finally {
    await station.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuqing-cli-'));
  data = join(dir, 'station');
  const ts = await newStation({ dir: data });
  await ts.close();
  file = join(dir, '景昙社区台账.xlsx');
  writeFileSync(
    file,
    await xlsx([
      ['姓名', '身份证号码', '户籍性质'],
      ['张三', idFor(1), '本地城镇'],
      ['李四', idFor(2), '火星'],
      ['王五', idFor(3), null],
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('station import CLI', () => {
  it('--dry-run --json prints the preview as its last line and writes nothing', async () => {
    const r = await run([
      'import',
      '--data',
      data,
      '--kind',
      'residents',
      '--file',
      file,
      '--dry-run',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toEqual({
      created: 2,
      updated: 0,
      rejected: 1,
      rejectedRows: [
        {
          row: 3,
          column: '户籍性质',
          reason: '户籍性质“火星”不是可识别的代码，可填：本地城镇、本地农村、外地城镇、外地农村',
        },
      ],
    });
    expect(await residents()).toEqual([]);
  });

  it('imports with its outbox entries and history, and says so in words without --json', async () => {
    const r = await run(['import', '--data', data, '--kind', 'residents', '--file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('预览：新增 2，更新 0，无变化 0，拒绝 1，跳过空行 0');
    expect(r.stdout).toContain('第 3 行 户籍性质：户籍性质“火星”不是可识别的代码');
    expect(r.stdout).toMatch(/已导入：新增 2，更新 0（批次 [0-9a-f-]{36}）/);
    expect(await residents()).toEqual(['张三', '王五'].sort());
    const station = await Station.open({ dataDir: data });
    try {
      const entries = await station.db
        .selectFrom('outbox')
        .selectAll()
        .where('entity', '=', 'residents')
        .execute();
      expect(entries.map((e) => [e.op, e.operator_name])).toEqual([
        ['create', '命令行导入'],
        ['create', '命令行导入'],
      ]);
      const ts = await station.call('session.login', { username: 'admin', password: 'admin-pass-1' });
      const zhang = (await station.call(
        'residents.findByIdNumber',
        { idNumber: idFor(1) },
        (ts as { token: string }).token,
      )) as { resident: { id: string } };
      const history = (await station.call(
        'residents.history',
        { id: zhang.resident.id },
        (ts as { token: string }).token,
      )) as {
        items: Array<{ source?: string }>;
      };
      expect(history.items[0]!.source).toBe('导入：景昙社区台账.xlsx');
    } finally {
      await station.close();
    }
  });

  it('refuses while a station process holds the data folder, and runs once it has stopped', async () => {
    const server: ChildProcess = spawn(process.execPath, [STATION_CLI, '--data', data, '--port', '0'], {
      cwd: ROOT,
    });
    const closed = new Promise<void>((resolve) => server.on('close', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('liuqing station:')) resolve();
        });
        server.on('close', () => reject(new Error(`station exited: ${out}`)));
      });
      const refused = await run(['import', '--data', data, '--kind', 'residents', '--file', file, '--json']);
      expect(refused.code).toBe(3);
      expect(lastLine(refused.stdout).error).toMatch(
        /^数据文件夹正被另一个工作站进程使用（工作站，进程 \d+，自 .+ 起）：请先关闭该工作站，再运行导入$/,
      );
    } finally {
      server.kill('SIGTERM');
      await closed;
    }
    const again = await run(['import', '--data', data, '--kind', 'residents', '--file', file, '--json']);
    expect(again.code, again.stderr).toBe(0);
    // the same people again: nothing new, nothing changed
    expect(lastLine(again.stdout)).toMatchObject({ created: 0, updated: 0, rejected: 1 });
  }, 60_000);

  it('takes over a lock left by a process that no longer exists', async () => {
    writeFileSync(
      join(data, 'station.lock'),
      JSON.stringify({ pid: 2 ** 22 + 7, purpose: '工作站', since: '2026-01-01T00:00:00Z' }),
    );
    const r = await run([
      'import',
      '--data',
      data,
      '--kind',
      'residents',
      '--file',
      file,
      '--dry-run',
      '--json',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
