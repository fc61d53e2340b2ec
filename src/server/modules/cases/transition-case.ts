import type { Selectable } from 'kysely';
import type { Command } from '../../../core/workflow/workflow.js';
import { decide, levelAbove } from '../../../core/workflow/workflow.js';
import { SYSTEM_ACTOR, type Actor } from '../../../core/workflow/relations.js';
import { selfAndAncestors } from '../../../core/regions/region-code.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import { withTransaction } from '../../db/transaction.js';
import type { CasesTable, UnitsTable } from '../../db/tables.js';
import { conflict, notFound, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { rollupCaseEvent } from '../analytics/rollups.service.js';
import { appendEvent } from './case-ledger.js';
import { clockAfterEvent } from '../deadlines/deadlines.service.js';
import { afterCaseTransition } from '../whistle/whistle.hooks.js';
import { projectionOf, snapshotOf } from './case-mapper.js';
import { auditActor, workflowError } from './case-errors.js';
import { actorFor, assertVisible } from './case-access.js';
import * as q from './cases.queries.js';

type Unit = Selectable<UnitsTable>;
type CaseRow = Selectable<CasesTable>;

const LEVEL_CODE_LENGTH = { village: 12, township: 9, county: 6, city: 4 } as const;

/** One action on one case, as a caller asks for it. */
export interface TransitionInput {
  auth: AuthContext;
  caseId: string;
  /** the version the caller saw; a stale one gets 409 */
  expectedVersion: number;
  command: Exclude<Command, { action: 'register' }>;
  ip: string | null;
  /** internal: the system's own follow-on step (the reopen after a resident's "unsatisfied") */
  asSystem?: boolean;
}

export interface TransitionResult {
  id: string;
  caseNo: string;
  version: number;
  state: string;
}

/**
 * Applies one action to a case with optimistic concurrency. Case, unit links, ledger event,
 * audit and job commit together.
 */
export async function transitionCase(deps: AppDeps, input: TransitionInput): Promise<TransitionResult> {
  return withTransaction(deps.db, (trx) => transitionCaseInTx(trx, deps, input));
}

/** The transition inside the caller's transaction (the demo seeder batches many in one). */
export async function transitionCaseInTx(
  trx: Trx,
  deps: AppDeps,
  input: TransitionInput,
): Promise<TransitionResult> {
  const { auth, caseId, expectedVersion, command, ip } = input;
  const row = await q.lockCase(trx, caseId);
  const links = row ? await q.getCaseUnits(trx, caseId) : [];
  const snapshot = row ? snapshotOf(row, links) : null;
  const actor: Actor | null =
    !row || !snapshot ? null : input.asSystem ? SYSTEM_ACTOR : await actorFor(trx, auth, row);
  // out of scope answers as if the case did not exist
  if (!input.asSystem) assertVisible(actor, snapshot);
  else if (!actor) throw notFound();
  // order of answers: not yours 404, not allowed 403, stale 409, then the case's own guards
  const decision = decide(snapshot, command, actor);
  if (!decision.ok && decision.error.code === 'forbidden') throw workflowError(decision.error);
  if (row!.version !== expectedVersion) throw conflict('case.stale_version', { current: row!.version });
  await checkUnits(trx, row!, command);
  if (!decision.ok) throw workflowError(decision.error);

  const now = deps.clock();
  const { seq, hash } = await appendEvent(
    trx,
    deps.crypto,
    { countyCode: row!.county_code, caseId, lastSeq: row!.last_seq, lastHash: row!.last_hash },
    decision.event,
    actor,
    now,
  );
  const next = decision.next;
  const clock = await clockAfterEvent(trx, deps.calendar, {
    row: row!,
    action: command.action,
    payload: decision.event.payload,
    fromState: decision.event.fromState,
    toState: decision.event.toState,
    leadUnitId: next.leadUnitId,
    level: next.handlingLevel,
    now,
  });
  const updated = await q.updateCase(trx, caseId, expectedVersion, {
    ...projectionOf(next),
    ...clock,
    last_seq: seq,
    last_hash: hash,
    updated_at: now,
    concluded_at: next.state === 'concluded' ? now : next.state === 'in_progress' ? null : row!.concluded_at,
  });
  if (updated !== 1) throw conflict('case.stale_version', { current: row!.version });
  await q.replaceCaseUnits(
    trx,
    row!.county_code,
    caseId,
    next.units.map((u) => ({ unit_id: u.unitId, relation: u.relation })),
    now,
  );
  // whistle report-in tasks (escalate, report_in, closing) and conclusion facts for scorecards
  await afterCaseTransition(trx, deps, {
    row: row!,
    action: command.action,
    payload: decision.event.payload,
    toState: next.state,
    actor,
    seq,
    now,
  });
  // the dashboards' figures (after the conclusion record, whose on-time flag they read)
  await rollupCaseEvent(trx, row!, {
    countyCode: row!.county_code,
    caseId,
    seq,
    action: command.action,
    at: now,
    payload: decision.event.payload,
    leadUnitId: next.leadUnitId,
    ownerUnitId: next.ownerUnitId,
  });
  await recordAudit(trx, deps.newId(), {
    ...(input.asSystem ? { actorId: null, actorRole: 'system', actorLabel: 'system' } : auditActor(auth)),
    at: now,
    ip,
    action: `case.${command.action}`,
    targetType: 'case',
    targetId: caseId,
    result: 'success',
    detail: { seq, from: decision.event.fromState, to: decision.event.toState },
  });
  await deps.jobs?.sendInTransaction(trx, 'case-event', { caseId, seq, action: command.action });
  // 重办: a resident's own "unsatisfied" reopens the case at once, as the system's step (policy row
  // reopen/system); a clerk's follow-up by phone leaves the judgement to the dispatcher
  if (auth.kind === 'resident' && command.action === 'follow_up' && command.satisfaction === 'unsatisfied') {
    return transitionCaseInTx(trx, deps, {
      auth,
      caseId,
      expectedVersion: next.version,
      command: { action: 'reopen', reason: '群众回访不满意，系统自动重办' },
      ip,
      asSystem: true,
    });
  }
  return { id: caseId, caseNo: row!.case_no, version: next.version, state: next.state };
}

/** The units a command names must exist, be active and sit where the action makes sense. */
async function checkUnits(trx: Trx, row: CaseRow, c: Command): Promise<void> {
  const ids =
    c.action === 'assign' || c.action === 'transfer' || c.action === 'add_co_handler'
      ? [c.unitId]
      : c.action === 'rule_rejection' && c.unitId
        ? [c.unitId]
        : c.action === 'escalate'
          ? c.departmentUnitIds
          : [];
  if (ids.length === 0) return;
  const units = new Map((await q.findUnits(trx, ids)).map((u) => [u.id, u]));
  const chain = selfAndAncestors(row.region_code);
  for (const id of ids) {
    const u: Unit | undefined = units.get(id);
    if (!u) throw unprocessable('case.unknown_unit', { id });
    if (!u.active) throw unprocessable('case.unit_inactive', { name: u.name });
    if (c.action === 'escalate') {
      // summoned departments are those stationed at the center of the next level up (吹哨报到)
      const up = levelAbove(row.handling_level);
      const upCode = up ? row.region_code.slice(0, LEVEL_CODE_LENGTH[up]) : null;
      const stationedAbove =
        u.region_code === upCode && (u.kind === 'department' || u.kind === 'mediation_org');
      if (!stationedAbove) throw unprocessable('case.escalate_unit_not_department', { name: u.name });
    } else if (!chain.includes(u.region_code)) {
      // a handling unit sits at the case's place or above it (village committee, township, county, city)
      throw unprocessable('case.unit_out_of_scope', { name: u.name });
    }
  }
}
