// Sealing and verifying the audit log's hash chain (安全审计: records protected from change and
// deletion). The sealer runs each minute as a sweep and before every verification; `yimen
// verify-audit` and the audit administrator's page verify the whole chain.
import {
  auditLinkHash,
  verifyAuditLinks,
  type AuditChainProblem,
  type AuditRecord,
} from '../../../core/ledger/audit-chain.js';
import { GENESIS_HASH } from '../../../core/ledger/ledger.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import * as q from './audit-chain.queries.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'crypto'>;

const BATCH = 1000;
/** How far before the newest sealed row the sealer looks for rows committed late. */
const LOOKBACK_MS = 60 * 60_000;

type AuditColumns = Awaited<ReturnType<typeof q.findUnsealed>>[number];

function recordOf(r: AuditColumns): AuditRecord {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor_id: r.actor_id,
    actor_role: r.actor_role,
    actor_label: r.actor_label,
    ip: r.ip,
    action: r.action,
    target_type: r.target_type,
    target_id: r.target_id,
    result: r.result,
    detail: r.detail ?? {},
  };
}

/** Appends every unsealed audit row to the chain; returns how many it sealed. */
export async function sealAuditLog(deps: Deps): Promise<{ sealed: number }> {
  const hash = (text: string) => deps.crypto.sm3Hex(text);
  let sealed = 0;
  for (;;) {
    const n = await withTransaction(deps.db, async (trx) => {
      await q.lockSealer(trx);
      const head = await q.chainHead(trx);
      const since = head?.recorded_at ? new Date(head.recorded_at.getTime() - LOOKBACK_MS) : null;
      const rows = await q.findUnsealed(trx, since, BATCH);
      let seq = head ? Number(head.seq) : 0;
      let prev = head?.hash ?? GENESIS_HASH;
      const at = deps.clock();
      const links = rows.map((r) => {
        seq += 1;
        const h = auditLinkHash(recordOf(r), prev, hash);
        const link = { seq: String(seq), audit_id: r.id, prev_hash: prev, hash: h, sealed_at: at };
        prev = h;
        return link;
      });
      await q.insertLinks(trx, links);
      return links.length;
    });
    sealed += n;
    if (n < BATCH) return { sealed };
  }
}

export interface AuditVerification {
  /** audit rows in the log */
  records: number;
  /** links of the chain checked */
  links: number;
  /** the first broken link, or null */
  problem: AuditChainProblem | null;
  /** audit rows older than an hour that no link seals (written behind the sealer's back) */
  unsealed: number;
  ok: boolean;
}

/** Seals what is pending, then re-verifies the whole chain from its first link. */
export async function verifyAuditLog(deps: Deps): Promise<AuditVerification> {
  await sealAuditLog(deps);
  const hash = (text: string) => deps.crypto.sm3Hex(text);
  let prev = { seq: 0, hash: GENESIS_HASH };
  let links = 0;
  let problem: AuditChainProblem | null = null;
  for (;;) {
    const rows = await q.findLinks(deps.db.kysely, prev.seq, BATCH);
    if (!rows.length) break;
    const stored = rows.map((r) => ({
      seq: Number(r.seq),
      prev_hash: r.prev_hash,
      hash: r.hash,
      record: r.id ? recordOf(r as AuditColumns) : null,
    }));
    problem = verifyAuditLinks(stored, hash, prev);
    if (problem) break;
    links += stored.length;
    const last = stored[stored.length - 1]!;
    prev = { seq: last.seq, hash: last.hash };
  }
  // by the database's clock, as recorded_at is
  const unsealed = await q.countUnsealedBefore(
    deps.db.kysely,
    await q.databaseNow(deps.db.kysely, -LOOKBACK_MS),
  );
  const records = await q.countAudit(deps.db.kysely);
  return { records, links, problem, unsealed, ok: problem === null && unsealed === 0 };
}
