import type { Selectable } from 'kysely';
import type { CaseSnapshot } from '../../../core/workflow/case-model.js';
import { isAllowed } from '../../../core/workflow/policy.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { Trx } from '../../db/transaction.js';
import type { CasesTable } from '../../db/tables.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { notFound } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { isApplicantByPhone } from './cases.queries.js';

/** The workflow actor for this caller and case (a resident's party status is looked up). */
export async function actorFor(
  db: Trx | Kysely<Database>,
  auth: AuthContext,
  row: Selectable<CasesTable>,
): Promise<Actor> {
  if (auth.kind === 'resident') {
    return { ...auth.actor, isParty: await isApplicantByPhone(db, row.id, auth.phoneBidx) };
  }
  return auth.actor;
}

/**
 * Throws 404 unless the policy table lets the actor read the case: a case outside one's scope
 * is indistinguishable from one that does not exist.
 */
export function assertVisible(actor: Actor | null, snapshot: CaseSnapshot | null): asserts actor is Actor {
  if (!actor || !snapshot || !isAllowed(actor.role, 'read', relationsOf(actor, snapshot))) throw notFound();
}
