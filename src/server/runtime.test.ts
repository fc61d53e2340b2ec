import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { DataDirLockedError, lockDataDir } from './db/data-dir-lock.js';
import { openRuntime, pgliteDir } from './runtime.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yimen-runtime-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe.skipIf(Boolean(process.env.DATABASE_URL))(
  'CLI commands against a data folder a server holds',
  () => {
    it('refuse with a message naming the holder instead of opening the folder twice', async () => {
      const config = loadConfig({ YIMEN_DATA_DIR: dir } as NodeJS.ProcessEnv);
      // the running server's lock, as `yimen start` takes it
      const lock = await lockDataDir(pgliteDir(config));
      try {
        const attempt = openRuntime(config, { jobs: false });
        await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
        await expect(attempt).rejects.toThrow(`pid ${process.pid}`);
      } finally {
        await lock.release();
      }
    });
  },
);
