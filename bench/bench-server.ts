// The server `npm run bench` measures: the real app (buildApp on openRuntime, jobs and sweeps
// running as in production) on a database of its own, plus one bare route that inserts a row —
// the ceiling the real intake is compared with. Started by bench/bench.ts as a child process so
// that its memory is measured apart from the load generator's.
//
//   BENCH_DATABASE_URL   PostgreSQL database to use (created empty by bench.ts); unset: PGlite
//   BENCH_DATA_DIR       data folder (PGlite data, master key)
//   BENCH_CASES          synthetic cases to hold before the run
//
// Prints one JSON line on stdout when it listens: {"port", "pid", "seconds": {...}, "fixtures"}.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/server/app.js';
import { createApiKey } from '../src/server/modules/api-keys/api-keys.service.js';
import { loadConfig } from '../src/server/config.js';
import { openRuntime } from '../src/server/runtime.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';
import { seedSyntheticCases, synthesizeRollups } from './synthetic-cases.js';

const cases = Number(process.env.BENCH_CASES ?? 10_000);
const config = loadConfig({
  ...process.env,
  YIMEN_DATA_DIR: process.env.BENCH_DATA_DIR,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
  PORT: '0',
  HOST: '127.0.0.1',
  // the load generator logs in a handful of times from one address and posts far above a
  // partner's everyday budget
  YIMEN_LOGIN_RATE_PER_MINUTE: '1000',
  YIMEN_OPEN311_RATE_PER_MINUTE: '10000000',
} as NodeJS.ProcessEnv);

const seconds: Record<string, number> = {};
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const result = await work();
  seconds[label] = Math.round(performance.now() - t0) / 1000;
  return result;
};

const runtime = await timed('open', () => openRuntime(config, { jobs: config.startJobs }));
const { deps } = runtime;
const db = deps.db.kysely;
await timed('organization', () => seedDemoOrganization(deps.db, { now: new Date(), newId: uuidv7 }));
await timed('cases', () => seedSyntheticCases(db, { count: cases, now: new Date() }));
await timed('rollups', () => synthesizeRollups(db));
await sql`create table if not exists bench_raw (id uuid primary key, at timestamptz not null, body text not null)`.execute(
  db,
);

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
const sample = await sql<{ id: string }>`
  select id from cases where region_code like '371403%' order by id desc limit 1000`.execute(db);

const app = await buildApp(deps, {
  extend: async (a) => {
    a.post('/bench/raw', async (req, reply) => {
      await sql`insert into bench_raw (id, at, body) values (${uuidv7()}, now(), ${JSON.stringify(req.body ?? {})})`.execute(
        db,
      );
      return reply.code(201).send({ ok: true });
    });
  },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(
  JSON.stringify({
    port,
    pid: process.pid,
    engine: deps.db.engine,
    seconds,
    fixtures: {
      apiKey,
      mediationUnitId: await unit('371403105-people-mediation'),
      deepCursor: deep.rows[0]?.id ?? null,
      caseIds: sample.rows.map((r) => r.id),
    },
  }) + '\n',
);

const stop = async () => {
  await app.close();
  await runtime.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
