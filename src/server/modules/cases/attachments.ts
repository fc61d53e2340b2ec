import fs from 'node:fs';
import path from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import { isAllowed } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { HttpError, forbidden, notFound, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorFor, assertVisible } from './case-access.js';
import { snapshotOf } from './case-mapper.js';
import { auditActor } from './case-errors.js';
import * as q from './cases.queries.js';

/** Accepted types, recognised by their first bytes, not by what the client claims. */
const SNIFFERS: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  {
    type: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  // docx/xlsx/pptx are zip containers; doc/xls the old OLE2 format
  { type: 'application/zip', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) },
  {
    type: 'application/x-ole-storage',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  },
];
const OFFICE_EXT = /\.(docx|xlsx|pptx|doc|xls|ppt)$/i;

export function sniffType(bytes: Buffer, fileName: string): string | null {
  const hit = SNIFFERS.find((s) => s.test(bytes));
  if (!hit) return null;
  if (hit.type === 'application/zip' || hit.type === 'application/x-ole-storage') {
    return OFFICE_EXT.test(fileName) ? 'application/octet-stream' : null;
  }
  return hit.type;
}

/** 10 MB, 1.5 MB, 256 KB: a limit below 1 MB must not read as "0 MB". */
export function formatSize(bytes: number): string {
  const mb = bytes / 1048576;
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function attachmentPath(dataDir: string, caseId: string, id: string) {
  return path.join(dataDir, 'attachments', caseId.slice(0, 8), caseId, id);
}

/** Stores a file for a case: bytes on disk (fsync'd) before the row commits; removed if it does not. */
export async function addAttachment(
  deps: AppDeps,
  auth: AuthContext,
  caseId: string,
  file: MultipartFile,
  ip: string | null,
) {
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new HttpError(413, 'case.attachment_too_large', {
        limit: formatSize(deps.config.uploadMaxBytes),
      });
    }
    throw err;
  }
  const fileName = path.basename(file.filename || 'file').slice(0, 200);
  const contentType = sniffType(bytes, fileName);
  if (!contentType) throw unprocessable('case.bad_attachment_type', { type: file.mimetype });
  const id = deps.newId();
  const target = attachmentPath(deps.config.dataDir, caseId, id);
  return withTransaction(deps.db, async (trx) => {
    const row = await q.getCaseRow(trx, caseId);
    const snapshot = row ? snapshotOf(row, await q.getCaseUnits(trx, caseId)) : null;
    const actor = row && snapshot ? await actorFor(trx, auth, row) : null;
    assertVisible(actor, snapshot);
    if (!isAllowed(actor.role, 'attach', relationsOf(actor, snapshot!))) throw forbidden();
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const fh = await fs.promises.open(target, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
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
    } catch (err) {
      await fs.promises.rm(target, { force: true });
      throw err;
    }
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
    stream: fs.createReadStream(attachmentPath(deps.config.dataDir, caseId, attachmentId)),
  };
}
