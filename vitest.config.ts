import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    // Files run in parallel: every integration test works in its own random tenant
    // schema and Redis prefix, so they never see each other's rows or keys.
    pool: 'forks',
    // Most files wait on Postgres, Redis, the emulator and timers rather than compute:
    // vitest's default on two cores (one worker per core but one) ran them one at a
    // time, which kept the machine at a load of about 1. Four at once keep it busy.
    maxWorkers: 4,
    globalSetup: ['./vitest.global-setup.ts'],
    setupFiles: ['./vitest.setup.ts'],
    reporters: ['./vitest.summary.ts', 'default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
