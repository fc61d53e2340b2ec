// The Dezhou demo: organization first (one transaction), then the four stories and ~300 cases
// through the real services. Idempotent: a database that has the city center and cases is left alone.
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps.js';
import { withTransaction } from '../db/transaction.js';
import type { Database } from '../db/tables.js';
import { DemoActors, type UnitInfo } from './demo-actors.js';
import { DEMO_PASSWORD } from './demo-accounts.js';
import { seedDemoCases } from './demo-cases.js';
import { prng, type SeedContext } from './demo-context.js';
import { seedDemoOrganization } from './demo-organization.js';
import { seedStories } from './demo-stories.js';
import { seedDemoBaseInfo } from './demo-base-info.js';
import { seedGridWork } from './demo-grid.js';
import { seedDemoStationing } from './demo-stationing.js';

export const DEMO_CASE_COUNT = 300;
const DAY = 24 * 3600_000;

export async function seedDemo(
  deps: AppDeps,
  log: (msg: string) => void = () => undefined,
  opts: { cases?: number } = {},
): Promise<{ seeded: boolean; summary: string }> {
  const db = deps.db.kysely;
  const now = deps.clock();
  const org = await seedDemoOrganization(deps.db, { now, newId: deps.newId });
  const existing = await countCases(db);
  if (!org.seeded && existing > 0) return { seeded: false, summary: `${existing} cases` };
  log('Seeding the Dezhou demo cases…');
  const passwordHash = await hash(DEMO_PASSWORD);
  const total = await withTransaction(deps.db, async (trx) => {
    const units = new Map<string, UnitInfo>(
      (await trx.selectFrom('units').select(['id', 'code', 'name', 'kind', 'region_code']).execute()).map(
        (u) => [u.code, u],
      ),
    );
    let clock = now;
    const ctx: SeedContext = {
      // the seeder moves time itself; the demo's history sends no notifications
      deps: { ...deps, clock: () => clock, jobs: null },
      db: trx,
      actors: new DemoActors(trx, deps.newId, passwordHash, now),
      rng: prng(20260315),
      units,
      setTime: (at) => {
        clock = at;
      },
      later: (hours) => {
        clock = new Date(clock.getTime() + hours * 3600_000);
      },
    };
    // the demo spans the last ~120 days
    const start = new Date(now.getTime() - 120 * DAY);
    await seedStories(ctx, start);
    await seedDemoCases(ctx, opts.cases ?? DEMO_CASE_COUNT, start);
    // grid work last, so the generated cases stay as they were (the random sequence is shared)
    await seedGridWork(ctx, now);
    await seedDemoStationing(ctx, now);
    return countCases(trx);
  });
  // base information of the demo grids (residents, houses, businesses), sealed like an import
  await seedDemoBaseInfo(deps);
  const summary = `${org.regions.grid ?? 0} grids, ${Object.values(org.units).reduce((a, b) => a + b, 0)} units, ${org.users} accounts, ${total} cases`;
  return { seeded: true, summary };
}

async function countCases(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
