// The audit administrator's review (三员分立: the third administrator reads the logs and does
// nothing else). Entries never hold personal data; the PII log says who read which field of
// which party of which case, and why — not the value.
import type { AppDeps } from '../../deps.js';
import type { AuditResult, PiiField, PiiSubjectType } from '../../db/tables.js';
import { badRequest } from '../../http/errors.js';
import * as q from './audit-review.queries.js';

type Deps = Pick<AppDeps, 'db'>;

interface Period {
  from?: string;
  to?: string;
}

function period(p: Period): { from?: Date; to?: Date } {
  const from = p.from ? new Date(p.from) : undefined;
  const to = p.to ? new Date(p.to) : undefined;
  if (from && to && from > to) throw badRequest('period.from_after_to');
  return { from, to };
}

export interface AuditEntryView {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  actorLabel: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  detail: Record<string, unknown>;
}

/** The auditor's search: a period and any of who, what, on what, with which result. */
export type AuditFilter = Period & {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: AuditResult;
};

export async function listAuditEntries(
  deps: Deps,
  f: AuditFilter & { cursor?: string; limit?: number },
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  const limit = f.limit ?? 50;
  const rows = await q.findAuditEntries(deps.db.kysely, {
    actor: f.actor,
    action: f.action,
    targetType: f.targetType,
    targetId: f.targetId,
    result: f.result,
    ...period(f),
    before: f.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      actorLabel: r.actor_label,
      ip: r.ip,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      result: r.result,
      detail: r.detail ?? {},
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** How many entries the search's filter matches (the size of an export of it). */
export async function countAuditEntries(deps: Deps, f: AuditFilter): Promise<number> {
  return q.countAuditEntries(deps.db.kysely, {
    actor: f.actor,
    action: f.action,
    targetType: f.targetType,
    targetId: f.targetId,
    result: f.result,
    ...period(f),
  });
}

export interface PiiAccessView {
  id: string;
  at: string;
  actorId: string;
  actorUsername: string | null;
  actorRole: string | null;
  /** whose data: a case's party, or a resident, house or organization of the base information */
  subjectType: PiiSubjectType;
  subjectId: string;
  /** the party's id when the subject is a case's party */
  partyId: string | null;
  partyRole: string | null;
  caseId: string | null;
  caseNo: string | null;
  field: PiiField;
  reason: string;
  ip: string | null;
}

export async function listPiiAccess(
  deps: Deps,
  f: Period & { actor?: string; caseNo?: string; field?: PiiField; cursor?: string; limit?: number },
): Promise<{ items: PiiAccessView[]; nextCursor: string | null }> {
  const limit = f.limit ?? 50;
  const rows = await q.findPiiAccess(deps.db.kysely, {
    actor: f.actor,
    caseNo: f.caseNo,
    field: f.field,
    ...period(f),
    before: f.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorUsername: r.username ?? null,
      actorRole: r.role ?? null,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      partyId: r.subject_type === 'party' ? r.subject_id : null,
      partyRole: r.party_role ?? null,
      caseId: r.case_id ?? null,
      caseNo: r.case_no ?? null,
      field: r.field,
      reason: r.reason,
      ip: r.ip,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
