// The dashboards' figures on the Dezhou demo, and at volume: every figure is a sum of rollup rows
// over a region-code range and a period (or a count of the open backlog), so its time follows
// the rollup rows in range, not the number of cases.
//
//   npm run bench:analytics                      (an embedded PGlite database in a temporary folder)
//   node --import ./scripts/ts-register.mjs bench/analytics.ts [--postgres] [--rows 1000000] [--runs 30]
//
// It migrates, seeds the whole demo through the real services (rollups maintained as it goes),
// times the rebuild, then times each figure's service for the city, a county, a township and a
// village (median and p95 of --runs calls), and prints the query plans of the period sums and of
// the open-backlog count. With --rows N it adds N synthetic rollup rows (every village × day ×
// category of a year, as a city would have after a busy year) and times the same figures again.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { calendarFromChineseDays } from '../src/core/calendar/chinese-days-source.js';
import { cstDayOf } from '../src/core/calendar/work-calendar.js';
import { addDays } from '../src/core/analytics/periods.js';
import { loadConfig } from '../src/server/config.js';
import { createPiiCrypto } from '../src/server/crypto/pii-crypto.js';
import { openDatabase, type Db } from '../src/server/db/connection.js';
import { migrate } from '../src/server/db/migrate.js';
import type { AppDeps } from '../src/server/deps.js';
import { mix, overview, trend } from '../src/server/modules/analytics/analytics.service.js';
import { regionRanking, unitRanking } from '../src/server/modules/analytics/rankings.service.js';
import { rebuildRollups } from '../src/server/modules/analytics/rollups-rebuild.js';
import { monthlyFromDaily } from '../src/server/modules/analytics/rollups.queries.js';
import { screen } from '../src/server/modules/analytics/screen.service.js';
import type { AuthContext } from '../src/server/modules/auth/auth.service.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';

const args = process.argv.slice(2);
const option = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const RUNS = option('--runs', 30);
const ROWS = option('--rows', 0);
const postgres = args.includes('--postgres');
const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_analytics_${process.pid}`;
const log = (line: string) => console.log(line);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${at(0.5).toFixed(1).padStart(6)} ms  p95 ${at(0.95).toFixed(1).padStart(6)} ms`;
};

let admin: Db | undefined;
let db: Db;
if (postgres) {
  admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
  db = await openDatabase({ databaseUrl: url, searchPath: schema });
} else {
  db = await openDatabase({ dataDir: path.join(mkdtempSync(path.join(tmpdir(), 'yimen-bench-')), 'pglite') });
}

