// The audit log's seal chain: audit rows are written in the transactions they record; a sealer
// appends each to one chain, link n's hash = H(link n-1's hash | the row's RFC 8785 canonical JSON).
// Changing, removing or reordering a sealed row breaks every later link. The hash function is
// injected (SM3 in the shell).
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, type HashFn } from './ledger.js';

/** An audit row as hashed: every column, times as ISO 8601 UTC with milliseconds. */
export interface AuditRecord {
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: string;
  detail: Record<string, unknown>;
}

/** The hash of the link that seals `record` after a link whose hash is `prevHash`. */
export function auditLinkHash(record: AuditRecord, prevHash: string, hash: HashFn): string {
  return hash(`${prevHash}\n${canonicalJson(record)}`);
}

/** A link as read back, with its record (null when the row is gone). */
export interface StoredAuditLink {
  seq: number;
  prev_hash: string;
  hash: string;
  record: AuditRecord | null;
}

export type AuditChainProblem = {
  seq: number;
  problem: 'seq_gap' | 'broken_link' | 'record_missing' | 'hash_mismatch';
};

/**
 * Checks consecutive links, the first following `prevHash` at `prevSeq` (GENESIS_HASH and 0 at the
 * start of the chain). Returns the first problem, or null.
 */
export function verifyAuditLinks(
  links: readonly StoredAuditLink[],
  hash: HashFn,
  prev: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): AuditChainProblem | null {
  let { seq, hash: prevHash } = prev;
  for (const link of links) {
    if (link.seq !== seq + 1) return { seq: seq + 1, problem: 'seq_gap' };
    if (link.prev_hash !== prevHash) return { seq: link.seq, problem: 'broken_link' };
    if (!link.record) return { seq: link.seq, problem: 'record_missing' };
    if (auditLinkHash(link.record, link.prev_hash, hash) !== link.hash)
      return { seq: link.seq, problem: 'hash_mismatch' };
    seq = link.seq;
    prevHash = link.hash;
  }
  return null;
}
