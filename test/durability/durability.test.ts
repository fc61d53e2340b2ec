// Durability (groundwork for issue 10, suite 3): the real server (`yimen start`, run from the
// sources) takes concurrent registrations with client-made Idempotency-Keys, is killed with
// SIGKILL mid-stream, and restarted on the same data. Every registration the clients got a 201
// for must be there exactly once with its ledger events; the ledger must verify; retrying the
// unanswered ones with the same key must create each at most once. On PGlite the restart also
// proves the data-folder lock of the killed process does not block the next one.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistration } from '../helpers/test-app.js';
import { APP_ROLE, OWNER_ROLE } from '../helpers/test-db.js';
import { loadConfig } from '../../src/server/config.js';
import { LOCK_FILE_NAME } from '../../src/server/db/data-dir-lock.js';
import { setupRoles } from '../../src/server/db/roles.js';
import { verifyLedger } from '../../src/server/modules/cases/verify-ledger.js';
import { packageRoot } from '../../src/server/paths.js';
import { openRuntime, pgliteDir } from '../../src/server/runtime.js';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-accounts.js';
import { seedDemoOrganization } from '../../src/server/seed/demo-organization.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const CLIENTS = 4;

interface Server {
  proc: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  output: string[];
}

/** `yimen start --no-seed` from the TypeScript sources (no build), on a free port. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      path.join(packageRoot, 'scripts', 'ts-register.mjs'),
      path.join(packageRoot, 'src', 'cli', 'main.ts'),
      'start',
      '--no-seed',
    ],
    {
      env: {
        ...process.env,
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        YIMEN_JOBS: '0',
        YIMEN_LOGIN_RATE_PER_MINUTE: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output.join('')}`)), 90_000);
    void exited.then((code) => reject(new Error(`server exited ${code}: ${output.join('')}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      output.push(line);
      // Fastify's logger announces the bound address (PORT=0 picks a free one).
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { proc, base, exited, output };
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return {
    register: async (key: string, body: unknown) => {
      const r = await fetch(`${base}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as { id?: string } };
    },
    get: async (url: string) => {
      const r = await fetch(base + url, { headers: { cookie } });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    },
  };
}

interface Attempt {
  key: string;
  body: ReturnType<typeof buildRegistration>;
  /** the case id when the server answered 201 before the kill */
  ackedId?: string;
}

