// The server `npm run bench` measures, as production runs it: the compiled app in dist/ (a
// TypeScript loader in the process would add ~90 MB of resident memory of its own), jobs and
// sweeps running, on the database bench/bench-seed.ts prepared, plus one bare route inserting a
// row: the ceiling the real intake is compared with. Started by bench/bench.ts as a child process
// so that its memory is measured apart from the load generator's and the seeding's.
//
// Prints one JSON line on stdout when it listens: {"port", "pid"}.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../dist/server/app.js';
import { loadConfig } from '../dist/server/config.js';
import { openRuntime } from '../dist/server/runtime.js';

const config = loadConfig(process.env);
const runtime = await openRuntime(config, { jobs: config.startJobs });
const db = runtime.deps.db.kysely;
const app = await buildApp(runtime.deps, {
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
process.stdout.write(
  JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, pid: process.pid }) +
    '\n',
);

const stop = async () => {
  await app.close();
  await runtime.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
