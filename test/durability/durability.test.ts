// Durability (groundwork for issue 10, suite 3): the real server (`yimen start`, run from the
// sources) takes concurrent registrations with client-made Idempotency-Keys, is killed with
// SIGKILL mid-stream, and restarted on the same data. Every registration the clients got a 201
// for must be there exactly once with its ledger events; the ledger must verify; retrying the
// unanswered ones with the same key must create each at most once. On PGlite the restart also
// proves the data-folder lock of the killed process does not block the next one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
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
/** Acknowledged registrations before the kill is fired (the kill lands while others are in flight). */
const ACKED_BEFORE_KILL = 40;

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

/** One kill -9 cycle against a server on `env`'s database (already migrated and seeded). */
async function killAndRecover(env: Record<string, string>, servers: Server[]): Promise<void> {
  const onPglite = !env.DATABASE_URL;
  let server = await startServer(env);
  servers.push(server);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, () => login(server!.base, 'clerk.shentou')),
  );

  const attempts: Attempt[] = [];
  let acked = 0;
  let killed = false;
  const first = server;
  const kill = () => {
    if (killed) return;
    killed = true;
    first.proc.kill('SIGKILL');
  };
  await Promise.all(
    clients.map(async (client) => {
      while (!killed) {
        const key = randomUUID();
        const body = buildRegistration({ description: `耐久性测试 ${key}` });
        const attempt: Attempt = { key, body };
        attempts.push(attempt);
        try {
          const res = await client.register(key, body);
          if (res.status === 201) {
            // acknowledged, even when it arrives as the kill is fired
            attempt.ackedId = res.json.id;
            if (++acked >= ACKED_BEFORE_KILL) kill();
          } else {
            throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.json)}`);
          }
        } catch (err) {
          // A request cut off by the kill: unacknowledged, retried after the restart.
          if (!killed) throw err;
        }
      }
    }),
  );
  expect(await first.exited).toBeNull(); // killed by the signal, not exited
  expect(first.proc.signalCode).toBe('SIGKILL');
  const ackedAttempts = attempts.filter((a) => a.ackedId);
  const unacked = attempts.filter((a) => !a.ackedId);
  expect(ackedAttempts.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);

  // The killed process left its lock file behind; the next start must take it over.
  if (onPglite) {
    const lockFile = path.join(pgliteDir(loadConfig(env as NodeJS.ProcessEnv)), LOCK_FILE_NAME);
    expect(existsSync(lockFile)).toBe(true);
  }
  server = await startServer(env);
  servers.push(server);
  const clerk = await login(server.base, 'clerk.shentou');

  for (const a of ackedAttempts) {
    const got = await clerk.get(`/api/cases/${a.ackedId}`);
    expect(got.status, a.key).toBe(200);
    expect(got.json.description).toBe(a.body.description);
  }
  // Retrying an acknowledged one replays it; retrying an unanswered one creates it (201) or,
  // when its transaction had committed before the kill, replays it (200): never a second case.
  let retriedCreated = 0;
  for (const a of [...ackedAttempts, ...unacked]) {
    const res = await clerk.register(a.key, a.body);
    if (res.status === 201) retriedCreated++;
    expect([200, 201], `${a.key}: ${JSON.stringify(res.json)}`).toContain(res.status);
    if (a.ackedId) {
      expect(res.status).toBe(200);
      expect(res.json.id).toBe(a.ackedId);
    }
  }

  server.proc.kill('SIGTERM');
  await server.exited;

  // Read the data folder directly: exactly one case per key, each with its events, ledger intact.
  const runtime = await openRuntime(loadConfig(env as NodeJS.ProcessEnv), { jobs: false });
  try {
    const { db, crypto } = runtime.deps;
    const cases = await db.kysely.selectFrom('cases').select(['id', 'description']).execute();
    const byDescription = new Map<string, string[]>();
    for (const c of cases)
      byDescription.set(c.description, [...(byDescription.get(c.description) ?? []), c.id]);
    for (const a of attempts) expect(byDescription.get(a.body.description), a.key).toHaveLength(1);
    for (const a of ackedAttempts) expect(byDescription.get(a.body.description)).toEqual([a.ackedId]);
    expect(cases).toHaveLength(attempts.length);

    const withEvents = await db.kysely.selectFrom('case_events').select('case_id').distinct().execute();
    const eventCases = new Set(withEvents.map((e) => e.case_id));
    for (const c of cases) expect(eventCases.has(c.id), c.id).toBe(true);

    const report = await verifyLedger(db.kysely, (t) => crypto.sm3Hex(t));
    expect(report.problems).toEqual([]);
    expect(report.cases).toBe(attempts.length);
    // The figures issue 10's closing note asks for (acknowledged writes lost is asserted 0 above).
    console.info(
      `durability (${onPglite ? 'PGlite' : 'PostgreSQL'}): ${ackedAttempts.length} acknowledged, ` +
        `${unacked.length} cut off by the kill, ${retriedCreated} of those created on retry, 0 lost, ` +
        `${report.events} ledger events verified`,
    );
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

    it('keeps every acknowledged registration with its events; the restart takes over the lock', async () => {
      await killAndRecover(env, servers);
    }, 180_000);
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

    it('keeps every acknowledged registration with its events after the server is killed', async () => {
      await killAndRecover(env, servers);
    }, 180_000);
  },
);
