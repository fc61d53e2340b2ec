// Export requests (双人审批): filing one for an export above the threshold, the lists, the second
// person's decision and the requester's downloads. Who may decide is the core's rule
// (src/core/pii/export-approval.ts); every step is audited in the transaction that makes it.
import {
  approvalRefusal,
  approvedCeiling,
  approvedUntil,
  downloadRefusal,
  kindsApprovedBy,
  needsApproval,
  pendingUntil,
  statusAt,
  type ExportKind,
  type ExportParty,
  type ExportRequestView,
} from '../../../core/pii/export-approval.js';
import type { Role } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { recordAudit, recordStaffAction } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { EXPORT_KIND_HANDLERS, type ExportFile } from './export-kinds.js';
import * as q from './export-requests.queries.js';

type StaffAuth = Extract<AuthContext, { kind: 'staff' }>;
type Row = NonNullable<Awaited<ReturnType<typeof q.findExportRequest>>>;

const partyOf = (auth: StaffAuth): ExportParty => ({
  userId: auth.user.id,
  role: auth.user.role as Role,
  scopeCode: auth.user.scopeCode,
});
const requesterOf = (r: Row): ExportParty => ({
  userId: r.requester_id,
  role: r.requester_role as Role,
  scopeCode: r.scope_code,
});
const stateOf = (r: Row) => ({
  status: r.status,
  expiresAt: r.expires_at,
  downloads: r.downloads,
  maxDownloads: r.max_downloads,
});

function viewOf(r: Row, now: Date): ExportRequestView {
  return {
    id: r.id,
    kind: r.kind,
    requester: {
      id: r.requester_id,
      username: r.requester_username,
      displayName: r.requester_name,
      scopeCode: r.scope_code,
    },
    filters: r.filters,
    rows: r.row_count,
    reason: r.reason,
    requestedAt: r.requested_at.toISOString(),
    status: statusAt(stateOf(r), now),
    expiresAt: r.expires_at.toISOString(),
    decidedBy: r.decider_username
      ? { username: r.decider_username, displayName: r.decider_name ?? '' }
      : null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionReason: r.decision_reason,
    downloads: r.downloads,
    maxDownloads: r.max_downloads,
  };
}

const reasonOf = (reason: string): string => {
  const text = reason.trim();
  if (!text) throw badRequest('export_request.reason_blank');
  return text;
};

/**
 * Files a request for an export the gate refused: counts its rows for the requester now (the
 * export's own visibility; 403 when they may not export it) and keeps the query to re-run.
 */
export async function fileExportRequest(
  deps: AppDeps,
  auth: StaffAuth,
  input: { kind: ExportKind; query: Record<string, unknown>; reason: string; ip: string | null },
): Promise<ExportRequestView> {
  const reason = reasonOf(input.reason);
  const rows = await EXPORT_KIND_HANDLERS[input.kind].count(deps, auth, input.query);
  const { threshold, downloads } = deps.config.exportApproval;
  if (!needsApproval(rows, threshold)) throw unprocessable('export_request.not_needed', { rows, threshold });
  const now = deps.clock();
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    await q.insertExportRequest(trx, {
      id,
      kind: input.kind,
      requester_id: auth.user.id,
      requester_role: auth.user.role,
      scope_code: auth.user.scopeCode,
      filters: JSON.stringify(input.query),
      row_count: rows,
      reason,
      requested_at: now,
      expires_at: pendingUntil(now),
      max_downloads: downloads,
    });
    // the reason and the filters' free text may name a person: the audit keeps the request's id
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip: input.ip,
      action: 'export_request.file',
      targetType: 'export_request',
      targetId: id,
      detail: { kind: input.kind, rows, threshold },
    });
  });
  return viewOf((await q.findExportRequest(deps.db.kysely, id))!, now);
}

/** The caller's own requests ('mine') or those waiting for their decision ('decide'). */
export async function listExportRequests(
  deps: AppDeps,
  auth: StaffAuth,
  box: 'mine' | 'decide',
): Promise<ExportRequestView[]> {
  const now = deps.clock();
  const me = partyOf(auth);
  const rows =
    box === 'mine'
      ? await q.listRequestedBy(deps.db.kysely, me.userId, 200)
      : (
          await q.listPendingWithin(deps.db.kysely, {
            kinds: kindsApprovedBy(me.role),
            scopeCode: me.scopeCode,
            notBy: me.userId,
            now,
            limit: 200,
          })
        ).filter((r) => approvalRefusal(me, { kind: r.kind, requester: requesterOf(r) }) === null);
  return rows.map((r) => viewOf(r, now));
}

