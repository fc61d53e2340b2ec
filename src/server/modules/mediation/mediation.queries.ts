import type { Insertable, Kysely } from 'kysely';
import type {
  CaseMediationsTable,
  Database,
  MediationAgreementsTable,
  MediationMembersTable,
  MediationSessionsTable,
} from '../../db/tables.js';

type Q = Kysely<Database>;

const OPEN_STATES = ['registered', 'assigned', 'in_progress'] as const;

export async function lockCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getCaseRow(db: Q, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getCaseLinks(db: Q, caseId: string) {
  return db.selectFrom('case_units').select(['unit_id', 'relation']).where('case_id', '=', caseId).execute();
}

export async function getUnit(db: Q, id: string) {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getUsers(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'unit_id', 'active'])
    .where('id', 'in', ids)
    .execute();
}

export async function getUnits(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'mediation_kind', 'region_code', 'active'])
    .where('id', 'in', ids)
    .execute();
}

export async function getMediation(db: Q, caseId: string) {
  return db.selectFrom('case_mediations').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function replaceMediation(
  db: Q,
  mediation: Insertable<CaseMediationsTable>,
  members: Insertable<MediationMembersTable>[],
) {
  // the members go with the mediation they belong to (on delete cascade)
  await db.deleteFrom('case_mediations').where('case_id', '=', mediation.case_id).execute();
  await db.insertInto('case_mediations').values(mediation).execute();
  if (members.length > 0) await db.insertInto('mediation_members').values(members).execute();
}

export async function getMembers(db: Q, mediationId: string) {
  return db
    .selectFrom('mediation_members')
    .leftJoin('units', 'units.id', 'mediation_members.unit_id')
    .select([
      'mediation_members.id',
      'mediation_members.user_id',
      'mediation_members.unit_id',
      'mediation_members.name',
      'mediation_members.member_role',
      'units.name as unit_name',
    ])
    .where('mediation_id', '=', mediationId)
    .orderBy('mediation_members.id')
    .execute();
}

export async function insertSession(db: Q, row: Insertable<MediationSessionsTable>) {
  await db.insertInto('mediation_sessions').values(row).execute();
}

export async function nextSessionNumber(db: Q, caseId: string): Promise<number> {
  const r = await db
    .selectFrom('mediation_sessions')
    .select((eb) => eb.fn.max('n').as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

export async function getSession(db: Q, id: string) {
  return db.selectFrom('mediation_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSessions(db: Q, caseId: string) {
  return db.selectFrom('mediation_sessions').selectAll().where('case_id', '=', caseId).orderBy('n').execute();
}

export async function recordSession(
  db: Q,
  id: string,
  v: { attendance: string; minutes: string; outcome: 'agreement' | 'continue' | 'failed'; heldAt: Date },
) {
  await db
    .updateTable('mediation_sessions')
    .set({
      status: 'held',
      attendance: v.attendance,
      minutes: v.minutes,
      outcome: v.outcome,
      held_at: v.heldAt,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertAgreement(db: Q, row: Insertable<MediationAgreementsTable>) {
  await db.insertInto('mediation_agreements').values(row).execute();
}

export async function listAgreements(db: Q, caseId: string) {
  return db
    .selectFrom('mediation_agreements')
    .select(['id', 'digest', 'pdf_digest', 'created_at', 'content'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export async function getAgreement(db: Q, id: string) {
  return db.selectFrom('mediation_agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getEvent(db: Q, caseId: string, seq: number) {
  return db
    .selectFrom('case_events')
    .select(['action', 'payload'])
    .where('case_id', '=', caseId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

/** Active mediation organizations on the case's region path (its own node and those above). */
export async function orgsAbove(db: Q, regionCodes: readonly string[]) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'mediation_kind', 'region_code'])
    .where('kind', '=', 'mediation_org')
    .where('active', '=', true)
    .where('region_code', 'in', regionCodes)
    .execute();
}

/** Active mediators of some units with their live load: open cases whose mediation they lead. */
export async function mediatorsWithLoad(db: Q, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('users')
    .leftJoin('case_mediations', 'case_mediations.lead_mediator_id', 'users.id')
    .leftJoin('cases', (j) =>
      j.onRef('cases.id', '=', 'case_mediations.case_id').on('cases.state', 'in', [...OPEN_STATES]),
    )
    .select((eb) => [
      'users.id',
      'users.display_name',
      'users.unit_id',
      eb.fn.count<string>('cases.id').as('open_cases'),
    ])
    .where('users.role', '=', 'mediator')
    .where('users.active', '=', true)
    .where('users.unit_id', 'in', unitIds)
    .groupBy(['users.id', 'users.display_name', 'users.unit_id'])
    .execute();
}
