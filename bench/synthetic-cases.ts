// Synthetic cases for the bench: a year of a city's disputes at any size, written by
// INSERT … SELECT generate_series inside the database (the fastest path both engines offer: no
// rows cross the wire), in chunks so that PGlite's memory stays flat. Each case has its
// registration event and its lead unit; states, outcomes and satisfaction follow the shares of a
// running center (most cases archived, a tenth open). Ids are UUIDv7-shaped (time-ordered, like
// the app's), so indexes see the locality they see in production. Hashes are placeholders: these
// cases are for load, not for verify-ledger; their ledgers hold the registration only, so rollups
// rebuilt from them count receipts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/server/db/tables.js';
import { recountOpenCases } from '../src/server/modules/analytics/rollups.queries.js';

const CHUNK = 100_000;

export async function seedSyntheticCases(
  db: Kysely<Database>,
  opts: { count: number; now: Date; onProgress?: (done: number) => void },
): Promise<void> {
  const { count, now } = opts;
  const start = await db
    .selectFrom('cases')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('case_no', 'like', 'SYN-%')
    .executeTakeFirstOrThrow();
  for (let from = start.n; from < count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK) - 1;
    await db.transaction().execute(async (trx) => {
      // row triggers off (the open-case counts, 0021): counted once at the end, not per row
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`
        with places as (
          select r.code as village, c.id as center, j.id as justice,
                 (row_number() over (order by r.code)) - 1 as k
          from regions r
          join units c on c.kind = 'center' and c.region_code = left(r.code, 9)
          join units j on j.code = left(r.code, 9) || '-justice'
          where r.level = 'village'
        ), n as (select count(*) as cnt from places),
        cats as (select array_agg(code order by sort) as codes from categories),
        g as (
          select i,
            -- spread over the year before now, oldest first (ids stay time-ordered)
            ${now}::timestamptz - interval '365 days' + (i::double precision / ${count}) * interval '365 days' as at,
            (i::bigint * 7919) % 100 as roll, (i::bigint * 104729) % 100 as roll2
          from generate_series(${from}::int, ${to}::int) as s(i)
        ), rows as (
          select g.*, p.village, p.center, p.justice,
            (lpad(to_hex((extract(epoch from g.at) * 1000)::bigint), 12, '0') || '7' ||
             substr(md5(g.i::text), 1, 3) || '8' || substr(md5(g.i::text), 4, 15))::uuid as id,
            case when g.at > ${now}::timestamptz - interval '30 days' then
                   case when g.roll < 25 then 'registered' when g.roll < 40 then 'assigned'
                        when g.roll < 75 then 'in_progress' when g.roll < 90 then 'concluded' else 'followed_up' end
                 when g.roll < 3 then 'withdrawn' when g.roll < 5 then 'declined'
                 when g.roll < 7 then 'in_progress'
                 else 'archived' end as state,
            (select codes[1 + g.i % array_length(codes, 1)] from cats) as category
          from g join places p on p.k = g.i % (select cnt from n)
        ), ins as (
          insert into cases (county_code, id, case_no, center_unit_id, region_code, category_code, channel,
            title, description, risk_level, party_count, state, handling_level, owner_unit_id, lead_unit_id,
            outcome, satisfaction, version, last_seq, last_hash, dispatched_at, deadline_stage,
            deadline_started_at, deadline_at, created_at, updated_at, concluded_at)
          select left(village, 6), id, 'SYN-' || lpad(i::text, 9, '0'), center, village, category,
            (array['window','qr','grid','hotline','petition','patrol','api'])[1 + roll2 % 7],
            '压测案件', '邻里纠纷压测案件', (array['blue','blue','blue','yellow','yellow','orange','red'])[1 + roll % 7],
            2 + roll2 % 4, state, 'township', center,
            case when state = 'registered' then null else justice end,
            case when state in ('concluded', 'followed_up', 'archived')
                 then (array['mediated_agreement','mediated_agreement','mediated_agreement','mediated_agreement',
                             'mediated_agreement','mediated_agreement','mediated_agreement','other_resolution',
                             'other_resolution','mediation_failed'])[1 + roll2 % 10] end,
            case when state in ('followed_up', 'archived')
                 then (array['satisfied','satisfied','satisfied','satisfied','basically_satisfied','unsatisfied'])[1 + roll % 6] end,
            1, 1, repeat('0', 64),
            case when state = 'registered' then null else at + interval '2 hours' end,
            case when state in ('registered', 'assigned', 'in_progress') then 'handle' end,
            case when state in ('registered', 'assigned', 'in_progress') then at end,
            case when state in ('registered', 'assigned', 'in_progress') then at + interval '15 days' end,
            at, at,
            case when state in ('concluded', 'followed_up', 'archived') then at + ((roll % 20) + 1) * interval '1 day' end
          from rows
          returning county_code, id, created_at, lead_unit_id, state, region_code, category_code, channel
        ), links as (
          insert into case_units (county_code, case_id, unit_id, relation, since)
          select county_code, id, lead_unit_id, 'lead', created_at from ins where lead_unit_id is not null
        )
        insert into case_events (county_code, case_id, seq, at, actor_role, action, to_state, payload, body,
          prev_hash, hash)
        select county_code, id, 1, created_at, 'clerk', 'register', 'registered',
          jsonb_build_object('region_code', region_code, 'category_code', category_code, 'channel', channel), '{}',
          repeat('0', 64), repeat('0', 64)
        from ins`.execute(trx);
    });
    opts.onProgress?.(to + 1);
  }
  await recountOpenCases(db);
  // as autovacuum leaves a table that has settled: statistics, and a visibility map that lets
  // the counts of the open backlog read the partial index alone
  await sql`vacuum analyze`.execute(db);
}

