// GET /metrics: off by default (404); on, only for allowed addresses or the bearer token (403
// otherwise, in both languages); the request histogram is labelled by route pattern, not URL.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { buildApp } from '../../app.js';
import { type Config, loadConfig } from '../../config.js';
import { QUEUES } from '../../runtime.js';

const TOKEN = 'metrics-token-0123456789abcdef';

let t: TestApp;
const extra: FastifyInstance[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const app of extra) await app.close();
  await t.close();
});

/** The test app's dependencies with metrics switched on and these settings. */
async function appWith(
  metrics: Partial<Config['metrics']> = {},
  more: Partial<Config> = {},
): Promise<FastifyInstance> {
  const defaults = loadConfig({ YIMEN_METRICS: '1' } as NodeJS.ProcessEnv).metrics;
  const config: Config = { ...t.deps.config, ...more, metrics: { ...defaults, token: TOKEN, ...metrics } };
  const app = await buildApp({ ...t.deps, config });
  extra.push(app);
  return app;
}

const scrape = (app: FastifyInstance, opts: Partial<InjectOptions> = {}) =>
  app.inject({ method: 'GET', url: '/metrics', ...opts });

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (no escaped quotes occur in ours). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
      );
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

const find = (all: Sample[], name: string, labels: Record<string, string>) =>
  all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('GET /metrics', () => {
  it('answers 404 while YIMEN_METRICS is off (the default)', async () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).metrics).toEqual({
      enabled: false,
      allow: ['127.0.0.1', '::1'],
      token: null,
    });
    await expectRefused(t, (headers) => scrape(t.app, { headers }), {
      status: 404,
      code: 'common.not_found',
    });
  });

  it('serves process, HTTP, log-in and queue metrics in Prometheus text format to loopback', async () => {
    const app = await appWith();
    const res = await scrape(app);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const family of [
      'process_resident_memory_bytes gauge',
      'nodejs_eventloop_lag_seconds gauge',
      'nodejs_gc_duration_seconds histogram',
      'yimen_http_request_duration_seconds histogram',
      'yimen_login_failures_total counter',
      'yimen_jobs gauge',
    ]) {
      expect(res.body).toContain(`# TYPE ${family}`);
    }
    expect((await scrape(app, { remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('refuses another address with 403 in both languages, unless it brings the bearer token', async () => {
    const app = await appWith();
    const from = '203.0.113.9';
    const refused = await expectRefused(t, (headers) => scrape(app, { remoteAddress: from, headers }), {
      status: 403,
      code: 'metrics.forbidden',
      zh: /监控指标/,
      en: /metrics/,
    });
    expect(refused.en).toMatch(/token/);
    await expectRefused(
      t,
      (headers) =>
        scrape(app, { remoteAddress: from, headers: { ...headers, authorization: `Bearer ${TOKEN}x` } }),
      { status: 403, code: 'metrics.forbidden' },
    );
    await expectRefused(
      t,
      (headers) => scrape(app, { remoteAddress: from, headers: { ...headers, authorization: TOKEN } }),
      { status: 403, code: 'metrics.forbidden' },
    );
    const ok = await scrape(app, { remoteAddress: from, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
  });

  it('allows CIDRs, IPv4 clients of a dual-stack listener among them, and no address when the list is empty', async () => {
    const app = await appWith({ allow: ['10.0.0.0/8', 'fd00::/8'] });
    expect((await scrape(app, { remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    expect((await scrape(app, { remoteAddress: '::ffff:10.1.2.3' })).statusCode).toBe(200);
    expect((await scrape(app, { remoteAddress: 'fd12::5' })).statusCode).toBe(200);
    expect((await scrape(app, { remoteAddress: '11.1.2.3' })).statusCode).toBe(403);
    expect((await scrape(app, { remoteAddress: '127.0.0.1' })).statusCode).toBe(403);

    const tokenOnly = await appWith({ allow: [] });
    expect((await scrape(tokenOnly)).statusCode).toBe(403);
    expect((await scrape(tokenOnly, { headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
  });

  it('does not take a forwarded request for a local one: the address counts only through a trusted proxy', async () => {
    // a reverse proxy on the same machine connects from 127.0.0.1 on behalf of anyone
    const untrusting = await appWith();
    const viaProxy = { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1' } };
    await expectRefused(
      t,
      (headers) => scrape(untrusting, { ...viaProxy, headers: { ...viaProxy.headers, ...headers } }),
      {
        status: 403,
        code: 'metrics.forbidden',
      },
    );
    const withToken = { ...viaProxy.headers, authorization: `Bearer ${TOKEN}` };
    expect((await scrape(untrusting, { ...viaProxy, headers: withToken })).statusCode).toBe(200);

    const trusting = await appWith({ allow: ['10.0.0.0/8'] }, { trustProxy: ['127.0.0.1'] });
    const forwarded = (client: string) =>
      scrape(trusting, { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    expect((await forwarded('10.9.9.9')).statusCode).toBe(200);
    expect((await forwarded('203.0.113.9')).statusCode).toBe(403);
  });

  it('times a request under its route pattern and status class, never under the raw URL', async () => {
    const app = await appWith();
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    expect((await app.inject({ method: 'GET', url: `/api/cases/${id}` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/no/such/route/42' })).statusCode).toBe(404);
    const res = await scrape(app);
    const all = samples(res.body);
    const count = 'yimen_http_request_duration_seconds_count';
    expect(find(all, count, { method: 'GET', route: '/api/cases/:id', status_class: '4xx' })).toEqual([
      expect.objectContaining({ value: 1 }),
    ]);
    expect(find(all, count, { method: 'GET', route: '/healthz', status_class: '2xx' })).toEqual([
      expect.objectContaining({ value: 1 }),
    ]);
    expect(find(all, count, { method: 'GET', route: '(unmatched)', status_class: '4xx' })).toEqual([
      expect.objectContaining({ value: 1 }),
    ]);
    expect(res.body).not.toContain(id);
    expect(res.body).not.toContain('/api/no/such');
    // the histogram's buckets are cumulative and end in +Inf = count
    const inf = find(all, 'yimen_http_request_duration_seconds_bucket', { route: '/healthz', le: '+Inf' });
    expect(inf.map((s) => s.value)).toEqual([1]);
  });

  it('counts refused log-ins by reason', async () => {
    const app = await appWith();
    const login = (username: string, remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'Wrong@Password1' },
        remoteAddress,
      });
    const statuses: number[] = [];
    // wrong passwords until the account locks (YIMEN_LOCKOUT_THRESHOLD), each from its own address
    for (let i = 1; i <= t.deps.config.lockoutThreshold; i++) {
      statuses.push((await login('leader.shentou', `10.77.1.${i}`)).statusCode);
    }
    expect(statuses.at(-1)).toBe(423);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    // one address over its per-minute budget (YIMEN_LOGIN_RATE_PER_MINUTE)
    for (let i = 0; i < t.deps.config.loginRatePerMinute; i++) {
      expect((await login('nobody.here', '10.77.2.1')).statusCode).toBe(401);
    }
    expect((await login('nobody.here', '10.77.2.1')).statusCode).toBe(429);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} })).statusCode).toBe(400);

    const all = samples((await scrape(app)).body);
    const failures = (reason: string) =>
      find(all, 'yimen_login_failures_total', { reason }).map((s) => s.value);
    expect(failures('bad_credentials')).toEqual([statuses.length - 1 + t.deps.config.loginRatePerMinute]);
    expect(failures('locked')).toEqual([1]);
    expect(failures('rate_limited')).toEqual([1]);
    expect(failures('invalid_request')).toEqual([1]);
  });

  it('reports pg-boss jobs per queue and state, zero for an idle queue', async () => {
    const app = await appWith();
    const [busy, idle] = QUEUES;
    await t.jobs.send(busy!, { probe: true });
    const all = samples((await scrape(app)).body);
    expect(find(all, 'yimen_jobs', { queue: busy!, state: 'created' }).map((s) => s.value)).toEqual([1]);
    expect(find(all, 'yimen_jobs', { queue: idle!, state: 'created' }).map((s) => s.value)).toEqual([0]);
  });
});

describe('metrics settings', () => {
  const load = (vars: Record<string, string>) => loadConfig(vars as NodeJS.ProcessEnv).metrics;

  it('reads YIMEN_METRICS, YIMEN_METRICS_ALLOW and YIMEN_METRICS_TOKEN', () => {
    expect(
      load({
        YIMEN_METRICS: '1',
        YIMEN_METRICS_ALLOW: ' 10.0.0.0/8, ::1 ,192.168.1.5',
        YIMEN_METRICS_TOKEN: TOKEN,
      }),
    ).toEqual({ enabled: true, allow: ['10.0.0.0/8', '::1', '192.168.1.5'], token: TOKEN });
    expect(load({ YIMEN_METRICS_ALLOW: '' }).allow).toEqual([]);
  });

  it('refuses a malformed allow-list entry or a short token, naming the problem', () => {
    expect(() => load({ YIMEN_METRICS_ALLOW: '10.0.0.0/33' })).toThrow(/10\.0\.0\.0\/33/);
    expect(() => load({ YIMEN_METRICS_ALLOW: 'localhost' })).toThrow(/localhost/);
    expect(() => load({ YIMEN_METRICS_ALLOW: '::1/129' })).toThrow(/::1\/129/);
    expect(() => load({ YIMEN_METRICS_TOKEN: 'short' })).toThrow(/at least 16/);
  });
});