/** Registrations from `CLIENTS` clients until `stop()` says so; a request cut off counts as unanswered. */
async function drive(
  clients: Awaited<ReturnType<typeof login>>[],
  attempts: Attempt[],
  onAck: () => void,
  stopped: () => boolean,
): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      while (!stopped()) {
        const key = randomUUID();
        const body = buildRegistration({ description: `耐久性测试 ${key}` });
        const attempt: Attempt = { key, body };
        attempts.push(attempt);
        try {
          const res = await client.register(key, body);
          if (res.status === 201) {
            // acknowledged, even when it arrives as the kill is fired
            attempt.ackedId = res.json.id;
            onAck();
          } else if (res.status < 500) {
            throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.json)}`);
          }
          // a 5xx (the database went away under the server): unanswered, retried later
          else await new Promise((r) => setTimeout(r, 50));
        } catch (err) {
          // a request cut off by the kill: unacknowledged, retried after the restart
          if (!stopped() && !(err instanceof TypeError)) throw err;
        }
      }
    }),
  );
}

/**
 * After a restart: every acknowledged registration reads back, retrying it replays it (200, same
 * id), retrying an unanswered one creates it (201) or, when it had committed, replays it (200).
 */
async function recover(clerk: Awaited<ReturnType<typeof login>>, attempts: Attempt[]): Promise<number> {
  let created = 0;
  for (const a of attempts.filter((x) => x.ackedId)) {
    const got = await clerk.get(`/api/cases/${a.ackedId}`);
    expect(got.status, a.key).toBe(200);
    expect(got.json.description).toBe(a.body.description);
  }
  for (const a of attempts) {
    const res = await clerk.register(a.key, a.body);
    expect([200, 201], `${a.key}: ${JSON.stringify(res.json)}`).toContain(res.status);
    if (a.ackedId) {
      expect(res.status).toBe(200);
      expect(res.json.id).toBe(a.ackedId);
    } else {
      if (res.status === 201) created++;
      a.ackedId = res.json.id;
    }
  }
  return created;
}

/**
 * Kills of the server: `YIMEN_DURABILITY_CYCLES` (default 10 on PGlite, CI's first lane; 3 on the
 * PostgreSQL lane, which also crashes the database itself below; 50 for the closing note's figures).
 */
const CYCLES = Number(process.env.YIMEN_DURABILITY_CYCLES ?? (onPostgres ? 3 : 10));

/**
 * `cycles` times: concurrent registrations, SIGKILL at a random moment (after 1–25 acknowledged
 * registrations and a random few milliseconds), restart on the same data, check and retry. Then,
 * with the server stopped, the database itself: exactly one case per key, each with its events,
 * every ledger verified.
 */
async function killAndRecover(
  env: Record<string, string>,
  servers: Server[],
  cycles = CYCLES,
): Promise<void> {
  const onPglite = !env.DATABASE_URL;
  const attempts: Attempt[] = [];
  let ackedTotal = 0;
  let cutOff = 0;
  let createdOnRetry = 0;
  let server = await startServer(env);
  servers.push(server);
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => login(server.base, 'clerk.shentou')),
    );
    const mine: Attempt[] = [];
    const killAt = 1 + Math.floor(Math.random() * 25);
    let acked = 0;
    let killed = false;
    const victim = server;
    const kill = () => {
      if (killed) return;
      killed = true;
      setTimeout(() => victim.proc.kill('SIGKILL'), Math.floor(Math.random() * 15));
    };
    await drive(
      clients,
      mine,
      () => ++acked >= killAt && kill(),
      () => killed,
    );
    expect(await victim.exited).toBeNull(); // killed by the signal, not exited
    expect(victim.proc.signalCode).toBe('SIGKILL');
    expect(acked).toBeGreaterThanOrEqual(killAt);
    ackedTotal += mine.filter((a) => a.ackedId).length;
    cutOff += mine.filter((a) => !a.ackedId).length;
    // The killed process left its lock file behind; the next start must take it over.
    if (onPglite) {
      const lockFile = path.join(pgliteDir(loadConfig(env as NodeJS.ProcessEnv)), LOCK_FILE_NAME);
      expect(existsSync(lockFile)).toBe(true);
    }
    server = await startServer(env);
    servers.push(server);
    createdOnRetry += await recover(await login(server.base, 'clerk.shentou'), mine);
    attempts.push(...mine);
  }
  server.proc.kill('SIGTERM');
  await server.exited;
  const events = await checkDatabase(env, attempts);
  // The figures issue 10's closing note asks for (acknowledged writes lost is asserted 0 above).
  console.info(
    `durability (${onPglite ? 'PGlite' : 'PostgreSQL'}): ${cycles} kills, ${ackedTotal} acknowledged, ` +
      `${cutOff} cut off, ${createdOnRetry} of those created on retry, 0 acknowledged writes lost, ` +
      `${events} ledger events verified`,
  );
}

/** Read the database directly: exactly one case per key, each with its events, ledger intact. */
async function checkDatabase(env: Record<string, string>, attempts: Attempt[]): Promise<number> {
  const runtime = await openRuntime(loadConfig(env as NodeJS.ProcessEnv), { jobs: false });
  try {
    const { db, crypto } = runtime.deps;
    const cases = await db.kysely.selectFrom('cases').select(['id', 'description']).execute();
    const byDescription = new Map<string, string[]>();
    for (const c of cases)
      byDescription.set(c.description, [...(byDescription.get(c.description) ?? []), c.id]);
    for (const a of attempts) expect(byDescription.get(a.body.description), a.key).toEqual([a.ackedId]);
    expect(cases).toHaveLength(attempts.length);

    const withEvents = await db.kysely.selectFrom('case_events').select('case_id').distinct().execute();
    const eventCases = new Set(withEvents.map((e) => e.case_id));
    for (const c of cases) expect(eventCases.has(c.id), c.id).toBe(true);

    const report = await verifyLedger(db.kysely, (t) => crypto.sm3Hex(t));
    expect(report.problems).toEqual([]);
    expect(report.cases).toBe(attempts.length);
    return report.events;
  } finally {
    await runtime.close();
  }
}

/** Stops what a test started: SIGKILL, since a server may be mid-request. */
async function stopAll(servers: Server[]): Promise<void> {
  for (const s of servers) {
    if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
    await s.exited;
  }
}

/** Migrates and seeds the organization only (regions, units, demo accounts), not the demo cases. */
async function seedOrganization(env: Record<string, string>): Promise<void> {
  const runtime = await openRuntime(loadConfig(env as NodeJS.ProcessEnv), { jobs: false });
  try {
    await seedDemoOrganization(runtime.deps.db, { now: new Date() });
  } finally {
    await runtime.close();
  }
}

describe.skipIf(onPostgres)(
  'durability: kill -9 during concurrent registrations (PGlite data folder)',
  () => {
    const env = { YIMEN_DATA_DIR: '', YIMEN_MASTER_KEY: randomBytes(32).toString('hex') };
    const servers: Server[] = [];

    beforeAll(async () => {
      env.YIMEN_DATA_DIR = await mkdtemp(path.join(tmpdir(), 'yimen-durability-'));
      await seedOrganization(env);
    }, 120_000);

    afterAll(async () => {
      await stopAll(servers);
      if (env.YIMEN_DATA_DIR) await rm(env.YIMEN_DATA_DIR, { recursive: true, force: true });
    });

    it(
      'keeps every acknowledged registration with its events across the kills; each restart takes over the lock',
      async () => {
        await killAndRecover(env, servers);
      },
      120_000 + CYCLES * 30_000,
    );
  },
);

const withUser = (url: string, user: string, database: string): string => {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
};

// A database of its own (not a schema: the server under test runs as an operator runs it, on the
// public schema), used through the owner and app roles so the ledger grants are in force.
describe.skipIf(!onPostgres)(
  'durability: kill -9 of the server during concurrent registrations (PostgreSQL)',
  () => {
    const adminUrl = process.env.DATABASE_URL!;
    const database = `yimen_durability_${randomBytes(6).toString('hex')}`;
    const env = { YIMEN_DATA_DIR: '', YIMEN_MASTER_KEY: randomBytes(32).toString('hex') } as Record<
      string,
      string
    >;
    const servers: Server[] = [];
    let created = false;

    beforeAll(async () => {
      env.YIMEN_DATA_DIR = await mkdtemp(path.join(tmpdir(), 'yimen-durability-'));
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${database}`);
        created = true;
      } finally {
        await admin.end();
      }
      await setupRoles(withUser(adminUrl, new URL(adminUrl).username, database), {
        database,
        ownerRole: OWNER_ROLE,
        appRole: APP_ROLE,
      });
      env.DATABASE_URL = withUser(adminUrl, APP_ROLE, database);
      env.DATABASE_OWNER_URL = withUser(adminUrl, OWNER_ROLE, database);
      await seedOrganization(env);
    }, 120_000);

    afterAll(async () => {
      await stopAll(servers);
      if (created) {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        try {
          await admin.query(`drop database if exists ${database} with (force)`);
        } finally {
          await admin.end();
        }
      }
      if (env.YIMEN_DATA_DIR) await rm(env.YIMEN_DATA_DIR, { recursive: true, force: true });
    });

    it(
      'keeps every acknowledged registration with its events after the server is killed',
      async () => {
        await killAndRecover(env, servers);
      },
      120_000 + CYCLES * 30_000,
    );
  },
);

