// The query plans docs/scale.md quotes, measured on PostgreSQL with N synthetic cases:
//   node --import ./scripts/ts-register.mjs bench/plans.ts [--cases 1000000]
//   node --import ./scripts/ts-register.mjs bench/plans.ts --database yimen_bench_keep_10000000
// Works in a database of its own (dropped afterwards): migrations, the Dezhou organization, N cases
// (bench/synthetic-cases.ts) and their rollups; then EXPLAIN (ANALYZE) of the hot reads. With
// --database, in that database as it is (one `npm run bench -- --keep` seeded), migrated first.
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/connection.js';
import { migrate } from '../src/server/db/migrate.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';
import { splitByMonths } from '../src/core/analytics/periods.js';
import { shanghaiDate } from '../src/core/time/china-time.js';
import { seedSyntheticCases, synthesizeRollups } from './synthetic-cases.js';

const args = process.argv.slice(2);
const i = args.indexOf('--cases');
const N = i >= 0 ? Number(args[i + 1]) : 1_000_000;
const d = args.indexOf('--database');
const kept = d >= 0 ? args[d + 1]! : null;
const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const name = kept ?? `yimen_plans_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
if (!kept) await admin.query(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: url.toString(), poolMax: 2 });
try {
  await migrate(db);
  const now = new Date();
  if (!kept) {
    await seedDemoOrganization(db, { now });
    let t0 = Date.now();
    await seedSyntheticCases(db.kysely, { count: N, now });
    console.log(`${N} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
    await synthesizeRollups(db.kysely);
    console.log(`rollups rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const counted = await sql<{ n: string }>`select count(*) as n from cases`.execute(db.kysely);
  console.log(`${counted.rows[0]!.n} cases`);
  const any = await sql<{ id: string }>`select id from cases order by id desc offset 5000 limit 1`.execute(
    db.kysely,
  );
  const caseId = any.rows[0]!.id;
  const from = new Date(now.getTime() - 365 * 86400_000).toISOString().slice(0, 10);
  const to = now.toISOString().slice(0, 10);
  // the overview's split of that year: whole months from the monthly totals, the ends from the daily
  const split = splitByMonths(from, to);
  const today = shanghaiDate(now);
  const plans: Record<string, ReturnType<typeof sql>> = {
    'dashboard: a county, one year of daily rollups': sql`
      select category_code, sum(received) received, sum(concluded) concluded, sum(resolved) resolved
      from case_rollups where region_code >= '371403' and region_code < '371404'
        and day >= ${from}::date and day <= ${to}::date group by 1`,
    'dashboard: the city, one year of monthly rollups': sql`
      select substr(region_code, 1, 6), sum(received), sum(concluded)
      from case_rollups_monthly where region_code >= '3714' and region_code < '3715'
        and month >= ${from}::date and month <= ${to}::date group by 1`,
    'dashboard (0021): a county, the whole months of a year from the monthly totals': sql`
      select sum(received), sum(concluded), sum(resolved) from case_totals_monthly
      where region_code >= '371403' and region_code < '371404'
        and month >= ${split.months!.from}::date and month <= ${split.months!.to}::date`,
    'dashboard (0021): a county, the days at the year’s ends from the daily totals': sql`
      select sum(received), sum(concluded), sum(resolved) from case_totals
      where region_code >= '371403' and region_code < '371404'
        and (${sql.join(
          split.days.map((p) => sql`(day >= ${p.from}::date and day <= ${p.to}::date)`),
          sql` or `,
        )})`,
    'dashboard (0021): open and overdue now, a county, from the open counts': sql`
      select sum(open), sum(open) filter (where due_day < ${today}::date) from case_open_counts
      where region_code >= '371403' and region_code < '371404'`,
    'dashboard (0021): open cases of a county due earlier today': sql`
      select count(*) from cases
      where state in ('registered', 'assigned', 'in_progress')
        and (deadline_at at time zone 'Asia/Shanghai')::date = ${today}::date
        and region_code >= '371403' and region_code < '371404' and deadline_at < now()`,
    'dashboard (0021): open warnings of a county by kind': sql`
      select kind, sum(open) from warning_open_counts
      where region_code >= '371403' and region_code < '371404' group by 1`,
    'dashboard, before 0021: open and overdue now, a county, by scanning the open cases': sql`
      select count(*), count(*) filter (where deadline_at < now()) from cases
      where state in ('registered', 'assigned', 'in_progress') and region_code >= '371403' and region_code < '371404'`,
    'inbox: a county, first page': sql`
      select id, case_no, state from cases where region_code like '371403%' order by id desc limit 21`,
    'inbox: a county, a page 5,000 cases deep': sql`
      select id, case_no, state from cases where region_code like '371403%' and id < ${caseId}
      order by id desc limit 21`,
    'case detail: one case’s ledger': sql`
      select seq, action, at from case_events where county_code = ${'371403'} and case_id = ${caseId} order by seq`,
  };
  for (const [label, q] of Object.entries(plans)) {
    const { rows } = await sql<
      Record<string, string>
    >`explain (analyze, costs off, timing off, summary on) ${q}`.execute(db.kysely);
    console.log(`\n### ${label}\n${rows.map((r) => Object.values(r)[0]).join('\n')}`);
  }
} finally {
  await db.close();
  if (!kept) await admin.query(`drop database ${name}`);
  await admin.end();
}
