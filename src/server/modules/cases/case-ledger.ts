import type { Selectable } from 'kysely';
import type { EventDraft } from '../../../core/workflow/workflow.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { GENESIS_HASH, chainEntry } from '../../../core/ledger/ledger.js';
import type { PiiCrypto } from '../../crypto/pii-crypto.js';
import type { Trx } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import { insertEvent } from './cases.queries.js';

/**
 * Appends one event to a case's chain: SM3 over the RFC 8785 body, linked to the previous hash.
 * Returns the new seq and hash for the projection row, written in the same transaction.
 */
export async function appendEvent(
  trx: Trx,
  crypto: PiiCrypto,
  c: { countyCode: string; caseId: string; lastSeq: number; lastHash: string | null },
  draft: EventDraft,
  actor: Actor,
  at: Date,
): Promise<{ seq: number; hash: string }> {
  const row = chainedEvent(crypto, c, draft, actor, at);
  await insertEvent(trx, row);
  return { seq: row.seq, hash: row.hash };
}

/** The next event of a case's chain as its row, not yet written (registration writes it with others). */
export function chainedEvent(
  crypto: PiiCrypto,
  c: { countyCode: string; caseId: string; lastSeq: number; lastHash: string | null },
  draft: EventDraft,
  actor: Actor,
  at: Date,
) {
  const seq = c.lastSeq + 1;
  const chained = chainEntry(
    {
      case_id: c.caseId,
      seq,
      at: at.toISOString(),
      actor_id: actor.userId,
      actor_role: actor.role,
      actor_unit_id: actor.unitId,
      action: draft.action,
      from_state: draft.fromState,
      to_state: draft.toState,
      payload: draft.payload,
    },
    c.lastHash ?? GENESIS_HASH,
    (text) => crypto.sm3Hex(text),
  );
  return {
    county_code: c.countyCode,
    case_id: c.caseId,
    seq,
    at,
    actor_id: actor.userId,
    actor_role: actor.role,
    actor_unit_id: actor.unitId,
    action: draft.action,
    from_state: draft.fromState,
    to_state: draft.toState,
    payload: JSON.stringify(draft.payload),
    body: chained.body,
    prev_hash: chained.prev_hash,
    hash: chained.hash,
  };
}

export type CaseRow = Selectable<CasesTable>;
