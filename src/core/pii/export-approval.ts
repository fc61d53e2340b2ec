// Bulk exports of personal data above a threshold need a second approver (双人审批, issue 10):
// who may approve whose request, and what a request allows at a given moment. Pure rules; the
// shell passes the clock and the stored request in.
import type { Role } from '../workflow/case-model.js';

/** What can be exported in bulk: the case list and the audit log. */
export const EXPORT_KINDS = ['cases', 'audit'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * Who approves each kind: the leader (领导) of a center at or above the requester's place for the
 * case list; the security administrator for the audit log, since the other two administrators may
 * not (三员分立: the system administrator has no part in it, the auditor is the one who exports).
 */
export const EXPORT_APPROVERS: Record<ExportKind, readonly Role[]> = {
  cases: ['leader'],
  audit: ['security_admin'],
};

/** A pending request is decided within this time or lapses. */
export const PENDING_HOURS = 72;
/**
 * On download the rows are counted again: the approval holds while the count has grown by at most
 * this fraction (at least one row) over the count the approver saw; beyond it the download is
 * refused and a new request must be filed, never more rows than were approved delivered silently.
 */
export const GROWTH_MARGIN = 0.1;

/** One side of a request: an account, its role and its scope (a region code). */
export interface ExportParty {
  userId: string;
  role: Role;
  scopeCode: string;
}

/** Whether an export of `rows` rows needs a second approver (strictly above the threshold). */
export function needsApproval(rows: number, threshold: number): boolean {
  return rows > threshold;
}

/** Why `approver` may not decide a request, or null when they may. */
export type ApprovalRefusal = 'own_request' | 'role' | 'scope';

/**
 * Whether `approver` may decide a request of `kind` filed by `requester`: a different account, of
 * a role that approves this kind, whose scope contains the requester's (the same place or above).
 */
export function approvalRefusal(
  approver: ExportParty,
  request: { kind: ExportKind; requester: ExportParty },
): ApprovalRefusal | null {
  if (approver.userId === request.requester.userId) return 'own_request';
  if (!EXPORT_APPROVERS[request.kind].includes(approver.role)) return 'role';
  if (!approver.scopeCode || !request.requester.scopeCode.startsWith(approver.scopeCode)) return 'scope';
  return null;
}

/** Whether the role approves some kind of export (menus, quick route guards). */
export function roleMayApproveExports(role: Role): boolean {
  return EXPORT_KINDS.some((k) => EXPORT_APPROVERS[k].includes(role));
}

/** The kinds of export the role approves. */
export function kindsApprovedBy(role: Role): ExportKind[] {
  return EXPORT_KINDS.filter((k) => EXPORT_APPROVERS[k].includes(role));
}

/** The stored decision of a request. */
export type StoredStatus = 'pending' | 'approved' | 'rejected';
/** What a request is now: its decision, or lapsed ('expired'), or its downloads spent ('used'). */
export type ExportRequestStatus = StoredStatus | 'expired' | 'used';

/** The parts of a stored request its status depends on. */
export interface ExportRequestState {
  status: StoredStatus;
  /** pending: the decision is due by then; approved: downloads are allowed until then */
  expiresAt: Date;
  downloads: number;
  maxDownloads: number;
}

/** The request's status at `now`. */
export function statusAt(r: ExportRequestState, now: Date): ExportRequestStatus {
  if (r.status === 'rejected') return 'rejected';
  if (r.status === 'approved' && r.downloads >= r.maxDownloads) return 'used';
  if (now.getTime() >= r.expiresAt.getTime()) return 'expired';
  return r.status;
}

/** When a request filed at `at` lapses undecided. */
export function pendingUntil(at: Date): Date {
  return new Date(at.getTime() + PENDING_HOURS * 3_600_000);
}

/** When an approval given at `at` stops allowing downloads. */
export function approvedUntil(at: Date, validHours: number): Date {
  return new Date(at.getTime() + validHours * 3_600_000);
}

/** Why a download is refused, or null when it may go ahead. */
export type DownloadRefusal = 'not_requester' | 'not_approved' | 'expired' | 'used' | 'grown';

/**
 * Whether `userId` may download the request now with `rowsNow` rows matching its filters: only
 * the requester, only an approved request within its window and its number of downloads, and only
 * while the rows have not grown beyond the margin over the approved count.
 */
export function downloadRefusal(
  r: ExportRequestState & { requesterId: string; rows: number },
  userId: string,
  now: Date,
  rowsNow: number,
): DownloadRefusal | null {
  if (r.requesterId !== userId) return 'not_requester';
  const status = statusAt(r, now);
  if (status === 'expired' || status === 'used') return status;
  if (status !== 'approved') return 'not_approved';
  return rowsNow > approvedCeiling(r.rows) ? 'grown' : null;
}

/** The most rows an approval of `rows` rows covers (the margin, at least one row). */
export function approvedCeiling(rows: number): number {
  return rows + Math.max(1, Math.ceil(rows * GROWTH_MARGIN));
}

/** A request as its requester and its approvers see it. */
export interface ExportRequestView {
  id: string;
  kind: ExportKind;
  requester: { id: string; username: string; displayName: string; scopeCode: string };
  /** the export's query string as filed */
  filters: Record<string, unknown>;
  rows: number;
  reason: string;
  requestedAt: string;
  status: ExportRequestStatus;
  /** pending: the decision is due by then; approved: downloads are allowed until then */
  expiresAt: string;
  decidedBy: { username: string; displayName: string } | null;
  decidedAt: string | null;
  decisionReason: string | null;
  downloads: number;
  maxDownloads: number;
}
