import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { CaseState, Channel, RiskLevel } from '../../../core/workflow/case-model.js';
import type { Database } from '../../db/tables.js';

/**
 * Which cases a caller may see, as SQL. It mirrors the 'read' row of the policy table
 * (src/core/workflow/policy.ts); the authorization tests check that the two agree.
 */
export type Visibility =
  | { kind: 'region'; prefix: string; unitId: string | null; viaUnit: 'handling' | 'owner' | 'none' }
  | { kind: 'unit'; unitId: string }
  | { kind: 'party'; phoneBidx: string };

export interface CaseFilters {
  states?: CaseState[];
  categoryCode?: string;
  channel?: Channel;
  regionCode?: string;
  unitId?: string;
  riskLevel?: RiskLevel;
  text?: string;
  overdue?: boolean;
  /** the light of the running clock now (as lightNow computes it) */
  light?: 'green' | 'yellow' | 'red';
  awaitingRuling?: boolean;
  extensionPending?: boolean;
  /** how `unitId` relates to the case (any of them); without it, lead or any link */
  unitRelations?: ('lead' | 'co_handler' | 'summoned' | 'owner')[];
  /**
   * The cases behind a dashboard figure (analytics rollups, core/analytics/case-facts.ts), each
   * period an instant range [from, to) of whole CST days: registered in it (received), or whose
   * current conclusion fell in it (concluded), with the conclusion resolved, on time, followed up
   * or satisfied; or that had a reopen, withdrawal or decline in it.
   */
  received?: InstantRange;
  concluded?: InstantRange;
  resolved?: boolean;
  onTime?: boolean;
  followedUp?: boolean;
  satisfied?: boolean;
  event?: { action: 'reopen' | 'withdraw' | 'decline'; range: InstantRange };
  /** keyset: the id of the last case of the previous page */
  after?: string;
  limit: number;
  now: Date;
}

/** An instant range [from, to); either end may be open. */
export interface InstantRange {
  from?: Date;
  to?: Date;
}

const OPEN_STATES: CaseState[] = ['registered', 'assigned', 'in_progress'];
const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

/** The visibility rule as a WHERE condition on `cases` (also used by the known-party lookup). */
export function visible(eb: ExpressionBuilder<Database, 'cases'>, v: Visibility) {
  const linked = (unitId: string, relations: ('lead' | 'co_handler' | 'summoned')[]) =>
    eb.exists(
      eb
        .selectFrom('case_units')
        .select('case_units.unit_id')
        .whereRef('case_units.case_id', '=', 'cases.id')
        .where('case_units.unit_id', '=', unitId)
        .where('case_units.relation', 'in', relations),
    );
  switch (v.kind) {
    case 'region': {
      const ors = [eb('cases.region_code', 'like', likePrefix(v.prefix))];
      if (v.unitId && v.viaUnit !== 'none') ors.push(eb('cases.owner_unit_id', '=', v.unitId));
      if (v.unitId && v.viaUnit === 'handling') ors.push(linked(v.unitId, ['lead', 'co_handler']));
      return eb.or(ors);
    }
    case 'unit':
      return eb.or([
        eb('cases.owner_unit_id', '=', v.unitId),
        linked(v.unitId, ['lead', 'co_handler', 'summoned']),
      ]);
    case 'party':
      return eb.exists(
        eb
          .selectFrom('parties')
          .select('parties.id')
          .whereRef('parties.case_id', '=', 'cases.id')
          .where('parties.role', '=', 'applicant')
          .where('parties.phone_bidx', '=', v.phoneBidx),
      );
  }
}

/**
 * The light of the running clock as SQL, the same rule as lightOf (core/deadlines/time-limits.ts):
 * red past the deadline, yellow once two thirds of the time are used, else green; none without a clock.
 */
function lightIs(light: 'green' | 'yellow' | 'red', now: Date) {
  const running = sql<boolean>`(cases.deadline_at is not null and cases.deadline_started_at is not null)`;
  const red = sql<boolean>`(cases.deadline_at < ${now}::timestamptz)`;
  const yellow = sql<boolean>`(extract(epoch from ${now}::timestamptz - cases.deadline_started_at) * 3
    >= extract(epoch from cases.deadline_at - cases.deadline_started_at) * 2)`;
  if (light === 'red') return sql<boolean>`(${running} and ${red})`;
  if (light === 'yellow') return sql<boolean>`(${running} and not ${red} and ${yellow})`;
  return sql<boolean>`(${running} and not ${red} and not ${yellow})`;
}

