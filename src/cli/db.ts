import { loadConfig } from '../server/config.js';
import { migrateAll, openDb, openRuntime } from '../server/runtime.js';
import { seedDemo } from '../server/seed/seed-demo.js';

/** `yimen migrate` */
export async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  try {
    const applied = await migrateAll(config, db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await db.close();
  }
}

/** `yimen seed` */
export async function seedCommand(): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: true, startWorkers: false });
  try {
    const result = await seedDemo(runtime.deps, (m) => console.log(m));
    console.log(result.seeded ? `Seeded: ${result.summary}` : 'The demo data is already there.');
  } finally {
    await runtime.close();
  }
}