// ---------------------------------------------------------------------------------------------
// PostgreSQL stopped with `pg_ctl stop -m immediate` under load (a crash of the database server),
// on a cluster of its own (initdb, its own port and socket folder), never the shared test server.

const PG_PORT = 55432;

/** The newest PostgreSQL's programs, when installed. */
function pgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const bin = versions.map((v) => path.join(root, v, 'bin')).find((b) => existsSync(path.join(b, 'initdb')));
  return bin ?? null;
}

/** Runs a PostgreSQL program as the postgres user when we are root (initdb refuses root). */
function asPostgres(bin: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface OwnCluster {
  url: string;
  start(settings?: string): void;
  stopImmediate(): void;
  stop(): void;
}

async function ownCluster(bin: string): Promise<OwnCluster & { dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'yimen-pgcrash-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const ctl = (args: string[]) => asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const options = (extra = '') => `-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1 ${extra}`;
  return {
    dir,
    url: `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`,
    start: (settings = '') => void ctl(['-l', path.join(dir, 'log'), '-o', options(settings), '-w', 'start']),
    stopImmediate: () => void ctl(['-m', 'immediate', 'stop']),
    stop: () => void ctl(['-m', 'fast', '-w', 'stop']),
  };
}

/** Stops of the database: `YIMEN_PG_OUTAGES` (default 3 in CI; 50 for a closing note). */
const PG_OUTAGES = Number(process.env.YIMEN_PG_OUTAGES ?? 3);
const bin = pgBin();

describe.skipIf(!onPostgres || !bin)(
  'durability: PostgreSQL stopped with pg_ctl stop -m immediate under load (its own cluster on port 55432; PostgreSQL lane only)',
  () => {
    let cluster: (OwnCluster & { dir: string }) | undefined;
    const servers: Server[] = [];
    const env = { YIMEN_DATA_DIR: '', YIMEN_MASTER_KEY: randomBytes(32).toString('hex') } as Record<
      string,
      string
    >;

    beforeAll(async () => {
      cluster = await ownCluster(bin!);
      env.YIMEN_DATA_DIR = await mkdtemp(path.join(tmpdir(), 'yimen-durability-'));
    }, 120_000);

    afterAll(async () => {
      await stopAll(servers);
      try {
        cluster?.stop();
      } catch {
        // already stopped
      }
      if (cluster) await rm(cluster.dir, { recursive: true, force: true });
      if (env.YIMEN_DATA_DIR) await rm(env.YIMEN_DATA_DIR, { recursive: true, force: true });
    });

    it('refuses to start on a cluster with fsync off', async () => {
      cluster!.start('-c fsync=off');
      try {
        const proc = spawn(
          process.execPath,
          [
            '--import',
            path.join(packageRoot, 'scripts', 'ts-register.mjs'),
            path.join(packageRoot, 'src', 'cli', 'main.ts'),
            'start',
            '--no-seed',
          ],
          {
            env: { ...process.env, ...env, DATABASE_URL: cluster!.url, PORT: '0', YIMEN_JOBS: '0' },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let err = '';
        proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        const code = await new Promise<number | null>((r) => proc.on('exit', r));
        expect(code).not.toBe(0);
        expect(err).toMatch(/fsync is off/);
      } finally {
        cluster!.stop();
      }
    }, 120_000);

    it(
      'the server rides out database crashes: every acknowledged registration is kept once, in-flight ones wholly or not at all',
      async () => {
        cluster!.start();
        const database = 'yimen_crash';
        const admin = new pg.Client({ connectionString: cluster!.url });
        await admin.connect();
        await admin.query(`create database ${database}`);
        await admin.end();
        const adminDb = cluster!.url.replace(/\/postgres$/, `/${database}`);
        await setupRoles(adminDb, { database, ownerRole: OWNER_ROLE, appRole: APP_ROLE });
        env.DATABASE_URL = withUser(adminDb, APP_ROLE, database);
        env.DATABASE_OWNER_URL = withUser(adminDb, OWNER_ROLE, database);
        await seedOrganization(env);

        const server = await startServer(env);
        servers.push(server);
        const attempts: Attempt[] = [];
        let acked = 0;
        let unanswered = 0;
        for (let outage = 1; outage <= PG_OUTAGES; outage++) {
          const clients = await Promise.all(
            Array.from({ length: CLIENTS }, () => login(server.base, 'clerk.shentou')),
          );
          const mine: Attempt[] = [];
          const crashAt = 1 + Math.floor(Math.random() * 20);
          let n = 0;
          let done = false;
          let crashed = false;
          const load = drive(
            clients,
            mine,
            () => {
              if (++n >= crashAt && !crashed) {
                crashed = true;
                cluster!.stopImmediate();
                // the database stays down a moment while the clients keep sending
                setTimeout(() => {
                  cluster!.start();
                  setTimeout(() => (done = true), 1_000);
                }, 500);
              }
            },
            () => done,
          );
          await load;
          // the same server process, never restarted, answers again
          expect(server.proc.exitCode, server.output.join('').slice(-3000)).toBeNull();
          acked += mine.filter((a) => a.ackedId).length;
          unanswered += mine.filter((a) => !a.ackedId).length;
          const clerk = await login(server.base, 'clerk.shentou');
          await recover(clerk, mine);
          attempts.push(...mine);
        }
        server.proc.kill('SIGTERM');
        await server.exited;
        const events = await checkDatabase(env, attempts);
        console.info(
          `durability (PostgreSQL crash): ${PG_OUTAGES} immediate stops under load, ${acked} registrations acknowledged, ` +
            `${unanswered} unanswered (5xx or cut off) then retried with their keys, 0 acknowledged writes lost, ` +
            `${events} ledger events verified`,
        );
      },
      120_000 + PG_OUTAGES * 60_000,
    );
  },
);
