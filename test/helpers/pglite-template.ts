// A migrated PGlite database (with pg-boss installed), dumped once and cloned by every test file.
// Creating a PGlite database costs ~6 s (initdb in WASM); loading a dump costs a fraction.
// The dump is cached on disk, keyed by everything that shapes it, so later runs skip even that.
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/db/connection.js';
import { listMigrations, migrate } from '../../src/server/db/migrate.js';
import { createJobQueue } from '../../src/server/jobs/queue.js';
import { packageRoot } from '../../src/server/paths.js';

const CACHE_DIR = join(packageRoot, 'node_modules', '.cache', 'yimen-test');

async function packageVersion(name: string): Promise<string> {
  const file = join(packageRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

/** Changes whenever a migration, PGlite or pg-boss changes. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await listMigrations()) hash.update(`${m.name}:${m.sm3}\n`);
  hash.update(await packageVersion('@electric-sql/pglite'));
  hash.update(await packageVersion('pg-boss'));
  // The template's own recipe (this file) is part of the key too.
  hash.update(await readFile(new URL(import.meta.url), 'utf8'));
  return hash.digest('hex').slice(0, 16);
}

async function buildTemplate(): Promise<Buffer> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    const jobs = await createJobQueue(db, { startWorkers: false });
    await jobs.start();
    await jobs.stop();
    const dump = await db.pglite!.dumpDataDir('none');
    return Buffer.from(await dump.arrayBuffer());
  } finally {
    await db.close();
  }
}

/** Path of the template dump (a tar of the data folder), built if missing. */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = join(CACHE_DIR, `pglite-template-${await templateKey()}.tar`);
  try {
    await access(file);
    return file;
  } catch {
    // not cached yet
  }
  const dump = await buildTemplate();
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed: concurrent runs never read a half-written template.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, dump);
  await rename(partial, file);
  return file;
}
