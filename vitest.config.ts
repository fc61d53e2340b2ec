import { defineConfig } from 'vitest/config';
import LongestFirst from './test/helpers/sequencer.js';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'test/browser/**'],
    // Migrates a template database once per run; each test file clones it (test/helpers/test-db.ts).
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // A worker keeps the modules it has loaded from one file to the next: loading the app (Fastify,
    // PGlite, the route schemas, jieba) in every file cost a third of the suite's CPU (the PGlite
    // lane: 20.9 → 15.4 min on 2 cores). Each file still gets a database and an app of its own; no
    // test mocks modules, and the module-level caches (segmenter, triage model) are read-only.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // PGlite runs in WASM: opening and cloning a database takes a second or two on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
