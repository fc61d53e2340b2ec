import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DataDirLockedError, LOCK_FILE_NAME, lockDataDir } from './data-dir-lock.js';

let work: string;
let childScript: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'yimen-lock-'));
  // The child runs this very module: transpiled to plain JS (it imports node:* only).
  const source = await readFile(new URL('./data-dir-lock.ts', import.meta.url), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  await writeFile(join(work, 'data-dir-lock.mjs'), js);
  childScript = join(work, 'holder.mjs');
  await writeFile(
    childScript,
    `import { lockDataDir } from './data-dir-lock.mjs';
     await lockDataDir(process.argv[2]);
     console.log('locked');
     setInterval(() => {}, 1000);`,
  );
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

async function startHolder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [childScript, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toContain('locked');
  return child;
}

describe('data folder lock', () => {
  test('a second process is refused with a message naming the holder pid, host and command', async () => {
    const dataDir = join(work, 'held');
    const child = await startHolder(dataDir);

    const attempt = lockDataDir(dataDir);
    await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
    const err = (await attempt.catch((e: unknown) => e)) as DataDirLockedError;
    expect(err.holder.pid).toBe(child.pid);
    expect(err.message).toContain(`pid ${child.pid}`);
    expect(err.message).toContain('holder.mjs');
    expect(err.holder.hostname).toBe(hostname());
    expect(err.message).toContain(dataDir);
  });

  test('a lock left by a process killed with -9 is taken over', async () => {
    const dataDir = join(work, 'stale');
    const child = await startHolder(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toThrow(`pid ${child.pid}`);

    child.kill('SIGKILL');
    await once(child, 'exit');
    const lock = await lockDataDir(dataDir);
    const onDisk = JSON.parse(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: number };
    expect(onDisk.pid).toBe(process.pid);
    await lock.release();
  });

  test('the same process cannot take a folder twice, and can again after release', async () => {
    const dataDir = join(work, 'twice');
    const lock = await lockDataDir(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toThrow(`pid ${process.pid}`);
    await lock.release();
    const again = await lockDataDir(dataDir);
    await again.release();
  });

  test('a lock naming this pid but not taken by this process is stale (a container restart)', async () => {
    const dataDir = join(work, 'restart');
    const lock = await lockDataDir(dataDir);
    const leftover = await readFile(lock.path, 'utf8');
    await lock.release();
    await writeFile(lock.path, leftover);
    const taken = await lockDataDir(dataDir);
    await taken.release();
  });
});
