import { isAllowed } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { unmaskField } from '../pii/unmask.service.js';
import { actorFor, assertVisible } from './case-access.js';
import { snapshotOf } from './case-mapper.js';
import * as q from './cases.queries.js';

/**
 * A party's personal data in clear, through the one unmask service: the policy table's 'unmask'
 * row decides, a case the caller may not read is not found, and every read is logged.
 */
export async function unmaskParty(
  deps: AppDeps,
  auth: AuthContext,
  input: { caseId: string; partyId: string; field: PiiField; reason: string },
  ip: string | null,
): Promise<string | null> {
  return unmaskField(
    deps,
    auth,
    {
      subjectType: 'party',
      subjectId: input.partyId,
      field: input.field,
      reason: input.reason,
      detail: { case_id: input.caseId },
      locate: async (trx) => {
        const row = await q.getCaseRow(trx, input.caseId);
        const snapshot = row ? snapshotOf(row, await q.getCaseUnits(trx, input.caseId)) : null;
        const actor = row && snapshot ? await actorFor(trx, auth, row) : null;
        assertVisible(actor, snapshot);
        if (auth.kind !== 'staff' || !isAllowed(actor.role, 'unmask', relationsOf(actor, snapshot!))) {
          return { allowed: false };
        }
        const party = await q.getPartyCipher(trx, input.caseId, input.partyId);
        if (!party) throw notFound();
        // 停止处理: a party restricted after a deletion request is kept, not read (refused, audited)
        if (party.restricted_at) return { allowed: false };
        const blob =
          input.field === 'phone'
            ? party.phone_enc
            : input.field === 'id_number'
              ? party.id_number_enc
              : party.address_enc;
        return { allowed: true, blob };
      },
    },
    ip,
  );
}
