// SQL of the routing rules (category x region prefix -> unit).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export interface RoutingRuleRow {
  id: string;
  priority: number;
  category_code: string | null;
  region_prefix: string;
  unit_id: string;
  created_at: Date;
}

export interface MatchedRule {
  rule_id: string;
  priority: number;
  category_code: string | null;
  region_prefix: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  unit_kind: string;
}

export async function insertRoutingRules(
  db: Kysely<Database>,
  rows: readonly RoutingRuleRow[],
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const result = await db
      .insertInto('routing_rules')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

/**
 * The first active rule, by ascending priority, whose region prefix is a prefix of regionCode and
 * whose category is categoryCode or null (any); ties go to the longer prefix, then the specific
 * category. Rules pointing at an inactive unit are skipped.
 */
export async function findFirstMatchingRule(
  db: Kysely<Database>,
  categoryCode: string,
  regionCode: string,
): Promise<MatchedRule | undefined> {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'r.id as rule_id',
      'r.priority',
      'r.category_code',
      'r.region_prefix',
      'u.id as unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'u.kind as unit_kind',
    ])
    .where('r.active', '=', true)
    .where('u.active', '=', true)
    .where((eb) => eb.or([eb('r.category_code', '=', categoryCode), eb('r.category_code', 'is', null)]))
    .where(sql<boolean>`starts_with(${regionCode}::text, r.region_prefix)`)
    .orderBy('r.priority')
    .orderBy(sql`length(r.region_prefix)`, 'desc')
    .orderBy(sql`r.category_code is null`)
    .orderBy('r.id')
    .limit(1)
    .executeTakeFirst();
}

export async function countRoutingRules(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('routing_rules')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listRules(db: Kysely<Database>, regionPrefix: string | undefined, limit: number) {
  let q = db
    .selectFrom('routing_rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.priority',
      'r.category_code',
      'r.region_prefix',
      'r.unit_id',
      'u.name as unit_name',
      'r.active',
    ])
    .orderBy('r.priority')
    .orderBy('r.region_prefix')
    .limit(limit);
  if (regionPrefix) q = q.where(sql<boolean>`starts_with(r.region_prefix, ${regionPrefix}::text)`);
  return q.execute();
}

export async function updateRule(
  db: Kysely<Database>,
  id: string,
  set: { priority?: number; active?: boolean; unit_id?: string },
): Promise<number> {
  const res = await db.updateTable('routing_rules').set(set).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function unitExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
