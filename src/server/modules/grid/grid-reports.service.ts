// Grid reports (上报事件): what a grid worker or security member reports by type. A dispute becomes
// a case in the loop (registered by the worker at the village, in the same transaction); every
// other type runs its own short loop reported → assigned → concluded within its time limit.
import {
  nextStatus,
  reportDeadline,
  reportLight,
  type ReportStep,
  type StepError,
} from '../../../core/grid/grid-rules.js';
import { gridRoleMayEver, GRID_POLICY } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction, type Trx } from '../../db/transaction.js';
import { UncommittedFiles } from '../../files/file-store.js';
import type { HttpError } from '../../http/errors.js';
import { conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { rollupGridConcluded, rollupGridReported } from '../analytics/rollups.service.js';
import type { AuthContext, StaffUser } from '../auth/auth.service.js';
import { attachStoredFilesInTx } from '../cases/attachments.js';
import { registerCaseInTx } from '../cases/register-case.js';
import { gridStaff, mayGrid, rangeOf } from './grid-access.js';
import { claimClientKey, decodeCursor, encodeCursor, onceRetried } from './grid-common.js';
import { checkPhotos, gridOfRecord, ownPhotoFiles, sealedPlace } from './grid-work.service.js';
import { dayRange } from '../cases/figure-filters.js';
import * as q from './grid.queries.js';
import type { ReportBodyT, ReportQueryT } from './grid.schemas.js';

function reportOut(r: q.ReportRow, now: Date) {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    description: r.description,
    regionCode: r.region_code,
    regionName: r.region_name,
    reportedAt: r.reported_at.toISOString(),
    reporterName: r.reporter_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    deadline: r.deadline_at?.toISOString() ?? null,
    light: reportLight({
      now,
      reportedAt: r.reported_at,
      deadline: r.deadline_at,
      concludedAt: r.concluded_at,
    }),
    concludedAt: r.concluded_at?.toISOString() ?? null,
    result: r.result,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseState: r.case_state,
    place: r.place,
    riskLevel: r.risk_level,
    resolvedOnSite: r.resolved_on_site,
  };
}

const audit = (user: StaffUser, at: Date, ip: string | null) => ({
  actorId: user.id,
  actorRole: user.role,
  actorLabel: user.username,
  at,
  ip,
  targetType: 'grid_report',
  result: 'success' as const,
});

export async function createReport(
  deps: AppDeps,
  auth: AuthContext,
  body: ReportBodyT,
  ip: string | null,
): Promise<{ report: Awaited<ReturnType<typeof getReport>>; replayed: boolean }> {
  const user = gridStaff(auth);
  const grid = await gridOfRecord(deps, user, 'report', body.regionCode);
  if (body.type === 'dispute') {
    // the village-level mediation is the case's own record (accept, handle, conclude on the case)
    if (body.resolvedOnSite) throw unprocessable('grid.dispute_on_site');
    if (!body.parties?.length) throw unprocessable('grid.dispute_needs_parties');
  } else if (body.parties?.length || body.categoryCode) {
    throw unprocessable('grid.dispute_only_fields');
  }
  await checkPhotos(deps, user, body.photoIds);
  // a dispute's photos are copied to its case: copies of an attempt that did not commit are removed
  const files = new UncommittedFiles();
  const result = await onceRetried(() =>
    withTransaction(deps.db, async (trx) => {
      await files.discard();
      const id = deps.newId();
      const claim = await claimClientKey(trx, deps, {
        userId: user.id,
        kind: 'grid-report',
        clientKey: body.clientKey,
        request: body,
        resourceId: id,
      });
      if (claim) return { id: claim.replayOf, replayed: true };
      await reportInTx(trx, deps, auth, { id, gridCode: grid.code, body, ip, files });
      return { id, replayed: false };
    }),
  ).catch(async (err: unknown) => {
    await files.discard();
    throw err;
  });
  return { report: await getReport(deps, auth, result.id), replayed: result.replayed };
}

/**
 * The report itself, inside the caller's transaction (the route's, or the demo seeder's): the
 * row, its first timeline entries, the audit record, and for a dispute its case with the photos
 * as the case's attachments (copied; `files` tracks the copies for the caller to discard if the
 * transaction does not commit).
 */
