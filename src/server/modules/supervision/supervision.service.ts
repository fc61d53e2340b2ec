// Supervision orders (督办单) and leaders' instructions (批示): who may issue, answer and read
// them, each write with its ledger record event, audit row and job in one transaction.
import type { Selectable } from 'kysely';
import { roleMayEver, isAllowed, type PolicyAction } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { CaseSnapshot } from '../../../core/workflow/case-model.js';
import {
  MAX_ORDER_WORKING_DAYS,
  isAnswerable,
  orderDueAt,
  type OrderStatus,
} from '../../../core/supervision/supervision-rules.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import { withTransaction } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import { HttpError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordStaffAction } from '../audit/audit.service.js';
import { snapshotOf } from '../cases/case-mapper.js';
import { assertVisible } from '../cases/case-access.js';
import { appendRecord } from '../cases/case-records.js';
import * as q from './supervision.queries.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;
type CaseRow = Selectable<CasesTable>;

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export interface IssueInput {
  instructions: string;
  dueWorkingDays?: number;
  dueAt?: string;
}

const audit = (
  trx: Trx,
  deps: AppDeps,
  auth: Staff,
  a: { at: Date; ip: string | null; action: string; caseId: string; detail: Record<string, unknown> },
) =>
  recordStaffAction(trx, deps, {
    user: auth.user,
    at: a.at,
    ip: a.ip,
    action: a.action,
    targetType: 'case',
    targetId: a.caseId,
    detail: a.detail,
  });

/** The case locked, its snapshot, and the caller's right: 404 when unreadable, 403 when not allowed. */
async function lockForAction(
  trx: Trx,
  auth: Staff,
  caseId: string,
  action: PolicyAction,
): Promise<{ row: CaseRow; snapshot: CaseSnapshot }> {
  const row = await q.lockCaseRow(trx, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseLinks(trx, caseId)) : null;
  assertVisible(row ? auth.actor : null, snapshot);
  if (!isAllowed(auth.actor.role, action, relationsOf(auth.actor, snapshot!))) {
    throw new HttpError(403, 'workflow.forbidden', {}, 'forbidden');
  }
  return { row: row!, snapshot: snapshot! };
}

/** Text that is only white space counts as missing. */
function text(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badRequest('supervision.blank', { field });
  return trimmed;
}

/** The due time of a new order: N working days from now, or an instant in the future. */
function dueOf(deps: AppDeps, input: IssueInput, now: Date): Date {
  const hasDays = input.dueWorkingDays !== undefined;
  const hasAt = input.dueAt !== undefined;
  if (hasDays === hasAt) throw badRequest('supervision.due_one_of');
  if (hasDays) return orderDueAt(deps.calendar, now, input.dueWorkingDays!);
  const at = new Date(input.dueAt!);
  if (Number.isNaN(at.getTime())) throw badRequest('validation.format', { field: 'dueAt' });
  if (at.getTime() <= now.getTime()) throw unprocessable('supervision.due_in_past');
  if (at.getTime() > orderDueAt(deps.calendar, now, MAX_ORDER_WORKING_DAYS).getTime()) {
    throw unprocessable('supervision.due_too_far', { days: MAX_ORDER_WORKING_DAYS });
  }
  return at;
}

/** A supervisor or leader attaches a supervision order to a case in scope (policy 'supervise'). */
export async function issueOrder(
  deps: AppDeps,
  auth: Staff,
  caseId: string,
  input: IssueInput,
  ip: string | null,
) {
  const instructions = text(input.instructions, 'instructions');
  const now = deps.clock();
  // the input is checked before the case is looked at: its answer says nothing about the case
  const dueAt = dueOf(deps, input, now);
  const id = await withTransaction(deps.db, async (trx) => {
    const { row } = await lockForAction(trx, auth, caseId, 'supervise');
    if (!OPEN_STATES.includes(row.state)) throw conflict('supervision.case_not_open');
    const orderId = deps.newId();
    const addressed = row.lead_unit_id ?? row.owner_unit_id;
    await q.insertOrder(trx, {
      county_code: row.county_code,
      id: orderId,
      case_id: row.id,
      kind: 'manual',
      status: 'open',
      instructions,
      issued_by: auth.user.id,
      issuer_role: auth.user.role,
      issuer_unit_id: auth.user.unitId,
      level_code: auth.user.scopeCode,
      issued_level_code: auth.user.scopeCode,
      addressed_unit_id: addressed,
      due_at: dueAt,
      for_deadline_at: null,
      created_at: now,
      updated_at: now,
    });
    const { seq } = await appendRecord(
      trx,
      deps,
      {
        row,
        action: 'supervision_ordered',
        payload: {
          order_id: orderId,
          kind: 'manual',
          instructions,
          due_at: dueAt.toISOString(),
          level_code: auth.user.scopeCode,
          addressed_unit_id: addressed,
        },
      },
      auth.actor,
      now,
    );
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'supervision.order',
      caseId: row.id,
      detail: { order_id: orderId, seq },
    });
    return orderId;
  });
  return getOrderView(deps, id);
}

/** The lead unit answers an order (policy 'answer_supervision'); an escalated one still can be. */
export async function answerOrder(
  deps: AppDeps,
  auth: Staff,
  orderId: string,
  input: { answer: string },
  ip: string | null,
) {
  const answer = text(input.answer, 'answer');
  const found = await q.getOrder(deps.db.kysely, orderId);
  if (!found) throw notFound();
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    // the case first, then the order: the sweeps lock in the same order
    const { row } = await lockForAction(trx, auth, found.case_id, 'answer_supervision');
    const order = await q.lockOrder(trx, orderId);
    if (!order || !isAnswerable(order.status)) throw conflict('supervision.already_answered');
    await q.answerOrder(trx, orderId, { answer, userId: auth.user.id, unitId: auth.user.unitId, at: now });
    const { seq } = await appendRecord(
      trx,
      deps,
      {
        row,
        action: 'supervision_answered',
        payload: { order_id: orderId, answer, escalations: order.escalations },
      },
      auth.actor,
      now,
    );
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'supervision.answer',
      caseId: row.id,
      detail: { order_id: orderId, seq },
    });
  });
  return getOrderView(deps, orderId);
}

