// SQL of the mediation organizations' directory: organizations, their mediators (the roster and
// the mediator accounts not on it yet) and the open cases each works on.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, MediatorsTable, MediationKind } from '../../db/tables.js';

type Q = Kysely<Database>;

/** States of a case whose mediation is still open (the live workload). */
export const OPEN_CASE_STATES = ['registered', 'assigned', 'in_progress'] as const;

export interface OrgFilter {
  /** the reader's scope: organizations within it … (null: none) */
  scope: string | null;
  /** … and those on its path above (a county committee serves its townships) */
  above: readonly string[];
  /** and the reader's own unit */
  ownUnitId: string | null;
  kind?: MediationKind;
  text?: string;
  /** units codes after this one (keyset paging) */
  after?: string;
  limit: number;
}

export async function findOrgs(db: Q, f: OrgFilter) {
  if (!f.scope && !f.ownUnitId) return [];
  let query = db
    .selectFrom('units as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.mediation_kind',
      'u.region_code',
      'u.active',
      'r.name as region_name',
    ])
    .where('u.kind', '=', 'mediation_org')
    .where((eb) =>
      eb.or([
        ...(f.scope ? [eb('u.region_code', 'like', `${f.scope}%`)] : []),
        ...(f.above.length ? [eb('u.region_code', 'in', [...f.above])] : []),
        ...(f.ownUnitId ? [eb('u.id', '=', f.ownUnitId)] : []),
      ]),
    );
  if (f.kind) query = query.where('u.mediation_kind', '=', f.kind);
  if (f.text) query = query.where('u.name', 'like', `%${f.text.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.after) query = query.where('u.code', '>', f.after);
  return query.orderBy('u.code').limit(f.limit).execute();
}

export async function findOrg(db: Q, id: string) {
  return db
    .selectFrom('units as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .leftJoin('units as c', 'c.id', 'u.center_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.mediation_kind',
      'u.region_code',
      'u.active',
      'r.name as region_name',
      'c.name as center_name',
    ])
    .where('u.id', '=', id)
    .executeTakeFirst();
}

/** Roster rows of some organizations. */
export async function rosterOf(db: Q, orgIds: readonly string[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('mediators as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.org_unit_id',
      'm.user_id',
      'm.name',
      'm.specialties',
      'm.phone_masked',
      'm.active',
      'u.active as account_active',
      'u.username',
    ])
    .where('m.org_unit_id', 'in', [...orgIds])
    .orderBy('m.name')
    .execute();
}

/** Mediator accounts of some organizations that have no roster row anywhere yet. */
export async function accountsWithoutRoster(db: Q, orgIds: readonly string[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('users as u')
    .leftJoin('mediators as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.unit_id', 'u.display_name', 'u.active', 'u.username'])
    .where('u.role', '=', 'mediator')
    .where('u.unit_id', 'in', [...orgIds])
    .where('m.id', 'is', null)
    .orderBy('u.display_name')
    .execute();
}

/**
 * Who works on which open case: (person, case, leads?) rows for the given accounts (as lead or
 * member) and roster entries (as member), of cases still open.
 */
export async function openWork(db: Q, userIds: readonly string[], mediatorIds: readonly string[]) {
  const rows: { key: string; case_id: string; lead: boolean }[] = [];
  if (userIds.length > 0) {
    const led = await db
      .selectFrom('case_mediations as cm')
      .innerJoin('cases as c', 'c.id', 'cm.case_id')
      .select(['cm.lead_mediator_id as who', 'cm.case_id'])
      .where('cm.lead_mediator_id', 'in', [...userIds])
      .where('c.state', 'in', [...OPEN_CASE_STATES])
      .execute();
    rows.push(...led.map((r) => ({ key: `u:${r.who}`, case_id: r.case_id, lead: true })));
    const member = await db
      .selectFrom('mediation_members as mm')
      .innerJoin('cases as c', 'c.id', 'mm.case_id')
      .select(['mm.user_id as who', 'mm.case_id'])
      .where('mm.user_id', 'in', [...userIds])
      .where('c.state', 'in', [...OPEN_CASE_STATES])
      .execute();
    rows.push(...member.map((r) => ({ key: `u:${r.who}`, case_id: r.case_id, lead: false })));
  }
  if (mediatorIds.length > 0) {
    const member = await db
      .selectFrom('mediation_members as mm')
      .innerJoin('cases as c', 'c.id', 'mm.case_id')
      .select(['mm.mediator_id as who', 'mm.case_id'])
      .where('mm.mediator_id', 'in', [...mediatorIds])
      .where('c.state', 'in', [...OPEN_CASE_STATES])
      .execute();
    rows.push(...member.map((r) => ({ key: `m:${r.who}`, case_id: r.case_id, lead: false })));
  }
  return rows;
}

/** Open cases each organization leads (在办). */
export async function openCasesOfOrgs(db: Q, orgIds: readonly string[]) {
  if (orgIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('cases')
    .select((eb) => ['lead_unit_id', eb.fn.countAll<string>().as('n')])
    .where('lead_unit_id', 'in', [...orgIds])
    .where('state', 'in', [...OPEN_CASE_STATES])
    .groupBy('lead_unit_id')
    .execute();
  return new Map(rows.map((r) => [r.lead_unit_id!, Number(r.n)]));
}

export async function getMediator(db: Q, id: string) {
  return db.selectFrom('mediators').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getMediators(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('mediators')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function mediatorOfUser(db: Q, userId: string) {
  return db.selectFrom('mediators').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Roster rows of some accounts (their active flag and specialties). */
export async function mediatorsOfUsers(db: Q, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('mediators')
    .select(['id', 'user_id', 'active', 'specialties'])
    .where('user_id', 'in', [...userIds])
    .execute();
}

export async function getAccount(db: Q, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'unit_id', 'display_name', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function knownCategories(db: Q, codes: readonly string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('categories')
    .select('code')
    .where('code', 'in', [...codes])
    .execute();
  return new Set(rows.map((r) => r.code));
}

export async function insertMediator(db: Q, row: Insertable<MediatorsTable>) {
  await db.insertInto('mediators').values(row).execute();
}

export async function updateMediator(db: Q, id: string, set: Updateable<MediatorsTable>) {
  await db.updateTable('mediators').set(set).where('id', '=', id).execute();
}
