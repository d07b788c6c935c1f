import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core, not vitest's default of one fewer: most files wait on Chromium, SQLite,
    // PostgreSQL or a child process, so a second file fills the gaps. On the 2-core CI machine the default
    // ran files one at a time; measured there: tests/ledgers 62 s with 1 worker, 43 s with 2, 43 s with 3;
    // tests/station 57 s with 1, 30 s with 2 (the same CPU time either way).
    maxWorkers: availableParallelism(),
  },
});
