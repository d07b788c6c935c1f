// Replays a failing convergence seed (the JSON its test wrote) and, with --shrink, finds a short list of
// steps that still fails the same way — the minimal reproduction to put in an issue. Replays run everything
// in this process unless --processes (a "kill -9" is then a close; a restore still copies the backup).
//
//   npx tsx tests/sync/convergeReplay.ts /tmp/liuqing-converge/seed-7.json
//   npx tsx tests/sync/convergeReplay.ts /tmp/liuqing-converge/seed-7.json --shrink 'doubled contact card'
//   npx tsx tests/sync/convergeReplay.ts --seeds 1-50 [--ops 60] [--out dir]   (draw seeds; which fail how)
//
// --shrink takes a problem kind (as printed); the shortest steps found go to <file>.min.json and stdout.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runConvergence } from './convergenceRun';
import { describeStep, type Step } from './deskSteps';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shrink: { type: 'string' },
    processes: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    ops: { type: 'string', default: '60' },
    out: { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});
if (values.seeds) await survey(values.seeds, Number(values.ops));
const file = positionals[0];
if (!file) {
  console.error('usage: convergeReplay.ts <seed-N.json> [--shrink <kind>] [--processes]');
  process.exit(1);
}
/** Draws each seed (in this process unless --processes), keeps the failing ones, and groups them by kind. */
async function survey(spec: string, ops: number): Promise<never> {
  const seeds = spec.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
  const dir = values.out ?? join(tmpdir(), 'liuqing-converge', values.processes ? 'processes' : 'inprocess');
  mkdirSync(dir, { recursive: true });
  const byKind = new Map<string, number[]>();
  for (const seed of seeds) {
    const r = await runConvergence({ seed, ops, processes: values.processes ?? false });
    const kinds = [...new Set(r.problems.map((p) => p.kind))];
    console.error(`seed ${seed}: ${kinds.length ? kinds.join(' | ') : 'ok'}`);
    if (r.problems.length)
      writeFileSync(join(dir, `seed-${seed}.json`), JSON.stringify({ seed, ops, ...r }, null, 1));
    for (const k of kinds) byKind.set(k, [...(byKind.get(k) ?? []), seed]);
  }
  for (const [k, list] of [...byKind].sort((a, b) => b[1].length - a[1].length))
    console.log(`${String(list.length).padStart(3)} seeds  ${k}  (${list.slice(0, 12).join(' ')})`);
  console.log(`(files in ${dir})`);
  process.exit(0);
}

const recorded = JSON.parse(readFileSync(file, 'utf8')) as { steps: Step[] };
const processes = values.processes ?? false;
let runs = 0;

async function kindsOf(steps: Step[]): Promise<Map<string, string[]>> {
  runs++;
  // a fresh copy: the runner writes what each call made into its step
  const r = await runConvergence({ seed: 0, ops: 0, processes, steps: structuredClone(steps) });
  if (values.log) console.log(r.log.join('\n'));
  const out = new Map<string, string[]>();
  for (const p of r.problems) out.set(p.kind, [...(out.get(p.kind) ?? []), p.text]);
  return out;
}

async function fails(steps: Step[], kind: string): Promise<boolean> {
  return (await kindsOf(steps)).has(kind);
}

/** ddmin: take out ever smaller chunks while the failure stays. */
async function shrink(steps: Step[], kind: string): Promise<Step[]> {
  let current = steps;
  let n = 2;
  while (current.length >= 2) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let i = 0; i < current.length; i += size) {
      const candidate = [...current.slice(0, i), ...current.slice(i + size)];
      if (await fails(candidate, kind)) {
        current = candidate;
        n = Math.max(n - 1, 2);
        reduced = true;
        console.error(`  ${current.length} steps (${runs} runs)`);
        break;
      }
    }
    if (!reduced) {
      if (size === 1) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}

const kinds = await kindsOf(recorded.steps);
if (kinds.size === 0) console.log('no problems');
for (const [kind, texts] of kinds)
  console.log(`${texts.length} × ${kind}\n    ${texts.slice(0, 3).join('\n    ')}`);
if (values.shrink) {
  if (!kinds.has(values.shrink)) {
    console.error(`the replay does not fail with “${values.shrink}”${processes ? '' : ' (try --processes)'}`);
    process.exit(1);
  }
  const min = await shrink(recorded.steps, values.shrink);
  writeFileSync(`${file}.min.json`, JSON.stringify({ kind: values.shrink, steps: min }, null, 1));
  console.log(`\nminimal steps for “${values.shrink}” (${runs} runs):`);
  for (const s of min) console.log(`  ${describeStep(s)}`);
  const final = await kindsOf(min);
  console.log(`\nit fails with:\n  ${(final.get(values.shrink) ?? []).join('\n  ')}`);
}
