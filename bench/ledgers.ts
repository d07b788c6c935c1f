// Ledgers benchmark (issue 12), each figure beside a raw limit measured in the same run:
// - a 10,000-row 六清台账 (exported by one station with full ID numbers) previewed and imported by another
//   through the contract, as the wizard does it (upload in chunks, inspect, preview, commit); raw limits:
//   exceljs's streaming reader alone over the same file, and the same rows written by batched INSERTs;
// - a 50 MB ledger (40,000 people with long visit notes, shared strings as Excel writes them) uploaded,
//   previewed and imported by a headless station child process over HTTP: its peak RSS (VmHWM) against the
//   500 MB target, beside the RSS of the idle station;
// - the residents grid of 100,000 people exported to xlsx; raw limit: the same columns read by one SELECT
//   and streamed by exceljs without the grid's query and six-clears words; the 六清台账 of the same people,
//   beside one SELECT streamed with every stored column (about as many cells a row).
// Run with `npm run bench -- --only ledgers`; LIUQING_BENCH_LEDGER_BIG=0 leaves out the 50 MB run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { residentCreateSchema } from '../shared/domain/resident';
import { todayInChina } from '../shared/domain/dates';
import { CHUNK_BYTES } from '../shared/domain/ledgers/limits';
import { diffRow } from '../station/db/outbox';
import type { ResidentRowDb } from '../station/db/schema';
import { newResidentRow } from '../station/residents/repository';
import { uuidv7 } from '../station/ids';
import { writeXlsx } from '../station/ledgers/xlsxOut';
import { ADMIN, newStation, type TestStation } from '../tests/factories/station';
import { mulberry32, pick, type Rng } from '../tests/factories/people';
import { makeResidentInput } from './stationData';
import type { BenchResult } from './stats';
import { multiRowInsert } from './helpers';

export type { BenchResult };

const LEDGER_ROWS = Number(process.env.LIUQING_BENCH_LEDGER_ROWS ?? 10_000);
const EXPORT_ROWS = Number(process.env.LIUQING_BENCH_EXPORT_ROWS ?? 100_000);
const BIG = process.env.LIUQING_BENCH_LEDGER_BIG !== '0';
const BIG_ROWS = Number(process.env.LIUQING_BENCH_LEDGER_BIG_ROWS ?? 40_000);
const BIG_NOTE_CHARS = 660;
/** Columns of the 六清台账 (station/ledgers/export/standard.ts): its raw limit writes as many. */
const SIX_CLEARS_COLUMNS = 42;
const BATCH = 500;
const ROOT = join(import.meta.dirname, '..');

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const secs = (ms: number) => round(ms / 1000, 2);
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
/**
 * CPU seconds this process spent since `from` (every thread, SQLite's included): on a shared machine the
 * wall time grows with everyone else's load, this does not — it is what the wall time would be alone.
 */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return round((d.user + d.system) / 1e6, 2);
};

/** `n` generated residents with their six clears, unique ID numbers (not in `seen`). */
function makeRows(rng: Rng, n: number, community: string, seen: Set<string>): ResidentRowDb[] {
  const today = todayInChina();
  const stamp = new Date().toISOString();
  const rows: ResidentRowDb[] = [];
  while (rows.length < n) {
    const input = residentCreateSchema.parse(makeResidentInput(rng, today));
    if (seen.has(input.idNumber)) continue;
    seen.add(input.idNumber);
    rows.push(newResidentRow(input, community, uuidv7(Date.now() + seen.size), stamp));
  }
  return rows;
}

/** Rows and their outbox entries, 500 per INSERT, one transaction: the raw write limit. Returns ms. */
async function rawInsert(ts: TestStation, rows: ResidentRowDb[]): Promise<number> {
  const ctx = await ts.station.context(ts.token);
  const op = ctx.operator!;
  const stamp = new Date().toISOString();
  const outbox = rows.map((r) => ({
    entity: 'residents',
    row_id: r.id,
    op: 'create',
    fields: JSON.stringify(diffRow('residents', null, r as unknown as Record<string, unknown>)),
    operator_id: op.id,
    operator_name: op.displayName,
    hlc: ts.station.hlc.next(),
    created_at: stamp,
    verdict: null,
    reason: null,
  }));
  const t = performance.now();
  await ts.station.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx.executeQuery(multiRowInsert('residents', rows.slice(i, i + BATCH)));
      await trx.executeQuery(multiRowInsert('outbox', outbox.slice(i, i + BATCH)));
    }
  });
  return performance.now() - t;
}

