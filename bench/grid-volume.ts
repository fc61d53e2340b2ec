// Grid work at volume: 1,000,000 work items over the ~14,000 grids of Dezhou and 12 months.
//
//   npm run bench:grid                 (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
//   node --import ./scripts/ts-register.mjs bench/grid-volume.ts [--items 1000000] [--pglite] [--keep]
//
// On PostgreSQL it works in a schema of its own (bench_grid_<pid>, dropped afterwards unless
// --keep); with --pglite in an in-memory PGlite. It migrates, seeds the Dezhou organization, gives
// every grid a worker, bulk-inserts the items with INSERT … SELECT generate_series in batches
// (ids are gen_random_uuid() here: UUIDv7 is made by the application, and the list orders by
// occurred_at, id), times single inserts through the real query, then measures through the real
// query functions:
//   - one grid's newest 50 items (and the next page by cursor), for 200 random grids: median, p95
//   - the statistics of a township and of a county (the service, last 30 days and 12 months)
// and prints the EXPLAIN (ANALYZE, BUFFERS) of the list query.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { calendarFromChineseDays } from '../src/core/calendar/chinese-days-source.js';
import { loadConfig } from '../src/server/config.js';
import { createPiiCrypto } from '../src/server/crypto/pii-crypto.js';
import { openDatabase, type Db } from '../src/server/db/connection.js';
import { migrate } from '../src/server/db/migrate.js';
import type { AppDeps } from '../src/server/deps.js';
import type { AuthContext } from '../src/server/modules/auth/auth.service.js';
import { gridStats } from '../src/server/modules/grid/grid-stats.service.js';
import { insertWorkItem, listWorkItems, workItemsQuery } from '../src/server/modules/grid/grid.queries.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const N = option('--items', 1_000_000);
const BATCH = option('--batch', 100_000);
const SAMPLES = option('--samples', 200);
const pglite = flag('--pglite');
const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_grid_${process.pid}`;
const T = new Date('2026-11-02T01:00:00Z'); // Monday 2 November 2026, 09:00 CST
const DAY = 24 * 3600_000;
const log = (line: string) => console.log(line);

const stats = (xs: number[]) => {
  if (xs.length === 0) return 'no samples';
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms`;
};