/** A leader's instruction (批示) on a case in scope (policy 'instruct'). */
export async function addInstruction(
  deps: AppDeps,
  auth: Staff,
  caseId: string,
  input: { text: string },
  ip: string | null,
) {
  const body = text(input.text, 'text');
  const id = await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    const { row } = await lockForAction(trx, auth, caseId, 'instruct');
    const instructionId = deps.newId();
    const { seq } = await appendRecord(
      trx,
      deps,
      {
        row,
        action: 'instruction',
        payload: { instruction_id: instructionId, text: body },
      },
      auth.actor,
      now,
    );
    await q.insertInstruction(trx, {
      county_code: row.county_code,
      id: instructionId,
      case_id: row.id,
      seq,
      author_id: auth.user.id,
      author_unit_id: auth.user.unitId,
      text: body,
      created_at: now,
    });
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'supervision.instruction',
      caseId: row.id,
      detail: { instruction_id: instructionId, seq },
    });
    return instructionId;
  });
  const list = await listInstructions(deps, auth, caseId);
  return list.items.find((i) => i.id === id)!;
}

/** Reading a case's orders or instructions: whoever may read the case (staff only). */
async function assertReadable(deps: AppDeps, auth: Staff, caseId: string): Promise<void> {
  const row = await q.getCaseRow(deps.db.kysely, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseLinks(deps.db.kysely, caseId)) : null;
  assertVisible(row ? auth.actor : null, snapshot);
}

export async function listCaseOrders(deps: AppDeps, auth: Staff, caseId: string) {
  await assertReadable(deps, auth, caseId);
  const now = deps.clock();
  return { items: (await q.listCaseOrders(deps.db.kysely, caseId)).map((r) => orderView(r, now)) };
}

export async function listInstructions(deps: AppDeps, auth: Staff, caseId: string) {
  await assertReadable(deps, auth, caseId);
  const rows = await q.listInstructions(deps.db.kysely, caseId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      text: r.text,
      authorId: r.author_id,
      authorName: r.author_name,
      authorUnitName: r.author_unit_name ?? null,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

export interface ListInput {
  status?: OrderStatus;
  mine?: 'issued' | 'received';
  cursor?: string;
  limit: number;
}

/**
 * Orders the caller works with. Supervisors and leaders: `issued` — issued by them, or followed up
 * at their level (automatic ones of their level and those escalated to it); without `mine`, every
 * order on a case in their scope. Handling staff (`received`, their default): orders addressed to
 * their unit or on cases their unit now leads.
 */
export async function listOrders(deps: AppDeps, auth: Staff, input: ListInput) {
  const { role, id: userId, scopeCode, unitId } = auth.user;
  const supervises = roleMayEver(role, 'supervise');
  const answers = roleMayEver(role, 'answer_supervision');
  if (!supervises && !answers) throw forbidden();
  const mine = input.mine ?? (supervises ? undefined : 'received');
  let scope: q.OrderScope;
  if (mine === 'issued') {
    if (!supervises) throw forbidden();
    scope = { kind: 'issued', userId, levelCode: scopeCode };
  } else if (mine === 'received') {
    if (!unitId) return { items: [], nextCursor: null };
    scope = { kind: 'received', unitId };
  } else {
    scope = { kind: 'region', prefix: scopeCode };
  }
  const rows = await q.listOrders(deps.db.kysely, scope, {
    status: input.status,
    after: input.cursor,
    limit: input.limit,
  });
  const page = rows.slice(0, input.limit);
  const now = deps.clock();
  return {
    items: page.map((r) => orderView(r, now)),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Orders not yet answered (open or escalated) on cases under a region, newest first: the
 * supervised cases of the weekly meeting's situation report (its readers are checked there).
 */
export async function unansweredOrdersUnder(deps: AppDeps, prefix: string, limit: number) {
  const rows = await q.listOrders(deps.db.kysely, { kind: 'region', prefix }, { unanswered: true, limit });
  const now = deps.clock();
  return { items: rows.slice(0, limit).map((r) => orderView(r, now)), more: rows.length > limit };
}

async function getOrderView(deps: AppDeps, id: string) {
  const row = await q.getOrderWithNames(deps.db.kysely, id);
  if (!row) throw notFound();
  return orderView(row, deps.clock());
}

/** An order as the API shows it. */
export function orderView(r: q.OrderListRow, now: Date) {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseTitle: r.case_title,
    kind: r.kind,
    status: r.status,
    instructions: r.instructions,
    dueAt: r.due_at.toISOString(),
    overdue: isAnswerable(r.status) && now.getTime() > r.due_at.getTime(),
    issuedAt: r.created_at.toISOString(),
    issuedById: r.issued_by,
    issuedByName: r.issuer_name ?? null,
    issuerRole: r.issuer_role,
    levelCode: r.level_code,
    levelName: r.level_name,
    issuedLevelCode: r.issued_level_code,
    escalations: r.escalations,
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    addressedUnitId: r.addressed_unit_id,
    addressedUnitName: r.addressed_unit_name,
    answer: r.answer,
    answeredAt: r.answered_at?.toISOString() ?? null,
    answeredByName: r.answerer_name ?? null,
  };
}