/**
 * The rollups of the synthetic cases, by SQL over their rows (their one-event ledgers are too thin
 * for `yimen rollups rebuild`, which replays the whole workflow): received on the registration day
 * under the first-contact unit, concluded and resolved on the conclusion day under the lead unit,
 * as src/core/analytics/case-facts.ts attributes them; daily rows per place, monthly per township.
 */
export async function synthesizeRollups(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // row triggers off (the totals, 0021): summed once below, not per row
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into case_rollups (day, region_code, category_code, channel, unit_id, received, concluded, resolved,
        concluded_on_time, followed_up, satisfied)
      select day, region_code, category_code, channel, unit_id, sum(received), sum(concluded), sum(resolved),
        sum(concluded), sum(followed_up), sum(satisfied)
      from (
        select (created_at at time zone 'Asia/Shanghai')::date as day, region_code, category_code, channel,
          owner_unit_id as unit_id, 1 as received, 0 as concluded, 0 as resolved, 0 as followed_up, 0 as satisfied
        from cases where case_no like 'SYN-%'
        union all
        select (concluded_at at time zone 'Asia/Shanghai')::date, region_code, category_code, channel,
          coalesce(lead_unit_id, owner_unit_id), 0, 1,
          coalesce((outcome in ('mediated_agreement', 'other_resolution'))::int, 0), (satisfaction is not null)::int,
          coalesce((satisfaction in ('satisfied', 'basically_satisfied'))::int, 0)
        from cases where case_no like 'SYN-%' and concluded_at is not null
      ) f
      group by 1, 2, 3, 4, 5
      on conflict (region_code, day, category_code, channel, unit_id) do update set
        received = case_rollups.received + excluded.received,
        concluded = case_rollups.concluded + excluded.concluded,
        resolved = case_rollups.resolved + excluded.resolved,
        concluded_on_time = case_rollups.concluded_on_time + excluded.concluded_on_time,
        followed_up = case_rollups.followed_up + excluded.followed_up,
        satisfied = case_rollups.satisfied + excluded.satisfied`.execute(trx);
    await sql`delete from case_rollups_monthly`.execute(trx);
    await sql`
      insert into case_rollups_monthly (month, region_code, category_code, channel, unit_id, received, concluded,
        resolved, concluded_on_time, followed_up, satisfied)
      select date_trunc('month', day)::date, left(region_code, 9), category_code, channel, unit_id, sum(received),
        sum(concluded), sum(resolved), sum(concluded_on_time), sum(followed_up), sum(satisfied)
      from case_rollups group by 1, 2, 3, 4, 5`.execute(trx);
    await sql`delete from case_totals`.execute(trx);
    await sql`delete from case_totals_monthly`.execute(trx);
    await sql`
      insert into case_totals (day, region_code, received, concluded, concluded_on_time, resolved, followed_up,
        satisfied, reopened, withdrawn, declined)
      select day, left(region_code, 9), sum(received), sum(concluded), sum(concluded_on_time), sum(resolved),
        sum(followed_up), sum(satisfied), sum(reopened), sum(withdrawn), sum(declined)
      from case_rollups group by 1, 2`.execute(trx);
    await sql`
      insert into case_totals_monthly (month, region_code, received, concluded, concluded_on_time, resolved,
        followed_up, satisfied, reopened, withdrawn, declined)
      select month, region_code, sum(received), sum(concluded), sum(concluded_on_time), sum(resolved),
        sum(followed_up), sum(satisfied), sum(reopened), sum(withdrawn), sum(declined)
      from case_rollups_monthly group by 1, 2`.execute(trx);
  });
  await sql`analyze case_rollups`.execute(db);
  await sql`analyze case_rollups_monthly`.execute(db);
  await sql`analyze case_totals`.execute(db);
  await sql`analyze case_totals_monthly`.execute(db);
}
