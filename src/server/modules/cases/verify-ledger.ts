import type { Kysely, Selectable } from 'kysely';
import type { StoredEvent } from '../../../core/ledger/ledger.js';
import { verifyChain } from '../../../core/ledger/ledger.js';
import type { Action } from '../../../core/workflow/policy.js';
import type { CaseState } from '../../../core/workflow/case-model.js';
import { fold } from '../../../core/workflow/workflow.js';
import type { CasesTable, Database } from '../../db/tables.js';
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
      const problem = checkCase(
        c,
        list,
        links.filter((l) => l.case_id === c.id),
        hash,
      );
      if (problem) report.problems.push({ caseId: c.id, caseNo: c.case_no, ...problem });
    }
    after = ids[ids.length - 1]!;
    onProgress?.(report.cases);
  }
  return report;
}

/**
 * One case's checks (verifyLedger's): its chain, its head, and its projection against the fold of
 * its events. Null when all hold, else the first problem.
 */
function checkCase(
  c: Selectable<CasesTable>,
  list: StoredEvent[],
  links: Parameters<typeof snapshotOf>[1],
  hash: (text: string) => string,
): { seq: number; problem: string } | null {
  const chain = verifyChain(list, hash);
  if (chain) return { seq: chain.seq, problem: chain.problem };
  const head = list[list.length - 1];
  if (!head || head.seq !== c.last_seq || head.hash !== c.last_hash) {
    return { seq: head ? head.seq + 1 : 1, problem: 'head_mismatch' };
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
    return { seq: c.last_seq, problem: 'unfoldable' };
  }
  const stored = snapshotOf(c, links);
  if (!folded || JSON.stringify(normalizeSnapshot(folded)) !== JSON.stringify(normalizeSnapshot(stored))) {
    return { seq: c.last_seq, problem: 'projection_mismatch' };
  }
  return null;
}

/** Re-verifies one case as verifyLedger does (e.g. behind a public document check). */
export async function verifyCaseLedger(
  db: Kysely<Database>,
  hash: (text: string) => string,
  caseId: string,
): Promise<{ seq: number; problem: string } | null> {
  const c = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!c) return { seq: 0, problem: 'missing' };
  const [events, links] = await Promise.all([
    db
      .selectFrom('case_events')
      .select(['case_id', 'seq', 'action', 'to_state', 'payload', 'body', 'prev_hash', 'hash'])
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute(),
    db.selectFrom('case_units').select(['unit_id', 'relation']).where('case_id', '=', caseId).execute(),
  ]);
  return checkCase(c, events as StoredEvent[], links, hash);
}
