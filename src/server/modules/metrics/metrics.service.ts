// Prometheus metrics of one server process: Node's own (memory, event-loop lag, GC), HTTP request
// durations, log-in failures and pg-boss's queues. One registry per app, so tests that build
// several apps in one process do not collide in prom-client's global registry.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppDeps } from '../../deps.js';
import { jobCounts } from './metrics.queries.js';

/** The route label of requests no route matched (the raw URL would make a series per path). */
export const UNMATCHED_ROUTE = '(unmatched)';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  loginFailures: Counter<'reason'>;
}

export function createMetrics(deps: AppDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'yimen_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const loginFailures = new Counter({
    name: 'yimen_login_failures_total',
    help: 'Refused staff log-ins by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const jobs = deps.jobs;
  if (jobs) {
    new Gauge({
      name: 'yimen_jobs',
      help: 'pg-boss jobs per queue and state (created, retry, active, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const c of await jobCounts(deps.db, jobs.schema))
            this.set({ queue: c.queue, state: c.state }, c.count);
        } catch (err) {
          // a scrape must still answer with the other metrics; the gap itself is visible
          process.emitWarning(
            `metrics: job counts unavailable: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      },
    });
  }
  return { registry, httpDuration, loginFailures };
}

/** `2xx`, `4xx` … : enough to alert on, without a series per status code. */
export const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

/** Why a log-in was refused, from the status the log-in route answers with (auth.service.ts). */
export function loginFailureReason(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request';
    case 401:
      return 'bad_credentials';
    case 403:
      return 'inactive';
    case 423:
      return 'locked';
    case 429:
      return 'rate_limited';
    default:
      return 'other';
  }
}

/** A test of a client address against addresses and CIDRs (validated by loadConfig). */
export function addressAllowList(entries: string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (ip) => {
    // a dual-stack listener shows IPv4 clients as ::ffff:a.b.c.d
    const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** Constant-time comparison of a presented bearer token with the configured one. */
export function tokenMatches(authorization: string | undefined, token: string | null): boolean {
  if (!token || !authorization?.startsWith('Bearer ')) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(authorization.slice(7).trim()), digest(token));
}
