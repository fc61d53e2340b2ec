// Queue numbers (叫号) for walk-in residents at a center's window: a number per center per CST day,
// called in order (for one stationed department, or any), then served or skipped. A skipped number
// can be called again when the resident comes back.
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { isStationingAllowed } from '../../../core/workflow/policy.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import * as q from './queue.queries.js';
import { requireStationedDepartment, stationingCenter } from './stationing.service.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;

const audit = (
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  action: string,
  id: string,
  detail: Record<string, unknown>,
) => ({
  at: deps.clock(),
  actorId: auth.user.id,
  actorRole: auth.user.role,
  actorLabel: auth.user.username,
  ip,
  action,
  targetType: 'queue_ticket',
  targetId: id,
  result: 'success' as const,
  detail,
});

export async function takeNumber(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  centerId: string,
  unitId?: string,
) {
  const center = await stationingCenter(deps, auth, centerId, 'queue');
  const now = deps.clock();
  const day = cstDayOf(now);
  const id = deps.newId();
  return withTransaction(deps.db, async (trx) => {
    if (unitId) await requireStationedDepartment(trx, center, [unitId]);
    const number = await q.nextQueueNumber(trx, center.id, day);
    await q.insertTicket(trx, {
      id,
      center_id: center.id,
      day,
      number,
      unit_id: unitId ?? null,
      taken_at: now,
      taken_by: auth.user.id,
    });
    await recordAudit(
      trx,
      deps.newId(),
      audit(deps, auth, ip, 'queue.take', id, { centerId: center.id, day, number }),
    );
    return { id, day, number };
  });
}

export async function callNext(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  centerId: string,
  unitId?: string,
) {
  const center = await stationingCenter(deps, auth, centerId, 'queue');
  const now = deps.clock();
  const day = cstDayOf(now);
  return withTransaction(deps.db, async (trx) => {
    const next = await q.claimNextWaiting(trx, center.id, day, unitId ?? null);
    if (!next) throw conflict('stationing.queue_empty');
    await q.setTicket(trx, next.id, { status: 'called', called_at: now, called_by: auth.user.id });
    await recordAudit(
      trx,
      deps.newId(),
      audit(deps, auth, ip, 'queue.call', next.id, { number: next.number }),
    );
    return { id: next.id, number: next.number, unitId: next.unit_id };
  });
}

/** Serve or skip a called number, or call a skipped one again. */
export async function finishTicket(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  ticketId: string,
  step: 'serve' | 'skip' | 'recall',
) {
  const now = deps.clock();
  return withTransaction(deps.db, async (trx) => {
    const ticket = await q.lockTicket(trx, ticketId);
    if (!ticket) throw notFound();
    const relations = auth.user.unitId === ticket.center_id ? (['center_staff'] as const) : ([] as const);
    if (!isStationingAllowed(auth.user.role, 'queue', relations)) throw forbidden();
    const from = step === 'recall' ? 'skipped' : 'called';
    if (ticket.status !== from) throw conflict('stationing.ticket_state', { status: ticket.status });
    if (step === 'recall') {
      await q.setTicket(trx, ticket.id, {
        status: 'called',
        called_at: now,
        called_by: auth.user.id,
        finished_at: null,
      });
    } else {
      await q.setTicket(trx, ticket.id, {
        status: step === 'serve' ? 'served' : 'skipped',
        finished_at: now,
      });
    }
    await recordAudit(
      trx,
      deps.newId(),
      audit(deps, auth, ip, `queue.${step}`, ticket.id, { number: ticket.number }),
    );
    return { status: step === 'serve' ? 'served' : step === 'skip' ? 'skipped' : 'called' };
  });
}

export async function queueOfToday(deps: AppDeps, auth: Staff, centerId: string) {
  const center = await stationingCenter(deps, auth, centerId, 'read_board');
  const day = cstDayOf(deps.clock());
  const rows = await q.ticketsOfDay(deps.db.kysely, center.id, day);
  return {
    day,
    tickets: rows.map((r) => ({
      id: r.id,
      number: r.number,
      unitId: r.unit_id,
      unitName: r.unit_name,
      status: r.status,
      takenAt: new Date(r.taken_at).toISOString(),
      calledAt: r.called_at ? new Date(r.called_at).toISOString() : null,
    })),
  };
}