let admin: Db | undefined;
let db: Db;
if (pglite) {
  db = await openDatabase({ dataDir: 'memory://' });
} else {
  admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
  db = await openDatabase({ databaseUrl: url, searchPath: schema, poolMax: 4 });
}
try {
  log(`engine: ${db.engine}${pglite ? '' : ` (${url.replace(/\/\/[^@]*@/, '//…@')}, schema ${schema})`}`);
  await migrate(db);
  await seedDemoOrganization(db, { now: new Date(T.getTime() - 400 * DAY) });
  const deps: AppDeps = {
    config: loadConfig({
      YIMEN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'yimen-bench-')),
    } as NodeJS.ProcessEnv),
    db,
    crypto: createPiiCrypto(randomBytes(32)),
    jobs: null,
    clock: () => T,
    newId: () => uuidv7(),
    calendar: calendarFromChineseDays(),
  };

  // a worker for every grid (the demo has accounts in four grids only)
  let t0 = performance.now();
  await sql`
    insert into users (id, username, password_hash, display_name, role, unit_id, scope_code, active, created_at)
    select gen_random_uuid(), 'bench.' || r.code, 'x', '网格员' || right(r.code, 6), 'grid_worker', u.id, r.code,
      true, ${T}::timestamptz
    from regions r join units u on u.code = left(r.code, 12) || '-committee'
    where r.level = 'grid'`.execute(db.kysely);
  const grids = (
    await sql<{ code: string; worker: string }>`
      select scope_code as code, id as worker from users where username like 'bench.%' order by scope_code`.execute(
      db.kysely,
    )
  ).rows;
  log(`${grids.length} grids with a worker (${(performance.now() - t0).toFixed(0)} ms)`);

  // 1,000,000 items: grid i mod G, spread over the 12 months before T, daytime, kinds 5:2:2:1
  t0 = performance.now();
  for (let from = 0; from < N; from += BATCH) {
    const to = Math.min(N, from + BATCH) - 1;
    const b0 = performance.now();
    await sql`
      with g as (select scope_code as code, id as worker, (row_number() over (order by scope_code)) - 1 as k
                 from users where username like 'bench.%'),
           n as (select count(*) as cnt from g)
      insert into grid_work_items (county_code, id, occurred_at, region_code, worker_id, kind, recorded_at,
        latitude, longitude, place_masked, place_enc, note, patrol, client_key)
      select left(g.code, 6), gen_random_uuid(), at, g.code, g.worker,
        (array['visit','visit','visit','visit','visit','collection','collection','outreach','outreach','patrol'])[s.i % 10 + 1],
        at + interval '3 minutes', 37.4 + (s.i % 1000) / 10000.0, 116.3 + (s.i % 997) / 10000.0,
        (s.i % 8 + 1) || '组****', decode(md5(s.i::text) || md5(g.code), 'hex'), '入户走访，了解家庭生产生活情况，登记诉求并反馈村委会',
        case when s.i % 10 = 9 then '{"route":"网格内主要道路"}'::jsonb end, gen_random_uuid()
      from generate_series(${from}::int, ${to}::int) as s(i)
      join g on g.k = s.i % (select cnt from n)
      cross join lateral (select ${T}::timestamptz - ((s.i::bigint * 7919) % (365 * 24 * 60)) * interval '1 minute' as at) x`.execute(
      db.kysely,
    );
    if (N > BATCH) log(`  rows ${from}–${to}: ${(performance.now() - b0).toFixed(0)} ms`);
  }
  const insertMs = performance.now() - t0;
  log(
    `Inserted ${N} work items in ${(insertMs / 1000).toFixed(1)} s (${Math.round(N / (insertMs / 1000))} rows/s)`,
  );
  t0 = performance.now();
  await sql`analyze grid_work_items`.execute(db.kysely);
  log(`analyze: ${(performance.now() - t0).toFixed(0)} ms`);
  const parts = (
    await sql<{ name: string; n: number }>`
      select tableoid::regclass::text as name, count(*)::int as n from grid_work_items group by 1 order by 1`.execute(
      db.kysely,
    )
  ).rows.filter((r) => r.n > 0);
  log(
    `partitions with rows: ${parts.length} (${parts[0]?.name} … ${parts[parts.length - 1]?.name}), per month ~${Math.round(N / parts.length)}`,
  );
  const size = (
    await sql<{ table: string; indexes: string }>`
      select pg_size_pretty(sum(pg_table_size(c.oid))) as table, pg_size_pretty(sum(pg_indexes_size(c.oid))) as indexes
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'grid_work_items'::regclass`.execute(
      db.kysely,
    )
  ).rows[0]!;
  log(`size: table ${size.table}, indexes ${size.indexes}`);

  // single inserts through the real query, one transaction each (what a phone's POST costs in SQL)
  const singles: number[] = [];
  for (let i = 0; i < 500; i++) {
    const g = grids[(i * 131) % grids.length]!;
    const s0 = performance.now();
    await db.kysely.transaction().execute((trx) =>
      insertWorkItem(trx, {
        county_code: g.code.slice(0, 6),
        id: uuidv7(),
        occurred_at: new Date(T.getTime() - i * 60_000),
        region_code: g.code,
        worker_id: g.worker,
        kind: 'visit',
        recorded_at: T,
        latitude: null,
        longitude: null,
        accuracy_m: null,
        place_masked: null,
        place_enc: null,
        note: '单条写入',
        patrol: null,
        plan_id: null,
        client_key: uuidv7(),
      }),
    );
    singles.push(performance.now() - s0);
  }
  log(`single insert (one transaction each, 500): ${stats(singles)}`);

  // one grid's newest 50 items, for random grids; then the next page by cursor
  const pick = () => grids[Math.floor(Math.random() * grids.length)]!.code;
  const first: number[] = [];
  const second: number[] = [];
  const unwindowed: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const code = pick();
    const s0 = performance.now();
    const rows = await listWorkItems(db.kysely, { region: { exact: code }, limit: 50, now: T });
    first.push(performance.now() - s0);
    // the same page as one query over every monthly partition (no time window), for comparison
    const s2 = performance.now();
    await listWorkItems(db.kysely, { region: { exact: code }, limit: 50 });
    unwindowed.push(performance.now() - s2);
    const last = rows[49];
    if (last) {
      const s1 = performance.now();
      await listWorkItems(db.kysely, {
        region: { exact: code },
        limit: 50,
        after: { at: last.occurred_at, id: last.id },
        now: T,
      });
      second.push(performance.now() - s1);
    }
  }
  log(`list one grid's newest 50 (${SAMPLES} random grids): ${stats(first)}`);
  log(`  next page by cursor: ${stats(second)}`);
  log(`  as one query without time windows (all 49 partitions planned): ${stats(unwindowed)}`);

  const township = '371403105';
  const county = '371403';
  const leader = (scope: string): AuthContext => ({
    kind: 'staff',
    tokenHash: '',
    actor: { role: 'leader', userId: null, unitId: null, scopeCode: scope },
    user: {
      id: uuidv7(),
      username: 'bench',
      displayName: 'bench',
      role: 'leader',
      unitId: null,
      unitName: null,
      scopeCode: scope,
      scopeName: null,
      mustChangePassword: false,
    },
  });
  for (const [label, scope] of [
    ['township 371403105 (神头镇)', township],
    ['county 371403 (陵城区)', county],
    ['city 3714 (德州市)', '3714'],
  ] as const) {
    for (const [period, from] of [
      ['last 30 days', new Date(T.getTime() - 30 * DAY)],
      ['12 months', new Date(T.getTime() - 364 * DAY)],
    ] as const) {
      const times: number[] = [];
      let rows = 0;
      let items = 0;
      for (let i = 0; i < 5; i++) {
        const s0 = performance.now();
        const out = await gridStats(deps, leader(scope), { from: from.toISOString(), to: T.toISOString() });
        times.push(performance.now() - s0);
        rows = out.rows.length;
        items = Object.values(out.totals.workItems).reduce((a, b) => a + b, 0);
      }
      log(`stats ${label}, ${period}: ${stats(times)} (${rows} rows, ${items} items counted)`);
    }
  }

  const code = pick();
  // the first window listWorkItems asks for (the last quarter), then the plan without any window
  const plan = (await workItemsQuery(db.kysely, {
    region: { exact: code },
    limit: 50,
    from: new Date(T.getTime() + DAY - 92 * DAY),
    to: new Date(T.getTime() + DAY),
  }).explain('text', sql`analyze, buffers`)) as Record<string, string>[];
  log(`\nEXPLAIN (ANALYZE, BUFFERS) of one grid's newest 50 (${code}), first window (the last quarter):`);
  for (const r of plan) log('  ' + Object.values(r)[0]);
  const scopePlan = (
    await sql`explain (analyze, buffers, costs off)
      select substr(w.region_code, 1, 12) as child, w.kind, count(*) from grid_work_items w
      where w.region_code >= ${township} and w.region_code < '371403106'
        and w.occurred_at >= ${new Date(T.getTime() - 30 * DAY)} and w.occurred_at < ${T}
      group by 1, 2`.execute(db.kysely)
  ).rows as Record<string, string>[];
  log(`\nEXPLAIN (ANALYZE, BUFFERS) of a township's work counts, last 30 days:`);
  for (const r of scopePlan) log('  ' + Object.values(r)[0]);
} finally {
  await db.close();
  if (admin) {
    if (!flag('--keep')) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.kysely);
    await admin.close();
  }
}
