import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { calendarFromChineseDays } from '../core/calendar/chinese-days-source.js';
import type { Config } from './config.js';
import { checkMasterKey } from './crypto/key-check.js';
import { createPiiCrypto, loadOrCreateMasterKey } from './crypto/pii-crypto.js';
import type { AppDeps } from './deps.js';
import type { Db } from './db/connection.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { checkDurabilitySettings, settingReader } from './db/durability-settings.js';
import { grantAppRole, roleOfUrl } from './db/roles.js';
import type { JobQueue } from './jobs/queue.js';
import { createJobQueue } from './jobs/queue.js';
import { refreshCalendar } from './modules/calendar/calendar.service.js';
import { startNotificationWorkers } from './modules/notifications/workers.js';
import { startSweeps } from './jobs/sweeps.js';
import { ensureRollupsBuilt } from './modules/analytics/rollups-rebuild.js';

/** Queues the server sends to; pg-boss 10 needs them created before the first send. */
export const QUEUES = ['case-event', 'notify'] as const;

export interface Runtime {
  deps: AppDeps;
  close(): Promise<void>;
}

/** The PGlite folder inside the data dir (uploads and keys live beside it). */
export const pgliteDir = (config: Config) => path.join(config.dataDir, 'pglite');

export async function openDb(config: Config): Promise<Db> {
  return config.databaseUrl
    ? openDatabase({ databaseUrl: config.databaseUrl, preparedStatements: config.preparedStatements })
    : openDatabase({ dataDir: pgliteDir(config) });
}

/**
 * Migrates: on PostgreSQL as the owner role when DATABASE_OWNER_URL is set (then grants the app
 * role its rights, minus UPDATE/DELETE on the ledger and audit tables); else on the app connection.
 */
export async function migrateAll(config: Config, db: Db): Promise<string[]> {
  if (db.engine === 'postgres' && config.databaseOwnerUrl && config.databaseUrl) {
    const owner = await openDatabase({ databaseUrl: config.databaseOwnerUrl, poolMax: 2 });
    try {
      const applied = await migrate(owner);
      await grantAppRole(owner, roleOfUrl(config.databaseUrl));
      return applied;
    } finally {
      await owner.close();
    }
  }
  return migrate(db);
}

/** Opens the database, migrates, loads the key and starts the job queue: what the server runs on. */
export async function openRuntime(
  config: Config,
  opts: { jobs: boolean; startWorkers?: boolean },
): Promise<Runtime> {
  const db = await openDb(config);
  let jobs: JobQueue | null = null;
  let readDb: Db | undefined;
  try {
    // a success answer must mean the data is on disk (issue 10)
    if (db.engine === 'postgres') await checkDurabilitySettings(settingReader(db));
    if (config.databaseReadUrl) {
      if (db.engine !== 'postgres')
        throw new Error('DATABASE_READ_URL needs DATABASE_URL: a replica of PostgreSQL.');
      readDb = await openDatabase({
        databaseUrl: config.databaseReadUrl,
        preparedStatements: config.preparedStatements,
      });
    }
    await migrateAll(config, db);
    // issue 8: a database that had cases before the rollups existed gets them computed once
    await ensureRollupsBuilt(db);
    const key = await loadOrCreateMasterKey({
      keyFile: config.keyFile,
      envKey: config.masterKeyHex ?? undefined,
    });
    const crypto = createPiiCrypto(key);
    await checkMasterKey(db, crypto, new Date());
    if (opts.jobs) {
      jobs = await createJobQueue(db, { startWorkers: opts.startWorkers ?? true });
      await jobs.start();
      for (const q of QUEUES) await jobs.ensureQueue(q);
    }
    const deps: AppDeps = {
      config,
      db,
      ...(readDb ? { readDb } : {}),
      crypto,
      jobs,
      clock: () => new Date(),
      newId: () => uuidv7(),
      calendar: calendarFromChineseDays(),
    };
    // years the system administrator loaded or edited replace the package's (calendar_years)
    await refreshCalendar(deps);
    // issue 4a: fan-out of case events and delivery of SMS, e-mail and webhooks
    if (jobs && (opts.startWorkers ?? true)) await startNotificationWorkers(deps);
    // issue 5: lights, automatic supervision, escalation, missed report-ins (pg-boss cron)
    if (jobs && (opts.startWorkers ?? true)) await startSweeps(deps, jobs);
    return {
      deps,
      close: async () => {
        await jobs?.stop();
        await readDb?.close();
        await db.close();
      },
    };
  } catch (err) {
    await jobs?.stop().catch(() => undefined);
    await readDb?.close().catch(() => undefined);
    await db.close();
    throw err;
  }
}
