// How long the background sweeps take over 100,000 open cases on PostgreSQL.
//
//   npm run bench:sweeps            (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
//   node --import ./scripts/ts-register.mjs bench/sweeps.ts --cases 100000 [--keep]
//
// Works in a schema of its own (bench_sweeps_<pid>, dropped afterwards unless --keep): migrates,
// seeds the Dezhou organization, bulk-inserts the cases with generate_series (handling stage,
// started up to 10 days before T, due 1 hour to 30 days after T, spread over every village of the
// city with its township's center and justice office), then times each sweep with a fixed clock:
//   T           nothing due (the cost of a sweep every minute when nothing happens)
//   T+1 min     one minute's changes
//   T+3 days    ~10 % of the clocks past their deadline: red lights and automatic orders
//   T+3 days+3  working days later: those orders escalate; more clocks run out
//   T+31 days   (with --all-due) every remaining clock overdue at once
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { calendarFromChineseDays } from '../src/core/calendar/chinese-days-source.js';
import { addWorkingDays } from '../src/core/calendar/work-calendar.js';
import { loadConfig } from '../src/server/config.js';
import { createPiiCrypto } from '../src/server/crypto/pii-crypto.js';
import { openDatabase } from '../src/server/db/connection.js';
import { migrate } from '../src/server/db/migrate.js';
import type { AppDeps } from '../src/server/deps.js';
import { createJobQueue } from '../src/server/jobs/queue.js';
import { SWEEPS } from '../src/server/jobs/sweeps.js';
import { QUEUES } from '../src/server/runtime.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const N = option('--cases', 100_000);
const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_sweeps_${process.pid}`;
const T = new Date('2026-11-02T01:00:00Z'); // Monday 2 November 2026, 09:00 CST
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const admin = await openDatabase({ databaseUrl: url, poolMax: 1 });
await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
const db = await openDatabase({ databaseUrl: url, searchPath: schema, poolMax: 10 });
let now = T;
const jobs = await createJobQueue(db, { schema: `${schema}_jobs`, startWorkers: false });
const log = (line: string) => console.log(line);
try {
  await migrate(db);
  await jobs.start();
  for (const q of QUEUES) await jobs.ensureQueue(q);
  await seedDemoOrganization(db, { now: new Date(T.getTime() - 30 * DAY) });
  const deps: AppDeps = {
    config: loadConfig({
      YIMEN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'yimen-bench-')),
    } as NodeJS.ProcessEnv),
    db,
    crypto: createPiiCrypto(randomBytes(32)),
    // --no-jobs: without the 'case-event' job each ledger event sends (to see what it costs)
    jobs: flag('--no-jobs') ? null : jobs,
    clock: () => now,
    newId: () => uuidv7(),
    calendar: calendarFromChineseDays(),
  };

  let t0 = Date.now();
  await sql`
    with places as (
      select r.code as village, c.id as center, j.id as justice, (row_number() over (order by r.code)) - 1 as k
      from regions r
      join units c on c.kind = 'center' and c.region_code = left(r.code, 9)
      join units j on j.code = left(r.code, 9) || '-justice'
      where r.level = 'village'
    ), n as (select count(*) as cnt from places)
    insert into cases (county_code, id, case_no, center_unit_id, region_code, category_code, channel,
      title, description, risk_level, party_count, state, handling_level, owner_unit_id, lead_unit_id,
      version, last_seq, last_hash, dispatched_at, deadline_stage, deadline_started_at, deadline_at,
      created_at, updated_at)
    select left(p.village, 6), gen_random_uuid(), 'BENCH-' || lpad(g.i::text, 8, '0'), p.center, p.village,
      'neighbor', 'window', '压测案件', '压测案件', 'blue', 2, 'in_progress', 'township', p.center, p.justice,
      1, 1, repeat('a', 64),
      ${T}::timestamptz - (g.i % 240) * interval '1 hour',
      'handle',
      ${T}::timestamptz - (g.i % 240) * interval '1 hour',
      ${T}::timestamptz + interval '1 hour' + ((g.i * 7919) % (30 * 24 * 60)) * interval '1 minute',
      ${T}::timestamptz - (g.i % 240) * interval '1 hour',
      ${T}::timestamptz
    from generate_series(0, ${N - 1}) as g(i)
    join places p on p.k = g.i % (select cnt from n)`.execute(db.kysely);
  await sql`
    insert into case_units (county_code, case_id, unit_id, relation, since)
    select county_code, id, lead_unit_id, 'lead', created_at from cases where case_no like 'BENCH-%'`.execute(
    db.kysely,
  );
  await sql`analyze`.execute(db.kysely);
  const count = async (q: RawBuilder<{ n: number }>) => (await q.execute(db.kysely)).rows[0]!.n;
  log(
    `Inserted ${N} open cases (+ their lead links) in ${Date.now() - t0} ms; ` +
      `${await count(sql<{ n: number }>`select count(distinct region_code)::int as n from cases`)} villages; ` +
      `lights at T: ${JSON.stringify((await sql<{ light: string; n: number }>`select light, count(*)::int as n from cases group by light order by light`.execute(db.kysely)).rows)}`,
  );

  const round = async (label: string, at: Date) => {
    now = at;
    log(`\n${label} (${at.toISOString()})`);
    let total = 0;
    for (const sweep of SWEEPS) {
      t0 = performance.now();
      const result = await sweep.run(deps);
      const ms = performance.now() - t0;
      total += ms;
      log(`  ${sweep.name.padEnd(17)} ${ms.toFixed(1).padStart(9)} ms   ${JSON.stringify(result)}`);
    }
    log(`  ${'all four'.padEnd(17)} ${total.toFixed(1).padStart(9)} ms`);
  };

  await round('T: nothing due', T);
  await round('T again (steady state)', T);
  await round('T + 1 minute', new Date(T.getTime() + 60_000));
  const t3 = new Date(T.getTime() + 3 * DAY);
  await round('T + 3 days: ~10 % overdue', t3);
  await round('T + 3 days, again', t3);
  const escalate = new Date(addWorkingDays(deps.calendar, { from: t3, days: 2 }).getTime() + 60_000);
  await round('after the orders fall due: escalation', escalate);
  if (flag('--all-due')) await round('T + 31 days: every clock overdue', new Date(T.getTime() + 31 * DAY));

  const plans = {
    red: sql`explain (analyze, costs off, timing off, summary on)
      select id from cases where light in ('green', 'yellow') and deadline_at < ${now} order by deadline_at limit 1000`,
    yellow: sql`explain (analyze, costs off, timing off, summary on)
      select id from cases where light = 'green' and yellow_at <= ${now} order by yellow_at limit 1000`,
    'automatic orders': sql`explain (analyze, costs off, timing off, summary on)
      select id from cases where state in ('registered', 'assigned', 'in_progress') and clock_paused = false
        and deadline_at is not null and auto_supervised_deadline is distinct from deadline_at
        and deadline_at < ${now}
        and not exists (select 1 from supervision_orders o where o.case_id = cases.id
                        and o.status in ('open', 'escalated'))
      order by deadline_at, id limit 200`,
    escalation: sql`explain (analyze, costs off, timing off, summary on)
      select o.id from supervision_orders o join cases c on c.id = o.case_id
      where o.status in ('open', 'escalated') and length(o.level_code) > 4 and o.due_at < ${now}
        and c.state in ('registered', 'assigned', 'in_progress')
      order by o.due_at, o.id limit 200`,
  };
  for (const [name, q] of Object.entries(plans)) {
    const rows = (await q.execute(db.kysely)).rows as Record<string, string>[];
    log(`\nplan (${name}): ${rows.map((r) => Object.values(r)[0]).join(' | ')}`);
  }
  log(
    `\norders: ${await count(sql<{ n: number }>`select count(*)::int as n from supervision_orders`)}, ` +
      `events: ${await count(sql<{ n: number }>`select count(*)::int as n from case_events`)}`,
  );
} finally {
  await jobs.stop();
  await db.close();
  if (!flag('--keep')) {
    await sql`drop schema if exists ${sql.id(schema)}, ${sql.id(`${schema}_jobs`)} cascade`.execute(
      admin.kysely,
    );
  }
  await admin.close();
}
