// Recomputes the rollups from the truth: every case's ledger folded through the workflow (for the
// lead unit after each event) and the figure rules (core/analytics/case-facts.ts), and the grid
// reports. One transaction holding the rollup tables' lock, so writers that commit meanwhile wait
// and add their delta on top of the result: the rebuild is safe while a server runs on PostgreSQL.
import {
  accumulate,
  contributionsOf,
  stepFacts,
  type CaseFacts,
  type Contribution,
} from '../../../core/analytics/case-facts.js';
import type { CaseSnapshot } from '../../../core/workflow/case-model.js';
import type { Action } from '../../../core/workflow/policy.js';
import type { RecordAction } from '../../../core/workflow/records.js';
import { evolve } from '../../../core/workflow/workflow.js';
import type { Db } from '../../db/connection.js';
import { withTransaction, type Trx } from '../../db/transaction.js';
import type { CaseState } from '../../db/tables.js';
import * as q from './rollups.queries.js';

export interface RebuildReport {
  cases: number;
  events: number;
  gridReports: number;
  caseRows: number;
  ms: number;
}

const PAGE = 5000;

/** Folds the whole ledger into summed case rollup rows (inside the caller's transaction). */
async function foldLedger(trx: Trx): Promise<{ rows: Contribution[]; cases: number; events: number }> {
  const sums = new Map<string, Contribution>();
  let cases = 0;
  let events = 0;
  let current = null as { id: string; snapshot: CaseSnapshot | null; facts: CaseFacts | null } | null;
  const finish = () => {
    if (current?.facts) accumulate(sums, contributionsOf(current.facts));
  };
  let after: q.LedgerRow | null = null;
  for (;;) {
    const page: q.LedgerRow[] = await q.ledgerPage(trx, after, PAGE);
    for (const e of page) {
      if (current?.id !== e.case_id) {
        finish();
        current = { id: e.case_id, snapshot: null, facts: null };
        cases++;
      }
      const action = e.action as Action | RecordAction;
      const snapshot = evolve(current.snapshot, {
        action,
        toState: e.to_state as CaseState,
        payload: e.payload,
      });
      current.facts = stepFacts(current.facts, {
        action,
        at: e.at,
        payload: e.payload,
        leadUnitId: snapshot.leadUnitId,
        ownerUnitId: snapshot.ownerUnitId,
        onTime: e.on_time,
      });
      current.snapshot = snapshot;
      events++;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!;
  }
  finish();
  const rows = [...sums.values()].filter((c) => Object.keys(c.counts).length > 0);
  return { rows, cases, events };
}

/** Replaces the rollups by the ledger's and the grid reports' sums (the caller holds the lock). */
async function recompute(trx: Trx, builtAt: Date): Promise<RebuildReport> {
  const started = Date.now();
  await q.clearRollups(trx);
  const { rows, cases, events } = await foldLedger(trx);
  await q.insertCaseRows(trx, rows);
  await q.monthlyFromDaily(trx);
  await q.recountOpenCases(trx);
  const gridReports = await q.rebuildGridRows(trx);
  await q.saveBuild(trx, { builtAt, cases, events, gridReports });
  return { cases, events, gridReports, caseRows: rows.length, ms: Date.now() - started };
}

/** `yimen rollups rebuild`: throws away the rollups and recomputes them. */
export async function rebuildRollups(db: Db, now: Date = new Date()): Promise<RebuildReport> {
  return withTransaction(db, async (trx) => {
    await q.lockRollups(trx);
    return recompute(trx, now);
  });
}

/**
 * On start: a database that had cases before the rollups existed (migration 0012) gets them
 * computed once. Afterwards every change maintains them; this costs one lookup.
 */
export async function ensureRollupsBuilt(db: Db, now: Date = new Date()): Promise<RebuildReport | null> {
  if (await q.lastBuild(db.kysely)) return null;
  return withTransaction(db, async (trx) => {
    await q.lockRollups(trx);
    // another process may have built them while this one waited for the lock
    if (await q.lastBuild(trx)) return null;
    return recompute(trx, now);
  });
}
