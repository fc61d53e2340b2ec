// A migrated PGlite database (with pg-boss installed), dumped once and cloned by every test file.
// Creating a PGlite database costs ~6 s (initdb in WASM); loading a dump costs a fraction.
// The dump is cached on disk, keyed by everything that shapes it, so later runs skip even that.
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/db/connection.js';
import { listMigrations, migrate } from '../../src/server/db/migrate.js';
import { createJobQueue } from '../../src/server/jobs/queue.js';
import { packageRoot } from '../../src/server/paths.js';
import { seedDemoOrganization } from '../../src/server/seed/demo-organization.js';

const CACHE_DIR = join(packageRoot, 'node_modules', '.cache', 'yimen-test');

async function packageVersion(name: string): Promise<string> {
  const file = join(packageRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

// What shapes the demo organization: the shipped regions and the code that seeds them.
const ORGANIZATION_SOURCES = [
  'assets/regions',
  'src/server/seed',
  'src/server/modules/regions',
  'src/server/modules/routing',
];

async function hashTree(hash: ReturnType<typeof createHash>, dir: string): Promise<void> {
  const entries = (await readdir(join(packageRoot, dir), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const e of entries) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) await hashTree(hash, rel);
    else if (!e.name.endsWith('.test.ts')) hash.update(rel).update(await readFile(join(packageRoot, rel)));
  }
}

/** Changes whenever a migration, PGlite or pg-boss changes (and, with the organization, its seed). */
async function templateKey(organization: boolean): Promise<string> {
  const hash = createHash('sha256');
  if (organization) for (const dir of ORGANIZATION_SOURCES) await hashTree(hash, dir);
  for (const m of await listMigrations()) hash.update(`${m.name}:${m.sm3}\n`);
  hash.update(await packageVersion('@electric-sql/pglite'));
  hash.update(await packageVersion('pg-boss'));
  // The template's own recipe (this file) is part of the key too.
  hash.update(await readFile(new URL(import.meta.url), 'utf8'));
  return hash.digest('hex').slice(0, 16);
}

async function buildTemplate(organization: boolean): Promise<Buffer> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    const jobs = await createJobQueue(db, { startWorkers: false });
    await jobs.start();
    await jobs.stop();
    // the whole Dezhou demo organization (no cases): most HTTP tests need it, seeding costs ~5 s
    if (organization) await seedDemoOrganization(db, { now: new Date('2026-03-01T00:00:00Z') });
    // dumped after a checkpoint, a clone starts without replaying the seed's WAL (~0.5 s of CPU
    // saved in every test file that opens one)
    await db.pglite!.exec('checkpoint');
    const dump = await db.pglite!.dumpDataDir('none');
    return Buffer.from(await dump.arrayBuffer());
  } finally {
    await db.close();
  }
}

/** Path of the template dump (a tar of the data folder), built if missing. */
export async function ensurePgliteTemplate(opts: { organization?: boolean } = {}): Promise<string> {
  const organization = opts.organization ?? false;
  const file = join(
    CACHE_DIR,
    `pglite-template-${organization ? 'org-' : ''}${await templateKey(organization)}.tar`,
  );
  try {
    await access(file);
    return file;
  } catch {
    // not cached yet
  }
  const dump = await buildTemplate(organization);
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed: concurrent runs never read a half-written template.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, dump);
  await rename(partial, file);
  return file;
}
