/**
 * Test data for the ledger: entries of one case, and chains written as the shell writes them
 * (payload column as the jsonb copy). The hash function comes in, so this file stays pure.
 */
import type { HashFn, LedgerEntry, StoredEvent } from './ledger.js';
import { GENESIS_HASH, canonicalBody, chainEntry } from './ledger.js';

export const CASE_ID = '0195a0c0-0000-7000-8000-000000000001';
export type Draft = Omit<LedgerEntry, 'prev_hash'>;

/** A register entry of {@link CASE_ID}; override what the test is about. */
export function buildEntry(overrides: Partial<Draft> = {}): Draft {
  return {
    case_id: CASE_ID,
    seq: 1,
    at: '2026-03-15T01:02:03.004Z',
    actor_id: '0195a0c0-0000-7000-8000-0000000000aa',
    actor_role: 'clerk',
    actor_unit_id: null,
    action: 'register',
    from_state: null,
    to_state: 'registered',
    payload: { regionCode: '371403105', note: '邻里纠纷' },
    ...overrides,
  };
}

/** jsonb returns object keys shorter-first, then bytewise; mimic it so tests cover the reordering. */
export function likeJsonb(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(likeJsonb);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, likeJsonb((value as Record<string, unknown>)[k])]));
}

/** Writes drafts as the shell does: seq 1…n, chained, payload column as the jsonb copy. */
export function buildChain(drafts: Draft[], hash: HashFn): StoredEvent[] {
  let prev = GENESIS_HASH;
  return drafts.map((d, i) => {
    const draft = { ...d, seq: i + 1 };
    const linked = chainEntry(draft, prev, hash);
    prev = linked.hash;
    const { case_id, seq, action, to_state } = draft;
    return {
      case_id,
      seq,
      action,
      to_state,
      payload: likeJsonb(JSON.parse(JSON.stringify(draft.payload))),
      ...linked,
    };
  });
}

/** Rewrites event i's body through `edit` and recomputes its hash, as an intruder without a key could. */
export function rewrite(
  events: StoredEvent[],
  i: number,
  edit: (e: LedgerEntry) => LedgerEntry,
  hash: HashFn,
): void {
  const ev = events[i]!;
  ev.body = canonicalBody(edit(JSON.parse(ev.body) as LedgerEntry));
  ev.hash = hash(ev.body);
}
