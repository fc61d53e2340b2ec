import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { DataDirLockedError, lockDataDir, type DataDirLock } from '../server/db/data-dir-lock.js';
import { pgliteDir } from '../server/runtime.js';
import { simulateArgs, simulateCommand } from './simulate.js';

describe('yimen simulate: options', () => {
  it('reads the city, year, scale, seed and workers', () => {
    expect(simulateArgs({ city: '3714', year: '2026', scale: '0.01', seed: '7', workers: '2' })).toEqual({
      city: '3714',
      year: 2026,
      scale: 0.01,
      seed: 7,
      workers: 2,
    });
    expect(simulateArgs({ city: '3714', year: '2026' })).toMatchObject({ scale: 1, seed: 1 });
  });

  it.each([
    [{ city: '37', year: '2026' }, /--city/],
    [{ city: '3714', year: '26' }, /--year/],
    [{ city: '3714', year: '2026', scale: '0' }, /--scale/],
    [{ city: '3714', year: '2026', scale: '12' }, /--scale/],
    [{ city: '3714', year: '2026', scale: 'big' }, /--scale/],
    [{ city: '3714', year: '2026', seed: '-1' }, /--seed/],
    [{ city: '3714', year: '2026', workers: '1.5' }, /--workers/],
  ])('refuses %j with a message naming the option', (o, message) => {
    expect(() => simulateArgs(o)).toThrow(message);
  });
});

// The embedded data folder belongs to one process: with a server holding it, simulate refuses.
describe.skipIf(Boolean(process.env.DATABASE_URL))('yimen simulate on a held data folder', () => {
  let dir = '';
  let lock: DataDirLock;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'yimen-simulate-'));
    process.env.YIMEN_DATA_DIR = dir;
    lock = await lockDataDir(pgliteDir(loadConfig({ YIMEN_DATA_DIR: dir } as NodeJS.ProcessEnv)));
  });

  afterAll(async () => {
    await lock?.release();
    delete process.env.YIMEN_DATA_DIR;
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses, naming the process that holds it, and writes nothing', async () => {
    await expect(
      simulateCommand({ city: '3714', year: '2026', scale: '0.001', workers: '0' }),
    ).rejects.toThrow(DataDirLockedError);
  });
});
