// SQL of the resident's personal-information rights: their party records, who accessed them,
// their requests, and what answering a request writes.
import { type Insertable, type Kysely, type Updateable } from 'kysely';
import { prefixUpperBound } from '../../../core/regions/region-code.js';
import type { Database, PartiesTable, PiRequestStatus, PiRequestsTable } from '../../db/tables.js';

type Q = Kysely<Database>;

/** Every party record with the verified phone, with its case's place and end (retention). */
export async function partiesOfPhone(db: Q, phoneBidx: string, opts: { caseId?: string } = {}) {
  let q = db
    .selectFrom('parties as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .selectAll('p')
    .select([
      'c.case_no',
      'c.region_code',
      'c.state as case_state',
      'c.concluded_at as case_concluded_at',
      'c.updated_at as case_updated_at',
    ])
    .where('p.phone_bidx', '=', phoneBidx);
  if (opts.caseId) q = q.where('p.case_id', '=', opts.caseId);
  return q.orderBy('p.created_at').orderBy('p.id').limit(500).execute();
}

/** The other parties of these cases (shown masked: their data is not the resident's). */
export async function otherParties(db: Q, caseIds: readonly string[], ownIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  let q = db
    .selectFrom('parties')
    .select(['case_id', 'role', 'kind', 'name', 'phone_masked', 'id_number_masked', 'address_masked'])
    .where('case_id', 'in', [...caseIds]);
  if (ownIds.length) q = q.where('id', 'not in', [...ownIds]);
  return q.orderBy('case_id').orderBy('id').execute();
}

/** Who unmasked these party records: when, which field, why, by which role at which unit. */
export async function accessLogOfParties(db: Q, partyIds: readonly string[]) {
  if (partyIds.length === 0) return [];
  return db
    .selectFrom('pii_access_log as l')
    .innerJoin('users as u', 'u.id', 'l.actor_id')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .select(['l.at', 'l.subject_id', 'l.field', 'l.reason', 'u.role', 'n.name as unit_name'])
    .where('l.subject_type', '=', 'party')
    .where('l.subject_id', 'in', [...partyIds])
    .orderBy('l.at')
    .orderBy('l.id')
    .limit(1000)
    .execute();
}

/** The 回访 sampling results recorded on these cases. */
export async function qualityChecksOfCases(db: Q, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('quality_checks')
    .select(['case_id', 'satisfaction', 'note', 'recorded_at'])
    .where('case_id', 'in', [...caseIds])
    .where('status', '=', 'done')
    .orderBy('recorded_at')
    .execute();
}

export async function insertRequest(db: Q, row: Insertable<PiRequestsTable>) {
  await db.insertInto('pi_requests').values(row).execute();
}

export async function requestsOfPhone(db: Q, phoneBidx: string) {
  return db
    .selectFrom('pi_requests as r')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .selectAll('r')
    .select('c.case_no')
    .where('r.phone_bidx', '=', phoneBidx)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(200)
    .execute();
}

/**
 * Requests of cases within a place (the region code's prefix), oldest due first. A deletion names
 * no party, so its party is the case's party with the requester's phone.
 */
export async function requestsInScope(db: Q, f: { prefix: string; status?: PiRequestStatus }) {
  const upper = prefixUpperBound(f.prefix);
  let q = db
    .selectFrom('pi_requests as r')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .leftJoin('parties as p', (j) => j.onRef('p.id', '=', 'r.party_id').onRef('p.case_id', '=', 'r.case_id'))
    .selectAll('r')
    .select(['c.case_no', 'p.phone_masked', 'p.id_number_masked', 'p.address_masked'])
    .select((eb) =>
      eb.fn
        .coalesce(
          'p.name',
          eb
            .selectFrom('parties as o')
            .select('o.name')
            .whereRef('o.case_id', '=', 'r.case_id')
            .whereRef('o.phone_bidx', '=', 'r.phone_bidx')
            .orderBy('o.id')
            .limit(1),
        )
        .as('party_name'),
    )
    .where('r.region_code', '>=', f.prefix);
  if (upper) q = q.where('r.region_code', '<', upper);
  if (f.status) q = q.where('r.status', '=', f.status);
  return q.orderBy('r.due_at').orderBy('r.id').limit(500).execute();
}

/** A request, locked for its answer. */
export async function lockRequest(db: Q, id: string) {
  return db.selectFrom('pi_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateRequest(db: Q, id: string, set: Updateable<PiRequestsTable>) {
  await db.updateTable('pi_requests').set(set).where('id', '=', id).execute();
}

/** The party a correction changes, locked, with its case's place. */
export async function lockParty(db: Q, caseId: string, partyId: string) {
  return db
    .selectFrom('parties')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', partyId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateParty(
  db: Q,
  p: { countyCode: string; id: string },
  set: Updateable<PartiesTable>,
) {
  await db
    .updateTable('parties')
    .set(set)
    .where('county_code', '=', p.countyCode)
    .where('id', '=', p.id)
    .execute();
}

/**
 * Deletes the resident channel's own traces of a phone, which no retention duty covers: its
 * one-time codes, the SMS that carried them (no case), and its other sessions.
 */
export async function deleteChannelTraces(db: Q, phoneBidx: string, keepTokenHash: string) {
  const otps = await db.deleteFrom('resident_otps').where('phone_bidx', '=', phoneBidx).executeTakeFirst();
  const sms = await db
    .deleteFrom('notifications')
    .where('to_bidx', '=', phoneBidx)
    .where('case_id', 'is', null)
    .where('status', '<>', 'pending')
    .executeTakeFirst();
  const sessions = await db
    .deleteFrom('sessions')
    .where('resident_phone_bidx', '=', phoneBidx)
    .where('token_hash', '<>', keepTokenHash)
    .executeTakeFirst();
  return {
    otps: Number(otps.numDeletedRows),
    sms: Number(sms.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
  };
}
