// `npm run station -- import --data <dir> --kind residents --file <x.xlsx> [--dry-run] [--json] [--keep]`:
// a first load from the command line, the same preview and the same writes as the desk's wizard (one
// transaction, outbox entries, "导入：<file>" in history). It holds the data folder's lock (lock.ts) and
// refuses to run while a station process holds it. With --json the last line is
// { created, updated, rejected, rejectedRows: [{ row, column, reason }] }.
import { basename, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/errors';
import { LEDGER_KINDS, type LedgerKind } from '../../shared/domain/ledgers/kinds';
import { MAX_FILE_BYTES } from '../../shared/domain/ledgers/limits';
import { Station } from '../station';
import { setBatch } from './batches';
import { commitBatch } from './commit';
import { removeImportDir, stagingPath } from './files';
import { inspectBatch } from './inspect';
import { DataFolderBusy, holdDataFolder } from './lock';
import { previewBatch } from './preview';
import { Staging } from './staging';
import { receiveFile } from './upload';

/** Who the outbox names for a command-line import: no one logged in, so the tool itself. */
export const CLI_ACTOR = { id: 'cli-import', name: '命令行导入' };

const USAGE =
  'usage: npm run station -- import --data <dir> --kind residents|households|employers|register|vacancies --file <x.xlsx|x.csv> [--dry-run] [--json] [--keep]';

interface Output {
  created: number;
  updated: number;
  rejected: number;
  rejectedRows: Array<{ row: number; column: string; reason: string }>;
}

async function rejectedRows(dataDir: string, batchId: string): Promise<Output['rejectedRows']> {
  const staging = await Staging.open(stagingPath(dataDir, batchId), false);
  const out: Output['rejectedRows'] = [];
  try {
    for await (const chunk of staging.chunks(['reject'], 500))
      for (const r of chunk)
        for (const i of r.issues) out.push({ row: r.rowNo, column: i.header || i.column, reason: i.reason });
  } finally {
    await staging.close();
  }
  return out;
}

export async function runImportCli(
  argv: string[],
  print: (line: string) => void = console.log,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', default: '.data/station' },
        kind: { type: 'string' },
        file: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    print(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const kind = values.kind as LedgerKind | undefined;
  const file = values.file as string | undefined;
  if (!kind || !(LEDGER_KINDS as readonly string[]).includes(kind) || !file) {
    print(USAGE);
    return 2;
  }
  const dataDir = resolve(String(values.data));
  const json = values.json === true;
  const fail = (message: string, code = 1) => {
    print(json ? JSON.stringify({ error: message }) : `导入失败：${message}`);
    return code;
  };
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return fail(`找不到文件 ${file}`);
  }
  if (size > MAX_FILE_BYTES) return fail(`文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，请把台账分成几个文件`);

  let release: () => void;
  try {
    release = holdDataFolder(dataDir, '命令行导入');
  } catch (e) {
    if (e instanceof DataFolderBusy) return fail(e.message, 3);
    throw e;
  }
  const station = await Station.open({ dataDir });
  let batchId: string | null = null;
  try {
    const identity = station.identity;
    if (!identity) return fail('该数据文件夹的工作站尚未初始化（请先在工作站中选择社区并创建管理员）');
    const ctx = await station.context();
    const now = ctx.now;
    batchId = await receiveFile(station.db, dataDir, kind, file, basename(file), CLI_ACTOR, now);
    const inspect = await inspectBatch(station.db, dataDir, batchId, undefined);
    const preview = await previewBatch(station.db, dataDir, ctx.today, {
      batchId,
      mapping: inspect.columns.map((c) => ({ index: c.index, field: c.field })),
      remember: false,
    });
    const c = preview.counts;
    if (!json) {
      print(
        `文件：${basename(file)}（工作表“${inspect.sheet}”，表头第 ${inspect.headerRows.join('、')} 行）`,
      );
      print(
        `预览：新增 ${c.created}，更新 ${c.updated}，无变化 ${c.unchanged}，拒绝 ${c.rejected}，跳过空行 ${c.skipped}${kind === 'register' ? `，已注销/吊销 ${c.flagged}` : ''}`,
      );
    }
    const rows = await rejectedRows(dataDir, batchId);
    if (!json) for (const r of rows.slice(0, 20)) print(`  第 ${r.row} 行 ${r.column}：${r.reason}`);
    if (!json && rows.length > 20) print(`  ……共 ${rows.length} 条拒绝原因`);
    let out: Output = { created: c.created, updated: c.updated, rejected: c.rejected, rejectedRows: rows };
    if (values['dry-run']) {
      await setBatch(station.db, batchId, { status: 'cancelled' });
      removeImportDir(dataDir, batchId);
      if (!json) print('试运行（--dry-run）：未写入任何数据');
    } else {
      const choices = Object.fromEntries(
        preview.groups.map((g) => [g.group, values.keep ? 'keep' : 'overwrite'] as const),
      );
      const r = await commitBatch(
        {
          db: station.db,
          dataDir,
          actor: CLI_ACTOR,
          hlc: station.hlc,
          now,
          communityCode: identity.communityCode,
        },
        batchId,
        choices,
      );
      out = { ...out, created: r.created, updated: r.updated };
      if (!json)
        print(
          `已导入：新增 ${r.created}，更新 ${r.updated}${r.kept ? `，保留原值 ${r.kept}` : ''}（批次 ${batchId}）`,
        );
    }
    if (json) print(JSON.stringify(out));
    return 0;
  } catch (e) {
    if (e instanceof ApiError) return fail(e.message);
    throw e;
  } finally {
    await station.close();
    release();
  }
}
