// The whole HTTP application on a test database with the Dezhou demo organization (no cases):
// real routes, real SQL, real crypto; a fixed clock the test can move and fresh UUIDv7 ids.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber } from '../../src/core/pii/validation.js';
import { calendarFromChineseDays } from '../../src/core/calendar/chinese-days-source.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import { createPiiCrypto } from '../../src/server/crypto/pii-crypto.js';
import type { AppDeps } from '../../src/server/deps.js';
import { createJobQueue, type JobQueue } from '../../src/server/jobs/queue.js';
import { QUEUES } from '../../src/server/runtime.js';
import { DEMO_PASSWORD, ensureDemoTotp } from '../../src/server/seed/demo-accounts.js';
import { totpCode } from '../../src/server/modules/auth/totp.js';
import { seedDemoOrganization } from '../../src/server/seed/demo-organization.js';
import { createTestDb, type TestDb } from './test-db.js';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  db: TestDb;
  jobs: JobQueue;
  /** moves the fixed clock */
  advance(ms: number): void;
  /** a logged-in client for a demo account */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  /**
   * A phone-verified resident session. The phone check (one-time code by SMS) belongs to the
   * Channels issue; until then the session row is written as that flow will write it.
   */
  resident(phone: string): Promise<Client>;
  unitId(code: string): Promise<string>;
  close(): Promise<void>;
}

export interface Client {
  cookie: string;
  csrf: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export const T0 = new Date('2026-03-15T01:30:00Z');

export interface TestAppOptions {
  /** settings that differ from the test defaults */
  config?: Partial<Config>;
  /** the master key (default: a random one), for a test that starts servers of its own on the database */
  masterKey?: Buffer;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDb({ organization: true });
  let now = T0.getTime();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yimen-test-'));
  const config = {
    ...loadConfig({ YIMEN_DATA_DIR: dataDir } as NodeJS.ProcessEnv),
    lockoutThreshold: 5,
    uploadMaxBytes: 256 * 1024,
    // suites sign one account in many times at one instant of the fixed clock; the single use of
    // a code has its own test (account-security.test.ts)
    totpSingleUse: false,
    // suites write and read figures back at once; sharing figures has its own test
    // (analytics.routes.test.ts)
    dashboardMaxAgeMs: 0,
    ...opts.config,
  };
  await seedDemoOrganization(db, { now: new Date(now) });
  const jobs = await createJobQueue(db, { schema: db.jobSchema, startWorkers: false });
  await jobs.start();
  for (const q of QUEUES) await jobs.ensureQueue(q);
  const deps: AppDeps = {
    config,
    db,
    crypto: createPiiCrypto(opts.masterKey ?? randomBytes(32)),
    jobs,
    clock: () => new Date(now),
    newId: () => uuidv7(),
    calendar: calendarFromChineseDays(),
  };
  // administrators and leaders sign in with a second factor: the demo secrets, sealed with this key
  await ensureDemoTotp(deps);
  const app = await buildApp(deps);

  // each log-in from its own address, so the login rate limit (per address) never trips a suite
  let logins = 0;
  const client = (cookie = '', csrf = ''): Client => {
    const c: Client = {
      cookie,
      csrf,
      request: (opts) =>
        app.inject({
          ...opts,
          headers: {
            ...(c.cookie ? { cookie: c.cookie } : {}),
            ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
            ...(opts.headers ?? {}),
          },
        }),
      get: (url, headers) => c.request({ method: 'GET', url, headers }),
      post: (url, payload, headers) =>
        c.request({ method: 'POST', url, payload: payload as InjectOptions['payload'], headers }),
    };
    return c;
  };

  return {
    app,
    deps,
    db,
    jobs,
    advance: (ms) => {
      now += ms;
    },
    anonymous: () => client(),
    login: async (username, password = DEMO_PASSWORD) => {
      logins += 1;
      const totp = await currentTotp({ deps, db }, username);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password, ...(totp ? { totpCode: totp } : {}) },
        remoteAddress: `10.200.${Math.floor(logins / 250)}.${logins % 250}`,
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookies = res.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
      return client(cookies, res.json().csrfToken);
    },
    resident: async (phone) => {
      const token = randomBytes(32).toString('base64url');
      const at = new Date(now);
      await db.kysely
        .insertInto('sessions')
        .values({
          token_hash: deps.crypto.sm3Hex(token),
          user_id: null,
          resident_phone_bidx: deps.crypto.blindIndex('phone', phone),
          created_at: at,
          last_seen_at: at,
          expires_at: new Date(now + 3600_000),
          ip: null,
          user_agent: null,
        })
        .execute();
      const c = client(`yimen_sid=${token}`);
      const me = await c.get('/api/me');
      c.cookie += '; ' + me.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
      c.csrf = me.json().csrfToken;
      return c;
    },
    unitId: async (code) => {
      const row = await db.kysely
        .selectFrom('units')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      return row.id;
    },
    close: async () => {
      await app.close();
      await jobs.stop();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The TOTP code of an account at the app's clock, when it signs in with a second factor (read
 * from its sealed secret, as the user's authenticator app would show it); else undefined.
 */
export async function currentTotp(
  t: { deps: AppDeps; db: TestDb },
  username: string,
): Promise<string | undefined> {
  const row = await t.db.kysely
    .selectFrom('users')
    .select('totp_secret')
    .where('username', '=', username)
    .executeTakeFirst();
  if (!row?.totp_secret) return undefined;
  return totpCode(t.deps.crypto.decrypt('totp_secret', row.totp_secret), t.deps.clock());
}

/** A valid registration body; override what the test is about. */
export function buildRegistration(overrides: Record<string, unknown> = {}) {
  return {
    categoryCode: 'neighbor',
    channel: 'window',
    regionCode: '371403105200',
    description: '邻居在通道堆放杂物，影响通行。',
    parties: [
      {
        role: 'applicant',
        name: '张三',
        phone: '13812345678',
        idNumber: makeIdNumber('371403', '19900101', '123'),
      },
      { role: 'respondent', name: '李四', phone: '13987654321' },
    ],
    ...overrides,
  };
}
