// `npm run bench [-- --only station|ui|sync|ledgers]`: runs the benchmark suites (bench/station.ts, and bench/ui.ts
// and bench/sync.ts when they exist), prints one table, and writes bench/results.json and bench/RESULTS.md.
// A suite run alone keeps the other suites' last figures in both files, each with its own date and machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchResult } from './stats';

interface SuiteRun {
  suite: string;
  date: string;
  machine: {
    nproc: number;
    cpu: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadBefore: number;
    loadAfter?: number;
  };
  seconds: number;
  results: BenchResult[];
  skipped?: string;
}

const SUITES = [
  'station',
  'ui',
  'sync',
  'ledgers',
  'matching',
  'duplicates',
  'delivery',
  'reports',
  'programmes',
  'cipher',
  'console',
  'fairs',
  'training',
  'pouch',
] as const;
const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { only: { type: 'string' } } });
if (values.only && !(SUITES as readonly string[]).includes(values.only)) {
  console.error(`bench: --only takes one of ${SUITES.join(', ')}`);
  process.exit(2);
}
const chosen = values.only ? [values.only] : [...SUITES];

function machine(): SuiteRun['machine'] {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    // other work on a shared machine skews latencies; the 1-minute load average says how much
    loadBefore: Math.round(loadavg()[0]! * 10) / 10,
  };
}

/** '< 15 ms' → met when value < 15; '> 1000 rows/s' → met when value > 1000. Unknown forms: undefined.
 * The target's number is read in the figure's own unit: write '< 2048 B', not '< 2 KB', for a figure in B. */
function meets(r: BenchResult): boolean | undefined {
  const m = /^\s*([<>]=?)\s*([\d.,]+)/.exec(r.target ?? '');
  if (!m) return undefined;
  const limit = Number(m[2]!.replaceAll(',', ''));
  switch (m[1]) {
    case '<':
      return r.value < limit;
    case '<=':
      return r.value <= limit;
    case '>':
      return r.value > limit;
    default:
      return r.value >= limit;
  }
}

async function runSuite(suite: string): Promise<SuiteRun> {
  const base = { suite, date: new Date().toISOString(), machine: machine() };
  const file = join(here, `${suite}.ts`);
  if (!existsSync(file))
    return { ...base, seconds: 0, results: [], skipped: `bench/${suite}.ts does not exist yet` };
  const mod = (await import(pathToFileURL(file).href)) as {
    run?: (opts?: { log?: (l: string) => void }) => Promise<BenchResult[]>;
  };
  if (typeof mod.run !== 'function')
    return { ...base, seconds: 0, results: [], skipped: `bench/${suite}.ts exports no run()` };
  const t = performance.now();
  const results = await mod.run({ log: (line) => console.log(line) });
  base.machine.loadAfter = Math.round(loadavg()[0]! * 10) / 10;
  return { ...base, seconds: Math.round((performance.now() - t) / 100) / 10, results };
}

function mark(r: BenchResult): string {
  const ok = meets(r);
  return ok === undefined ? '' : ok ? '✓' : '✗ missed';
}

function printTable(run: SuiteRun): void {
  const load =
    run.machine.loadAfter === undefined ? '' : `, load ${run.machine.loadBefore} → ${run.machine.loadAfter}`;
  console.log(`\n== ${run.suite} ${run.skipped ? `(skipped: ${run.skipped})` : `(${run.seconds} s${load})`}`);
  if (!run.results.length) return;
  const rows = run.results.map((r) => [
    r.name,
    String(r.value),
    r.unit,
    r.target ?? '',
    mark(r),
    r.note ?? '',
  ]);
  const head = ['name', 'value', 'unit', 'target', '', 'ratio / notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}

function markdown(runs: SuiteRun[]): string {
  const out = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Targets from issue 2.',
    '',
  ];
  for (const run of runs) {
    const m = run.machine;
    out.push(`## ${run.suite}`, '');
    const load = m.loadAfter === undefined ? '' : ` · load average ${m.loadBefore} → ${m.loadAfter}`;
    out.push(
      `${run.date.slice(0, 16).replace('T', ' ')} UTC · ${m.nproc} CPUs (${m.cpu}) · ${m.memoryGb} GB · Node ${m.node} · ${m.platform}${load}`,
    );
    if (run.skipped) {
      out.push('', `Skipped: ${run.skipped}.`, '');
      continue;
    }
    out.push(
      `· ${run.seconds} s`,
      '',
      '| measure | value | unit | target | | ratio / notes |',
      '| --- | ---: | --- | --- | --- | --- |',
    );
    for (const r of run.results)
      out.push(
        `| ${r.name} | ${r.value} | ${r.unit} | ${r.target ?? ''} | ${mark(r)} | ${(r.note ?? '').replaceAll('|', '\\|')} |`,
      );
    out.push('');
  }
  return out.join('\n');
}

const jsonFile = join(here, 'results.json');
const previous: SuiteRun[] = existsSync(jsonFile)
  ? ((JSON.parse(readFileSync(jsonFile, 'utf8')) as { runs?: SuiteRun[] }).runs ?? [])
  : [];
const fresh: SuiteRun[] = [];
for (const suite of chosen) {
  console.log(`bench: ${suite}…`);
  const run = await runSuite(suite);
  printTable(run);
  fresh.push(run);
}
// keep a suite's earlier figures when this run only skipped it
const merged = SUITES.map((s) => {
  const now = fresh.find((r) => r.suite === s);
  const before = previous.find((r) => r.suite === s);
  if (now && !(now.skipped && before && !before.skipped)) return now;
  return before;
}).filter((r): r is SuiteRun => !!r);
writeFileSync(jsonFile, JSON.stringify({ runs: merged }, null, 2) + '\n');
writeFileSync(join(here, 'RESULTS.md'), markdown(merged) + '\n');
const missed = fresh.flatMap((r) =>
  r.results.filter((x) => meets(x) === false).map((x) => `${r.suite}: ${x.name}`),
);
console.log(
  `\nbench: wrote bench/results.json and bench/RESULTS.md${missed.length ? `; targets missed: ${missed.join('; ')}` : '; every target met'}`,
);
