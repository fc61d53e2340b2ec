// Stationing of departments at a center (进驻): the "on duty today" board, rotation rosters (轮驻),
// on-call contacts (随叫随驻) and the calls a center makes to them. Rules live in
// src/core/stationing; who may do what in the policy table (STATIONING_POLICY).
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import { cstDayOf, isWorkingDay } from '../../../core/calendar/work-calendar.js';
import { maskPhone } from '../../../core/pii/masking.js';
import { isValidPhone, normalizePhone } from '../../../core/pii/validation.js';
import {
  isIsoDay,
  onCallDeadline,
  onDuty,
  rosterProblems,
  type RosterKind,
} from '../../../core/stationing/roster.js';
import {
  isStationingAllowed,
  type StationingAction,
  type StationingRelation,
} from '../../../core/workflow/policy.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit, recordConfigChange } from '../audit/audit.service.js';
import * as q from './stationing.queries.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;
type Center = { id: string; name: string; region_code: string };

/** The center, when the caller may do `action` there (404 when no such center, 403 when not allowed). */
export async function stationingCenter(
  deps: AppDeps,
  auth: Staff,
  centerId: string,
  action: StationingAction,
): Promise<Center> {
  const center = await q.findCenter(deps.db.kysely, centerId);
  if (!center) throw notFound();
  const relations: StationingRelation[] = ['any'];
  if (center.region_code.startsWith(auth.user.scopeCode)) relations.push('in_scope');
  if (auth.user.unitId === center.id) relations.push('center_staff');
  if (!isStationingAllowed(auth.user.role, action, relations)) throw forbidden();
  return center;
}

function dayParam(date: string | undefined, now: Date): string {
  if (date === undefined) return cstDayOf(now);
  if (!isIsoDay(date)) throw badRequest('stationing.bad_date', { date });
  return date;
}

type Db = Parameters<typeof q.activeRosters>[0];

/** Each active roster of a center with whom it puts on duty on `day` (overrides applied). */
async function rotationOn(deps: AppDeps, db: Db, centerId: string, day: string) {
  const rosters = await q.activeRosters(db, centerId);
  const overrides = new Map(
    (
      await q.overridesOn(
        db,
        rosters.map((r) => r.id),
        day,
      )
    ).map((o) => [o.roster_id, o.unit_ids]),
  );
  const rotation = rosters.map((r) => {
    const who = onDuty(
      deps.calendar,
      {
        kind: r.kind,
        anchorDay: r.anchor_day,
        slots: r.slots,
        overrides: overrides.has(r.id) ? new Map([[day, overrides.get(r.id)!]]) : new Map(),
      },
      day,
    );
    return {
      rosterId: r.id,
      rosterName: r.name,
      kind: r.kind,
      overridden: overrides.has(r.id),
      unitIds: who,
    };
  });
  return rotation;
}

/** The departments on duty at a center on a day: permanent ones (working days only) and the rotation. */
export async function onDutyUnitIds(deps: AppDeps, db: Db, center: { id: string }, day: string) {
  const rotation = await rotationOn(deps, db, center.id, day);
  const permanent = isWorkingDay(deps.calendar, day) ? await q.permanentDepartments(db, center.id) : [];
  return {
    permanent: new Set(permanent.map((u) => u.id)),
    rotation: new Set(rotation.flatMap((r) => [...r.unitIds])),
  };
}