/**
 * The second person's decision, with a reason. The requester is told 403 (one cannot approve one's
 * own request); anyone else who may not decide it sees nothing (404, existence does not leak).
 */
export async function decideExportRequest(
  deps: AppDeps,
  auth: StaffAuth,
  input: { id: string; decision: 'approve' | 'reject'; reason: string; ip: string | null },
): Promise<ExportRequestView> {
  const reason = reasonOf(input.reason);
  const r = await q.findExportRequest(deps.db.kysely, input.id);
  if (!r) throw notFound();
  const refusal = approvalRefusal(partyOf(auth), { kind: r.kind, requester: requesterOf(r) });
  if (refusal === 'own_request') {
    await auditDenied(deps, auth, input, 'own_request');
    throw forbidden('export_request.own_request');
  }
  if (refusal) throw notFound();
  const now = deps.clock();
  const status = input.decision === 'approve' ? 'approved' : 'rejected';
  const decided = await withTransaction(deps.db, async (trx) => {
    const ok = await q.decideExportRequest(trx, {
      id: r.id,
      status,
      by: auth.user.id,
      at: now,
      reason,
      // an approval opens the download window; a rejection keeps its date as it was
      expiresAt:
        status === 'approved' ? approvedUntil(now, deps.config.exportApproval.validHours) : r.expires_at,
    });
    if (!ok) return false;
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip: input.ip,
      action: `export_request.${input.decision}`,
      targetType: 'export_request',
      targetId: r.id,
      detail: { kind: r.kind, rows: r.row_count, requester: r.requester_username },
    });
    return true;
  });
  if (!decided) throw conflict('export_request.decided');
  return viewOf((await q.findExportRequest(deps.db.kysely, r.id))!, now);
}

const DOWNLOAD_ERRORS = {
  not_approved: 'export_request.not_approved',
  expired: 'export_request.expired',
  used: 'export_request.used',
} as const;

/**
 * The requester's download of an approved request: counts the rows again, refuses when they grew
 * beyond the approval's margin (the approver agreed to about that many, not to any number), counts
 * the download and audits it, then has the export's own service produce and audit the file.
 */
export async function downloadExportRequest(
  deps: AppDeps,
  auth: StaffAuth,
  input: { id: string; lang: Lang; ip: string | null },
): Promise<ExportFile> {
  const r = await q.findExportRequest(deps.db.kysely, input.id);
  // someone else's request does not exist for the caller, the approver's included
  if (!r || r.requester_id !== auth.user.id) throw notFound();
  const now = deps.clock();
  const handler = EXPORT_KIND_HANDLERS[r.kind];
  const request = { ...stateOf(r), requesterId: r.requester_id, rows: r.row_count };
  const status = statusAt(request, now);
  if (status !== 'approved')
    throw conflict(DOWNLOAD_ERRORS[status === 'expired' || status === 'used' ? status : 'not_approved']);
  const rowsNow = await handler.count(deps, auth, r.filters);
  if (downloadRefusal(request, auth.user.id, now, rowsNow) === 'grown') {
    await auditDenied(deps, auth, { id: r.id, ip: input.ip }, 'grown', {
      rows: rowsNow,
      approved: r.row_count,
    });
    throw conflict('export_request.grown', { rows: rowsNow, approved: r.row_count });
  }
  const taken = await withTransaction(deps.db, async (trx) => {
    if (!(await q.takeDownload(trx, { id: r.id, at: now }))) return false;
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip: input.ip,
      action: 'export_request.download',
      targetType: 'export_request',
      targetId: r.id,
      detail: { kind: r.kind, rows: rowsNow, approved: r.row_count, download: r.downloads + 1 },
    });
    return true;
  });
  // a concurrent download took the last one, or the window closed meanwhile
  if (!taken) throw conflict('export_request.used');
  return handler.send(deps, auth, r.filters, {
    lang: input.lang,
    ip: input.ip,
    cap: approvedCeiling(r.row_count),
    detail: { exportRequest: r.id },
  });
}

async function auditDenied(
  deps: AppDeps,
  auth: StaffAuth,
  input: { id: string; ip: string | null; decision?: string },
  why: string,
  more: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(deps.db.kysely, deps.newId(), {
    at: deps.clock(),
    actorId: auth.user.id,
    actorRole: auth.user.role,
    actorLabel: auth.user.username,
    ip: input.ip,
    action: input.decision ? `export_request.${input.decision}` : 'export_request.download',
    targetType: 'export_request',
    targetId: input.id,
    result: 'denied',
    detail: { why, ...more },
  });
}
