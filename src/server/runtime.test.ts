import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { MasterKeyMismatchError } from './crypto/key-check.js';
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

describe.skipIf(Boolean(process.env.DATABASE_URL))('the master key', () => {
  it('is the one the database was first opened with: another key is refused, the right one opens', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'yimen-key-'));
    try {
      // first start: the key file is created and its fingerprint recorded
      const config = loadConfig({ YIMEN_DATA_DIR: folder } as NodeJS.ProcessEnv);
      await (await openRuntime(config, { jobs: false })).close();
      // the key file lost and replaced by a fresh one, or a wrong YIMEN_MASTER_KEY: refused
      const other = loadConfig({
        YIMEN_DATA_DIR: folder,
        YIMEN_MASTER_KEY: randomBytes(32).toString('hex'),
      } as NodeJS.ProcessEnv);
      const refused = openRuntime(other, { jobs: false });
      await expect(refused).rejects.toBeInstanceOf(MasterKeyMismatchError);
      await expect(refused).rejects.toThrow(/master key does not match/);
      // the original key file still opens it
      await (await openRuntime(config, { jobs: false })).close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
