import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../../core/ledger/ledger.js';
import { verifyChain } from '../../../core/ledger/ledger.js';
import type { Action } from '../../../core/workflow/policy.js';
import type { CaseState } from '../../../core/workflow/case-model.js';
import { fold } from '../../../core/workflow/workflow.js';
import type { Database } from '../../db/tables.js';
import { normalizeSnapshot, snapshotOf } from './case-mapper.js';

export interface LedgerProblem {
  caseId: string;
  caseNo: string;
  seq: number;
  problem: string;
}

export interface LedgerReport {
  cases: number;
  events: number;
  problems: LedgerProblem[];
}

const BATCH = 500;

/**
 * Re-verifies every case: its hash chain (SM3 over each body, links, columns agree with bodies),
 * its head (the projection's last_seq and last_hash, so a deleted newest event shows), and that
 * the projection equals the fold of its events. Reads in keyset batches; reports the first
 * broken link of each case.
 */
export async function verifyLedger(
  db: Kysely<Database>,
  hash: (text: string) => string,
  onProgress?: (done: number) => void,
): Promise<LedgerReport> {
  const report: LedgerReport = { cases: 0, events: 0, problems: [] };
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('cases').selectAll().orderBy('id').limit(BATCH);
    if (after) q = q.where('id', '>', after);
    const cases = await q.execute();
    if (cases.length === 0) break;
    const ids = cases.map((c) => c.id);
    const [events, links] = await Promise.all([
      db
        .selectFrom('case_events')
        .select(['case_id', 'seq', 'action', 'to_state', 'payload', 'body', 'prev_hash', 'hash'])
        .where('case_id', 'in', ids)
        .orderBy('case_id')
        .orderBy('seq')
        .execute(),
      db
        .selectFrom('case_units')
        .select(['case_id', 'unit_id', 'relation'])
        .where('case_id', 'in', ids)
        .execute(),
    ]);
    const byCase = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const list = byCase.get(e.case_id) ?? [];
      list.push(e as StoredEvent);
      byCase.set(e.case_id, list);
    }
    for (const c of cases) {
      const list = byCase.get(c.id) ?? [];
      report.cases += 1;
      report.events += list.length;
      const add = (seq: number, problem: string) =>
        report.problems.push({ caseId: c.id, caseNo: c.case_no, seq, problem });
      const chain = verifyChain(list, hash);
      if (chain) {
        add(chain.seq, chain.problem);
        continue;
      }
      const head = list[list.length - 1];
      if (!head || head.seq !== c.last_seq || head.hash !== c.last_hash) {
        add(head ? head.seq + 1 : 1, 'head_mismatch');
        continue;
      }
      let folded;
      try {
        folded = fold(
          list.map((e) => ({
            action: e.action as Action,
            toState: e.to_state as CaseState,
            payload: e.payload as Record<string, unknown>,
          })),
        );
      } catch {
        add(c.last_seq, 'unfoldable');
        continue;
      }
      const stored = snapshotOf(
        c,
        links.filter((l) => l.case_id === c.id),
      );
      if (
        !folded ||
        JSON.stringify(normalizeSnapshot(folded)) !== JSON.stringify(normalizeSnapshot(stored))
      ) {
        add(c.last_seq, 'projection_mismatch');
      }
    }
    after = ids[ids.length - 1]!;
    onProgress?.(report.cases);
  }
  return report;
}
