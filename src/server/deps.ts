import type { WorkCalendar } from '../core/calendar/work-calendar.js';
import type { Config } from './config.js';
import type { PiiCrypto } from './crypto/pii-crypto.js';
import type { Db } from './db/connection.js';
import type { JobQueue } from './jobs/queue.js';

/** Everything the application needs from outside; tests pass fakes for the clock and ids. */
export interface AppDeps {
  config: Config;
  db: Db;
  /**
   * Where reads that may lag a little go (dashboards, reports): a streaming replica named by
   * DATABASE_READ_URL; absent, they read `db`. Use `readDbOf(deps)`.
   */
  readDb?: Db;
  crypto: PiiCrypto;
  /** null when background jobs are off (some tests, CLI one-shots) */
  jobs: JobQueue | null;
  /** the current instant; a fixed clock in tests */
  clock: () => Date;
  /** a new UUIDv7 */
  newId: () => string;
  /** the statutory working-day calendar (holidays, 调休) */
  calendar: WorkCalendar;
}

/** The connection for dashboard and report reads: the replica when one is configured. */
export function readDbOf(deps: Pick<AppDeps, 'db' | 'readDb'>): Db {
  return deps.readDb ?? deps.db;
}
