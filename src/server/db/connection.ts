// One access path for both engines: Kysely's PostgresDialect over a `pg.Pool`. For PGlite the
// pool talks to an in-process instance through PGlite's own node-postgres adapter, so the same
// pg type parsers run on both engines and rows come back with identical JS types.
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { namePreparedStatements, type PreparedStatements } from './prepared-statements.js';
import { guardPool } from './transaction-guard.js';
import type { Database } from './tables.js';

export type Engine = 'pglite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** The pool under Kysely; on PGlite it has exactly one connection. */
  pool: pg.Pool;
  /** The PGlite instance (PGlite only). */
  pglite?: PGlite;
  /** The connection URL (PostgreSQL only): pg-boss opens its own pool with it. */
  url?: string;
  /** PostgreSQL only: the statements this pool sends as named prepared statements. */
  prepared?: PreparedStatements;
  /** Closes the pool, then the PGlite instance and its data-folder lock. Idempotent. */
  close(): Promise<void>;
}

export interface DbOptions {
  /** A PostgreSQL URL: when set, PostgreSQL is used and dataDir is ignored. */
  databaseUrl?: string;
  /** PGlite data folder, or 'memory://' (the default) for an in-memory database. */
  dataDir?: string;
  /** PostgreSQL only: schema search path set on every pooled connection (tests use one schema per file). */
  searchPath?: string;
  /** PostgreSQL only: extra session settings of every pooled connection (name → value). */
  settings?: Record<string, string>;
  /** PostgreSQL only: pool size (default 10). */
  poolMax?: number;
  /**
   * PostgreSQL only: send frequent statements as named prepared statements (default true; off for
   * a connection pooler in transaction mode that cannot keep them, such as PgBouncer before 1.21).
   */
  preparedStatements?: boolean;
  /** PGlite only: start from a `dumpDataDir()` tarball (tests clone a migrated template this way). */
  loadDataDir?: Blob | File;
}

/**
 * Session time zone on both engines. Day boundaries in SQL (`at::date`, date_trunc) then follow
 * China's civil day; timestamptz values are absolute instants either way.
 */
export const SESSION_TIME_ZONE = 'Asia/Shanghai';

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114 } as const;
const identity = (value: string): string => value;

/**
 * pg type parsers pinned per pool, so neither engine depends on (or is changed by) the global
 * `pg.types`: int8 and numeric stay strings (no silent precision loss), date and timestamp-
 * without-zone stay strings (no host time zone applied); timestamptz → Date, jsonb → parsed,
 * bytea → Buffer, int4 → number come from pg's defaults.
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((format ?? 'text') === 'text') {
      if (oid === OID.int8 || oid === OID.numeric || oid === OID.date || oid === OID.timestamp) {
        return identity;
      }
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openDatabase(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  return openPglite(opts);
}

function makeKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function openPostgres(url: string, opts: DbOptions): Promise<Db> {
  const settings = [`-c TimeZone=${SESSION_TIME_ZONE}`];
  if (opts.searchPath) settings.push(`-c search_path=${opts.searchPath.replace(/\s+/g, '')}`);
  for (const [name, value] of Object.entries(opts.settings ?? {})) {
    if (!/^[a-z_.]+$/.test(name) || !/^[\w.-]+$/.test(value)) throw new Error(`bad session setting ${name}`);
    settings.push(`-c ${name}=${value}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    types: typeParsers,
    options: settings.join(' '),
  });
  // An idle client's network error must not crash the process; the pool drops that client.
  pool.on('error', () => undefined);
  // Nor may a checked-out one's: a client held between the statements of a transaction emits
  // 'error' when the server goes away (pg_ctl stop -m immediate, a failover), with no query to
  // reject, and an unheard 'error' event ends the process (found by the durability suite). The
  // transaction's next statement fails instead, the client is discarded on release, and the pool
  // connects anew once the server is back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  guardPool(pool, { sharedSession: false });
  const prepared = opts.preparedStatements === false ? undefined : namePreparedStatements(pool);
  const kysely = makeKysely(pool);
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    kysely,
    engine: 'postgres',
    pool,
    url,
    ...(prepared ? { prepared } : {}),
    close: () => (closed ??= kysely.destroy()),
  };
}

async function openPglite(opts: DbOptions): Promise<Db> {
  const dataDir = opts.dataDir ?? 'memory://';
  const onDisk = !dataDir.startsWith('memory://');
  // The lock comes first: two processes on one folder corrupt it silently.
  const lock: DataDirLock | undefined = onDisk ? await lockDataDir(dataDir) : undefined;
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite(dataDir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
    await pglite.waitReady;
    // PGlite has one session for its lifetime (the adapter ignores startup parameters).
    await pglite.exec(`set time zone '${SESSION_TIME_ZONE}'`);
  } catch (err) {
    await pglite?.close().catch(() => undefined);
    await lock?.release();
    throw err;
  }
  const instance = pglite;
  // One connection: transactions are serialized by the pool. The idle client is never dropped,
  // because the adapter's connection object is shared and cannot be reopened cleanly.
  const pool = new pg.Pool({
    ...createPgConfig(instance),
    max: 1,
    idleTimeoutMillis: 0,
    types: typeParsers,
  } as pg.PoolConfig);
  pool.on('error', () => undefined);
  guardPool(pool, { sharedSession: true });
  const kysely = makeKysely(pool);
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await kysely.destroy();
    } finally {
      try {
        await instance.close();
      } finally {
        await lock?.release();
      }
    }
  };
  return { kysely, engine: 'pglite', pool, pglite: instance, close: () => (closed ??= close()) };
}
