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
    setupFiles: ['./vitest.setup.ts'],
    reporters: ['./vitest.summary.ts', 'default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
