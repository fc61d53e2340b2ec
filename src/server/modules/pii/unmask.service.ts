// The one way to read personal data in clear, for every kind of subject (a case's party, a
// resident, a house, an organization): a reason, a permission check by the caller's module, and
// an access-log entry plus an audit record committed with the read (no log, no value). A refused
// attempt is audited too.
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { PiiSubjectType } from '../../db/tables.js';
import type { Trx } from '../../db/transaction.js';
import { withTransaction } from '../../db/transaction.js';
import type { AppDeps } from '../../deps.js';
import { badRequest, forbidden } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { insertPiiAccess } from './pii.queries.js';

/** What the subject's module found, inside the unmasking transaction. */
export type UnmaskTarget =
  /** the caller may see the record but not unmask it (the attempt is audited, 403) */
  | { allowed: false }
  /** the ciphertext of the field (null when the field is empty) */
  | { allowed: true; blob: Buffer | null };

export interface UnmaskRequest {
  subjectType: PiiSubjectType;
  subjectId: string;
  field: PiiField;
  reason: string;
  /** the audit record's context (ids only, never personal data), e.g. the case id */
  detail?: Record<string, unknown>;
  /**
   * Finds the record and decides, inside the transaction. Throws (typically 404) when the record
   * does not exist or the caller may not even see it: existence must not leak, nothing is logged.
   */
  locate(trx: Trx): Promise<UnmaskTarget>;
}

/** Minimum length of a reason once trimmed. */
const MIN_REASON = 2;

function actorOf(auth: AuthContext) {
  return auth.kind === 'staff'
    ? { actorId: auth.user.id, actorRole: auth.user.role, actorLabel: auth.user.username }
    : { actorId: null, actorRole: 'resident', actorLabel: 'resident' };
}

/** Returns the field in clear (null when empty) or throws 400 (no reason), 403 (denied) or 404. */
export async function unmaskField(
  deps: AppDeps,
  auth: AuthContext,
  req: UnmaskRequest,
  ip: string | null,
): Promise<string | null> {
  if (req.reason.trim().length < MIN_REASON) throw badRequest('pii.unmask_reason');
  const now = deps.clock();
  const audit = {
    ...actorOf(auth),
    at: now,
    ip,
    action: 'pii.unmask',
    targetType: req.subjectType,
    targetId: req.subjectId,
    detail: { field: req.field, ...req.detail },
  };
  const result = await withTransaction(deps.db, async (trx) => {
    const target = await req.locate(trx);
    // only staff accounts unmask: residents see their own data through their own pages
    if (!target.allowed || auth.kind !== 'staff') return { denied: true as const };
    await insertPiiAccess(trx, {
      id: deps.newId(),
      at: now,
      actor_id: auth.user.id,
      subject_type: req.subjectType,
      subject_id: req.subjectId,
      field: req.field,
      reason: req.reason.trim(),
      ip,
    });
    await recordAudit(trx, deps.newId(), { ...audit, result: 'success' });
    return {
      denied: false as const,
      value: target.blob ? deps.crypto.decrypt(req.field, target.blob) : null,
    };
  });
  if (result.denied) {
    // recorded outside the refused transaction so the attempt stays on file
    await recordAudit(deps.db.kysely, deps.newId(), { ...audit, result: 'denied' });
    throw forbidden();
  }
  return result.value;
}

/**
 * The data subject's own field in clear (PIPL art. 45: a resident's copy of their data). No
 * reason and no access-log entry: the person reads about themself; the caller audits the export
 * in its transaction. The only other clear read beside {@link unmaskField}, through the same crypto.
 */
export function revealToSubject(
  deps: Pick<AppDeps, 'crypto'>,
  field: PiiField,
  blob: Buffer | null,
): string | null {
  return blob ? deps.crypto.decrypt(field, blob) : null;
}
