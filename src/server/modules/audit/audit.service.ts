import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { auditInsertOf } from './audit.queries.js';

/** One audit record: who did what to which target, from where, with what result. */
export interface AuditEntry {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  /** a readable name for reviewers: username, or 'resident', 'system' */
  actorLabel: string | null;
  ip: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  result: 'success' | 'failure' | 'denied';
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Pass the transaction of the change being audited, so the record
 * exists if and only if the change committed. Never put personal data in `detail`.
 */
export async function recordAudit(db: Kysely<Database>, id: string, e: AuditEntry): Promise<void> {
  await auditInsert(db, id, e).execute();
}

/** recordAudit's statement, for a hot path that writes it together with others (db/write-together.ts). */
export function auditInsert(db: Kysely<Database>, id: string, e: AuditEntry) {
  return auditInsertOf(db, {
    id,
    at: e.at,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    actor_label: e.actorLabel,
    ip: e.ip,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    result: e.result,
    detail: e.detail ?? {},
  });
}

/** A staff user's successful action on a target, in the transaction of the action itself. */
export async function recordStaffAction(
  db: Kysely<Database>,
  deps: { newId: () => string },
  c: {
    user: { id: string; role: string; username: string };
    at: Date;
    ip: string | null;
    action: string;
    targetType: string;
    targetId: string;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  await recordAudit(db, deps.newId(), {
    at: c.at,
    actorId: c.user.id,
    actorRole: c.user.role,
    actorLabel: c.user.username,
    ip: c.ip,
    action: c.action,
    targetType: c.targetType,
    targetId: c.targetId,
    result: 'success',
    detail: c.detail,
  });
}

/** A configuration change (routing rules, time limits, category names): who, what, the new values. */
export async function recordConfigChange(
  db: Kysely<Database>,
  deps: { newId: () => string; clock: () => Date },
  c: {
    user: { id: string; role: string; username: string };
    ip: string | null;
    action: string;
    targetType: string;
    targetId: string;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  await recordStaffAction(db, deps, { ...c, at: deps.clock() });
}
