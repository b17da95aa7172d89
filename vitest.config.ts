import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (one fewer than the cores) runs one file at a time on a 2-core machine, yet most test time
    // is spent waiting on Chromium, PostgreSQL and child processes: two files at a time keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
