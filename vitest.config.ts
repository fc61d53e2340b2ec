import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'test/browser/**'],
    // Migrates a template database once per run; each test file clones it (test/helpers/test-db.ts).
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // PGlite runs in WASM: opening and cloning a database takes a second or two on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
