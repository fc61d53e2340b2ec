import type { Insertable, Kysely } from 'kysely';
import type { AccountabilityRecordsTable, Database } from '../../db/tables.js';

type Q = Kysely<Database>;

export async function findUnit(db: Q, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Inserts unless a record for the same (kind, source) exists; returns the new id or undefined. */
export async function insertRecord(db: Q, row: Insertable<AccountabilityRecordsTable>) {
  const inserted = await db
    .insertInto('accountability_records')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'source_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function findBySource(db: Q, kind: string, sourceId: string) {
  return db
    .selectFrom('accountability_records')
    .select('id')
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

export interface RecordFilters {
  /** region prefix of the units whose records are visible */
  regionPrefix: string;
  unitId?: string;
  kind?: string;
  caseId?: string;
  /** occurred_at >= from */
  from?: Date;
  /** occurred_at < to */
  to?: Date;
  /** keyset: the id of the last record of the previous page (newest first) */
  after?: string;
  limit: number;
}

/** Records of units within a region prefix, newest first (UUIDv7 ids are time-ordered). */
export async function listRecords(db: Q, f: RecordFilters) {
  let q = db
    .selectFrom('accountability_records as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .select([
      'r.id',
      'r.unit_id',
      'u.name as unit_name',
      'r.kind',
      'r.case_id',
      'c.case_no',
      'r.source_type',
      'r.source_id',
      'r.reason',
      'r.due_at',
      'r.occurred_at',
      'r.recorded_by_role',
      'r.detail',
      'r.created_at',
    ])
    .where('r.unit_region_code', 'like', likePrefix(f.regionPrefix))
    .orderBy('r.id', 'desc')
    .limit(f.limit + 1);
  if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.caseId) q = q.where('r.case_id', '=', f.caseId);
  if (f.from) q = q.where('r.occurred_at', '>=', f.from);
  if (f.to) q = q.where('r.occurred_at', '<', f.to);
  if (f.after) q = q.where('r.id', '<', f.after);
  return q.execute();
}
