import type { Selectable } from 'kysely';
import type { CaseSnapshot } from '../../../core/workflow/case-model.js';
import { pendingReportIns } from '../../../core/workflow/workflow.js';
import type { CasesTable } from '../../db/tables.js';

type CaseRow = Selectable<CasesTable>;

/** The workflow's view of a stored case: the projection row plus its unit links. */
export function snapshotOf(
  row: CaseRow,
  links: readonly { unit_id: string; relation: 'lead' | 'co_handler' | 'summoned'; since?: Date }[],
): CaseSnapshot {
  return {
    state: row.state,
    regionCode: row.region_code,
    handlingLevel: row.handling_level,
    ownerUnitId: row.owner_unit_id,
    ownerReleased: row.owner_released,
    leadUnitId: row.lead_unit_id,
    // stored links carry no order the fold relies on; compare them as sets
    units: links.map((l) => ({ unitId: l.unit_id, relation: l.relation })),
    awaitingRuling: row.awaiting_ruling,
    clockPaused: row.clock_paused,
    extensionPending: row.extension_pending,
    outcome: row.outcome,
    satisfaction: row.satisfaction,
    reopenCount: row.reopen_count,
    version: row.version,
  };
}

/** The columns of the projection that a snapshot determines. */
export function projectionOf(s: CaseSnapshot) {
  return {
    state: s.state,
    handling_level: s.handlingLevel,
    owner_unit_id: s.ownerUnitId,
    owner_released: s.ownerReleased,
    lead_unit_id: s.leadUnitId,
    awaiting_ruling: s.awaitingRuling,
    clock_paused: s.clockPaused,
    extension_pending: s.extensionPending,
    pending_report_ins: pendingReportIns(s),
    outcome: s.outcome,
    satisfaction: s.satisfaction,
    reopen_count: s.reopenCount,
    version: s.version,
  };
}

/** Snapshots compared as values: unit links as a sorted set. */
export function normalizeSnapshot(s: CaseSnapshot): CaseSnapshot {
  const units = [...s.units].sort((a, b) => (a.unitId + a.relation).localeCompare(b.unitId + b.relation));
  return { ...s, units };
}
