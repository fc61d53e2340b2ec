// What other modules call to tell the live streams about a change that is not a ledger event
// (ledger events notify through the case_events trigger of migration 0004). Notifications are sent
// inside the caller's transaction and delivered at COMMIT, never after a rollback.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { notify } from './live.queries.js';

/** A notification on the live channel: a ledger event, or cases whose stored light changed. */
export type LiveNotice = { k: 'e'; c: string; s: number; a: string; t: string } | { k: 'l'; ids: string[] };

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
