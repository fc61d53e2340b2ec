import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CasesTable, Database, UnitsTable } from '../../db/tables.js';
import type { Insertable, Selectable, Updateable } from 'kysely';

type Q = Kysely<Database>;

export async function findRegion(db: Q, code: string) {
  return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findUnits(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('units').selectAll().where('id', 'in', ids).execute();
}

export async function findCenterAt(db: Q, regionCode: string) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('kind', '=', 'center')
    .where('region_code', '=', regionCode)
    .executeTakeFirst();
}

/**
 * What registration looks up before it writes, in one round trip: the place's name (null when no
 * such place), whether the category is active, and the registering user's unit (null when none).
 */
export async function intakeLookups(
  db: Q,
  p: { regionCode: string; categoryCode: string; unitId: string | null },
): Promise<{ regionName: string | null; categoryActive: boolean; unit: Selectable<UnitsTable> | null }> {
  const { rows } = await sql<
    { region_name: string | null; category_active: boolean } & Selectable<UnitsTable>
  >`
    select r.name as region_name,
           exists (select 1 from categories c where c.code = ${p.categoryCode} and c.active) as category_active,
           u.*
      from (select 1) as one
      left join regions r on r.code = ${p.regionCode}
      left join units u on u.id = ${p.unitId}::uuid`.execute(db);
  const { region_name, category_active, ...unit } = rows[0]!;
  return { regionName: region_name, categoryActive: category_active, unit: unit.id ? unit : null };
}

/** Takes the next serial of a center's day; the row lock serializes concurrent registrations. */
export async function nextCaseSerial(db: Q, centerCode: string, day: string): Promise<number> {
  const row = await db
    .insertInto('case_counters')
    .values({ center_code: centerCode, day, last_no: 1 })
    .onConflict((oc) =>
      oc.columns(['center_code', 'day']).doUpdateSet({ last_no: sql`case_counters.last_no + 1` }),
    )
    .returning('last_no')
    .executeTakeFirstOrThrow();
  return row.last_no;
}