/** One page of cases, newest first (UUIDv7 ids are time-ordered), within the caller's visibility. */
export async function searchCases(db: Kysely<Database>, v: Visibility, f: CaseFilters) {
  let query = db
    .selectFrom('cases')
    .leftJoin('units as lead', 'lead.id', 'cases.lead_unit_id')
    .innerJoin('regions', 'regions.code', 'cases.region_code')
    .innerJoin('categories', 'categories.code', 'cases.category_code')
    .select([
      'cases.id',
      'cases.case_no',
      'cases.title',
      'cases.state',
      'cases.category_code',
      'categories.name_zh as category_name_zh',
      'categories.name_en as category_name_en',
      'cases.channel',
      'cases.region_code',
      'regions.name as region_name',
      'cases.risk_level',
      'cases.handling_level',
      'cases.lead_unit_id',
      'lead.name as lead_unit_name',
      'cases.awaiting_ruling',
      'cases.deadline_at',
      'cases.deadline_stage',
      'cases.deadline_started_at',
      'cases.version',
      'cases.created_at',
      'cases.updated_at',
    ])
    .where((eb) => matching(eb, v, f));
  if (f.after) query = query.where('cases.id', '<', f.after);
  return query
    .orderBy('cases.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** How many cases match (the list's "N cases" under a figure), without paging. */
export async function countCases(
  db: Kysely<Database>,
  v: Visibility,
  f: Omit<CaseFilters, 'after' | 'limit'>,
) {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => matching(eb, v, f))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const RESOLVED_OUTCOMES = ['mediated_agreement', 'other_resolution'] as const;
const SATISFIED = ['satisfied', 'basically_satisfied'] as const;

/** The visibility rule and every filter as one WHERE condition on `cases` (the page and the count share it). */
function matching(
  eb: ExpressionBuilder<Database, 'cases'>,
  v: Visibility,
  f: Omit<CaseFilters, 'after' | 'limit'>,
) {
  const and: Expression<SqlBool>[] = [visible(eb, v)];
  const linkedAs = (unitId: string, relation?: 'co_handler' | 'summoned') => {
    let q = eb
      .selectFrom('case_units')
      .select('case_units.unit_id')
      .whereRef('case_units.case_id', '=', 'cases.id')
      .where('case_units.unit_id', '=', unitId);
    if (relation) q = q.where('case_units.relation', '=', relation);
    return eb.exists(q);
  };
  const within = (column: 'cases.created_at' | 'cases.concluded_at', r: InstantRange) => {
    and.push(eb(column, 'is not', null));
    if (r.from) and.push(eb(column, '>=', r.from));
    if (r.to) and.push(eb(column, '<', r.to));
  };
  if (f.states?.length) and.push(eb('cases.state', 'in', f.states));
  if (f.categoryCode) and.push(eb('cases.category_code', '=', f.categoryCode));
  if (f.channel) and.push(eb('cases.channel', '=', f.channel));
  if (f.riskLevel) and.push(eb('cases.risk_level', '=', f.riskLevel));
  if (f.regionCode) and.push(eb('cases.region_code', 'like', likePrefix(f.regionCode)));
  if (f.unitId && f.unitRelations?.length) {
    const unitId = f.unitId;
    and.push(
      eb.or(
        f.unitRelations.map((r) =>
          r === 'lead'
            ? eb('cases.lead_unit_id', '=', unitId)
            : r === 'owner'
              ? eb('cases.owner_unit_id', '=', unitId)
              : linkedAs(unitId, r),
        ),
      ),
    );
  } else if (f.unitId) {
    and.push(eb.or([eb('cases.lead_unit_id', '=', f.unitId), linkedAs(f.unitId)]));
  }
  if (f.text) {
    const pattern = '%' + f.text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    and.push(
      eb.or([
        eb('cases.case_no', '=', f.text),
        eb('cases.title', 'ilike', pattern),
        eb('cases.description', 'ilike', pattern),
      ]),
    );
  }
  if (f.overdue) {
    and.push(eb('cases.deadline_at', '<', f.now), eb('cases.state', 'in', OPEN_STATES));
  }
  if (f.awaitingRuling !== undefined) and.push(eb('cases.awaiting_ruling', '=', f.awaitingRuling));
  if (f.extensionPending !== undefined) and.push(eb('cases.extension_pending', '=', f.extensionPending));
  if (f.light) and.push(lightIs(f.light, f.now));
  // the figures' filters (the same attribution as the rollups)
  if (f.received) within('cases.created_at', f.received);
  if (f.concluded) within('cases.concluded_at', f.concluded);
  const conclusionFacts = f.resolved !== undefined || f.onTime !== undefined || f.followedUp !== undefined;
  if (conclusionFacts || f.satisfied !== undefined) {
    // a current conclusion: concluded_at is cleared by a reopen, and set only by a conclusion
    and.push(eb('cases.concluded_at', 'is not', null));
  }
  if (f.resolved !== undefined) {
    and.push(
      f.resolved
        ? eb('cases.outcome', 'in', RESOLVED_OUTCOMES)
        : eb('cases.outcome', 'not in', RESOLVED_OUTCOMES),
    );
  }
  if (f.onTime !== undefined) {
    // the conclusion record of the current conclusion (the latest: its instant is the case's)
    const onTime = eb.exists(
      eb
        .selectFrom('case_conclusions')
        .select('case_conclusions.seq')
        .whereRef('case_conclusions.county_code', '=', 'cases.county_code')
        .whereRef('case_conclusions.case_id', '=', 'cases.id')
        .whereRef('case_conclusions.concluded_at', '=', 'cases.concluded_at')
        .where('case_conclusions.on_time', '=', true),
    );
    and.push(f.onTime ? onTime : eb.not(onTime));
  }
  if (f.followedUp !== undefined) {
    and.push(eb('cases.satisfaction', f.followedUp ? 'is not' : 'is', null));
  }
  if (f.satisfied !== undefined) {
    and.push(
      f.satisfied ? eb('cases.satisfaction', 'in', SATISFIED) : eb('cases.satisfaction', '=', 'unsatisfied'),
    );
  }
  if (f.event) {
    let q = eb
      .selectFrom('case_events')
      .select('case_events.seq')
      .whereRef('case_events.case_id', '=', 'cases.id')
      .where('case_events.action', '=', f.event.action);
    if (f.event.range.from) q = q.where('case_events.at', '>=', f.event.range.from);
    if (f.event.range.to) q = q.where('case_events.at', '<', f.event.range.to);
    and.push(eb.exists(q));
  }
  return eb.and(and);
}
