import type { Insertable, Kysely } from 'kysely';
import type {
  CaseMediationsTable,
  Database,
  MediationAgreementsTable,
  MediationMembersTable,
  MediationSessionsTable,
} from '../../db/tables.js';

type Q = Kysely<Database>;

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
      'mediation_members.mediator_id',
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

/** The roster row of an account, if it has one (its active flag rules out leading a team). */
export async function rosterOfUser(db: Q, userId: string) {
  return db.selectFrom('mediators').select(['id', 'active']).where('user_id', '=', userId).executeTakeFirst();
}

/** The case's latest conclusion event: when, and the channel a failed mediation was guided to. */
export async function lastConclusion(db: Q, caseId: string) {
  const e = await db
    .selectFrom('case_events')
    .select(['at', 'payload'])
    .where('case_id', '=', caseId)
    .where('action', '=', 'conclude')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!e) return null;
  const p = e.payload as Record<string, unknown>;
  return { at: e.at, guidance: typeof p.guidance === 'string' ? p.guidance : null };
}

/** The parties of a case with their encrypted phone (notifications decrypt it, nothing else). */
export async function partiesWithPhone(db: Q, caseId: string) {
  return db
    .selectFrom('parties')
    .select(['id', 'role', 'name', 'phone_enc'])
    .where('case_id', '=', caseId)
    .execute();
}

/** Active units of a department type (法院 …) at some region nodes. */
export async function courtsOn(db: Q, regionCodes: readonly string[], departmentType: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'department')
    .where('department_type', '=', departmentType)
    .where('active', '=', true)
    .where('region_code', 'in', [...regionCodes])
    .execute();
}

export async function categoryName(db: Q, code: string): Promise<string | null> {
  const r = await db.selectFrom('categories').select('name_zh').where('code', '=', code).executeTakeFirst();
  return r?.name_zh ?? null;
}

/** A case's attachments with their SM3 digests (the dossier lists them). */
export async function attachmentsOf(db: Q, caseId: string) {
  return db
    .selectFrom('attachments')
    .select(['file_name', 'size_bytes', 'sm3', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}