export async function findIdempotencyKey(db: Q, scope: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Claims a key for a new resource: false when the key is already taken. Waits for a concurrent
 * transaction holding the same key to end (its COMMIT makes this a replay, its ROLLBACK frees it).
 */
export async function claimIdempotencyKey(
  db: Q,
  row: { scope: string; key: string; request_sm3: string; resource_id: string; created_at: Date },
): Promise<boolean> {
  const claimed = await db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function insertEvent(db: Q, row: Insertable<Database['case_events']>) {
  await db.insertInto('case_events').values(row).execute();
}

/** The case row, locked for the rest of the transaction. */
export async function lockCase(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getCaseUnits(db: Q, caseId: string) {
  return db
    .selectFrom('case_units')
    .innerJoin('units', 'units.id', 'case_units.unit_id')
    .select(['case_units.unit_id', 'case_units.relation', 'case_units.since', 'units.name', 'units.kind'])
    .where('case_units.case_id', '=', caseId)
    .orderBy('case_units.since')
    .execute();
}

/** Applies the projection: only if nobody moved the case on since it was read. */
export async function updateCase(db: Q, id: string, expectedVersion: number, set: Updateable<CasesTable>) {
  const res = await db
    .updateTable('cases')
    .set(set)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function replaceCaseUnits(
  db: Q,
  countyCode: string,
  caseId: string,
  links: { unit_id: string; relation: 'lead' | 'co_handler' | 'summoned' }[],
  now: Date,
) {
  const existing = await db
    .selectFrom('case_units')
    .select(['unit_id', 'relation'])
    .where('case_id', '=', caseId)
    .execute();
  const key = (l: { unit_id: string; relation: string }) => `${l.unit_id}:${l.relation}`;
  const wanted = new Set(links.map(key));
  const have = new Set(existing.map(key));
  const gone = existing.filter((l) => !wanted.has(key(l))).map((l) => l.unit_id);
  if (gone.length) {
    await db
      .deleteFrom('case_units')
      .where('county_code', '=', countyCode)
      .where('case_id', '=', caseId)
      .where('unit_id', 'in', gone)
      .execute();
  }
  const added = links.filter((l) => !have.has(key(l)));
  if (added.length) {
    await db
      .insertInto('case_units')
      .values(
        added.map((l) => ({
          county_code: countyCode,
          case_id: caseId,
          unit_id: l.unit_id,
          relation: l.relation,
          since: now,
        })),
      )
      .execute();
  }
}

/** Whether the verified phone is an applicant's: applicants own a case, respondents do not. */
export async function isApplicantByPhone(db: Q, caseId: string, phoneBidx: string): Promise<boolean> {
  const row = await db
    .selectFrom('parties')
    .select('id')
    .where('case_id', '=', caseId)
    .where('role', '=', 'applicant')
    .where('phone_bidx', '=', phoneBidx)
    .executeTakeFirst();
  return row !== undefined;
}

export async function getParties(db: Q, caseId: string) {
  return db
    .selectFrom('parties')
    .select([
      'id',
      'role',
      'kind',
      'name',
      'phone_masked',
      'id_number_masked',
      'address_masked',
      'created_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getPartyCipher(db: Q, caseId: string, partyId: string) {
  return db
    .selectFrom('parties')
    .select(['id', 'phone_enc', 'id_number_enc', 'address_enc', 'restricted_at'])
    .where('case_id', '=', caseId)
    .where('id', '=', partyId)
    .executeTakeFirst();
}

export async function getEvents(db: Q, caseId: string) {
  return db
    .selectFrom('case_events')
    .leftJoin('users', 'users.id', 'case_events.actor_id')
    .leftJoin('units', 'units.id', 'case_events.actor_unit_id')
    .select([
      'case_events.seq',
      'case_events.at',
      'case_events.action',
      'case_events.from_state',
      'case_events.to_state',
      'case_events.actor_role',
      'case_events.actor_id',
      'users.display_name as actor_name',
      'case_events.actor_unit_id',
      'units.name as actor_unit_name',
      'case_events.payload',
      'case_events.hash',
    ])
    .where('case_events.case_id', '=', caseId)
    .orderBy('case_events.seq')
    .execute();
}

export async function getAttachments(db: Q, caseId: string) {
  return (
    db
      .selectFrom('attachments')
      .select(['id', 'file_name', 'content_type', 'size_bytes', 'created_at'])
      .where('case_id', '=', caseId)
      // UUIDv7 ids keep the order of files attached at one instant (a dispute's photos)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  );
}

export async function getAttachment(db: Q, caseId: string, id: string) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertAttachment(db: Q, row: Insertable<Database['attachments']>) {
  await db.insertInto('attachments').values(row).execute();
}

export async function unitNames(db: Q, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await findUnits(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getLinksOfCases(db: Q, caseIds: readonly string[]) {
  const out = new Map<string, { unit_id: string; relation: 'lead' | 'co_handler' | 'summoned' }[]>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('case_units')
    .select(['case_id', 'unit_id', 'relation'])
    .where('case_id', 'in', caseIds)
    .execute();
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r]);
  return out;
}

/**
 * Moves the projection heads of several cases after their record events, each only if its version
 * is still the one read (the caller holds the rows locked). Returns the rows updated.
 */
export async function bumpCaseHeads(
  db: Q,
  heads: readonly { id: string; expected: number; version: number; seq: number; hash: string }[],
  at: Date,
): Promise<number> {
  if (heads.length === 0) return 0;
  const values = sql.join(
    heads.map(
      (h) => sql`(${h.id}::uuid, ${h.expected}::int, ${h.version}::int, ${h.seq}::int, ${h.hash}::text)`,
    ),
  );
  const res = await sql`
    update cases as c
    set version = v.version, last_seq = v.seq, last_hash = v.hash, updated_at = ${at}
    from (values ${values}) as v (id, expected, version, seq, hash)
    where c.id = v.id and c.version = v.expected`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
