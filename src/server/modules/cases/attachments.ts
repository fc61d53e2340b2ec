import type { MultipartFile } from '@fastify/multipart';
import { isAllowed } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { forbidden, notFound, unprocessable } from '../../http/errors.js';
import { openStoredFile, readUpload, storeFile, storedFilePath } from '../../files/file-store.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorFor, assertVisible } from './case-access.js';
import { snapshotOf } from './case-mapper.js';
import { auditActor } from './case-errors.js';
import * as q from './cases.queries.js';

// the one file store (shared with grid photos); re-exported for the callers of this module
export { formatSize, sniffType } from '../../files/file-store.js';

function attachmentPath(dataDir: string, caseId: string, id: string) {
  return storedFilePath(dataDir, 'attachments', caseId, id);
}

/** Stores a file for a case: bytes on disk (fsync'd) before the row commits; removed if it does not. */
export async function addAttachment(
  deps: AppDeps,
  auth: AuthContext,
  caseId: string,
  file: MultipartFile,
  ip: string | null,
) {
  const {
    bytes,
    fileName,
    sniffed: contentType,
  } = await readUpload(file, deps.config.uploadMaxBytes, 'case.attachment_too_large');
  if (!contentType) throw unprocessable('case.bad_attachment_type', { type: file.mimetype });
  const id = deps.newId();
  const target = attachmentPath(deps.config.dataDir, caseId, id);
  return withTransaction(deps.db, async (trx) => {
    const row = await q.getCaseRow(trx, caseId);
    const snapshot = row ? snapshotOf(row, await q.getCaseUnits(trx, caseId)) : null;
    const actor = row && snapshot ? await actorFor(trx, auth, row) : null;
    assertVisible(actor, snapshot);
    if (!isAllowed(actor.role, 'attach', relationsOf(actor, snapshot!))) throw forbidden();
    await storeFile(target, bytes, async () => {
      const now = deps.clock();
      await q.insertAttachment(trx, {
        county_code: row!.county_code,
        id,
        case_id: caseId,
        file_name: fileName,
        content_type: contentType === 'application/octet-stream' ? file.mimetype.slice(0, 100) : contentType,
        size_bytes: bytes.length,
        sm3: deps.crypto.sm3Hex(bytes),
        uploaded_by: auth.kind === 'staff' ? auth.user.id : null,
        created_at: now,
      });
      await recordAudit(trx, deps.newId(), {
        ...auditActor(auth),
        at: now,
        ip,
        action: 'case.attach',
        targetType: 'case',
        targetId: caseId,
        result: 'success',
        detail: { attachment_id: id, size: bytes.length },
      });
    });
    return { id, fileName, sizeBytes: bytes.length };
  });
}

export async function readAttachment(deps: AppDeps, auth: AuthContext, caseId: string, attachmentId: string) {
  const db = deps.db.kysely;
  const row = await q.getCaseRow(db, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseUnits(db, caseId)) : null;
  const actor = row && snapshot ? await actorFor(db, auth, row) : null;
  assertVisible(actor, snapshot);
  const a = await q.getAttachment(db, caseId, attachmentId);
  if (!a) throw notFound();
  return {
    fileName: a.file_name,
    contentType: a.content_type,
    stream: openStoredFile(attachmentPath(deps.config.dataDir, caseId, attachmentId)),
  };
}
