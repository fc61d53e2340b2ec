// Routine work items (走访, 巡查, 宣传, 信息采集), the photos that go with them, and today's tasks.
// Work items are the platform's volume (millions a year): one short transaction each, no audit
// row (they hold no personal data and are themselves the record of who did what).
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { occurredAtProblem, periodOf } from '../../../core/grid/grid-rules.js';
import { maskAddress } from '../../../core/pii/masking.js';
import { levelOfCode, selfAndAncestors } from '../../../core/regions/region-code.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction, type Trx } from '../../db/transaction.js';
import type { GridPatrol } from '../../db/tables.js';
import { openStoredFile, readUpload, storeFile, storedFilePath } from '../../files/file-store.js';
import { badRequest, forbidden, notFound, unprocessable } from '../../http/errors.js';
import type { AuthContext, StaffUser } from '../auth/auth.service.js';
import type { StoredEvidence } from '../cases/attachments.js';
import { gridStaff, mayGrid, rangeOf, requireGrid, requireGridRole } from './grid-access.js';
import { claimClientKey, decodeCursor, encodeCursor, onceRetried, periodFromQuery } from './grid-common.js';
import * as q from './grid.queries.js';
import type { WorkItemBodyT, WorkItemQueryT } from './grid.schemas.js';

/** A place as stored: masked for lists, SM4-encrypted in full (an address is personal data). */
export function sealedPlace(deps: AppDeps, place: string | undefined) {
  const p = place?.trim();
  return {
    place_masked: p ? maskAddress(p) : null,
    place_enc: p ? deps.crypto.encrypt('address', p) : null,
  };
}

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const UPLOAD_AREA = 'grid-uploads';

type WorkRow = NonNullable<Awaited<ReturnType<typeof q.getWorkItem>>>;

export function workItemOut(r: WorkRow) {
  return {
    id: r.id,
    kind: r.kind,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    regionCode: r.region_code,
    regionName: r.region_name,
    workerId: r.worker_id,
    workerName: r.worker_name,
    place: r.place,
    note: r.note,
    photoIds: r.photo_ids,
    patrol: (r.patrol as GridPatrol | null) ?? null,
    position:
      r.latitude !== null && r.longitude !== null
        ? { lat: r.latitude, lng: r.longitude, accuracy: r.accuracy_m }
        : null,
    planId: r.plan_id,
  };
}

/** The grid a worker records in: the one given (inside their scope) or their own; it must exist. */
export async function gridOfRecord(
  deps: AppDeps,
  user: StaffUser,
  action: 'log_work' | 'report',
  regionCode: string | undefined,
): Promise<{ code: string; name: string }> {
  requireGridRole(user, action);
  const code = regionCode ?? user.scopeCode;
  requireGrid(user, action, code);
  if (levelOfCode(code) !== 'grid') throw unprocessable('grid.not_a_grid', { code });
  const region = await q.findRegion(deps.db.kysely, code);
  if (!region) throw unprocessable('grid.unknown_region', { code });
  return region;
}

/** 422 unless every photo id names an upload of this user. */
export async function checkPhotos(deps: AppDeps, user: StaffUser, ids: readonly string[] | undefined) {
  if (!ids?.length) return;
  const own = await q.ownUploads(deps.db.kysely, user.id, ids);
  const missing = ids.find((id) => !own.has(id));
  if (missing) throw unprocessable('grid.unknown_photo', { id: missing });
}