export async function reportInTx(
  trx: Trx,
  deps: AppDeps,
  auth: AuthContext,
  a: {
    id: string;
    gridCode: string;
    body: ReportBodyT;
    ip: string | null;
    files?: UncommittedFiles;
  },
): Promise<void> {
  const user = gridStaff(auth);
  const now = deps.clock();
  const id = a.id;
  const ip = a.ip;
  const registered =
    a.body.type === 'dispute'
      ? await registerCaseInTx(
          trx,
          deps,
          auth,
          {
            categoryCode: a.body.categoryCode ?? 'other',
            // a security member's finding comes from a patrol (治保), a grid worker's from the grid
            channel: user.role === 'security_member' ? 'patrol' : 'grid',
            regionCode: a.gridCode,
            description: a.body.description,
            address: a.body.place,
            latitude: a.body.position?.lat,
            longitude: a.body.position?.lng,
            riskLevel: a.body.riskLevel,
            parties: a.body.parties!.map((p) => ({
              role: p.role,
              name: p.name,
              phone: p.phone,
              idNumber: p.idNumber,
            })),
          },
          a.ip,
        )
      : null;
  if (registered && a.body.photoIds?.length) {
    const photos = await ownPhotoFiles(trx, deps, user, a.body.photoIds);
    await attachStoredFilesInTx(
      trx,
      deps,
      auth,
      registered.id,
      photos,
      ip,
      a.files ?? new UncommittedFiles(),
    );
  }
  const onSite = a.body.resolvedOnSite === true;
  const deadline = reportDeadline(deps.calendar, a.body.type, now);
  await q.insertReport(trx, {
    county_code: a.gridCode.slice(0, 6),
    id,
    type: a.body.type,
    status: onSite ? 'concluded' : 'reported',
    region_code: a.gridCode,
    reporter_id: user.id,
    reporter_unit_id: user.unitId,
    description: a.body.description,
    ...sealedPlace(deps, a.body.place),
    latitude: a.body.position?.lat ?? null,
    longitude: a.body.position?.lng ?? null,
    risk_level: a.body.riskLevel ?? null,
    photo_ids: a.body.photoIds ?? [],
    resolved_on_site: onSite,
    unit_id: null,
    assigned_at: null,
    deadline_at: deadline,
    concluded_at: onSite ? now : null,
    concluded_by: onSite ? user.id : null,
    result: null,
    case_id: registered?.id ?? null,
    case_no: registered?.caseNo ?? null,
    reported_at: now,
    updated_at: now,
    version: 1,
  });
  await rollupGridReported(trx, {
    type: a.body.type,
    regionCode: a.gridCode,
    at: now,
    deadline,
    concludedOnSite: onSite,
  });
  await addEvent(trx, id, a.gridCode, now, user, 'report', null, null);
  if (onSite) await addEvent(trx, id, a.gridCode, now, user, 'conclude', null, null);
  await recordAudit(trx, deps.newId(), {
    ...audit(user, now, ip),
    action: 'grid.report',
    targetId: id,
    detail: { type: a.body.type, case_id: registered?.id ?? null, on_site: onSite },
  });
}

async function addEvent(
  trx: Trx,
  reportId: string,
  regionCode: string,
  at: Date,
  user: StaffUser,
  action: 'report' | 'assign' | 'conclude',
  unitId: string | null,
  note: string | null,
) {
  const seq = (await q.lastReportSeq(trx, reportId)) + 1;
  await q.insertReportEvent(trx, {
    county_code: regionCode.slice(0, 6),
    report_id: reportId,
    seq,
    at,
    action,
    actor_id: user.id,
    actor_unit_id: user.unitId,
    unit_id: unitId,
    note,
  });
}

/** One report with its photos, position and timeline; 404 when the caller may not read it. */
export async function getReport(deps: AppDeps, auth: AuthContext, id: string) {
  const user = gridStaff(auth);
  if (!gridRoleMayEver(user.role, 'read_report')) throw forbidden();
  const db = deps.db.kysely;
  const row = await q.getReport(db, id);
  if (!row || !mayGrid(user, 'read_report', row.region_code, row.unit_id)) throw notFound();
  const events = await q.getReportEvents(db, id);
  return {
    ...reportOut(row, deps.clock()),
    photoIds: row.photo_ids,
    position:
      row.latitude !== null && row.longitude !== null ? { lat: row.latitude, lng: row.longitude } : null,
    version: row.version,
    allowed: {
      assign: mayGrid(user, 'assign_report', row.region_code, row.unit_id),
      conclude: mayGrid(user, 'conclude_report', row.region_code, row.unit_id),
    },
    events: events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      action: e.action,
      actorName: e.actor_name,
      actorUnitName: e.actor_unit_name,
      unitId: e.unit_id,
      unitName: e.unit_name,
      note: e.note,
    })),
  };
}

