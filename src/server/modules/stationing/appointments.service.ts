// Appointments (预约) of residents with a department stationed at a center, only on the days the
// department is on duty there: a permanent one on working days, a rotating one on the days its
// roster (with overrides) names it. On-call departments are called, not booked.
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, unprocessable } from '../../http/errors.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { maskName, maskPhone } from '../../../core/pii/masking.js';
import { isValidPhone, normalizePhone } from '../../../core/pii/validation.js';
import { isIsoDay } from '../../../core/stationing/roster.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import * as q from './appointments.queries.js';
import { onDutyUnitIds, stationingCenter } from './stationing.service.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;

export interface AppointmentInput {
  unitId: string;
  day: string;
  time: string;
  residentName: string;
  phone: string;
  topic?: string;
}

export async function bookAppointment(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  centerId: string,
  input: AppointmentInput,
) {
  const center = await stationingCenter(deps, auth, centerId, 'queue');
  if (!isIsoDay(input.day)) throw badRequest('stationing.bad_date', { date: input.day });
  if (input.day < cstDayOf(deps.clock())) throw badRequest('stationing.day_past', { date: input.day });
  if (!isValidPhone(input.phone)) throw badRequest('stationing.bad_phone');
  const phone = normalizePhone(input.phone);
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    const onDuty = await onDutyUnitIds(deps, trx, center, input.day);
    if (!onDuty.permanent.has(input.unitId) && !onDuty.rotation.has(input.unitId))
      throw unprocessable('stationing.not_on_duty', { date: input.day });
    if (await q.slotTaken(trx, input.unitId, input.day, input.time))
      throw conflict('stationing.slot_taken', { date: input.day, time: input.time });
    await q.insertAppointment(trx, {
      id,
      center_id: center.id,
      unit_id: input.unitId,
      day: input.day,
      time_slot: input.time,
      resident_name: input.residentName,
      phone_enc: deps.crypto.encrypt('phone', phone),
      phone_masked: maskPhone(phone),
      phone_bidx: deps.crypto.blindIndex('phone', phone),
      topic: input.topic ?? null,
      created_by: auth.user.id,
      created_at: deps.clock(),
    });
    await recordAudit(trx, deps.newId(), {
      at: deps.clock(),
      actorId: auth.user.id,
      actorRole: auth.user.role,
      actorLabel: auth.user.username,
      ip,
      action: 'stationing.appointment',
      targetType: 'appointment',
      targetId: id,
      result: 'success',
      detail: { centerId: center.id, unitId: input.unitId, day: input.day, time: input.time },
    });
  });
  return { id };
}

/** A center's appointments of a day, names and phones masked. */
export async function listAppointments(deps: AppDeps, auth: Staff, centerId: string, date?: string) {
  const center = await stationingCenter(deps, auth, centerId, 'read_board');
  const day = date ?? cstDayOf(deps.clock());
  if (!isIsoDay(day)) throw badRequest('stationing.bad_date', { date: day });
  const rows = await q.appointmentsOn(deps.db.kysely, center.id, day);
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    time: r.time_slot,
    residentName: maskName(r.resident_name),
    phoneMasked: r.phone_masked,
    topic: r.topic,
    status: r.status,
  }));
}
