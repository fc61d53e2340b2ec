// Two real server processes (separate OS processes, each with its own pool, pg-boss with cron
// schedules and workers, and live listener) on one PostgreSQL schema: a sweep handles each due
// case once however many processes and jobs run it, and an SSE client connected to process A
// receives a change made through process B (LISTEN/NOTIFY between processes).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistration, createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { packageRoot } from '../../paths.js';
import { DEMO_PASSWORD, demoTotpSecret } from '../../seed/demo-accounts.js';
import { totpCode } from '../auth/totp.js';
import { openCase } from '../supervision/test-supervision.js';
import { connectSse, type SseClient, type SseEvent } from './test-sse-client.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const AUTO_QUEUE = 'sweep-auto-supervision';

interface Child {
  proc: ChildProcessWithoutNullStreams;
  port: number;
  pid: number;
  base: string;
  lines: Record<string, unknown>[];
  next(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stderr: string[];
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      path.join(packageRoot, 'scripts', 'ts-register.mjs'),
      path.join(packageRoot, 'src', 'server', 'modules', 'live', 'test-two-process-child.ts'),
    ],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  const stderr: string[] = [];
  proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  createInterface({ input: proc.stdout }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const next: Child['next'] = (match, timeoutMs = 60_000) => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`child ${proc.pid}: no matching line; stderr: ${stderr.join('')}`)),
        timeoutMs,
      );
      waiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  };
  const ready = await next((l) => l.ready === true, 120_000);
  const port = Number(ready.port);
  return { proc, port, pid: Number(ready.pid), base: `http://127.0.0.1:${port}`, lines, next, stderr };
}