/** exceljs's streaming reader over every row of the first sheet, nothing else: the raw read limit. */
async function rawRead(bytes: Buffer): Promise<{ ms: number; cpu: number; rows: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const input = new PassThrough();
  input.end(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  let rows = 0;
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      if (row.values) rows++;
    }
    break;
  }
  return { ms: performance.now() - t, cpu: cpuSince(c), rows };
}

type Call = (method: string, input: unknown) => Promise<any>;

/** Upload in chunks, inspect, preview with the recognised mapping, as the wizard does. */
async function preview(call: Call, fileName: string, bytes: Buffer) {
  let batchId: string | undefined;
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    const r = await call('ledgers.upload', {
      ...(batchId ? { batchId } : {}),
      kind: 'residents',
      fileName,
      size: bytes.length,
      offset,
      data: bytes.subarray(offset, offset + CHUNK_BYTES).toString('base64'),
    });
    batchId = r.batchId as string;
  }
  const inspect = await call('ledgers.inspect', { batchId });
  const summary = await call('ledgers.preview', {
    batchId,
    mapping: (inspect.columns as Array<{ index: number; field: string | null }>).map((c) => ({
      index: c.index,
      field: c.field,
    })),
  });
  return { batchId: batchId!, counts: summary.counts as Record<string, number> };
}

const NOTE_CHARS =
  '走访家中无人电话联系本人表示暂无就业意愿已告知社区招聘会时间下次再访家属在外地务工身体状况一般需要照顾老人';

/** A 50 MB-class ledger: people with long, varied visit notes, written with shared strings as Excel does. */
async function writeBigLedger(path: string, rng: Rng, community: string): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('六清台账');
  ws.addRow([
    '序号',
    '姓名',
    '身份证号码',
    '联系电话',
    '现住址',
    '就业状况',
    '技术特长',
    '走访记录',
  ]).commit();
  const rows = makeRows(rng, BIG_ROWS, community, new Set());
  let n = 0;
  for (const r of rows) {
    let note = '';
    // characters drawn at random from a few thousand: text that compresses about as badly as real notes
    for (let i = 0; i < BIG_NOTE_CHARS; i++)
      note +=
        rng() < 0.3 ? pick(rng, [...NOTE_CHARS]) : String.fromCharCode(0x4e00 + Math.floor(rng() * 3000));
    ws.addRow([
      ++n,
      r.name,
      r.id_number,
      r.phone ?? '',
      r.address ?? '',
      pick(rng, ['就业', '失业', '灵活就业']),
      pick(rng, ['电工', '焊工', '', '育婴员']),
      note,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  return statSync(path).size;
}

/** CPU seconds a child process has used (utime + stime from /proc, in clock ticks of 1/100 s). */
function procCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function vm(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) * 1024;
}

/** The Node flags `npm run station` gives the station (its bounded heap), read from package.json. */
function stationNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts.station!.split(/\s+/u).filter((a) => a.startsWith('--max-old-space-size='));
}

/** A headless station child process on `dataDir`, started as `npm run station` starts it: its pid and a
 * contract caller over HTTP. */