/** The "on duty today" board of a center: permanent departments, today's rotation, on-call contacts. */
export async function dutyBoard(deps: AppDeps, auth: Staff, centerId: string, date?: string) {
  const db = deps.db.kysely;
  const center = await stationingCenter(deps, auth, centerId, 'read_board');
  const day = dayParam(date, deps.clock());
  const rotation = await rotationOn(deps, db, center.id, day);
  const names = await q.unitNames(db, [...new Set(rotation.flatMap((r) => r.unitIds))]);
  const unit = (id: string) => ({
    unitId: id,
    name: names.get(id)?.name ?? '',
    type: names.get(id)?.type ?? null,
  });
  const permanent = await q.permanentDepartments(db, center.id);
  const contacts = await q.listContacts(db, center.id);
  return {
    centerId: center.id,
    centerName: center.name,
    date: day,
    workingDay: isWorkingDay(deps.calendar, day),
    permanent: permanent.map((u) => ({ unitId: u.id, name: u.name, type: u.department_type })),
    rotation: rotation.map(({ unitIds, ...r }) => ({ ...r, units: unitIds.map(unit) })),
    onCall: contacts.map((c) => ({
      unitId: c.unit_id,
      name: c.unit_name,
      type: c.department_type,
      contactName: c.contact_name,
      phoneMasked: c.phone_masked,
      responseMinutes: c.response_minutes,
    })),
  };
}

/** Refuses (422) any id that is not an active department able to serve the center. */
export async function requireStationedDepartment(
  db: Parameters<typeof q.eligibleDepartments>[0],
  center: Center,
  ids: string[],
) {
  const found = new Set((await q.eligibleDepartments(db, center, ids)).map((u) => u.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw unprocessable('stationing.unknown_department', { id: missing });
}

export interface RosterInput {
  name: string;
  kind: RosterKind;
  anchorDay: string;
  slots: string[][];
}

export async function createRoster(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  centerId: string,
  input: RosterInput,
) {
  const center = await stationingCenter(deps, auth, centerId, 'configure');
  const problem = rosterProblems(input)[0];
  if (problem) throw badRequest(`stationing.roster_${problem}`);
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    await requireStationedDepartment(trx, center, [...new Set(input.slots.flat())]);
    await q.insertRoster(trx, {
      id,
      center_id: center.id,
      name: input.name,
      kind: input.kind,
      anchor_day: input.anchorDay,
      slots: input.slots,
      now: deps.clock(),
    });
    await recordConfigChange(trx, deps, {
      user: auth.user,
      ip,
      action: 'config.duty_roster',
      targetType: 'duty_roster',
      targetId: id,
      detail: { op: 'add', centerId: center.id, ...input },
    });
  });
  return { id };
}

export async function setRosterOverride(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  rosterId: string,
  day: string,
  unitIds: string[],
) {
  const roster = await q.findRoster(deps.db.kysely, rosterId);
  if (!roster) throw notFound();
  const center = await stationingCenter(deps, auth, roster.center_id, 'configure');
  if (!isIsoDay(day)) throw badRequest('stationing.bad_date', { date: day });
  const ids = [...new Set(unitIds)];
  await withTransaction(deps.db, async (trx) => {
    await requireStationedDepartment(trx, center, ids);
    await q.upsertOverride(trx, roster.id, day, ids, deps.clock());
    await recordConfigChange(trx, deps, {
      user: auth.user,
      ip,
      action: 'config.duty_roster',
      targetType: 'duty_roster',
      targetId: roster.id,
      detail: { op: 'override', day, unitIds: ids },
    });
  });
}

export interface ContactInput {
  contactName: string;
  phone: string;
  responseMinutes: number;
}

export async function setOnCallContact(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  centerId: string,
  unitId: string,
  input: ContactInput,
) {
  const center = await stationingCenter(deps, auth, centerId, 'configure');
  if (!isValidPhone(input.phone)) throw badRequest('stationing.bad_phone');
  const phone = normalizePhone(input.phone);
  await withTransaction(deps.db, async (trx) => {
    await requireStationedDepartment(trx, center, [unitId]);
    await q.upsertContact(trx, {
      center_id: center.id,
      unit_id: unitId,
      contact_name: input.contactName,
      phone_enc: deps.crypto.encrypt('phone', phone),
      phone_masked: maskPhone(phone),
      response_minutes: input.responseMinutes,
      updated_at: deps.clock(),
    });
    // never the phone itself in the audit log
    await recordConfigChange(trx, deps, {
      user: auth.user,
      ip,
      action: 'config.on_call_contact',
      targetType: 'unit',
      targetId: unitId,
      detail: { centerId: center.id, responseMinutes: input.responseMinutes },
    });
  });
}

