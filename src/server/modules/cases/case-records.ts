// Record events (records.ts: oversight and accountability; they change no state and bump the
// version) appended to cases whose rows the caller locked in this transaction: one ledger event
// each through the cases module's appendEvent, then the projection heads of all the cases in one
// UPDATE and their 'case-event' jobs in one INSERT, so that a sweep writing hundreds of records
// pays about one round trip per record. Several records for one case chain in the given order.
// The one way every module (whistle, supervision, …) writes a record on a case.
import type { Selectable } from 'kysely';
import type { RecordAction } from '../../../core/workflow/records.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { recordEvent } from '../../../core/workflow/workflow.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import { conflict } from '../../http/errors.js';
import { kyselyAdapter } from '../../jobs/queue.js';
import { appendEvent } from './case-ledger.js';
import { snapshotOf } from './case-mapper.js';
import { bumpCaseHeads, getLinksOfCases } from './cases.queries.js';

export interface RecordItem {
  /** the case row as locked by the caller */
  row: Selectable<CasesTable>;
  action: RecordAction;
  /** never personal data */
  payload: Record<string, unknown>;
}

export interface AppendedRecord {
  caseId: string;
  seq: number;
  version: number;
}

export async function appendRecords(
  trx: Trx,
  deps: Pick<AppDeps, 'crypto' | 'jobs'>,
  items: readonly RecordItem[],
  actor: Actor,
  at: Date,
): Promise<AppendedRecord[]> {
  if (items.length === 0) return [];
  const links = await getLinksOfCases(trx, [...new Set(items.map((i) => i.row.id))]);
  const heads = new Map<string, { row: Selectable<CasesTable>; expected: number }>();
  const out: AppendedRecord[] = [];
  for (const item of items) {
    const head = heads.get(item.row.id) ?? { row: item.row, expected: item.row.version };
    const row = head.row;
    const { event, next } = recordEvent(snapshotOf(row, links.get(row.id) ?? []), item.action, item.payload);
    const { seq, hash } = await appendEvent(
      trx,
      deps.crypto,
      { countyCode: row.county_code, caseId: row.id, lastSeq: row.last_seq, lastHash: row.last_hash },
      event,
      actor,
      at,
    );
    heads.set(row.id, {
      row: { ...row, version: next.version, last_seq: seq, last_hash: hash },
      expected: head.expected,
    });
    out.push({ caseId: row.id, seq, version: next.version });
  }
  const updated = await bumpCaseHeads(
    trx,
    [...heads.values()].map((h) => ({
      id: h.row.id,
      expected: h.expected,
      version: h.row.version,
      seq: h.row.last_seq,
      hash: h.row.last_hash,
    })),
    at,
  );
  // the rows were locked by the caller, so nobody can have moved them on; if so, roll back
  if (updated !== heads.size) throw conflict('case.stale_version', { current: items[0]!.row.version });
  if (deps.jobs) {
    await deps.jobs.boss.insert(
      out.map((r, i) => ({
        name: 'case-event',
        data: { caseId: r.caseId, seq: r.seq, action: items[i]!.action },
      })),
      { db: kyselyAdapter(trx) },
    );
  }
  return out;
}

/** One record event (the routes' case). */
export async function appendRecord(
  trx: Trx,
  deps: Pick<AppDeps, 'crypto' | 'jobs'>,
  item: RecordItem,
  actor: Actor,
  at: Date,
): Promise<AppendedRecord> {
  const [appended] = await appendRecords(trx, deps, [item], actor, at);
  return appended!;
}
