import { isAllowed } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, forbidden, notFound } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorFor, assertVisible } from './case-access.js';
import { snapshotOf } from './case-mapper.js';
import { auditActor } from './case-errors.js';
import * as q from './cases.queries.js';

/**
 * The only way to read a party's personal data in clear: the policy table's 'unmask' row, a
 * reason, and an access-log entry committed with the read (no log, no value).
 */
export async function unmaskParty(
  deps: AppDeps,
  auth: AuthContext,
  input: { caseId: string; partyId: string; field: PiiField; reason: string },
  ip: string | null,
): Promise<string | null> {
  if (input.reason.trim().length < 2) throw badRequest('case.unmask_reason');
  const now = deps.clock();
  const result = await withTransaction(deps.db, async (trx) => {
    const row = await q.getCaseRow(trx, input.caseId);
    const snapshot = row ? snapshotOf(row, await q.getCaseUnits(trx, input.caseId)) : null;
    const actor = row && snapshot ? await actorFor(trx, auth, row) : null;
    assertVisible(actor, snapshot);
    if (auth.kind !== 'staff' || !isAllowed(actor.role, 'unmask', relationsOf(actor, snapshot!))) {
      return { denied: true as const };
    }
    const party = await q.getPartyCipher(trx, input.caseId, input.partyId);
    if (!party) throw notFound();
    const blob =
      input.field === 'phone'
        ? party.phone_enc
        : input.field === 'id_number'
          ? party.id_number_enc
          : party.address_enc;
    await q.insertPiiAccess(trx, {
      id: deps.newId(),
      at: now,
      actor_id: auth.user.id,
      party_id: party.id,
      field: input.field,
      reason: input.reason,
      ip,
    });
    await recordAudit(trx, deps.newId(), {
      ...auditActor(auth),
      at: now,
      ip,
      action: 'pii.unmask',
      targetType: 'party',
      targetId: party.id,
      result: 'success',
      detail: { field: input.field, case_id: input.caseId },
    });
    return { denied: false as const, value: blob ? deps.crypto.decrypt(input.field, blob) : null };
  });
  if (result.denied) {
    // recorded outside the refused transaction so the attempt stays on file
    await recordAudit(deps.db.kysely, deps.newId(), {
      ...auditActor(auth),
      at: now,
      ip,
      action: 'pii.unmask',
      targetType: 'party',
      targetId: input.partyId,
      result: 'denied',
      detail: { field: input.field, case_id: input.caseId },
    });
    throw forbidden();
  }
  return result.value;
}