async function stationProcess(dataDir: string) {
  const child = spawn(
    process.execPath,
    [
      ...stationNodeFlags(),
      '--import',
      'tsx',
      'station/cli.ts',
      '--data',
      dataDir,
      '--port',
      '0',
      '--manual-sync',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /liuqing station: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`station exited: ${out}${err}`)));
  });
  let token = '';
  const call: Call = async (method, input) => {
    const res = await fetch(`${url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as any;
    if (!res.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
    return body;
  };
  token = (await call('session.login', { username: ADMIN.username, password: ADMIN.password })).token;
  return {
    pid: child.pid!,
    call,
    async stop() {
      child.kill('SIGTERM');
      await closed;
    },
  };
}

export async function run(opts: { log?: (line: string) => void } = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const results: BenchResult[] = [];
  const rng = mulberry32(20261130);
  const seen = new Set<string>();
  const a = await newStation();
  const b = await newStation();
  const community = a.station.identity!.communityCode;
  const tmp = mkdtempSync(join(tmpdir(), 'liuqing-bench-ledgers-'));
  try {
    // --- a 10,000-row 六清台账, previewed and imported ------------------------------------------------
    log(`ledgers: ${LEDGER_ROWS.toLocaleString('en')} residents into the exporting station…`);
    const first = makeRows(rng, LEDGER_ROWS, community, seen);
    const rawMs = await rawInsert(a, first);
    const rawPerRow = rawMs / LEDGER_ROWS;
    results.push({
      name: `raw insert of ${LEDGER_ROWS.toLocaleString('en')} residents + outbox`,
      value: secs(rawMs),
      unit: 's',
      note: `${round((rawPerRow * 1000) / 1, 1)} µs/row, 500 per INSERT, one transaction: the raw write limit`,
    });
    const ledger = await a.call('ledgers.standardFile', { ledger: 'sixClears', reveal: true });
    const bytes = Buffer.from(ledger.base64, 'base64');
    const raw = await rawRead(bytes);
    results.push({
      name: `raw streaming read of the ${LEDGER_ROWS.toLocaleString('en')}-row 六清台账`,
      value: secs(raw.ms),
      unit: 's',
      note: `CPU ${raw.cpu} s; ${raw.rows.toLocaleString('en')} rows, ${mb(bytes.length)} MB; exceljs alone: the raw read limit`,
    });

    log('ledgers: preview…');
    let c = process.cpuUsage();
    let t = performance.now();
    const p = await preview(b.call as Call, ledger.fileName, bytes);
    const previewMs = performance.now() - t;
    results.push({
      name: `preview of a ${LEDGER_ROWS.toLocaleString('en')}-row residents ledger`,
      value: secs(previewMs),
      unit: 's',
      target: '< 10 s',
      note: `CPU ${cpuSince(c)} s; ${round(previewMs / raw.ms, 1)}× the raw read; upload, inspect, check and compare every row; ${p.counts.created} to create, ${p.counts.rejected} rejected`,
    });
    log('ledgers: import…');
    c = process.cpuUsage();
    t = performance.now();
    const committed = await b.call('ledgers.commit', { batchId: p.batchId });
    const commitMs = performance.now() - t;
    results.push({
      name: `import of the ${LEDGER_ROWS.toLocaleString('en')}-row ledger (after its preview)`,
      value: secs(commitMs),
      unit: 's',
      target: '< 30 s',
      note: `CPU ${cpuSince(c)} s; ${round(commitMs / rawMs, 1)}× the raw insert; ${committed.created} created with outbox entries and history`,
    });
    results.push({
      name: 'preview + import, end to end',
      value: secs(previewMs + commitMs),
      unit: 's',
    });

    // --- export of 100,000 residents ---------------------------------------------------------------
    log(`ledgers: ${(EXPORT_ROWS - LEDGER_ROWS).toLocaleString('en')} more residents…`);
    for (let done = LEDGER_ROWS; done < EXPORT_ROWS; done += 20_000)
      await rawInsert(a, makeRows(rng, Math.min(20_000, EXPORT_ROWS - done), community, seen));
    const columns = ['name', 'idNumber', 'sex', 'age', 'birthDate', 'phone', 'sixClears', 'lastConfirmed'];
    c = process.cpuUsage();
    t = performance.now();
    const selected = await a.station.db
      .selectFrom('residents')
      .select(['name', 'id_number', 'sex', 'birth_date', 'phone', 'updated_at'])
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute();
    await writeXlsx({
      name: '居民',
      columns: columns.map((c) => ({ header: c })),
      rows: selected.map((r) => [
        r.name,
        r.id_number,
        r.sex,
        r.birth_date,
        r.birth_date,
        r.phone,
        r.updated_at,
        r.updated_at,
      ]),
    });
    const rawExportMs = performance.now() - t;
    results.push({
      name: `raw export of ${EXPORT_ROWS.toLocaleString('en')} residents`,
      value: secs(rawExportMs),
      unit: 's',
      note: `CPU ${cpuSince(c)} s; one SELECT and exceljs streaming the same eight columns: the raw limit`,
    });
    log('ledgers: export…');
    c = process.cpuUsage();
    t = performance.now();
    const out = await a.call('ledgers.exportGrid', {
      grid: 'residents',
      query: { sort: [{ field: 'name', dir: 'asc' }] },
      columns,
    } as never);
    const exportMs = performance.now() - t;
    results.push({
      name: `export of the residents grid, ${out.rows.toLocaleString('en')} rows`,
      value: secs(exportMs),
      unit: 's',
      target: '< 20 s',
      note: `CPU ${cpuSince(c)} s; ${round(exportMs / rawExportMs, 1)}× raw; ID numbers masked, six clears in words; ${mb(out.base64.length * 0.75)} MB`,
    });
    // the 六清台账's own raw limit: the same residents read by one SELECT and streamed by exceljs, every
    // stored column as it is (up to 42 a row, as many as the ledger has: no words, no six-clears evaluation)
    c = process.cpuUsage();
    t = performance.now();
    const wide = await a.station.db
      .selectFrom('residents')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('name_pinyin')
      .orderBy('id')
      .execute();
    const keys = Object.keys(wide[0]!).slice(0, SIX_CLEARS_COLUMNS);
    await writeXlsx({
      name: '六清台账',
      columns: keys.map((k) => ({ header: k })),
      rows: wide.map((r) => keys.map((k) => (r as Record<string, string | number | null>)[k] ?? null)),
    });
    const rawWideMs = performance.now() - t;
    results.push({
      name: `raw export of ${EXPORT_ROWS.toLocaleString('en')} residents, ${keys.length} columns`,
      value: secs(rawWideMs),
      unit: 's',
      note: `CPU ${cpuSince(c)} s; one SELECT and exceljs streaming every stored column (the 六清台账 has ${SIX_CLEARS_COLUMNS}): its raw limit`,
    });
    c = process.cpuUsage();
    t = performance.now();
    const std = await a.call('ledgers.standardFile', { ledger: 'sixClears', reveal: false });
    const stdMs = performance.now() - t;
    results.push({
      name: `六清台账 of ${std.rows.toLocaleString('en')} residents (xlsx)`,
      value: secs(stdMs),
      unit: 's',
      target: '< 20 s',
      note: `CPU ${cpuSince(c)} s; ${round(stdMs / rawWideMs, 1)}× its raw limit; every section of the six clears in words`,
    });

    // --- a 50 MB file, in a station child process ---------------------------------------------------
    if (BIG) {
      log('ledgers: writing a 50 MB ledger…');
      const bigPath = join(tmp, '大台账.xlsx');
      const size = await writeBigLedger(bigPath, rng, community);
      const dataDir = join(tmp, 'station');
      await (await newStation({ dir: dataDir })).close();
      const proc = await stationProcess(dataDir);
      try {
        const idle = vm(proc.pid, 'VmRSS');
        log(`ledgers: ${mb(size)} MB through a station process (idle RSS ${mb(idle)} MB)…`);
        const big = readFileSync(bigPath);
        const cpu0 = procCpu(proc.pid);
        t = performance.now();
        const bp = await preview(proc.call, '大台账.xlsx', big);
        const bigPreviewMs = performance.now() - t;
        const afterPreview = vm(proc.pid, 'VmHWM');
        const cpu1 = procCpu(proc.pid);
        t = performance.now();
        const bc = await proc.call('ledgers.commit', { batchId: bp.batchId });
        const bigCommitMs = performance.now() - t;
        const peak = vm(proc.pid, 'VmHWM');
        const cpu2 = procCpu(proc.pid);
        results.push({
          name: `peak RSS of a station importing a ${mb(size)} MB ledger`,
          value: mb(peak),
          unit: 'MB',
          target: '< 500 MB',
          note: `VmHWM of the station process; idle ${mb(idle)} MB, after preview ${mb(afterPreview)} MB; ${BIG_ROWS.toLocaleString('en')} rows previewed in ${secs(bigPreviewMs)} s (CPU ${round(cpu1 - cpu0)} s), ${bc.created} imported in ${secs(bigCommitMs)} s (CPU ${round(cpu2 - cpu1)} s)`,
        });
      } finally {
        await proc.stop();
      }
    }
  } finally {
    await a.close();
    await b.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