export async function createWorkItem(
  deps: AppDeps,
  auth: AuthContext,
  body: WorkItemBodyT,
): Promise<{ item: ReturnType<typeof workItemOut>; replayed: boolean }> {
  const user = gridStaff(auth);
  const grid = await gridOfRecord(deps, user, 'log_work', body.regionCode);
  const occurredAt = new Date(body.occurredAt);
  const now = deps.clock();
  const problem = occurredAtProblem(occurredAt, now);
  if (problem) throw unprocessable(`grid.occurred_${problem}`);
  if (body.patrol && body.kind !== 'patrol') throw unprocessable('grid.patrol_only');
  await checkPhotos(deps, user, body.photoIds);
  if (body.taskId) {
    const plan = await q.getPlan(deps.db.kysely, body.taskId);
    if (!plan || !selfAndAncestors(grid.code).includes(plan.region_code) || plan.kind !== body.kind) {
      throw unprocessable('grid.unknown_task');
    }
  }
  const result = await onceRetried(() =>
    withTransaction(deps.db, async (trx) => {
      const id = deps.newId();
      const claim = await claimClientKey(trx, deps, {
        userId: user.id,
        kind: 'grid-work',
        clientKey: body.clientKey,
        request: body,
        resourceId: id,
      });
      if (claim) return { id: claim.replayOf, replayed: true };
      await q.insertWorkItem(trx, {
        county_code: grid.code.slice(0, 6),
        id,
        occurred_at: occurredAt,
        region_code: grid.code,
        worker_id: user.id,
        kind: body.kind,
        recorded_at: now,
        latitude: body.position?.lat ?? null,
        longitude: body.position?.lng ?? null,
        accuracy_m: body.position?.accuracy ?? null,
        ...sealedPlace(deps, body.place),
        note: body.note,
        photo_ids: body.photoIds ?? [],
        patrol: body.patrol ? JSON.stringify(body.patrol) : null,
        plan_id: body.taskId ?? null,
        client_key: body.clientKey,
      });
      return { id, replayed: false };
    }),
  );
  const row = await q.getWorkItem(deps.db.kysely, result.id);
  if (!row) throw notFound();
  return { item: workItemOut(row), replayed: result.replayed };
}

const DAY = 86_400_000;

/**
 * A page of work items, newest first. A grid worker without filters sees their own; a region
 * filter must lie within the caller's scope; without one, the caller's whole scope.
 */
