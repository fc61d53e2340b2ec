// Benchmarks (npm run bench:import): Vitest as the TypeScript runner, one file at a time, with the
// same migrated database templates the tests use. They print figures; they assert no timing.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['bench/**/*.bench.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
  },
});
