// The browser suite: a real server (built, on a fresh embedded database with the Dezhou demo)
// driven through Debian's Chromium by playwright-core. Run by `.ci/run` after `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    // one server, one browser: files run one after another
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
