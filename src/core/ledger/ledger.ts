// The case ledger's hash chain. Each entry's body is its RFC 8785 canonical JSON, kept as text so
// re-reading the jsonb copy never changes a hash; hash = SM3(body), and each body names the hash of
// the entry before it. The hash function is injected (the core has no crypto of its own).
import { canonicalJson } from './canonical-json.js';

/** One ledger entry as hashed. Personal data never goes in `payload`: parties are referred to by id. */
export interface LedgerEntry {
  case_id: string;
  /** 1, 2, 3 … per case, without gaps */
  seq: number;
  /** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it */
  at: string;
  actor_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string;
  payload: Record<string, unknown>;
  /** hash of the previous entry of the case; {@link GENESIS_HASH} for seq 1 */
  prev_hash: string;
}

/** The `prev_hash` of a case's first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Hex digest of a text (SM3 in production), injected by the shell. */
export type HashFn = (text: string) => string;

/** A `case_events` row as read back, for verification. */
export interface StoredEvent {
  case_id: string;
  seq: number;
  action: string;
  to_state: string;
  /** the jsonb copy of the payload (its key order and number spelling may differ from body) */
  payload: unknown;
  body: string;
  prev_hash: string;
  hash: string;
}

/** The first thing wrong with a case's chain, and where. */
export type ChainProblem = {
  case_id: string;
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'body_mismatch' | 'seq_gap' | 'unparsable_body';
};

const ENTRY_KEYS = [
  'action',
  'actor_id',
  'actor_role',
  'actor_unit_id',
  'at',
  'case_id',
  'from_state',
  'payload',
  'prev_hash',
  'seq',
  'to_state',
] as const;
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The RFC 8785 canonical JSON of an entry: exactly its eleven fields, nothing else. */
export function canonicalBody(entry: LedgerEntry): string {
  const picked: Record<string, unknown> = {};
  for (const key of ENTRY_KEYS) picked[key] = entry[key];
  return canonicalJson(picked);
}

/**
 * Links an entry to the chain after `prevHash`: returns the body to store as text, its hash and
 * the prev_hash. Throws RangeError on a malformed seq, time or prevHash (a bug in the caller).
 */
export function chainEntry(
  entry: Omit<LedgerEntry, 'prev_hash'>,
  prevHash: string,
  hash: HashFn,
): { body: string; hash: string; prev_hash: string } {
  if (!Number.isInteger(entry.seq) || entry.seq < 1) throw new RangeError(`bad seq ${entry.seq}`);
  if (!ISO_UTC_MS.test(entry.at)) throw new RangeError(`at must be ISO 8601 UTC with ms: ${entry.at}`);
  if (!HEX64.test(prevHash)) throw new RangeError('prevHash must be 64 lowercase hex digits');
  if ((entry.seq === 1) !== (prevHash === GENESIS_HASH)) {
    throw new RangeError('seq 1 and only seq 1 follows the genesis hash');
  }
  const body = canonicalBody({ ...entry, prev_hash: prevHash });
  return { body, hash: hash(body), prev_hash: prevHash };
}

function isStringOrNull(v: unknown): boolean {
  return v === null || typeof v === 'string';
}

/** Parses a stored body; null unless it is the canonical JSON of a well-formed entry. */
function parseBody(body: string): LedgerEntry | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
    if (canonicalJson(parsed) !== body) return null;
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const e = parsed as Record<string, unknown>;
  const keys = Object.keys(e).sort();
  const wellFormed =
    keys.length === ENTRY_KEYS.length &&
    keys.every((k, i) => k === ENTRY_KEYS[i]) &&
    typeof e.case_id === 'string' &&
    Number.isInteger(e.seq) &&
    typeof e.at === 'string' &&
    isStringOrNull(e.actor_id) &&
    typeof e.actor_role === 'string' &&
    isStringOrNull(e.actor_unit_id) &&
    typeof e.action === 'string' &&
    isStringOrNull(e.from_state) &&
    typeof e.to_state === 'string' &&
    typeof e.payload === 'object' &&
    e.payload !== null &&
    !Array.isArray(e.payload) &&
    typeof e.prev_hash === 'string';
  return wellFormed ? (e as unknown as LedgerEntry) : null;
}

/** Whether the row's payload column says the same as the body's payload. */
function samePayload(column: unknown, fromBody: Record<string, unknown>): boolean {
  try {
    return canonicalJson(column) === canonicalJson(fromBody);
  } catch {
    return false;
  }
}

/**
 * Verifies one case's events, ordered by seq, and returns the first problem or null. Per event:
 * seq continues from 1 (`seq_gap`); hash(body) is the stored hash (`hash_mismatch`); body is a
 * canonical entry (`unparsable_body`); body and row both link to the previous hash and the body
 * belongs to this case (`broken_link`); the row's case_id, seq, action, to_state and payload agree
 * with body (`body_mismatch`). Removing the newest event is invisible here: anchor the head elsewhere.
 */
export function verifyChain(events: StoredEvent[], hash: HashFn): ChainProblem | null {
  let prevHash = GENESIS_HASH;
  let caseId: string | undefined; // the case named by the first body
  for (const [i, ev] of events.entries()) {
    const at = (problem: ChainProblem['problem']): ChainProblem => ({
      case_id: ev.case_id,
      seq: ev.seq,
      problem,
    });
    if (ev.seq !== i + 1) return at('seq_gap');
    if (hash(ev.body) !== ev.hash) return at('hash_mismatch');
    const entry = parseBody(ev.body);
    if (!entry) return at('unparsable_body');
    caseId ??= entry.case_id;
    if (entry.prev_hash !== prevHash || ev.prev_hash !== prevHash || entry.case_id !== caseId) {
      return at('broken_link');
    }
    const columnsAgree =
      ev.case_id === entry.case_id &&
      ev.seq === entry.seq &&
      ev.action === entry.action &&
      ev.to_state === entry.to_state &&
      samePayload(ev.payload, entry.payload);
    if (!columnsAgree) return at('body_mismatch');
    prevHash = ev.hash;
  }
  return null;
}
