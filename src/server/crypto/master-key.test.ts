import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateMasterKey } from './pii-crypto.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yimen-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ENV_KEY = 'ab'.repeat(32);

describe('loadOrCreateMasterKey', () => {
  it('creates a private 32-byte key file, and its folder, when none exists', async () => {
    const keyFile = join(dir, 'nested', 'keys', 'master.key');
    const key = await loadOrCreateMasterKey({ keyFile });
    expect(key).toHaveLength(32);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(key.toString('hex'));
  });

  it('reuses the key file on the next start', async () => {
    const keyFile = join(dir, 'master.key');
    const first = await loadOrCreateMasterKey({ keyFile });
    const second = await loadOrCreateMasterKey({ keyFile });
    expect(second.equals(first)).toBe(true);
  });

  it('gives concurrent first starts the same key', async () => {
    const keyFile = join(dir, 'master.key');
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateMasterKey({ keyFile })));
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
  });

  it('prefers YIMEN_MASTER_KEY over the key file and then creates no file', async () => {
    const keyFile = join(dir, 'master.key');
    const key = await loadOrCreateMasterKey({ keyFile, envKey: ENV_KEY.toUpperCase() });
    expect(key.toString('hex')).toBe(ENV_KEY);
    await expect(stat(keyFile)).rejects.toThrow(/ENOENT/);
    await writeFile(keyFile, 'cd'.repeat(32));
    expect((await loadOrCreateMasterKey({ keyFile, envKey: ENV_KEY })).toString('hex')).toBe(ENV_KEY);
  });

  it('treats an empty YIMEN_MASTER_KEY as unset', async () => {
    const keyFile = join(dir, 'master.key');
    await writeFile(keyFile, 'cd'.repeat(32));
    expect((await loadOrCreateMasterKey({ keyFile, envKey: '' })).toString('hex')).toBe('cd'.repeat(32));
  });

  it('rejects a malformed key from the environment or the file with a clear message', async () => {
    const keyFile = join(dir, 'master.key');
    await expect(loadOrCreateMasterKey({ keyFile, envKey: 'abc' })).rejects.toThrow(
      /YIMEN_MASTER_KEY must hold 64 hexadecimal/,
    );
    await expect(loadOrCreateMasterKey({ keyFile, envKey: 'zz'.repeat(32) })).rejects.toThrow(
      /YIMEN_MASTER_KEY/,
    );
    await writeFile(keyFile, 'ab'.repeat(16));
    await expect(loadOrCreateMasterKey({ keyFile })).rejects.toThrow(/master\.key must hold 64 hexadecimal/);
  });
});
