// Accountability records (问责记录): a finding against a unit (a missed report-in, later an
// overdue grid report or mediation), recorded by the system or a supervisor and visible to the
// level above. Shared machinery: every module that finds a unit at fault calls recordAccountability
// inside the transaction of the change that found it.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Database } from '../../db/tables.js';
import { forbidden, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { findBySource, findUnit, insertRecord, listRecords } from './accountability.queries.js';

/** A kind names the rule that was broken: lower-case words joined by underscores. */
export const ACCOUNTABILITY_KIND = /^[a-z][a-z0-9_]{2,39}$/;

/** Kinds written so far; the column is open-ended so that later modules add theirs. */
export const KNOWN_KINDS = ['missed_report_in'] as const;

export interface AccountabilityInput {
  /** the unit held to account */
  unitId: string;
  /** what rule was broken, e.g. 'missed_report_in' */
  kind: string;
  caseId?: string | null;
  /**
   * What caused the record (a report-in task, a grid report …). With sourceId, recording the same
   * (kind, sourceId) twice yields one record: sweeps may run twice or in two processes.
   */
  sourceType?: string | null;
  sourceId?: string | null;
  /** readable reason; never personal data */
  reason: string;
  /** the deadline that was missed, if any */
  dueAt?: Date | null;
  /** when the failure happened or was found; default now */
  occurredAt?: Date;
  /** who records it; default the system */
  recordedBy?: { userId: string | null; role: string };
  /** structured facts for the reader (ids, levels, counts); never personal data */
  detail?: Record<string, unknown>;
}

/**
 * Writes one accountability record in the caller's transaction. Returns its id and whether it was
 * created now (false when a record for the same kind and source already existed).
 */
export async function recordAccountability(
  trx: Kysely<Database>,
  deps: Pick<AppDeps, 'newId' | 'clock'>,
  input: AccountabilityInput,
): Promise<{ id: string; created: boolean }> {
  if (!ACCOUNTABILITY_KIND.test(input.kind)) throw new Error(`bad accountability kind: ${input.kind}`);
  const unit = await findUnit(trx, input.unitId);
  if (!unit) throw unprocessable('case.unknown_unit', { id: input.unitId });
  const now = deps.clock();
  const id = deps.newId();
  const inserted = await insertRecord(trx, {
    county_code: unit.region_code.slice(0, 6),
    id,
    unit_id: unit.id,
    unit_region_code: unit.region_code,
    kind: input.kind,
    case_id: input.caseId ?? null,
    source_type: input.sourceType ?? null,
    source_id: input.sourceId ?? null,
    reason: input.reason.slice(0, 2000),
    due_at: input.dueAt ?? null,
    occurred_at: input.occurredAt ?? now,
    recorded_by: input.recordedBy?.userId ?? null,
    recorded_by_role: input.recordedBy?.role ?? 'system',
    detail: JSON.stringify(input.detail ?? {}),
    created_at: now,
  });
  if (inserted) return { id: inserted, created: true };
  const existing = input.sourceId ? await findBySource(trx, input.kind, input.sourceId) : undefined;
  if (!existing) throw new Error('accountability record neither inserted nor found');
  return { id: existing.id, created: false };
}

/** Roles that oversee units (督办问责): they see the records of units within their scope. */
export const OVERSIGHT_ROLES = ['supervisor', 'leader'] as const;

export function requireOversight(auth: AuthContext | null) {
  if (auth?.kind !== 'staff' || !(OVERSIGHT_ROLES as readonly string[]).includes(auth.user.role)) {
    throw forbidden();
  }
  return auth;
}

export interface AccountabilityQuery {
  unitId?: string;
  kind?: string;
  from?: Date;
  to?: Date;
  after?: string;
  limit: number;
}

/** One page of the records of units within the caller's scope (supervisors, leaders). */
export async function listAccountability(deps: AppDeps, auth: AuthContext, f: AccountabilityQuery) {
  const staff = requireOversight(auth);
  const rows = await listRecords(deps.db.kysely, { ...f, regionPrefix: staff.user.scopeCode });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      kind: r.kind,
      caseId: r.case_id,
      caseNo: r.case_no,
      sourceType: r.source_type,
      sourceId: r.source_id,
      reason: r.reason,
      dueAt: r.due_at?.toISOString() ?? null,
      occurredAt: r.occurred_at.toISOString(),
      recordedByRole: r.recorded_by_role,
      detail: r.detail,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}