try {
  await migrate(db);
  const deps: AppDeps = {
    config: loadConfig({
      YIMEN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'yimen-bench-')),
    } as NodeJS.ProcessEnv),
    db,
    crypto: createPiiCrypto(randomBytes(32)),
    jobs: null,
    clock: () => new Date(),
    newId: () => uuidv7(),
    calendar: calendarFromChineseDays(),
  };
  let t0 = performance.now();
  const seeded = await seedDemo(deps);
  log(
    `engine ${db.engine}; demo seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${seeded.summary}`,
  );
  const leader = await db.kysely
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'unit_id', 'scope_code'])
    .where('username', '=', 'leader.dezhou')
    .executeTakeFirstOrThrow();
  const auth: AuthContext = {
    kind: 'staff',
    tokenHash: '',
    user: {
      id: leader.id,
      username: leader.username,
      displayName: leader.display_name,
      role: leader.role,
      unitId: leader.unit_id,
      unitName: null,
      scopeCode: leader.scope_code,
      scopeName: null,
      mustChangePassword: false,
    },
    actor: { role: leader.role, userId: leader.id, unitId: leader.unit_id, scopeCode: leader.scope_code },
  };

  t0 = performance.now();
  const rebuilt = await rebuildRollups(db);
  log(
    `rebuild: ${rebuilt.cases} cases, ${rebuilt.events} events, ${rebuilt.gridReports} grid reports → ` +
      `${rebuilt.caseRows} case rows in ${(performance.now() - t0).toFixed(0)} ms`,
  );

  const today = cstDayOf(new Date());
  const periods = {
    '30 days': { from: addDays(today, -29), to: today },
    '1 year': { from: addDays(today, -364), to: today },
  };
  const regions = { city: '3714', county: '371403', township: '371403105', village: '371403105200' };

  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn(); // warm
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    log(`  ${label.padEnd(44)} ${stats(xs)}`);
  };
  const measure = async (title: string) => {
    const { rows } = await sql<{ n: number; m: number }>`select
      (select count(*) from case_rollups)::int as n, (select count(*) from case_rollups_monthly)::int as m`.execute(
      db.kysely,
    );
    log(`\n${title} (case_rollups: ${rows[0]!.n} rows, monthly: ${rows[0]!.m})`);
    for (const [level, region] of Object.entries(regions)) {
      for (const [name, p] of Object.entries(periods)) {
        const q = { region, ...p };
        await time(`${level} ${name}: overview`, () => overview(deps, auth, q));
        await time(`${level} ${name}: trend by ${name === '1 year' ? 'week' : 'day'}`, () =>
          trend(deps, auth, { ...q, granularity: name === '1 year' ? 'week' : 'day' }),
        );
        await time(`${level} ${name}: mix`, () => mix(deps, auth, q));
        await time(`${level} ${name}: regions below`, () => regionRanking(deps, auth, q));
        await time(`${level} ${name}: units`, () => unitRanking(deps, auth, q));
      }
      await time(`${level}: wall screen`, () => screen(deps, auth, { region }));
    }
  };
  const plans = async () => {
    const explain = async (label: string, query: ReturnType<typeof sql>) => {
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain analyze ${query}`.execute(db.kysely);
      log(`\n${label}\n${rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
    };
    const p = periods['1 year'];
    await explain(
      'plan: city, one year, summed by day',
      sql`select day, sum(received), sum(concluded) from case_rollups
        where region_code >= '3714' and region_code < '3715' and day >= ${p.from}::date and day <= ${p.to}::date
        group by day`,
    );
    await explain(
      'plan: city, whole months of a year, total (monthly township rows)',
      sql`select sum(received), sum(concluded) from case_rollups_monthly
        where region_code >= '3714' and region_code < '3715'
          and month >= ${p.from.slice(0, 7) + '-01'}::date and month <= ${today.slice(0, 7) + '-01'}::date`,
    );
    await explain(
      'plan: township, 30 days, total',
      sql`select sum(received), sum(concluded) from case_rollups
        where region_code >= '371403105' and region_code < '371403106'
          and day >= ${periods['30 days'].from}::date and day <= ${today}::date`,
    );
    await explain(
      'plan: county, open and overdue now',
      sql`select count(*), count(*) filter (where deadline_at < now()) from cases
        where state in ('registered', 'assigned', 'in_progress') and region_code >= '371403' and region_code < '371404'`,
    );
  };
  await measure('demo data');
  await plans();

  if (ROWS > 0) {
    // a year of every village × day × category (× the township center as unit), up to ROWS rows
    t0 = performance.now();
    const center = await db.kysely
      .selectFrom('units')
      .select('id')
      .where('code', '=', '371403105-center')
      .executeTakeFirstOrThrow();
    await sql`
      insert into case_rollups (day, region_code, category_code, channel, unit_id, received, concluded,
        concluded_on_time, resolved, followed_up, satisfied)
      select d::date, v.code, c.code, 'hotline', ${center.id}::uuid, 3, 2, 2, 2, 1, 1
      from (select code from regions where level = 'village' order by code) v
      cross join generate_series(${addDays(today, -364)}::date, ${today}::date, interval '1 day') d
      cross join (select code from categories order by code limit 3) c
      limit ${ROWS}
      on conflict do nothing`.execute(db.kysely);
    // and their monthly township rows, as the incremental path would have kept them
    await db.kysely.deleteFrom('case_rollups_monthly').execute();
    await monthlyFromDaily(db.kysely);
    await sql`analyze case_rollups`.execute(db.kysely);
    await sql`analyze case_rollups_monthly`.execute(db.kysely);
    log(`\nadded synthetic rollup rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await measure(`with ${ROWS} synthetic rows`);
    await plans();
  }
} finally {
  await db.close();
  if (admin) {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.kysely);
    await admin.close();
  }
}