/** A center calls an on-call department, for a case or a walk-in; the deadline counts working minutes. */
export async function callOnCall(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  centerId: string,
  input: { unitId: string; caseId?: string; note?: string },
) {
  const center = await stationingCenter(deps, auth, centerId, 'call');
  const id = deps.newId();
  const now = deps.clock();
  return withTransaction(deps.db, async (trx) => {
    const contact = await q.findContact(trx, center.id, input.unitId);
    if (!contact) throw unprocessable('stationing.no_on_call_contact');
    if (input.caseId && !(await q.caseWithin(trx, input.caseId, center.region_code)))
      throw unprocessable('stationing.unknown_case', { id: input.caseId });
    const dueAt = onCallDeadline(deps.calendar, now, contact.response_minutes);
    await q.insertCall(trx, {
      id,
      center_id: center.id,
      unit_id: input.unitId,
      case_id: input.caseId ?? null,
      note: input.note ?? null,
      called_by: auth.user.id,
      called_at: now,
      due_at: dueAt,
    });
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: auth.user.id,
      actorRole: auth.user.role,
      actorLabel: auth.user.username,
      ip,
      action: 'stationing.call',
      targetType: 'on_call_call',
      targetId: id,
      result: 'success',
      detail: { centerId: center.id, unitId: input.unitId, caseId: input.caseId ?? null },
    });
    return { id, dueAt: dueAt.toISOString() };
  });
}

/** The called department acknowledges (接到) or reports its arrival (到场); late answers are kept. */
export async function answerCall(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  callId: string,
  step: 'acknowledge' | 'arrive',
) {
  const now = deps.clock();
  return withTransaction(deps.db, async (trx) => {
    const call = await q.lockCall(trx, callId);
    if (!call) throw notFound();
    const relations: StationingRelation[] = auth.user.unitId === call.unit_id ? ['called_unit'] : [];
    if (!isStationingAllowed(auth.user.role, 'answer_call', relations)) throw forbidden();
    const allowed = step === 'acknowledge' ? ['open', 'missed'] : ['open', 'missed', 'acknowledged'];
    if (!allowed.includes(call.status)) throw conflict('stationing.call_closed', { status: call.status });
    const acknowledgedAt = call.acknowledged_at ?? now;
    await q.setCallAnswer(trx, call.id, {
      status: step === 'acknowledge' ? 'acknowledged' : 'arrived',
      acknowledged_at: acknowledgedAt,
      acknowledged_by: call.acknowledged_by ?? auth.user.id,
      ...(step === 'arrive' ? { arrived_at: now } : {}),
    });
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: auth.user.id,
      actorRole: auth.user.role,
      actorLabel: auth.user.username,
      ip,
      action: `stationing.${step}`,
      targetType: 'on_call_call',
      targetId: call.id,
      result: 'success',
      detail: { onTime: now.getTime() <= new Date(call.due_at).getTime() },
    });
    return {
      status: step === 'acknowledge' ? 'acknowledged' : 'arrived',
      onTime: now <= new Date(call.due_at),
    };
  });
}

/** The calls of a center in the last 7 days (the board's list). */
export async function centerCalls(deps: AppDeps, auth: Staff, centerId: string) {
  const center = await stationingCenter(deps, auth, centerId, 'read_board');
  const rows = await q.recentCalls(
    deps.db.kysely,
    center.id,
    new Date(deps.clock().getTime() - 7 * 86_400_000),
  );
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    caseId: r.case_id,
    status: r.status,
    calledAt: new Date(r.called_at).toISOString(),
    dueAt: new Date(r.due_at).toISOString(),
  }));
}
