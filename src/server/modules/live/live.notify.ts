// What other modules call to tell the live streams about a change that is not a ledger event
// (ledger events notify through the case_events trigger of migration 0004). Notifications are sent
// inside the caller's transaction and delivered at COMMIT, never after a rollback.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { notify } from './live.queries.js';

/** A warning raised, updated or acted on (研判预警): where it is, the level it is routed to. */
export interface WarningNotice {
  k: 'w';
  id: string;
  kind: string;
  severity: string;
  status: string;
  regionCode: string;
  levelCode: string;
}

/**
 * A notification on the live channel: a ledger event, cases whose stored light changed, or a
 * warning.
 */
export type LiveNotice =
  { k: 'e'; c: string; s: number; a: string; t: string } | { k: 'l'; ids: string[] } | WarningNotice;

/** Case ids per 'l' notification: 100 UUIDs keep a payload near 4 kB (PostgreSQL's limit is 8 kB). */
const IDS_PER_NOTICE = 100;

/** Tells every server process that these cases' lights changed. */
export async function notifyLightChanges(trx: Kysely<Database>, caseIds: readonly string[]): Promise<void> {
  const payloads: string[] = [];
  for (let i = 0; i < caseIds.length; i += IDS_PER_NOTICE) {
    const notice: LiveNotice = { k: 'l', ids: caseIds.slice(i, i + IDS_PER_NOTICE) };
    payloads.push(JSON.stringify(notice));
  }
  await notify(trx, payloads);
}

/** Tells every server process about warnings raised or changed; delivered at COMMIT. */
export async function notifyWarnings(
  trx: Kysely<Database>,
  notices: readonly WarningNotice[],
): Promise<void> {
  await notify(
    trx,
    notices.map((n) => JSON.stringify(n)),
  );
}