/** The reports the caller may see, newest first: their scope's, and those assigned to their unit. */
export async function listReports(deps: AppDeps, auth: AuthContext, qs: ReportQueryT) {
  const user = gridStaff(auth);
  if (!gridRoleMayEver(user.role, 'read_report')) throw forbidden();
  const relations = GRID_POLICY.read_report[user.role] ?? [];
  const visibility = {
    range: relations.includes('in_scope') ? rangeOf(user.scopeCode) : null,
    unitId: relations.includes('assigned_unit') ? user.unitId : null,
  };
  const now = deps.clock();
  const limit = qs.limit ?? 20;
  const period = dayRange(qs.from, qs.to, { from: 'from', to: 'to' });
  const rows = await q.listReports(deps.db.kysely, visibility, {
    ...(qs.figure === 'concluded' ? { concluded: period ?? {} } : { reported: period }),
    noDisputes: qs.figure !== undefined,
    reporterId: qs.mine ? user.id : undefined,
    region: qs.region ? rangeOf(qs.region) : undefined,
    type: qs.type,
    status: qs.status,
    overdueAt: qs.overdue ? now : undefined,
    after: decodeCursor(qs.cursor),
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => reportOut(r, now)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.reported_at, last.id) : null,
  };
}

const STEP_ERRORS: Record<StepError, () => HttpError> = {
  report_concluded: () => conflict('grid.report_concluded'),
  dispute_is_a_case: () => unprocessable('grid.dispute_is_a_case'),
  not_assigned: () => conflict('grid.not_assigned'),
};

type Locked = NonNullable<Awaited<ReturnType<typeof q.lockReport>>>;

/** One step of a report's loop inside the caller's transaction, checked against policy and status. */
async function stepInTx(
  trx: Trx,
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  kind: ReportStep,
  apply: (row: Locked, user: StaffUser, now: Date) => Promise<void>,
): Promise<void> {
  const user = gridStaff(auth);
  const row = await q.lockReport(trx, id);
  if (!row || !mayGrid(user, 'read_report', row.region_code, row.unit_id)) throw notFound();
  const action = kind === 'assign' ? 'assign_report' : 'conclude_report';
  if (!mayGrid(user, action, row.region_code, row.unit_id)) throw forbidden();
  // the dispatcher of the place may conclude what needed no unit; the unit only what it was given
  const byDispatcher = user.role === 'dispatcher' && mayGrid(user, 'assign_report', row.region_code);
  const next = nextStatus(row.type, row.status, kind, byDispatcher);
  if (!next.ok) throw STEP_ERRORS[next.error]();
  await apply(row, user, deps.clock());
}

/** The township dispatcher hands a report to the unit responsible for it (at or above its place). */
export async function assignReportInTx(
  trx: Trx,
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: { unitId: string; note?: string },
  ip: string | null,
): Promise<void> {
  await stepInTx(trx, deps, auth, id, 'assign', async (row, user, now) => {
    const unit = await q.findUnit(trx, body.unitId);
    if (!unit) throw unprocessable('grid.unknown_unit', { id: body.unitId });
    if (!unit.active) throw unprocessable('grid.unit_inactive', { name: unit.name });
    if (!row.region_code.startsWith(unit.region_code)) {
      throw unprocessable('grid.unit_not_for_place', { name: unit.name });
    }
    await q.updateReport(trx, id, {
      status: 'assigned',
      unit_id: unit.id,
      assigned_at: now,
      updated_at: now,
    });
    await addEvent(trx, id, row.region_code, now, user, 'assign', unit.id, body.note?.trim() || null);
    await recordAudit(trx, deps.newId(), {
      ...audit(user, now, ip),
      action: 'grid.report_assign',
      targetId: id,
      detail: { unit_id: unit.id },
    });
  });
}

/** The assigned unit (or the dispatcher) concludes a report with what was done. */
export async function concludeReportInTx(
  trx: Trx,
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: { result: string },
  ip: string | null,
): Promise<void> {
  await stepInTx(trx, deps, auth, id, 'conclude', async (row, user, now) => {
    await q.updateReport(trx, id, {
      status: 'concluded',
      concluded_at: now,
      concluded_by: user.id,
      result: body.result,
      updated_at: now,
    });
    await addEvent(trx, id, row.region_code, now, user, 'conclude', null, body.result);
    await rollupGridConcluded(trx, {
      type: row.type,
      regionCode: row.region_code,
      at: now,
      deadline: row.deadline_at,
    });
    await recordAudit(trx, deps.newId(), {
      ...audit(user, now, ip),
      action: 'grid.report_conclude',
      targetId: id,
      detail: { in_time: !!row.deadline_at && now.getTime() <= row.deadline_at.getTime() },
    });
  });
}

export async function assignReport(
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: { unitId: string; note?: string },
  ip: string | null,
) {
  await withTransaction(deps.db, (trx) => assignReportInTx(trx, deps, auth, id, body, ip));
  return getReport(deps, auth, id);
}

export async function concludeReport(
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: { result: string },
  ip: string | null,
) {
  await withTransaction(deps.db, (trx) => concludeReportInTx(trx, deps, auth, id, body, ip));
  return getReport(deps, auth, id);
}
