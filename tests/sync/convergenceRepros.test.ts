// The minimal reproductions the convergence test found (tests/sync/repros/, described in its README), each
// replayed in this process with the same clean sync and checks: one test per defect, so a fix shows which
// reproduction it settles.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runConvergence } from './convergenceRun';
import type { Step } from './deskSteps';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'repros');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('minimal reproductions converge', () => {
  for (const file of files)
    it(file.replace(/\.json$/, ''), { timeout: 60_000 }, async () => {
      const { steps } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { steps: Step[] };
      const r = await runConvergence({ seed: 0, ops: 0, processes: false, steps });
      expect(
        r.problems.map((p) => p.text),
        r.log.join('\n'),
      ).toEqual([]);
    });
});
