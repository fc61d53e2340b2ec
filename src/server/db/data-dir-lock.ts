// An exclusive lock on a PGlite data folder. Two processes on one folder corrupt it silently
// (measured), so the second one must stop with a message naming the holder. The lock is a file
// inside the folder holding its owner as JSON; a lock whose process is gone is taken over.
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE_NAME = 'yimen.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** The holder's command line, to help an operator recognise it. */
  command: string;
}

export interface DataDirLock {
  /** Absolute path of the lock file. */
  path: string;
  holder: LockHolder;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.hostname === hostname() ? 'this host' : `host ${holder.hostname}`;
    super(
      `The data folder ${dataDir} is in use by another Yimen process: pid ${holder.pid} on ${where}, ` +
        `started ${holder.startedAt}, command "${holder.command}". Stop that process first, or use ` +
        `another data folder (YIMEN_DATA_DIR). Only if you are sure it is not running, delete ${lockPath}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Lock files this process holds: a stale lock naming our own pid is from an earlier life (pid 1 in containers). */
const held = new Map<string, LockHolder>();
let exitHookInstalled = false;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isLive(holder: LockHolder | undefined, lockPath: string): holder is LockHolder {
  if (!holder) return false;
  // Liveness cannot be checked across hosts (a shared folder): assume the holder runs.
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return held.has(lockPath);
  return isAlive(holder.pid);
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined; // missing or unreadable: treated as stale
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that exits without close() (process.exit in a CLI) still frees its folders.
  process.on('exit', () => {
    for (const path of held.keys()) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  });
}

/** Takes the lock on dataDir (created if missing) or throws DataDirLockedError. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE_NAME);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.join(' '),
  };
  const unique = `${lockPath}.${process.pid}.${randomBytes(6).toString('hex')}`;
  // Written aside, then hard-linked into place: link() is atomic and fails if the lock exists
  // (like O_EXCL), and a reader never sees a half-written file.
  await writeFile(unique, JSON.stringify(holder) + '\n', { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await link(unique, lockPath);
        held.set(lockPath, holder);
        installExitHook();
        return { path: lockPath, holder, release: () => release(lockPath, holder) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = await readHolder(lockPath);
      if (isLive(current, lockPath)) throw new DataDirLockedError(dir, lockPath, current);
      await takeOverStale(lockPath);
    }
    throw new Error(`Could not take the lock ${lockPath}: it keeps changing hands.`);
  } finally {
    await unlink(unique).catch(() => undefined);
  }
}

/**
 * Moves a stale lock aside. Two processes may race here: rename() is atomic, so each moves a
 * distinct file; one that finds it moved a live lock (a racer's fresh one) puts it back.
 */
async function takeOverStale(lockPath: string): Promise<void> {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (isLive(await readHolder(aside), lockPath)) {
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(lockPath: string, holder: LockHolder): Promise<void> {
  if (held.get(lockPath) !== holder) return;
  held.delete(lockPath);
  const current = await readHolder(lockPath);
  if (current?.pid === holder.pid && current.startedAt === holder.startedAt) {
    await unlink(lockPath).catch(() => undefined);
  }
}
