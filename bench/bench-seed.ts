// The bench database, prepared apart from the server it measures (bench/bench-serve.mjs): the
// demo organization, synthetic cases and their rollups, an Open311 key and the fixtures the
// scenarios need. Seeding in its own process keeps the heap it grows out of the server's memory.
// Started by bench/bench.ts with the server's environment (YIMEN_DATA_DIR, DATABASE_URL) and
//
//   BENCH_CASES          synthetic cases to hold before the run
//
// Prints one JSON line on stdout when done: {"engine", "seconds": {...}, "fixtures"}.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { createApiKey } from '../src/server/modules/api-keys/api-keys.service.js';
import { loadConfig } from '../src/server/config.js';
import { openRuntime } from '../src/server/runtime.js';
import { DEMO_PLACES } from '../src/server/seed/demo-accounts.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';
import { seedSyntheticCases, synthesizeRollups } from './synthetic-cases.js';

const cases = Number(process.env.BENCH_CASES ?? 10_000);
const config = loadConfig(process.env);

const seconds: Record<string, number> = {};
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const result = await work();
  seconds[label] = Math.round(performance.now() - t0) / 1000;
  return result;
};

// the queue without its workers: sweeps running over a half-seeded table would only slow the seeding
const runtime = await timed('open', () =>
  openRuntime(config, { jobs: config.startJobs, startWorkers: false }),
);
const { deps } = runtime;
const db = deps.db.kysely;
// a database kept by `npm run bench -- --keep` is seeded already: bench_raw is made last
const seeded = await sql<{ t: string | null }>`select to_regclass('bench_raw')::text as t`.execute(db);
if (!seeded.rows[0]?.t) {
  await timed('organization', () => seedDemoOrganization(deps.db, { now: new Date(), newId: uuidv7 }));
  await timed('cases', () => seedSyntheticCases(db, { count: cases, now: new Date() }));
  await timed('rollups', () => synthesizeRollups(db));
  await sql`create table bench_raw (id uuid primary key, at timestamptz not null, body text not null)`.execute(
    db,
  );
}

const { key: apiKey } = await createApiKey(
  deps,
  { name: `bench-${process.pid}`, regionCode: '3714' },
  { actorId: null, actorRole: null, actorLabel: 'npm run bench', ip: null },
);
const unit = async (code: string) =>
  (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
// a page deep in the county dispatcher's list: the 5,000th newest case of 陵城区 (or the oldest)
const deep = await sql<{ id: string }>`
  select id from cases where region_code like '371403%' order by id desc
  offset least(5000, greatest((select count(*) from cases where region_code like '371403%') - 1, 0)) limit 1`.execute(
  db,
);
// intake is spread over the clerks of every demo place, each registering in a village of its own
// area: as real registrations are, at many centers at once (one center's case numbers are taken
// one at a time)
const intakePlaces = [];
for (const place of DEMO_PLACES) {
  const village = await sql<{ code: string }>`
    select code from regions where code like ${place.code + '%'} and length(code) = 12 order by code limit 1`.execute(
    db,
  );
  if (village.rows[0])
    intakePlaces.push({ username: `clerk.${place.slug}`, regionCode: village.rows[0].code });
}
const sample = await sql<{ id: string }>`
  select id from cases where region_code like '371403%' order by id desc limit 1000`.execute(db);

process.stdout.write(
  JSON.stringify({
    engine: deps.db.engine,
    seconds,
    fixtures: {
      apiKey,
      mediationUnitId: await unit('371403105-people-mediation'),
      deepCursor: deep.rows[0]?.id ?? null,
      caseIds: sample.rows.map((r) => r.id),
      intakePlaces,
    },
  }) + '\n',
);

await runtime.close();
process.exit(0);
