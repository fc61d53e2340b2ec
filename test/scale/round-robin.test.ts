// Scale-out: two stateless server processes behind a round-robin proxy on one PostgreSQL
// database, driven only through the proxy, so that consecutive requests of one user land on
// different processes. Sessions (in the database), CSRF tokens, idempotency keys, the closed loop
// with its ledger, lists and exports, uploads (a shared data folder, as a cluster shares a mount)
// and live updates must all work whichever process serves a request.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSse, type SseClient } from '../../src/server/modules/live/test-sse-client.js';
import { verifyLedger } from '../../src/server/modules/cases/verify-ledger.js';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-accounts.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { PNG, multipart } from '../helpers/multipart.js';
import { buildRegistration, createTestApp, type TestApp } from '../helpers/test-app.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** A plain round-robin HTTP proxy (what nginx's default upstream does), counting per backend. */
function roundRobin(backends: number[]) {
  const served = backends.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % backends.length;
    served[i]! += 1;
    const upstream = http.request(
      { host: '127.0.0.1', port: backends[i], path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return { server, served };
}

interface User {
  get(url: string): Promise<Response>;
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  cookie: string;
}

describe.skipIf(!onPostgres)(
  'two server processes behind a round-robin proxy on one PostgreSQL (needs DATABASE_URL)',
  () => {
    let t: TestApp;
    let a: ChildServer;
    let b: ChildServer;
    let proxy: ReturnType<typeof roundRobin>;
    let base = '';
    let stream: SseClient | undefined;

    const login = async (username: string): Promise<User> => {
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
        cookie,
        get: (url) => fetch(base + url, { headers: { cookie } }),
        post: (url, body, headers = {}) =>
          fetch(base + url, {
            method: 'POST',
            headers: {
              cookie,
              'x-csrf-token': csrf,
              ...(Buffer.isBuffer(body) ? {} : { 'content-type': 'application/json' }),
              ...headers,
            },
            body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
          }),
      };
    };
    const act = async (by: User, id: string, body: Record<string, unknown>) => {
      const current = (await (await by.get(`/api/cases/${id}`)).json()) as { version: number };
      const res = await by.post(`/api/cases/${id}/transitions`, { version: current.version, ...body });
      expect(res.status, `${String(body.action)}: ${await res.clone().text()}`).toBe(200);
      return (await res.json()) as { state: string; version: number; timeline: { action: string }[] };
    };

    beforeAll(async () => {
      t = await createTestApp();
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db.kysely);
      const env = {
        DATABASE_URL: t.db.url!,
        YIMEN_TEST_SCHEMA: rows[0]!.schema,
        YIMEN_TEST_JOB_SCHEMA: t.db.jobSchema,
        YIMEN_MASTER_KEY: randomBytes(32).toString('hex'),
        YIMEN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'yimen-shared-')),
        YIMEN_SSE_HEARTBEAT_MS: '1000',
      };
      [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
      proxy = roundRobin([a.port, b.port]);
      await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    }, 180_000);

    afterAll(async () => {
      stream?.close();
      proxy?.server.closeAllConnections();
      proxy?.server.close();
      await Promise.all([a?.stop(), b?.stop()]);
      await t?.close();
    });

    it('walks the closed loop with every step through alternating processes; the ledger is intact', async () => {
      const clerk = await login('clerk.shentou');
      const dispatcher = await login('dispatcher.shentou');
      const mediator = await login('mediator.shentou');
      const before = [...proxy.served];
      const res = await clerk.post('/api/cases', buildRegistration());
      expect(res.status).toBe(201);
      const c = (await res.json()) as { id: string };
      const people = await t.unitId('371403105-people-mediation');
      await act(dispatcher, c.id, { action: 'assign', unitId: people, note: '分流交办' });
      await act(mediator, c.id, { action: 'accept' });
      await act(mediator, c.id, { action: 'handle', note: '上门调解', method: 'visit' });
      await act(mediator, c.id, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
      await act(clerk, c.id, { action: 'follow_up', satisfaction: 'satisfied' });
      const archived = await act(clerk, c.id, { action: 'archive' });
      expect(archived.state).toBe('archived');
      expect(archived.timeline.map((e) => e.action)).toEqual([
        'register',
        'assign',
        'accept',
        'handle',
        'conclude',
        'follow_up',
        'archive',
      ]);
      // both processes served this user's requests
      expect(proxy.served[0]! - before[0]!).toBeGreaterThan(3);
      expect(proxy.served[1]! - before[1]!).toBeGreaterThan(3);
      const report = await verifyLedger(t.db.kysely, (s) => t.deps.crypto.sm3Hex(s));
      expect(report.problems).toEqual([]);
    });

    it('answers a retried registration with the same case, whichever process the retry reaches', async () => {
      const clerk = await login('clerk.shentou');
      const key = randomUUID();
      const body = buildRegistration({ description: '同一登记重试两次，只应有一件案件。' });
      const first = await clerk.post('/api/cases', body, { 'idempotency-key': key });
      const second = await clerk.post('/api/cases', body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      const ids = [((await first.json()) as { id: string }).id, ((await second.json()) as { id: string }).id];
      expect(ids[1]).toBe(ids[0]);
      const n = await t.db.kysely
        .selectFrom('cases')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('description', '=', body.description as string)
        .executeTakeFirstOrThrow();
      expect(n.n).toBe(1);
    });

    it('lists, pages and exports the same cases on both processes', async () => {
      const clerk = await login('clerk.shentou');
      for (let i = 0; i < 3; i++)
        expect((await clerk.post('/api/cases', buildRegistration())).status).toBe(201);
      const dispatcher = await login('dispatcher.lingcheng');
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await dispatcher.get(`/api/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
        pages.push(page.items.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      const listed = pages.flat();
      expect(new Set(listed).size).toBe(listed.length);
      const inDb = await t.db.kysely
        .selectFrom('cases')
        .select('id')
        .where('region_code', 'like', '371403%')
        .execute();
      expect(listed.sort()).toEqual(inDb.map((r) => r.id).sort());
      // the export asks twice (two processes): the same rows
      const csv = [await (await dispatcher.get('/api/cases/export.csv')).text()];
      csv.push(await (await dispatcher.get('/api/cases/export.csv')).text());
      expect(csv[0]!.trim().split('\n')).toHaveLength(inDb.length + 1);
      expect(csv[1]).toBe(csv[0]);
    });

    it('serves an upload made through one process from the other', async () => {
      const grid = await login('grid.shentou');
      const res = await grid.post(
        '/api/cases',
        buildRegistration({ channel: 'grid', regionCode: '371403105200001' }),
      );
      const c = (await res.json()) as { id: string };
      const { payload, headers } = multipart([
        { name: 'file', filename: '现场照片.png', type: 'image/png', data: PNG },
      ]);
      const up = await grid.post(`/api/cases/${c.id}/attachments`, payload, headers);
      expect(up.status, await up.clone().text()).toBe(201);
      const { id: attachmentId } = (await up.json()) as { id: string };
      // two downloads: one of them is served by the process that did not store the file
      for (let i = 0; i < 2; i++) {
        const got = await grid.get(`/api/cases/${c.id}/attachments/${attachmentId}`);
        expect(got.status).toBe(200);
        expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
      }
    });

    it('delivers live updates to a stream on one process of changes made through the other', async () => {
      const leader = await login('dispatcher.shentou');
      stream = await connectSse(base, leader.cookie);
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e.event === 'ready');
      const clerk = await login('clerk.shentou');
      // several registrations: round robin sends some of them to the process without the stream
      const ids: string[] = [];
      for (let i = 0; i < 4; i++)
        ids.push(((await (await clerk.post('/api/cases', buildRegistration())).json()) as { id: string }).id);
      for (const id of ids)
        await stream.waitFor(
          (e) => e.event === 'case' && (e.data as { caseId: string }).caseId === id,
          10_000,
        );
    });

    it('logs out on one process and is refused on the other at once', async () => {
      const clerk = await login('clerk.shentou');
      expect((await clerk.get('/api/me')).status).toBe(200);
      expect((await clerk.post('/api/auth/logout', {})).status).toBeLessThan(300);
      for (let i = 0; i < 2; i++) expect((await clerk.get('/api/me')).status).toBe(401);
    });
  },
);
