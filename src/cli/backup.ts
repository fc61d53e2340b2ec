// `yimen backup FILE` and `yimen restore FILE` (数据备份恢复). PostgreSQL: pg_dump's custom format of
// the application's schema (tables, data, grants, triggers; not pg-boss's queue, whose pending jobs
// the sweeps recreate), restored with pg_restore in one transaction into a new, empty database
// prepared as in docs/operations.md; the tools' major version must match the server's. PGlite: a
// consistent copy of the data folder (PGlite's own dump, taken with the folder locked, so never
// while a server writes to it), restored in place of the folder.
// The master key is NOT in the backup: keep it apart (docs/operations.md); a restore under another
// key is refused at start (key_check).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig, type Config } from '../server/config.js';
import { lockDataDir } from '../server/db/data-dir-lock.js';
import { pgliteDir } from '../server/runtime.js';

const PGDUMP_MAGIC = 'PGDMP';
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** The URL backups and restores use: the owner's when given (it owns every table). */
const adminUrl = (c: Config) => c.databaseOwnerUrl ?? c.databaseUrl!;

/** pg_dump/pg_restore of the server's major version, or a clear refusal. */
async function checkToolVersions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let server: number;
  try {
    server = Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000;
  } finally {
    await client.end();
  }
  for (const tool of ['pg_dump', 'pg_restore']) {
    let out: string;
    try {
      out = execFileSync(tool, ['--version'], { encoding: 'utf8' });
    } catch {
      throw new Error(`${tool} is not installed (it comes with the PostgreSQL client package)`);
    }
    const major = Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1]);
    if (major !== Math.floor(server))
      throw new Error(`${tool} ${major} does not match the PostgreSQL server ${Math.floor(server)}`);
  }
}

async function magicOf(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    await fh.read(buf, 0, 5, 0);
    return buf;
  } finally {
    await fh.close();
  }
}

/** `yimen backup FILE` */
export async function backupCommand(file: string, config: Config = loadConfig()): Promise<void> {
  if (config.databaseUrl) {
    const url = adminUrl(config);
    await checkToolVersions(url);
    execFileSync('pg_dump', ['--format=custom', '--file', file, '--exclude-schema=pgboss', '--dbname', url], {
      stdio: 'inherit',
    });
  } else {
    const dir = pgliteDir(config);
    if (!existsSync(dir)) throw new Error(`no embedded database in ${dir}`);
    // the lock: a running server holds it, and a copy under its writes would not be consistent
    const lock = await lockDataDir(dir);
    try {
      const db = new PGlite(dir);
      try {
        await db.waitReady;
        const dump = await db.dumpDataDir('gzip');
        await writeFile(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
      } finally {
        await db.close();
      }
    } finally {
      await lock.release();
    }
  }
  console.log(`Backup written to ${file}. Keep the master key apart from it: the backup does not hold it.`);
}

/** `yimen restore FILE`: replaces the database with the backup's (servers must be stopped). */
export async function restoreCommand(file: string, config: Config = loadConfig()): Promise<void> {
  const magic = await magicOf(file);
  if (config.databaseUrl) {
    if (magic.toString('latin1') !== PGDUMP_MAGIC)
      throw new Error(`${file} is not a PostgreSQL backup (pg_dump custom format)`);
    const url = adminUrl(config);
    await checkToolVersions(url);
    // never over a database in use: a restore goes into a new one (and DATABASE_URL then names it)
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select count(*)::int as n from pg_tables where schemaname = current_schema()',
      );
      if (rows[0].n > 0)
        throw new Error(
          'the database is not empty: restore into a new database prepared as in docs/operations.md',
        );
    } finally {
      await client.end();
    }
    execFileSync(
      'pg_restore',
      ['--single-transaction', '--exit-on-error', '--no-owner', '--dbname', url, file],
      {
        stdio: 'inherit',
      },
    );
  } else {
    if (!magic.subarray(0, 2).equals(GZIP_MAGIC))
      throw new Error(`${file} is not an embedded-database backup`);
    const dir = pgliteDir(config);
    const lock = existsSync(dir) ? await lockDataDir(dir) : null;
    try {
      const blob = new Blob([new Uint8Array(await readFile(file))]);
      // the folder as it was stays beside, renamed, until the restored one has opened
      const aside = `${dir}.before-restore-${Date.now()}`;
      if (lock) {
        await lock.release();
        await rename(dir, aside);
      }
      const db = new PGlite(dir, { loadDataDir: blob });
      await db.waitReady;
      await db.query('select 1');
      await db.close();
      if (lock) console.log(`The database it replaced is kept in ${aside}.`);
    } catch (err) {
      await lock?.release().catch(() => undefined);
      throw err;
    }
  }
  console.log(`Restored from ${file}.`);
}
