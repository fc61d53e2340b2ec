import type { MultipartFile } from '@fastify/multipart';
import { isAllowed } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction, type Trx } from '../../db/transaction.js';
import { forbidden, notFound, unprocessable } from '../../http/errors.js';
import {
  copyStoredFile,
  openStoredFile,
  readUpload,
  storeFile,
  storedFilePath,
  type StoredFile,
  type UncommittedFiles,
} from '../../files/file-store.js';
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

/** The case, when the caller may add to its evidence: 404 unless they may read it, 403 unless attach. */
async function caseToAttach(trx: Trx, auth: AuthContext, caseId: string) {
  const row = await q.getCaseRow(trx, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseUnits(trx, caseId)) : null;
  const actor = row && snapshot ? await actorFor(trx, auth, row) : null;
  assertVisible(actor, snapshot);
  if (!isAllowed(actor.role, 'attach', relationsOf(actor, snapshot!))) throw forbidden();
  return row!;
}

/** An attachment's row and its audit record, in the caller's transaction. */
async function recordAttachment(
  trx: Trx,
  deps: AppDeps,
  auth: AuthContext,
  a: {
    countyCode: string;
    id: string;
    caseId: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    sm3: string;
    detail?: Record<string, unknown>;
  },
  ip: string | null,
) {
  const now = deps.clock();
  await q.insertAttachment(trx, {
    county_code: a.countyCode,
    id: a.id,
    case_id: a.caseId,
    file_name: a.fileName,
    content_type: a.contentType,
    size_bytes: a.sizeBytes,
    sm3: a.sm3,
    uploaded_by: auth.kind === 'staff' ? auth.user.id : null,
    created_at: now,
  });
  await recordAudit(trx, deps.newId(), {
    ...auditActor(auth),
    at: now,
    ip,
    action: 'case.attach',
    targetType: 'case',
    targetId: a.caseId,
    result: 'success',
    detail: { attachment_id: a.id, size: a.sizeBytes, ...a.detail },
  });
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
    const row = await caseToAttach(trx, auth, caseId);
    await storeFile(target, bytes, () =>
      recordAttachment(
        trx,
        deps,
        auth,
        {
          countyCode: row.county_code,
          id,
          caseId,
          fileName,
          contentType: contentType === 'application/octet-stream' ? file.mimetype.slice(0, 100) : contentType,
          sizeBytes: bytes.length,
          sm3: deps.crypto.sm3Hex(bytes),
        },
        ip,
      ),
    );
    return { id, fileName, sizeBytes: bytes.length };
  });
}

/** A file already in the store that is to become a case attachment, and where it came from. */
export interface StoredEvidence {
  file: StoredFile;
  /** for the audit record, e.g. { grid_upload_id } */
  origin: Record<string, string>;
}

/**
 * Makes files already in the store attachments of a case, inside the caller's transaction (the
 * photos of a grid dispute as its case is registered): the same permission and the same rows as
 * an upload. Each file is copied (see copyStoredFile); the copies are tracked in `files`, which
 * the caller discards if its transaction does not commit.
 */
export async function attachStoredFilesInTx(
  trx: Trx,
  deps: AppDeps,
  auth: AuthContext,
  caseId: string,
  evidence: readonly StoredEvidence[],
  ip: string | null,
  files: UncommittedFiles,
): Promise<string[]> {
  if (evidence.length === 0) return [];
  const row = await caseToAttach(trx, auth, caseId);
  const ids: string[] = [];
  for (const { file, origin } of evidence) {
    const id = deps.newId();
    const target = attachmentPath(deps.config.dataDir, caseId, id);
    await copyStoredFile(file.path, target, async () => {
      files.track(target);
      await recordAttachment(
        trx,
        deps,
        auth,
        {
          countyCode: row.county_code,
          id,
          caseId,
          fileName: file.fileName,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          sm3: file.sm3,
          detail: origin,
        },
        ip,
      );
    });
    ids.push(id);
  }
  return ids;
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