/** Logs in over HTTP to one process; the session (in the shared database) works on both. */
async function login(base: string, username: string, totpCode?: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, ...(totpCode ? { totpCode } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  const post = async (url: string, body: unknown) => {
    const r = await fetch(base + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  return { cookie, post };
}

describe.skipIf(!onPostgres)(
  'two server processes on one PostgreSQL database (needs DATABASE_URL; skipped on PGlite, where one process owns the data folder)',
  () => {
    let t: TestApp;
    let a: Child;
    let b: Child;
    let stream: SseClient;

    beforeAll(async () => {
      const masterKey = randomBytes(32);
      // the schema, migrated, with the Dezhou organization; the children share its key (the demo
      // leaders' second factor is sealed with it)
      t = await createTestApp({ masterKey });
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db.kysely);
      const env = {
        DATABASE_URL: t.db.url!,
        YIMEN_TEST_SCHEMA: rows[0]!.schema,
        YIMEN_TEST_JOB_SCHEMA: t.db.jobSchema,
        YIMEN_MASTER_KEY: masterKey.toString('hex'),
        YIMEN_SSE_HEARTBEAT_MS: '1000',
      };
      [a, b] = await Promise.all([startChild(env), startChild(env)]);
    }, 180_000);

    afterAll(async () => {
      stream?.close();
      for (const c of [a, b]) if (c && c.proc.exitCode === null) c.proc.kill('SIGTERM');
      await t?.close();
    });

    it('delivers to a stream on process A a change made through process B', async () => {
      const leader = await login(
        a.base,
        'leader.shentou',
        totpCode(demoTotpSecret('leader.shentou'), new Date()),
      );
      stream = await connectSse(a.base, leader.cookie);
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e.event === 'ready');

      const clerk = await login(b.base, 'clerk.shentou');
      const dispatcher = await login(b.base, 'dispatcher.shentou');
      const created = await clerk.post('/api/cases', buildRegistration());
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      const assigned = await dispatcher.post(`/api/cases/${id}/transitions`, {
        version: 1,
        action: 'assign',
        unitId: await t.unitId('371403105-justice'),
      });
      expect(assigned.status).toBe(200);
      const isAssign = (e: SseEvent) =>
        e.event === 'case' && (e.data as { caseId: string; action: string }).caseId === id;
      const got = await stream.waitFor(
        (e) => isAssign(e) && (e.data as { action: string }).action === 'assign',
      );
      expect(got.data).toMatchObject({
        caseId: id,
        caseNo: created.json.caseNo,
        action: 'assign',
        state: 'assigned',
        version: 2,
        regionCode: '371403105200',
      });
    });

    it('handles each due case once, however many processes and jobs sweep at the same time', async () => {
      const M = 6;
      const ids: string[] = [];
      for (let i = 0; i < M; i++) ids.push((await openCase(t)).id);
      // both processes work the sweep queues on the cron schedules
      const schedules = await t.jobs.boss.getSchedules();
      expect(schedules.map((s) => s.name)).toContain(AUTO_QUEUE);
      // due an hour ago (by the database's clock, which the child processes share)
      await t.db.asOwner((owner) =>
        sql`update cases set deadline_started_at = now() - interval '3 days',
              deadline_at = now() - interval '1 hour', updated_at = now() - interval '3 days'
            where id in (${sql.join(ids)})`.execute(owner.kysely),
      );
      // at once: a direct run in each process, and sweep jobs that either process may fetch
      a.proc.stdin.write('sweep\n');
      b.proc.stdin.write('sweep\n');
      const sent = await Promise.all([t.jobs.send(AUTO_QUEUE, {}), t.jobs.send(AUTO_QUEUE, {})]);
      const [ranA, ranB] = await Promise.all([a.next((l) => 'swept' in l), b.next((l) => 'swept' in l)]);

      const orderCount = async () =>
        (
          await t.db.kysely
            .selectFrom('supervision_orders')
            .select(['case_id'])
            .where('case_id', 'in', ids)
            .execute()
        ).length;
      // the jobs that were queued (the queue keeps at most one waiting) finish too
      const jobIds = sent.filter((x): x is string => x !== null);
      expect(jobIds.length).toBeGreaterThan(0);
      for (let i = 0; i < 300; i++) {
        const jobsDone = await Promise.all(
          jobIds.map((j) => t.jobs.boss.getJobById(AUTO_QUEUE, j, { includeArchive: true })),
        );
        if (jobsDone.every((j) => j && ['completed', 'failed'].includes(j.state))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await orderCount()).toBe(M);

      // one automatic order and one ledger event per case
      const perCase = await t.db.kysely
        .selectFrom('case_events')
        .select(['case_id', sql<number>`count(*)::int`.as('n')])
        .where('case_id', 'in', ids)
        .where('action', '=', 'supervision_ordered')
        .groupBy('case_id')
        .execute();
      expect(perCase).toHaveLength(M);
      expect(perCase.every((r) => r.n === 1)).toBe(true);

      // what every run reported adds up to M: each due case was handled by exactly one of them
      const { rows: outputs } = await sql<{
        output: { ordered?: number; pid?: number } | null;
        state: string;
      }>`
        select output, state from ${sql.table(`${t.db.jobSchema}.job`)}
        where name = ${AUTO_QUEUE} and state = 'completed'`.execute(t.db.kysely);
      const byJobs = outputs.reduce((n, r) => n + (r.output?.ordered ?? 0), 0);
      const direct = [ranA, ranB].reduce(
        (n, l) => n + ((l.swept as Record<string, { ordered?: number }>)['auto-supervision']?.ordered ?? 0),
        0,
      );
      expect(byJobs + direct).toBe(M);
      // the jobs ran in the child processes, not here
      for (const r of outputs) expect([a.pid, b.pid]).toContain(r.output?.pid);

      // process A's stream heard of the orders written by whichever process wrote them
      for (const id of ids) {
        await stream.waitFor(
          (e) =>
            e.event === 'case' &&
            (e.data as { caseId: string; action: string }).caseId === id &&
            (e.data as { action: string }).action === 'supervision_ordered',
          10_000,
        );
      }
    });

    it('closes both processes cleanly, ending the open stream', async () => {
      a.proc.stdin.write('exit\n');
      b.proc.stdin.write('exit\n');
      const exits = await Promise.all(
        [a, b].map(
          (c) =>
            new Promise<number | null>((resolve) => {
              if (c.proc.exitCode !== null) resolve(c.proc.exitCode);
              else c.proc.on('exit', (code) => resolve(code));
            }),
        ),
      );
      expect(exits).toEqual([0, 0]);
      await stream.ended;
      expect(stream.events.at(-1)?.event).toBe('server_closing');
    });
  },
);
