// One server process of the two-process test (live.two-process.test.ts), run from the sources:
//   node --import ./scripts/ts-register.mjs src/server/modules/live/test-two-process-child.ts
// It serves the API on a free port with its own pool, pg-boss (cron schedules and workers) and
// live listener, on the schema named by the environment, and speaks JSON lines on stdio:
// it prints {"ready":true,"port":…}; on "sweep" it runs every sweep once and prints
// {"swept":…}; on "exit" (or SIGTERM) it closes everything and exits 0.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import { calendarFromChineseDays } from '../../../core/calendar/chinese-days-source.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createPiiCrypto } from '../../crypto/pii-crypto.js';
import { openDatabase } from '../../db/connection.js';
import type { AppDeps } from '../../deps.js';
import { createJobQueue } from '../../jobs/queue.js';
import { runAllSweeps, startSweeps } from '../../jobs/sweeps.js';
import { QUEUES } from '../../runtime.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
const say = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');

const db = await openDatabase({ databaseUrl: env('DATABASE_URL'), searchPath: env('YIMEN_TEST_SCHEMA') });
const jobs = await createJobQueue(db, { schema: env('YIMEN_TEST_JOB_SCHEMA'), startWorkers: true });
await jobs.start();
for (const q of QUEUES) await jobs.ensureQueue(q);
// YIMEN_DATA_DIR given: the uploads folder the processes share (as a cluster shares a mount)
const config = loadConfig({
  YIMEN_DATA_DIR: process.env.YIMEN_DATA_DIR || mkdtempSync(path.join(tmpdir(), 'yimen-child-')),
} as NodeJS.ProcessEnv);
const deps: AppDeps = {
  config,
  db,
  crypto: createPiiCrypto(Buffer.from(env('YIMEN_MASTER_KEY'), 'hex')),
  jobs,
  clock: () => new Date(),
  newId: () => uuidv7(),
  calendar: calendarFromChineseDays(),
};
await startSweeps(deps, jobs);
const app = await buildApp(deps);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
say({ ready: true, pid: process.pid, port: typeof address === 'object' && address ? address.port : 0 });

let closing: Promise<void> | null = null;
const close = () =>
  (closing ??= (async () => {
    await app.close();
    await jobs.stop();
    await db.close();
    say({ closed: true });
    process.exit(0);
  })());

process.on('SIGTERM', () => void close());
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'sweep') {
    runAllSweeps(deps).then(
      (swept) => say({ swept }),
      (err: unknown) => say({ error: String(err) }),
    );
  } else if (line === 'exit') {
    void close();
  }
});
