// npm run bench — the platform's hot paths under load, on PGlite (default) or PostgreSQL
// (DATABASE_URL), with autocannon on 127.0.0.1 against a real server process.
//
//   npm run bench                                   PGlite, 10,000 cases
//   npm run bench -- --cases 10000,1000000          each size in turn; ratios compare the largest with the smallest
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- --json
//   options: --duration S (per scenario, default 10) --connections C (default 50) --json
//            --keep: keep each size's seeded database for the next run with --keep (PostgreSQL:
//            database yimen_bench_keep_<N>; PGlite: .tmp/bench-keep-<N>/), so that a 10 M-case
//            database is seeded once; a kept database is migrated like any other when the server starts
//
// For each size: a database of its own (PostgreSQL: a new database beside DATABASE_URL's,
// dropped afterwards; PGlite: a temporary folder), the Dezhou organization, N synthetic cases
// (bench/synthetic-cases.ts) seeded by bench/bench-seed.ts, then the server as production runs it
// (bench/bench-serve.mjs: the compiled app in dist/, rebuilt first when src/ is newer) as a child
// process whose resident memory is sampled while it serves. Latency percentiles are computed from every
// response's time (autocannon's own summary has no p95).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEMO_PASSWORD } from '../src/server/seed/demo-accounts.js';

const args = process.argv.slice(2);
const option = (name: string, d: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : d;
};
const sizes = option('--cases', '10000')
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')));
const duration = Number(option('--duration', '10'));
const connections = Number(option('--connections', '50'));
const asJson = args.includes('--json');
const keep = args.includes('--keep');
// --only intake,inbox: just those scenarios (transition needs intake's cases)
const only = option('--only', '').split(',').filter(Boolean);
const baseUrl = process.env.DATABASE_URL || null;
if (sizes.some((n) => !Number.isInteger(n) || n < 0) || !(duration > 0) || !(connections > 0)) {
  console.error('usage: npm run bench -- [--cases N[,N…]] [--duration S] [--connections C] [--json]');
  process.exit(2);
}
const log = (line: string) => (asJson ? process.stderr : process.stdout).write(line + '\n');

