// Convergence (issue 8): four desks over two communities do ordinary desk work through the contract —
// residents, households and members, cards issued/replaced/cancelled, contact cards (two PCs filling in the
// same one), plans with measures and services, the same person registered at two communities, employers
// and vacancies — offline for random stretches, through fault proxies, with kill -9 of a station and of the
// district mid-sync and one restore of the district from an online backup. Then a clean sync: every desk
// equals the district for its community, nothing lost or doubled, nothing pending, nothing set aside that
// a person cannot resolve from the 同步 page. Deterministic per seed (mulberry32).
//
//   CONVERGE_SEEDS=1-100 | 7,12,30-40 | 7           CONVERGE_OPS=60 (work per seed after enrolment)
//
// A failing seed writes its steps, log and problems to <tmp>/liuqing-converge/seed-N.json (the message says
// where); tests/sync/convergeReplay.ts replays or shrinks such a file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConvergence } from './convergenceRun';

// Chosen from a survey of seeds 1–40 on today's code: between them they meet every failure found — a card
// number issued before enrolment (2), two PCs filling in one contact card and a person registered at both
// communities getting a card at the second (40), a merged person's plan and household (12) — besides the
// kills and the restore every seed has.
const DEFAULT_SEEDS = [2, 12, 40];

function seedsFrom(spec: string | undefined): number[] {
  if (!spec) return DEFAULT_SEEDS;
  return spec.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

const SEEDS = seedsFrom(process.env.CONVERGE_SEEDS);
const OPS = Number(process.env.CONVERGE_OPS ?? 60);

describe('ordinary desk work, offline stretches, faults, kill -9 and a restore converge', () => {
  for (const seed of SEEDS)
    it(`seed ${seed}`, { timeout: 180_000 }, async () => {
      const r = await runConvergence({ seed, ops: OPS, processes: true });
      let where = '';
      if (r.problems.length || process.env.CONVERGE_KEEP) {
        const dir = join(tmpdir(), 'liuqing-converge');
        mkdirSync(dir, { recursive: true });
        where = join(dir, `seed-${seed}.json`);
        writeFileSync(where, JSON.stringify({ seed, ops: OPS, ...r }, null, 1));
      }
      expect(
        r.problems.map((p) => p.text),
        `seed ${seed}: every desk equals the district, nothing lost, doubled, pending or left set aside (steps and log: ${where}; replay: npx tsx tests/sync/convergeReplay.ts ${where})`,
      ).toEqual([]);
    });
});
