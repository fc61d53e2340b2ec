import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

type Q = Kysely<Database>;

const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

/** Which units a scorecard covers: departments and mediation organizations under a region, or one unit. */
export interface UnitSet {
  regionPrefix: string;
  unitId?: string;
}

export async function scoredUnits(db: Q, s: UnitSet) {
  let q = db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'region_code', 'department_type'])
    .where('kind', 'in', ['department', 'mediation_org'])
    .where('region_code', 'like', likePrefix(s.regionPrefix));
  if (s.unitId) q = q.where('id', '=', s.unitId);
  return q.orderBy('region_code').orderBy('name').execute();
}

function unitIds(s: UnitSet) {
  const base = sql`select id from units where kind in ('department', 'mediation_org')
    and region_code like ${likePrefix(s.regionPrefix)}`;
  return s.unitId ? sql`${base} and id = ${s.unitId}` : base;
}

/**
 * From the ledger, per unit named in the payload: cases it took the lead on (accepted, or had to
 * keep when its rejection was overruled), assignments it received (assign, transfer, upheld
 * rejection reassigned to it), its rejections (退回) and how many of them were overruled.
 */
export async function ledgerCounts(db: Q, s: UnitSet, from: Date, to: Date) {
  const { rows } = await sql<{
    unit_id: string;
    led: number;
    received: number;
    rejected: number;
    overruled: number;
  }>`
    select e.payload->>'unit_id' as unit_id,
      count(distinct e.case_id) filter (where e.action = 'accept'
        or (e.action = 'rule_rejection' and e.payload->>'decision' = 'overrule'))::int as led,
      count(*) filter (where e.action in ('assign', 'transfer')
        or (e.action = 'rule_rejection' and e.payload->>'decision' = 'uphold'))::int as received,
      count(*) filter (where e.action = 'reject')::int as rejected,
      count(*) filter (where e.action = 'rule_rejection' and e.payload->>'decision' = 'overrule')::int as overruled
    from case_events e
    where e.at >= ${from} and e.at < ${to}
      and e.action in ('accept', 'assign', 'transfer', 'reject', 'rule_rejection')
      and e.payload->>'unit_id' in (select id::text from (${unitIds(s)}) as u)
    group by 1`.execute(db);
  return rows;
}

/** Conclusions led by each unit in the period, and how many were within the handling deadline. */
export async function conclusionCounts(db: Q, s: UnitSet, from: Date, to: Date) {
  const { rows } = await sql<{ unit_id: string; concluded: number; measured: number; on_time: number }>`
    select unit_id,
      count(*)::int as concluded,
      count(on_time)::int as measured,
      count(*) filter (where on_time)::int as on_time
    from case_conclusions
    where concluded_at >= ${from} and concluded_at < ${to}
      and unit_id in (${unitIds(s)})
    group by 1`.execute(db);
  return rows;
}

/** Report-in tasks of units summoned in the period, by outcome, with their ratings. */
export async function reportInCounts(db: Q, s: UnitSet, from: Date, to: Date) {
  const { rows } = await sql<{
    unit_id: string;
    summoned: number;
    on_time: number;
    late: number;
    missed: number;
    open: number;
    cancelled: number;
    rated: number;
    avg_rating: number | null;
  }>`
    select unit_id,
      count(*)::int as summoned,
      count(*) filter (where status = 'done' and on_time)::int as on_time,
      count(*) filter (where status = 'done' and not on_time)::int as late,
      count(*) filter (where status = 'missed')::int as missed,
      count(*) filter (where status = 'open')::int as open,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      count(rating)::int as rated,
      avg(rating)::float8 as avg_rating
    from report_in_tasks
    where summoned_at >= ${from} and summoned_at < ${to}
      and unit_id in (${unitIds(s)})
    group by 1`.execute(db);
  return rows;
}
