// SQL of export requests (0020): filing, the requester's and the approvers' lists, the decision
// and the counted download. The decision and the download are conditional updates, so two
// approvers (or two downloads) racing cannot both succeed.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ExportKind } from '../../../core/pii/export-approval.js';
import { prefixUpperBound } from '../../../core/regions/region-code.js';
import type { Database, ExportRequestsTable } from '../../db/tables.js';
import type { Insertable } from 'kysely';

type Q = Kysely<Database>;

export async function insertExportRequest(db: Q, row: Insertable<ExportRequestsTable>): Promise<void> {
  await db.insertInto('export_requests').values(row).execute();
}

/** A request with the names of its requester and of the person who decided it. */
function withNames(db: Q) {
  return db
    .selectFrom('export_requests as r')
    .innerJoin('users as q', 'q.id', 'r.requester_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .selectAll('r')
    .select([
      'q.username as requester_username',
      'q.display_name as requester_name',
      'd.username as decider_username',
      'd.display_name as decider_name',
    ]);
}

export type ExportRequestRow = Awaited<ReturnType<typeof findExportRequest>> & object;

export async function findExportRequest(db: Q, id: string) {
  return withNames(db).where('r.id', '=', id).executeTakeFirst();
}

/** The caller's own requests, newest first. */
export async function listRequestedBy(db: Q, userId: string, limit: number) {
  return withNames(db)
    .where('r.requester_id', '=', userId)
    .orderBy('r.requested_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Pending, unexpired requests of these kinds filed within `scopeCode` by someone else: what an
 * approver has to decide (the core's rule is applied again to each, by the service).
 */
export async function listPendingWithin(
  db: Q,
  p: { kinds: readonly ExportKind[]; scopeCode: string; notBy: string; now: Date; limit: number },
) {
  if (!p.kinds.length) return [];
  const upper = prefixUpperBound(p.scopeCode);
  return withNames(db)
    .where('r.status', '=', 'pending')
    .where('r.kind', 'in', p.kinds)
    .where('r.requester_id', '<>', p.notBy)
    .where('r.expires_at', '>', p.now)
    .where(
      upper
        ? sql<SqlBool>`r.scope_code >= ${p.scopeCode} and r.scope_code < ${upper}`
        : sql<SqlBool>`r.scope_code >= ${p.scopeCode}`,
    )
    .orderBy('r.requested_at')
    .limit(p.limit)
    .execute();
}

/** Records the decision on a request still pending and unexpired; false when it no longer is. */
export async function decideExportRequest(
  db: Q,
  p: {
    id: string;
    status: 'approved' | 'rejected';
    by: string;
    at: Date;
    reason: string;
    expiresAt: Date;
  },
): Promise<boolean> {
  const res = await db
    .updateTable('export_requests')
    .set({
      status: p.status,
      decided_by: p.by,
      decided_at: p.at,
      decision_reason: p.reason,
      expires_at: p.expiresAt,
    })
    .where('id', '=', p.id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', p.at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Counts one download of an approved request within its window and its number; false if none is left. */
export async function takeDownload(db: Q, p: { id: string; at: Date }): Promise<boolean> {
  const res = await db
    .updateTable('export_requests')
    .set((eb) => ({ downloads: eb('downloads', '+', 1), last_download_at: p.at }))
    .where('id', '=', p.id)
    .where('status', '=', 'approved')
    .where('expires_at', '>', p.at)
    .whereRef('downloads', '<', 'max_downloads')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
