// Suite 5 of issue 10: `yimen backup FILE` and `yimen restore FILE` (the command line itself, run
// from the sources) round-trip the database: after cases are registered and moved, backed up, more
// written and then restored, every table has the counts it had at the backup and every case's
// ledger verifies with the same head hashes. PGlite: a copy of the data folder; PostgreSQL (CI's
// second lane): pg_dump / pg_restore on a database of its own, through the owner and app roles.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { setupRoles } from '../../src/server/db/roles.js';
import { verifyLedger } from '../../src/server/modules/cases/verify-ledger.js';
import { packageRoot } from '../../src/server/paths.js';
import { openRuntime } from '../../src/server/runtime.js';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-accounts.js';
import { seedDemoOrganization } from '../../src/server/seed/demo-organization.js';
import { buildRegistration } from '../helpers/test-app.js';
import { APP_ROLE, OWNER_ROLE } from '../helpers/test-db.js';

const run = promisify(execFile);
const onPostgres = Boolean(process.env.DATABASE_URL);
const env: Record<string, string> = {
  YIMEN_DATA_DIR: '',
  YIMEN_MASTER_KEY: randomBytes(32).toString('hex'),
  YIMEN_JOBS: '0',
};
const TABLES = [
  'cases',
  'case_events',
  'parties',
  'case_units',
  'audit_log',
  'audit_chain',
  'users',
  'units',
  'regions',
];
let database = '';
let restored = '';
let dir = '';

/** A new database with the two roles, as docs/operations.md prepares one (PostgreSQL). */
async function prepareDatabase(name: string): Promise<void> {
  const adminUrl = process.env.DATABASE_URL!;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  await setupRoles(urlOf(new URL(adminUrl).username, name), {
    database: name,
    ownerRole: OWNER_ROLE,
    appRole: APP_ROLE,
  });
}

function urlOf(user: string, name: string): string {
  const u = new URL(process.env.DATABASE_URL!);
  u.username = user;
  u.password = '';
  u.pathname = `/${name}`;
  return u.toString();
}

/** Points the suite (and the command line) at a database. */
function useDatabase(name: string): void {
  env.DATABASE_URL = urlOf(APP_ROLE, name);
  env.DATABASE_OWNER_URL = urlOf(OWNER_ROLE, name);
}

/** `yimen <args>` from the sources, on this suite's database. */
const yimen = (...args: string[]) =>
  run(
    process.execPath,
    [
      '--import',
      path.join(packageRoot, 'scripts', 'ts-register.mjs'),
      path.join(packageRoot, 'src', 'cli', 'main.ts'),
      ...args,
    ],
    { env: { ...process.env, ...env } },
  );

async function withRuntime<T>(fn: (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig(env as NodeJS.ProcessEnv), { jobs: false });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Registers and moves `n` cases through the API, as the window and the dispatcher would. */
async function work(n: number, tag: string): Promise<void> {
  await withRuntime(async (rt) => {
    const app = await buildApp(rt.deps);
    try {
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: DEMO_PASSWORD },
        });
        expect(res.statusCode, res.body).toBe(200);
        const cookie = res.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
        const csrf = res.json().csrfToken as string;
        return (method: 'GET' | 'POST', url: string, payload?: unknown) =>
          app.inject({ method, url, payload: payload as never, headers: { cookie, 'x-csrf-token': csrf } });
      };
      const clerk = await login('clerk.shentou');
      const dispatcher = await login('dispatcher.shentou');
      const mediation = (
        await rt.deps.db.kysely
          .selectFrom('units')
          .select('id')
          .where('code', '=', '371403105-people-mediation')
          .executeTakeFirstOrThrow()
      ).id;
      for (let i = 0; i < n; i++) {
        const reg = await clerk('POST', '/api/cases', buildRegistration({ title: `${tag} ${i}` }));
        expect(reg.statusCode, reg.body).toBe(201);
        const { id, version } = reg.json();
        const moved = await dispatcher('POST', `/api/cases/${id}/transitions`, {
          action: 'assign',
          version,
          unitId: mediation,
        });
        expect(moved.statusCode, moved.body).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
}

/** Row counts and each case's ledger head: what a round trip must keep. */
async function state() {
  return withRuntime(async (rt) => {
    const db = rt.deps.db.kysely;
    const counts: Record<string, number> = {};
    for (const table of TABLES)
      counts[table] = Number(
        (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
      );
    const heads = await db.selectFrom('cases').select(['id', 'version', 'last_hash']).orderBy('id').execute();
    const ledger = await verifyLedger(db, (s) => rt.deps.crypto.sm3Hex(s));
    return { counts, heads, ledger };
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yimen-backup-'));
  env.YIMEN_DATA_DIR = path.join(dir, 'data');
  if (onPostgres) {
    database = `yimen_backup_${randomBytes(5).toString('hex')}`;
    restored = `${database}_restored`;
    await prepareDatabase(database);
    useDatabase(database);
  }
  await withRuntime((rt) => seedDemoOrganization(rt.deps.db, { now: new Date() }));
}, 180_000);

afterAll(async () => {
  if (database) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of [database, restored])
      await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`yimen backup and restore (${onPostgres ? 'PostgreSQL: pg_dump / pg_restore' : 'PGlite: a copy of the data folder'})`, () => {
  it('round-trips counts and ledgers; what was written after the backup is gone after the restore', async () => {
    await work(4, '备份前');
    const before = await state();
    expect(before.ledger.problems).toEqual([]);
    expect(before.counts.cases).toBe(4);
    const file = path.join(dir, onPostgres ? 'yimen.dump' : 'yimen.tar.gz');
    const backup = await yimen('backup', file);
    expect(backup.stdout).toMatch(/Backup written to/);

    await work(2, '备份后');
    expect((await state()).counts.cases).toBe(6);

    if (onPostgres) {
      // never over a database in use; into a new one, as after losing the server
      await expect(yimen('restore', file)).rejects.toMatchObject({
        stderr: expect.stringMatching(/not empty/),
      });
      await prepareDatabase(restored);
      useDatabase(restored);
    }
    const restore = await yimen('restore', file);
    expect(restore.stdout).toMatch(/Restored from/);
    const after = await state();
    expect(after.counts).toEqual(before.counts);
    expect(after.heads).toEqual(before.heads);
    expect(after.ledger).toEqual(before.ledger);
    // and the restored database takes new work
    await work(1, '恢复后');
    expect((await state()).counts.cases).toBe(5);
    console.info(
      `backup/restore (${onPostgres ? 'PostgreSQL' : 'PGlite'}): ${JSON.stringify(before.counts)} identical after the round trip; ` +
        `${before.ledger.events} ledger events verified`,
    );
  }, 300_000);

  it('refuses a file of the other kind', async () => {
    const wrong = path.join(dir, 'not-a-backup');
    await import('node:fs/promises').then((fs) => fs.writeFile(wrong, 'hello'));
    await expect(yimen('restore', wrong)).rejects.toMatchObject({
      stderr: expect.stringMatching(/is not a/),
    });
  }, 60_000);
});
