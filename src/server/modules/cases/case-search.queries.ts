import type { ExpressionBuilder, Kysely } from 'kysely';
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
  /** keyset: the id of the last case of the previous page */
  after?: string;
  limit: number;
  now: Date;
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
    .where((eb) => visible(eb, v));
  if (f.states?.length) query = query.where('cases.state', 'in', f.states);
  if (f.categoryCode) query = query.where('cases.category_code', '=', f.categoryCode);
  if (f.channel) query = query.where('cases.channel', '=', f.channel);
  if (f.riskLevel) query = query.where('cases.risk_level', '=', f.riskLevel);
  if (f.regionCode) query = query.where('cases.region_code', 'like', likePrefix(f.regionCode));
  if (f.unitId && f.unitRelations?.length) {
    const unitId = f.unitId;
    const relations = f.unitRelations;
    query = query.where((eb) =>
      eb.or(
        relations.map((r) =>
          r === 'lead'
            ? eb('cases.lead_unit_id', '=', unitId)
            : r === 'owner'
              ? eb('cases.owner_unit_id', '=', unitId)
              : eb.exists(
                  eb
                    .selectFrom('case_units')
                    .select('case_units.unit_id')
                    .whereRef('case_units.case_id', '=', 'cases.id')
                    .where('case_units.unit_id', '=', unitId)
                    .where('case_units.relation', '=', r),
                ),
        ),
      ),
    );
  } else if (f.unitId) {
    const unitId = f.unitId;
    query = query.where((eb) =>
      eb.or([
        eb('cases.lead_unit_id', '=', unitId),
        eb.exists(
          eb
            .selectFrom('case_units')
            .select('case_units.unit_id')
            .whereRef('case_units.case_id', '=', 'cases.id')
            .where('case_units.unit_id', '=', unitId),
        ),
      ]),
    );
  }
  if (f.text) {
    const pattern = '%' + f.text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    query = query.where((eb) =>
      eb.or([
        eb('cases.case_no', '=', f.text!),
        eb('cases.title', 'ilike', pattern),
        eb('cases.description', 'ilike', pattern),
      ]),
    );
  }
  if (f.overdue) {
    query = query.where('cases.deadline_at', '<', f.now).where('cases.state', 'in', OPEN_STATES);
  }
  if (f.awaitingRuling !== undefined) query = query.where('cases.awaiting_ruling', '=', f.awaitingRuling);
  if (f.extensionPending !== undefined) {
    query = query.where('cases.extension_pending', '=', f.extensionPending);
  }
  if (f.light) query = query.where(lightIs(f.light, f.now));
  if (f.after) query = query.where('cases.id', '<', f.after);
  return query
    .orderBy('cases.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