export async function listWorkItems(deps: AppDeps, auth: AuthContext, qs: WorkItemQueryT) {
  const user = gridStaff(auth);
  requireGridRole(user, 'read_work');
  const region = qs.region ?? user.scopeCode;
  requireGrid(user, 'read_work', region);
  const gridRole = user.role === 'grid_worker' || user.role === 'security_member';
  const workerId = qs.worker ?? (gridRole && !qs.region ? user.id : undefined);
  const period =
    qs.from || qs.to
      ? periodFromQuery(qs.from, qs.to, { from: new Date(0), to: new Date(deps.clock().getTime() + DAY) })
      : undefined;
  const limit = qs.limit ?? 20;
  const rows = await q.listWorkItems(deps.db.kysely, {
    region: levelOfCode(region) === 'grid' ? { exact: region } : rangeOf(region),
    workerId,
    kind: qs.kind,
    from: period?.from,
    to: period?.to,
    after: decodeCursor(qs.cursor),
    limit,
    now: deps.clock(),
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(workItemOut),
    nextCursor: rows.length > limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}

/** Photos are filed under their grid, as case attachments are under their case. */
function uploadPath(deps: AppDeps, gridCode: string, id: string) {
  return storedFilePath(deps.config.dataDir, UPLOAD_AREA, gridCode, id);
}

/**
 * The stored files of the user's photos, in the order given, to become evidence elsewhere (a
 * dispute's case); 422 unless every id names an upload of this user.
 */
export async function ownPhotoFiles(
  trx: Trx,
  deps: AppDeps,
  user: StaffUser,
  ids: readonly string[],
): Promise<StoredEvidence[]> {
  const rows = new Map((await q.getOwnUploads(trx, user.id, ids)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = rows.get(id);
    if (!r) throw unprocessable('grid.unknown_photo', { id });
    return {
      file: {
        path: uploadPath(deps, r.region_code, id),
        fileName: r.file_name,
        contentType: r.content_type,
        sizeBytes: r.size_bytes,
        sm3: r.sm3,
      },
      origin: { grid_upload_id: id },
    };
  });
}

/**
 * Stores a photo from a grid worker's phone, once per client key: the same key again answers the
 * first upload's id (a retry after a lost answer), another file under that key is refused.
 */
export async function uploadPhoto(
  deps: AppDeps,
  auth: AuthContext,
  parts: AsyncIterable<Multipart>,
): Promise<{ id: string; replayed: boolean }> {
  const user = gridStaff(auth);
  if (!mayGrid(user, 'log_work', user.scopeCode) && !mayGrid(user, 'report', user.scopeCode)) {
    throw forbidden();
  }
  let clientKey: string | undefined;
  let upload: Awaited<ReturnType<typeof readUpload>> | undefined;
  for await (const part of parts) {
    if (part.type === 'file') {
      const file: MultipartFile = part;
      if (upload || file.fieldname !== 'file') {
        await file.toBuffer().catch(() => undefined);
        throw badRequest('grid.one_photo');
      }
      upload = await readUpload(file, deps.config.uploadMaxBytes, 'grid.photo_too_large');
    } else if (part.fieldname === 'clientKey') {
      clientKey = String(part.value);
    }
  }
  if (!upload) throw badRequest('validation.required', { field: 'file' });
  if (!clientKey || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientKey)) {
    throw badRequest('grid.client_key_required');
  }
  if (!upload.sniffed || !PHOTO_TYPES.has(upload.sniffed)) throw unprocessable('grid.bad_photo_type');
  const { bytes, fileName, sniffed } = upload;
  const key = clientKey;
  const county = user.scopeCode.slice(0, 6);
  return onceRetried(() =>
    withTransaction(deps.db, async (trx) => {
      const id = deps.newId();
      const claim = await claimClientKey(trx, deps, {
        userId: user.id,
        kind: 'grid-upload',
        clientKey: key,
        request: bytes,
        resourceId: id,
      });
      if (claim) return { id: claim.replayOf, replayed: true };
      return storeFile(uploadPath(deps, user.scopeCode, id), bytes, async () => {
        await q.insertUpload(trx, {
          county_code: county,
          id,
          region_code: user.scopeCode,
          uploaded_by: user.id,
          file_name: fileName,
          content_type: sniffed!,
          size_bytes: bytes.length,
          sm3: deps.crypto.sm3Hex(bytes),
          created_at: deps.clock(),
        });
        return { id, replayed: false };
      });
    }),
  );
}

/**
 * A photo for whoever may see what it shows: its uploader, readers of work in the scope of its
 * grid, and the unit a report showing it is assigned to. Anyone else: as if it did not exist.
 */
export async function readPhoto(deps: AppDeps, auth: AuthContext, id: string) {
  const user = gridStaff(auth);
  const db = deps.db.kysely;
  const row = await q.getUpload(db, id);
  if (!row) throw notFound();
  const visible =
    row.uploaded_by === user.id ||
    mayGrid(user, 'read_work', row.region_code) ||
    mayGrid(user, 'read_report', row.region_code) ||
    (user.unitId !== null && (await q.photoInReportOfUnit(db, id, user.unitId)));
  if (!visible) throw notFound();
  return {
    contentType: row.content_type,
    fileName: row.file_name,
    stream: openStoredFile(uploadPath(deps, row.region_code, id)),
  };
}

/**
 * Today's tasks of a grid worker or security member: every plan covering their grid (set for the
 * grid, its village or its township), with what the current period requires and what they did.
 */
export async function tasksToday(deps: AppDeps, auth: AuthContext) {
  const user = gridStaff(auth);
  requireGridRole(user, 'log_work');
  const grid = user.scopeCode;
  const db = deps.db.kysely;
  const now = deps.clock();
  const plans = await q.listPlans(db, { codes: selfAndAncestors(grid) });
  return Promise.all(
    plans.map(async (p) => {
      const period = periodOf(p.every, now);
      const done = await q.countWorkDone(db, {
        workerId: user.id,
        regionCode: grid,
        kind: p.kind,
        from: period.from,
        to: period.to,
      });
      return {
        key: `${p.id}:${period.firstDay}`,
        planId: p.id,
        kind: p.kind,
        title: p.title,
        every: p.every,
        regionCode: p.region_code,
        period: { from: period.from.toISOString(), to: period.to.toISOString() },
        required: p.count,
        done,
      };
    }),
  );
}
