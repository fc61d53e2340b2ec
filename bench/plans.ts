// The query plans docs/scale.md quotes, measured on PostgreSQL with N synthetic cases:
//   node --import ./scripts/ts-register.mjs bench/plans.ts [--cases 1000000]
// Works in a database of its own (dropped afterwards): migrations, the Dezhou organization, N cases
// (bench/synthetic-cases.ts) and their rollups; then EXPLAIN (ANALYZE) of the hot reads.
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/connection.js';
import { migrate } from '../src/server/db/migrate.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';
import { seedSyntheticCases, synthesizeRollups } from './synthetic-cases.js';

const args = process.argv.slice(2);
const i = args.indexOf('--cases');
const N = i >= 0 ? Number(args[i + 1]) : 1_000_000;
const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const name = `yimen_plans_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const db = await openDatabase({ databaseUrl: url.toString(), poolMax: 2 });
try {
  await migrate(db);
  const now = new Date();
  await seedDemoOrganization(db, { now });
  let t0 = Date.now();
  await seedSyntheticCases(db.kysely, { count: N, now });
  console.log(`${N} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  t0 = Date.now();
  await synthesizeRollups(db.kysely);
  console.log(`rollups rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const any = await sql<{ id: string }>`select id from cases order by id desc offset 5000 limit 1`.execute(
    db.kysely,
  );
  const caseId = any.rows[0]!.id;
  const from = new Date(now.getTime() - 365 * 86400_000).toISOString().slice(0, 10);
  const to = now.toISOString().slice(0, 10);
  const plans: Record<string, ReturnType<typeof sql>> = {
    'dashboard: a county, one year of daily rollups': sql`
      select category_code, sum(received) received, sum(concluded) concluded, sum(resolved) resolved
      from case_rollups where region_code >= '371403' and region_code < '371404'
        and day >= ${from}::date and day <= ${to}::date group by 1`,
    'dashboard: the city, one year of monthly rollups': sql`
      select substr(region_code, 1, 6), sum(received), sum(concluded)
      from case_rollups_monthly where region_code >= '3714' and region_code < '3715'
        and month >= ${from}::date and month <= ${to}::date group by 1`,
    'dashboard: open and overdue now, a county': sql`
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
  await admin.query(`drop database ${name}`);
  await admin.end();
}
