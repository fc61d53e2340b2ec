// Reading report-in tasks (报到) and rating a summoned department's response after the whistle.
import type { Selectable } from 'kysely';
import type { CaseSnapshot, HandlingLevel } from '../../../core/workflow/case-model.js';
import { isAllowed } from '../../../core/workflow/policy.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import { HttpError, conflict, forbidden, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { actorFor, assertVisible } from '../cases/case-access.js';
import { snapshotOf } from '../cases/case-mapper.js';
import { appendRecord } from '../cases/case-records.js';
import type { TaskStatus } from './whistle.queries.js';
import {
  getCaseLinks,
  getCaseRow,
  lockCaseRow,
  rateTask,
  taskOfUnit,
  tasksOfCase,
  tasksOfUnit,
} from './whistle.queries.js';

type TaskRow = Awaited<ReturnType<typeof tasksOfCase>>[number];

const CODE_LENGTH: Record<HandlingLevel, number> = { village: 12, township: 9, county: 6, city: 4 };
const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

/**
 * The whistle closes with the case: once it is concluded (or withdrawn), the level that blew it
 * judges each department's part in the whole response, reporting in included. Waiting for all
 * report-ins instead would let a department that never reports in block its own rating.
 */
export function whistleClosed(caseState: string): boolean {
  return !OPEN_STATES.includes(caseState);
}

/**
 * "The level that blew the whistle": the policy table's rate_response row (dispatchers in scope,
 * the owner or lead unit) narrowed to those whose scope lies below the level the whistle went to,
 * so a dispatcher of the summoned level (or above) cannot rate the departments it coordinated.
 */
export function mayRate(actor: Actor, snapshot: CaseSnapshot, toLevel: HandlingLevel): boolean {
  if (!isAllowed(actor.role, 'rate_response', relationsOf(actor, snapshot))) return false;
  return (actor.scopeCode?.length ?? 0) > CODE_LENGTH[toLevel];
}

function taskView(t: TaskRow, now: Date) {
  return {
    id: t.id,
    caseId: t.case_id,
    unitId: t.unit_id,
    unitName: t.unit_name,
    escalationSeq: t.escalation_seq,
    escalatedByUnitId: t.escalated_by_unit_id,
    fromLevel: t.from_level,
    toLevel: t.to_level,
    summonedAt: t.summoned_at.toISOString(),
    dueAt: t.due_at.toISOString(),
    status: t.status,
    overdue: t.status === 'open' && now.getTime() > t.due_at.getTime(),
    reportedAt: t.reported_at?.toISOString() ?? null,
    onTime: t.on_time,
    missedAt: t.missed_at?.toISOString() ?? null,
    cancelledAt: t.cancelled_at?.toISOString() ?? null,
    rating: t.rating,
    ratingComment: t.rating_comment,
    ratedAt: t.rated_at?.toISOString() ?? null,
  };
}

async function visibleCase(deps: AppDeps, auth: AuthContext, caseId: string) {
  const db = deps.db.kysely;
  const row = await getCaseRow(db, caseId);
  const snapshot = row ? snapshotOf(row, await getCaseLinks(db, caseId)) : null;
  const actor = row ? await actorFor(db, auth, row) : null;
  assertVisible(actor, snapshot);
  return { row: row!, snapshot: snapshot!, actor };
}

/** The report-in tasks of a case the caller may read, with whether the caller may rate each now. */
export async function listCaseReportIns(deps: AppDeps, auth: AuthContext, caseId: string) {
  const { row, snapshot, actor } = await visibleCase(deps, auth, caseId);
  const now = deps.clock();
  const tasks = await tasksOfCase(deps.db.kysely, caseId);
  return {
    caseId,
    whistleClosed: whistleClosed(row.state),
    items: tasks.map((t) => ({
      ...taskView(t, now),
      rateable: whistleClosed(row.state) && t.rated_at === null && mayRate(actor, snapshot, t.to_level),
    })),
  };
}

/** Roles that report in for their unit (the policy table's report_in row). */
const REPORTING_ROLES = ['department_staff', 'mediator'];

/** The report-in task list of the caller's own unit (department staff, mediators). */
export async function listUnitReportIns(
  deps: AppDeps,
  auth: AuthContext,
  f: { status?: TaskStatus; after?: string; limit: number },
) {
  if (auth.kind !== 'staff' || !REPORTING_ROLES.includes(auth.user.role) || !auth.user.unitId) {
    throw forbidden();
  }
  const now = deps.clock();
  const rows = await tasksOfUnit(deps.db.kysely, { ...f, unitId: auth.user.unitId });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((t) => ({
      ...taskView(t, now),
      caseNo: t.case_no,
      title: t.title,
      caseState: t.case_state,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

export interface RatingInput {
  auth: AuthContext;
  caseId: string;
  unitId: string;
  stars: number;
  comment?: string;
  /** the case version the caller saw; when given, a stale one gets 409 */
  expectedVersion?: number;
  ip: string | null;
}

/**
 * The escalating level rates a summoned department's response (1–5 stars and a comment), once,
 * after the whistle closed: the rating is kept on the task and a 'response_rated' record event goes
 * on the ledger. Answers, in order: 404 case not visible or unit not summoned, 403 not the
 * escalating level, 409 stale version, whistle still open or already rated.
 */
export async function rateResponse(deps: AppDeps, input: RatingInput) {
  const { auth, caseId, unitId } = input;
  return withTransaction(deps.db, async (trx) => {
    const row: Selectable<CasesTable> | undefined = await lockCaseRow(trx, caseId);
    const snapshot = row ? snapshotOf(row, await getCaseLinks(trx, caseId)) : null;
    const actor = row ? await actorFor(trx, auth, row) : null;
    assertVisible(actor, snapshot);
    const task = await taskOfUnit(trx, caseId, unitId);
    if (!task) throw notFound('whistle.no_task');
    if (!mayRate(actor, snapshot!, task.to_level)) throw new HttpError(403, 'whistle.not_escalating_level');
    if (input.expectedVersion !== undefined && input.expectedVersion !== row!.version) {
      throw conflict('case.stale_version', { current: row!.version });
    }
    if (!whistleClosed(row!.state)) throw conflict('whistle.not_closed');
    const now = deps.clock();
    const comment = input.comment?.trim() || null;
    if (task.rated_at !== null) throw conflict('whistle.already_rated');
    const userId = auth.kind === 'staff' ? auth.user.id : null;
    if ((await rateTask(trx, task.id, { rating: input.stars, comment, at: now, userId })) !== 1) {
      throw conflict('whistle.already_rated');
    }
    const { seq, version } = await appendRecord(
      trx,
      deps,
      {
        row: row!,
        action: 'response_rated',
        payload: {
          unit_id: unitId,
          task_id: task.id,
          stars: input.stars,
          ...(comment ? { comment } : {}),
        },
      },
      actor,
      now,
    );
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: userId,
      actorRole: auth.kind === 'staff' ? auth.user.role : 'resident',
      actorLabel: auth.kind === 'staff' ? auth.user.username : 'resident',
      ip: input.ip,
      action: 'case.response_rated',
      targetType: 'case',
      targetId: caseId,
      result: 'success',
      detail: { seq, task_id: task.id, unit_id: unitId, stars: input.stars },
    });
    const rated = (await taskOfUnit(trx, caseId, unitId))!;
    return { version, task: taskView(rated, now) };
  });
}
