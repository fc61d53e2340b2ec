// Bulk inserts of the demo seed. Units go in through unnest() over one array per column (see
// regions.queries.ts for why); the demo users are few and use an ordinary multi-row insert.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, UsersTable } from '../db/tables.js';
import type { UnitRow } from './demo-units.js';

const BATCH_SIZE = 1000;

export async function insertUnits(db: Kysely<Database>, units: readonly UnitRow[]): Promise<void> {
  for (let i = 0; i < units.length; i += BATCH_SIZE) {
    const b = units.slice(i, i + BATCH_SIZE);
    const col = <T>(pick: (u: UnitRow) => T) => b.map(pick);
    await sql`
      insert into units (id, code, name, kind, region_code, center_id, department_type, mediation_kind, stationing, created_at)
      select id, code, name, kind, region_code, center_id, department_type, mediation_kind, stationing, created_at
      from unnest(
        ${col((u) => u.id)}::uuid[], ${col((u) => u.code)}::text[], ${col((u) => u.name)}::text[],
        ${col((u) => u.kind)}::text[], ${col((u) => u.region_code)}::text[], ${col((u) => u.center_id)}::uuid[],
        ${col((u) => u.department_type ?? null)}::text[], ${col((u) => u.mediation_kind ?? null)}::text[],
        ${col((u) => u.stationing ?? null)}::text[], ${col((u) => new Date(u.created_at))}::timestamptz[]
      ) as x(id, code, name, kind, region_code, center_id, department_type, mediation_kind, stationing, created_at)`.execute(
      db,
    );
  }
}

export async function insertUsers(
  db: Kysely<Database>,
  users: readonly Insertable<UsersTable>[],
): Promise<void> {
  for (let i = 0; i < users.length; i += BATCH_SIZE) {
    await db
      .insertInto('users')
      .values(users.slice(i, i + BATCH_SIZE))
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
  }
}
