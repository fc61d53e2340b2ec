// Seeds the Dezhou demo organization: region tree (with grids), categories, centers, departments,
// mediation organizations, village committees, routing rules and the demo accounts. One
// transaction, batch inserts; a second call finds the city center and does nothing.
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_CATEGORIES } from '../../core/workflow/case-model.js';
import type { Database } from '../db/tables.js';
import { inTransaction, kyselyOf, type DbHandle } from '../modules/regions/db-handle.js';
import { readShippedAsset, seedFromAsset } from '../modules/regions/region-asset.js';
import { importRegions } from '../modules/regions/regions.service.js';
import { addRoutingRules } from '../modules/routing/routing.service.js';
import { DEMO_PASSWORD, planDemoAccounts } from './demo-accounts.js';
import { centerCode, planRoutes, planUnits, type UnitRow } from './demo-units.js';
import { insertUnits, insertUsers } from './seed.queries.js';

export const DEMO_CITY = '3714';

export interface SeedOptions {
  now: Date;
  /** a new id; default UUIDv7 */
  newId?: () => string;
}

export interface SeedCounts {
  /** false when the organization existed already and nothing was written */
  seeded: boolean;
  regions: Record<string, number>;
  categories: number;
  units: Record<string, number>;
  routingRules: number;
  users: number;
}

export async function seedDemoOrganization(db: DbHandle, opts: SeedOptions): Promise<SeedCounts> {
  const newId = opts.newId ?? (() => uuidv7());
  if (await isSeeded(kyselyOf(db))) return { seeded: false, ...(await countSeed(kyselyOf(db))) };
  // Hashing is slow on purpose: once for all demo accounts, before the transaction starts.
  const passwordHash = await hash(DEMO_PASSWORD);
  const seed = seedFromAsset(await readShippedAsset(DEMO_CITY));
  return inTransaction(db, async (trx) => {
    // A concurrent seeder may have won the race since the check above.
    if (await isSeeded(trx)) return { seeded: false, ...(await countSeed(trx)) };
    await importRegions(trx, seed);
    await trx
      .insertInto('categories')
      .values(DEFAULT_CATEGORIES.map((c, i) => ({ code: c.code, name_zh: c.zh, name_en: c.en, sort: i + 1 })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();

    const units = planUnits(seed, newId, opts.now);
    await insertUnits(trx, units);
    const unitId = new Map(units.map((u: UnitRow) => [u.code, u.id]));
    const idOf = (code: string): string => {
      const id = unitId.get(code);
      if (!id) throw new Error(`demo seed: no unit ${code}`);
      return id;
    };

    const rules = planRoutes(seed).map((r) => ({
      id: newId(),
      categoryCode: r.categoryCode,
      regionPrefix: r.regionPrefix,
      unitId: idOf(r.unitCode),
    }));
    await addRoutingRules(trx, rules, opts.now);

    const users = planDemoAccounts(seed).map((a) => ({
      id: newId(),
      username: a.username,
      password_hash: passwordHash,
      display_name: a.displayName,
      role: a.role,
      unit_id: a.unitCode === null ? null : idOf(a.unitCode),
      scope_code: a.scopeCode,
      must_change_password: false,
      is_demo: true,
      created_at: opts.now,
    }));
    await insertUsers(trx, users);
    return { seeded: true, ...(await countSeed(trx)) };
  });
}

/** The city center is written in the same transaction as everything else: its presence means done. */
export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('code', '=', centerCode(DEMO_CITY))
    .executeTakeFirst();
  return row !== undefined;
}

async function countSeed(db: Kysely<Database>): Promise<Omit<SeedCounts, 'seeded'>> {
  const regionRows = await db
    .selectFrom('regions')
    .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
    .where('code', 'like', `${DEMO_CITY}%`)
    .groupBy('level')
    .execute();
  const unitRows = await db
    .selectFrom('units')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('region_code', 'like', `${DEMO_CITY}%`)
    .groupBy('kind')
    .execute();
  const single = async (table: 'categories' | 'routing_rules' | 'users'): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    regions: Object.fromEntries(regionRows.map((r) => [r.level, Number(r.n)])),
    categories: await single('categories'),
    units: Object.fromEntries(unitRows.map((r) => [r.kind, Number(r.n)])),
    routingRules: await single('routing_rules'),
    users: await single('users'),
  };
}
