// Access to a case's mediation: the case locked or read as the policy allows (404 when unreadable,
// 403 when not allowed), membership of its team, and the audit row of each action. Shared by the
// services of the mediation module (team, sessions, agreements, performance, judicial referral).
import type { Selectable } from 'kysely';
import type { CaseSnapshot } from '../../../core/workflow/case-model.js';
import { isAllowed, type PolicyAction } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import type { CasesTable } from '../../db/tables.js';
import type { Trx } from '../../db/transaction.js';
import { HttpError, badRequest, conflict } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordStaffAction } from '../audit/audit.service.js';
import { assertVisible } from '../cases/case-access.js';
import { snapshotOf } from '../cases/case-mapper.js';
import * as q from './mediation.queries.js';

export type Staff = Extract<AuthContext, { kind: 'staff' }>;
export type CaseRow = Selectable<CasesTable>;

/** The audit row of a staff user's mediation action on a case, in its transaction. */
export const audit = (
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

/** Text that is only white space counts as missing. */
export function text(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badRequest('mediation.blank', { field });
  return trimmed;
}

/** The case locked, its snapshot, and the caller's right: 404 when unreadable, 403 when not allowed. */
export async function lockForAction(
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

/** The case readable by the caller (404 otherwise), unlocked. */
export async function readable(deps: AppDeps, auth: Staff, caseId: string): Promise<CaseRow> {
  const row = await q.getCaseRow(deps.db.kysely, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseLinks(deps.db.kysely, caseId)) : null;
  assertVisible(row ? auth.actor : null, snapshot);
  return row!;
}

/** The case's mediation, and that the caller is on its team (lead mediator or member user). */
export async function teamOf(trx: Trx, auth: Staff, caseId: string) {
  const m = await q.getMediation(trx, caseId);
  if (!m) throw conflict('mediation.none');
  const members = await q.getMembers(trx, m.id);
  const onTeam = m.lead_mediator_id === auth.user.id || members.some((x) => x.user_id === auth.user.id);
  if (!onTeam) throw new HttpError(403, 'mediation.not_team', {}, 'forbidden');
  return { mediation: m, members };
}
