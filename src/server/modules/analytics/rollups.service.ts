// The incremental path of the rollups: called inside the transaction of each change that moves a
// figure (a case's registration or transition, a grid report's report or conclusion), so the
// figures commit with the change or not at all. A change moves its rows by
// contributions(after) − contributions(before) (core/analytics/case-facts.ts).
import type { Selectable } from 'kysely';
import {
  factsDelta,
  factsOfProjection,
  monthlyOf,
  movesFigures,
  stepFacts,
  type CaseFacts,
} from '../../../core/analytics/case-facts.js';
import { concludedInTime } from '../../../core/grid/grid-rules.js';
import { shanghaiDate } from '../../../core/time/china-time.js';
import type { Trx } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import {
  addCaseCounts,
  addGridCounts,
  addMonthlyCounts,
  caseCountsInsert,
  conclusionOnTime,
  monthlyCountsInsert,
} from './rollups.queries.js';

/** A ledger event just appended to a case, with the units the workflow's snapshot has after it. */
export interface RolledEvent {
  countyCode: string;
  caseId: string;
  seq: number;
  action: string;
  at: Date;
  payload: Record<string, unknown>;
  leadUnitId: string | null;
  ownerUnitId: string;
}

/**
 * Moves the case rollups by what one event changes. `before` is the case row as it was before
 * the event (locked by the caller), null for a registration. A conclude must come after its
 * case_conclusions row is written (its on-time flag is read from there).
 */
export async function rollupCaseEvent(
  trx: Trx,
  before: Selectable<CasesTable> | null,
  e: RolledEvent,
): Promise<void> {
  if (!movesFigures(e.action)) return;
  let prev: CaseFacts | null = null;
  if (before) {
    prev = factsOfProjection({
      regionCode: before.region_code,
      categoryCode: before.category_code,
      channel: before.channel,
      createdAt: before.created_at,
      ownerUnitId: before.owner_unit_id,
      leadUnitId: before.lead_unit_id,
      state: before.state,
      concludedAt: before.concluded_at,
      outcome: before.outcome,
      satisfaction: before.satisfaction,
      // only a reopen takes a conclusion back; every other step carries the flag over unchanged
      onTime:
        e.action === 'reopen' && before.concluded_at
          ? await conclusionOnTime(trx, { countyCode: e.countyCode, caseId: e.caseId })
          : null,
      // no step leaves a withdrawn or declined case, so its exit day is never needed here
      exitAt: null,
    });
  }
  const onTime =
    e.action === 'conclude'
      ? await conclusionOnTime(trx, { countyCode: e.countyCode, caseId: e.caseId, seq: e.seq })
      : undefined;
  const next = stepFacts(prev, {
    action: e.action,
    at: e.at,
    payload: e.payload,
    leadUnitId: e.leadUnitId,
    ownerUnitId: e.ownerUnitId,
    onTime,
  });
  const delta = factsDelta(prev, next);
  await addCaseCounts(trx, delta);
  await addMonthlyCounts(trx, monthlyOf(delta));
}

/**
 * What a registration adds to the rollups, as statements for the registration's own combined
 * write (db/write-together.ts): a new case reads nothing to know its contribution.
 */
export function registrationRollups(db: Trx, e: Omit<RolledEvent, 'action'>) {
  const delta = factsDelta(null, stepFacts(null, { ...e, action: 'register', onTime: undefined }));
  return [caseCountsInsert(db, delta), monthlyCountsInsert(db, monthlyOf(delta))];
}

/** A grid report just made: received on its day; one resolved on the spot is concluded (on time) too. */
export async function rollupGridReported(
  trx: Trx,
  r: { type: string; regionCode: string; at: Date; deadline: Date | null; concludedOnSite: boolean },
): Promise<void> {
  if (r.type === 'dispute') return; // a case: counted in the case rollups
  const onTime = r.concludedOnSite && concludedInTime(r.deadline, r.at);
  await addGridCounts(
    trx,
    { day: shanghaiDate(r.at), regionCode: r.regionCode, type: r.type },
    { received: 1, concluded: r.concludedOnSite ? 1 : 0, concluded_on_time: onTime ? 1 : 0 },
  );
}

/** A grid report just concluded: on its day, on time when no later than its deadline. */
export async function rollupGridConcluded(
  trx: Trx,
  r: { type: string; regionCode: string; at: Date; deadline: Date | null },
): Promise<void> {
  if (r.type === 'dispute') return;
  await addGridCounts(
    trx,
    { day: shanghaiDate(r.at), regionCode: r.regionCode, type: r.type },
    { concluded: 1, concluded_on_time: concludedInTime(r.deadline, r.at) ? 1 : 0 },
  );
}
