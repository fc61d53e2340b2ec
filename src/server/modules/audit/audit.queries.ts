import type { Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/tables.js';

export type AuditRow = Omit<Insertable<AuditLogTable>, 'detail'> & { detail: Record<string, unknown> };

/** One audit row's INSERT (recordAudit runs it; a hot path may run it with others). */
export function auditInsertOf(db: Kysely<Database>, row: AuditRow) {
  return db.insertInto('audit_log').values({ ...row, detail: JSON.stringify(row.detail) });
}
