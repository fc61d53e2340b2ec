import type { Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/tables.js';

export type AuditRow = Omit<Insertable<AuditLogTable>, 'detail'> & { detail: Record<string, unknown> };

export async function insertAudit(db: Kysely<Database>, row: AuditRow): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ ...row, detail: JSON.stringify(row.detail) })
    .execute();
}