interface Fixtures {
  apiKey: string;
  mediationUnitId: string;
  deepCursor: string | null;
  caseIds: string[];
  /** a clerk of each demo place and a village of its area */
  intakePlaces: { username: string; regionCode: string }[];
}
interface Started {
  child: ChildProcess;
  port: number;
  engine: string;
  seconds: Record<string, number>;
  fixtures: Fixtures;
}
export interface ScenarioResult {
  name: string;
  cases: number;
  requests: number;
  errors: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

/** Newest modification time of a file under dir (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The server is measured compiled, as production runs it: dist/ is rebuilt when src/ is newer. */
function ensureBuilt(): void {
  const built = existsSync('dist/server/app.js') ? statSync('dist/server/app.js').mtimeMs : 0;
  if (built >= newest('src')) return;
  log('compiling the server (tsc -p tsconfig.build.json): dist/ is older than src/');
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error('tsc failed: the server cannot be measured');
}

/**
 * Runs a child to its first stdout line that is a JSON object; the lines before it are passed on
 * (a server on a kept database may deliver a development SMS left from the last run first).
 */
async function firstLine<T>(child: ChildProcess, what: string): Promise<T> {
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const onLine = (line: string) => {
      if (!line.startsWith('{')) return log(`  ${what}: ${line}`);
      lines.off('line', onLine);
      resolve(line);
    };
    lines.on('line', onLine);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before answering`)));
  });
  return JSON.parse(first) as T;
}

async function startServer(cases: number, dbUrl: string | null, dataDir: string): Promise<Started> {
  const env = {
    ...process.env,
    YIMEN_DATA_DIR: dataDir,
    DATABASE_URL: dbUrl ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    // the load generator logs in a handful of times from one address and posts far above a
    // partner's everyday budget
    YIMEN_LOGIN_RATE_PER_MINUTE: '1000',
    YIMEN_OPEN311_RATE_PER_MINUTE: '10000000',
  };
  const seeder = spawn(process.execPath, ['--import', './scripts/ts-register.mjs', 'bench/bench-seed.ts'], {
    env: { ...env, BENCH_CASES: String(cases) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seeded = await firstLine<Omit<Started, 'child' | 'port'>>(seeder, 'the bench seeder');
  if (seeder.exitCode === null) await new Promise((r) => seeder.once('exit', r));
  // BENCH_NODE_ARGS: flags for the server process only, e.g. --cpu-prof to see where a scenario's time goes
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'bench/bench-serve.mjs'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { port } = await firstLine<{ port: number }>(child, 'the bench server');
  return { child, port, ...seeded };
}

/** Peak resident memory of a process, sampled while `work` runs (Linux /proc). */
async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // not Linux, or the process is gone
    }
  };
  const timer = setInterval(sample, 200);
  try {
    const result = await work();
    sample();
    return { result, peakMb: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}

interface Session {
  cookie: string;
  csrf: string;
}
async function login(port: number, username: string): Promise<Session> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`log-in ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
const headersOf = (s: Session, json = true) => ({
  cookie: s.cookie,
  'x-csrf-token': s.csrf,
  ...(json ? { 'content-type': 'application/json' } : {}),
});

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

async function load(
  name: string,
  cases: number,
  port: number,
  opts: Omit<autocannon.Options, 'url'> & { path: string },
): Promise<ScenarioResult | null> {
  if (only.length && !only.includes(name)) return null;
  if (opts.amount === 0) return null;
  const times: number[] = [];
  let errors = 0;
  // what the errors were: HTTP statuses, connection errors, timeouts
  const refused = new Map<string, number>();
  const { path: p, ...rest } = opts;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${p}`,
        // a fixed amount (one request per case made by intake) may be smaller than the connections
        connections: rest.amount ? Math.min(connections, rest.amount) : connections,
        ...(rest.amount ? {} : { duration }),
        ...rest,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    times.push(ms);
    if (status >= 400) {
      errors += 1;
      refused.set(String(status), (refused.get(String(status)) ?? 0) + 1);
    }
  });
  const result = await done;
  if (result.errors) refused.set('connection errors', result.errors);
  if (result.timeouts) refused.set('timeouts', result.timeouts);
  if (refused.size) log(`  ${name}: errors ${JSON.stringify(Object.fromEntries(refused))}`);
  times.sort((a, b) => a - b);
  const seconds = result.duration || duration; // autocannon reports seconds
  const r: ScenarioResult = {
    name,
    cases,
    requests: times.length,
    errors: errors + result.errors + result.timeouts,
    rps: Math.round(times.length / seconds),
    p50_ms: Math.round(percentile(times, 50) * 10) / 10,
    p95_ms: Math.round(percentile(times, 95) * 10) / 10,
    p99_ms: Math.round(percentile(times, 99) * 10) / 10,
  };
  log(
    `  ${name.padEnd(14)} ${String(r.rps).padStart(7)} req/s  p50 ${String(r.p50_ms).padStart(7)} ms  ` +
      `p95 ${String(r.p95_ms).padStart(7)} ms  p99 ${String(r.p99_ms).padStart(7)} ms  ` +
      `(${r.requests} requests${r.errors ? `, ${r.errors} errors` : ''})`,
  );
  return r;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波鹏辉宇浩凯健俊帆帅旭宁瑞琳晨阳欣怡佳颖';
const nameOf = (i: number) =>
  SURNAMES[i % SURNAMES.length]! +
  GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! +
  GIVEN[(i * 31) % GIVEN.length]!;
const phoneOf = (prefix: string, i: number) =>
  `${prefix}${String(10_000_000 + ((i * 7_919) % 89_999_999)).slice(-8)}`;

const SHENTOU = '371403105';

// Where this run's people start: a kept database (--keep) holds the registrations of the runs
// before, and the same people again would make each registration a repeat dispute (重复诉求) of an
// earlier one, with a warning to write. The minute of the run spaces runs a million people apart.
const PEOPLE_BASE = (Math.floor(Date.now() / 60_000) % 80) * 1_000_000;

function registration(i: number, regionCode: string) {
  return JSON.stringify({
    categoryCode: 'neighbor',
    channel: 'window',
    regionCode,
    description: `压测登记第${i}件：邻居在通道堆放杂物，影响通行，协商无果。`,
    // different people each time: the same party on every case would make each registration a
    // repeat dispute (重复诉求) of the last and serialize them all on one warning row
    parties: [
      { role: 'applicant', name: nameOf(PEOPLE_BASE + i), phone: phoneOf('138', PEOPLE_BASE + i) },
      { role: 'respondent', name: nameOf(PEOPLE_BASE + i + 7_919), phone: phoneOf('139', PEOPLE_BASE + i) },
    ],
  });
}

async function runSize(cases: number): Promise<{ results: ScenarioResult[]; rssMb: number; engine: string }> {
  const dataDir = keep
    ? path.resolve('.tmp', `bench-keep-${cases}`)
    : mkdtempSync(path.join(tmpdir(), 'yimen-bench-'));
  if (keep) mkdirSync(dataDir, { recursive: true });
  let dbUrl: string | null = null;
  let admin: pg.Client | null = null;
  const dbName = keep ? `yimen_bench_keep_${cases}` : `yimen_bench_${process.pid}_${cases}`;
  if (baseUrl) {
    const name = dbName;
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!keep) await admin.query(`drop database if exists ${name}`);
    if (!keep || exists.rowCount === 0) await admin.query(`create database ${name}`);
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
  }
  log(`\n${cases.toLocaleString('en')} cases on ${baseUrl ? 'PostgreSQL' : 'PGlite'}: preparing…`);
  const server = await startServer(cases, dbUrl, dataDir);
  const { port, fixtures } = server;
  log(`  ready: ${JSON.stringify(server.seconds)} (seconds)`);
  try {
    const clerks = await Promise.all(
      fixtures.intakePlaces.map(async (p) => ({ ...p, session: await login(port, p.username) })),
    );
    const dispatcher = await login(port, 'dispatcher.shentou');
    const county = await login(port, 'dispatcher.lingcheng');
    const created: { id: string; version: number }[] = [];
    let n = 0;
    const { result: results, peakMb } = await peakRss(server.child.pid!, async () => {
      const out: ScenarioResult[] = [];
      const add = (r: ScenarioResult | null) => r && out.push(r);
      add(
        await load('raw_insert', cases, port, {
          path: '/bench/raw',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ description: '压测' }),
        }),
      );
      add(
        await load('intake', cases, port, {
          path: '/api/cases',
          requests: [
            {
              method: 'POST',
              setupRequest: (req) => {
                const clerk = clerks[(n += 1) % clerks.length]!;
                return {
                  ...req,
                  headers: { ...headersOf(clerk.session), 'idempotency-key': uuidv7() },
                  body: registration(n, clerk.regionCode),
                };
              },
              onResponse: (status, body) => {
                // the transition scenario assigns, as 神头镇's dispatcher, the cases of 神头镇
                const c =
                  status === 201
                    ? (JSON.parse(body) as { id: string; version: number; regionCode: string })
                    : null;
                if (c?.regionCode.startsWith(SHENTOU)) created.push({ id: c.id, version: c.version });
              },
            },
          ],
        }),
      );
      let next = 0;
      add(
        await load('transition', cases, port, {
          path: '/api/cases',
          amount: created.length,
          requests: [
            {
              method: 'POST',
              headers: headersOf(dispatcher),
              setupRequest: (req) => {
                const c = created[next++ % created.length]!;
                return {
                  ...req,
                  path: `/api/cases/${c.id}/transitions`,
                  body: JSON.stringify({
                    action: 'assign',
                    version: c.version,
                    unitId: fixtures.mediationUnitId,
                    note: '分流交办',
                  }),
                };
              },
            },
          ],
        }),
      );
      // a county's KPIs over the last year (rollups; open and overdue from the open-cases index)
      const year = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
      add(
        await load('dashboard', cases, port, {
          path: `/api/analytics/overview?region=371403&from=${year(364)}&to=${year(0)}`,
          headers: headersOf(county, false),
        }),
      );
      add(
        await load('inbox', cases, port, { path: '/api/cases?limit=20', headers: headersOf(county, false) }),
      );
      if (fixtures.deepCursor)
        add(
          await load('inbox_deep', cases, port, {
            path: `/api/cases?limit=20&cursor=${fixtures.deepCursor}`,
            headers: headersOf(county, false),
          }),
        );
      let k = 0;
      if (fixtures.caseIds.length)
        add(
          await load('case_detail', cases, port, {
            path: '/api/cases',
            requests: [
              {
                method: 'GET',
                headers: headersOf(county, false),
                setupRequest: (req) => ({
                  ...req,
                  path: `/api/cases/${fixtures.caseIds[k++ % fixtures.caseIds.length]}`,
                }),
              },
            ],
          }),
        );
      let m = 0;
      let firstError = '';
      add(
        await load('open311_post', cases, port, {
          path: '/open311/v2/requests.json',
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              setupRequest: (req) => ({
                ...req,
                body: new URLSearchParams({
                  api_key: fixtures.apiKey,
                  service_code: 'neighbor',
                  address_id: '371403105200',
                  lat: '37.0912',
                  long: '116.5678',
                  description: `压测第${(m += 1)}件：楼上每晚漏水，协商无果。`,
                  // a resident of their own each: one phone on every post made each a repeat of the last
                  phone: phoneOf('137', PEOPLE_BASE + m),
                }).toString(),
              }),
              onResponse: (status, body) => {
                if (status >= 400 && !firstError)
                  firstError = `open311_post ${status}: ${body.slice(0, 300)}`;
              },
            },
          ],
        }),
      );
      if (firstError) log(`  first refusal: ${firstError}`);
      return out;
    });
    log(`  server peak RSS ${peakMb} MB`);
    return { results, rssMb: peakMb, engine: server.engine };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    if (admin) {
      if (!keep) await admin.query(`drop database if exists ${dbName}`);
      await admin.end();
    }
  }
}

/** 10000 → 10k, 10000000 → 10m: the names the ratios carry. */
const short = (n: number) =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}m` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);

ensureBuilt();
const all: ScenarioResult[] = [];
let rss = 0;
let engine = baseUrl ? 'postgres' : 'pglite';
for (const size of sizes) {
  const r = await runSize(size);
  all.push(...r.results);
  rss = Math.max(rss, r.rssMb);
  engine = r.engine;
}
const at = (name: string, cases: number) => all.find((s) => s.name === name && s.cases === cases);
const ratios: Record<string, number> = {};
const round2 = (x: number) => Math.round(x * 100) / 100;
const largest = Math.max(...sizes);
const smallest = Math.min(...sizes);
const raw = at('raw_insert', largest);
const intake = at('intake', largest);
if (raw && intake && raw.rps) ratios.intake_vs_raw = round2(intake.rps / raw.rps);
if (largest !== smallest)
  for (const name of ['dashboard', 'inbox', 'inbox_deep', 'case_detail']) {
    const big = at(name, largest);
    const small = at(name, smallest);
    if (big && small && small.p95_ms)
      ratios[`${name}_${short(largest)}_vs_${short(smallest)}`] = round2(big.p95_ms / small.p95_ms);
  }

log(
  `\n${'scenario'.padEnd(14)} ${'cases'.padStart(10)} ${'rps'.padStart(8)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}  errors`,
);
for (const s of all)
  log(
    `${s.name.padEnd(14)} ${String(s.cases).padStart(10)} ${String(s.rps).padStart(8)} ${String(s.p50_ms).padStart(8)} ` +
      `${String(s.p95_ms).padStart(8)} ${String(s.p99_ms).padStart(8)}  ${s.errors}`,
  );
log(`ratios: ${JSON.stringify(ratios)}   server RSS (peak): ${rss} MB   engine: ${engine}`);
if (asJson)
  console.log(
    JSON.stringify({
      engine,
      scenarios: all.map(({ name, cases, rps, p50_ms, p95_ms, p99_ms, requests, errors }) => ({
        name,
        cases,
        rps,
        p50_ms,
        p95_ms,
        p99_ms,
        requests,
        errors,
      })),
      ratios,
      rss_mb: rss,
      connections,
      duration_s: duration,
    }),
  );
// a refused or failed request means the bench measured something other than the path it names
const failed = all.filter((s) => s.errors > 0);
if (failed.length) {
  console.error(`bench: errors in ${failed.map((s) => `${s.name} (${s.errors})`).join(', ')}`);
  process.exitCode = 1;
}
