// What the console's stationing pages read and edit beyond the duty board: the departments that
// serve a center and how (常驻 / 轮驻 / 随叫随驻), its rotation rosters with their slots, a roster's
// schedule over a range of days (who is on duty which day, overrides marked), and a roster's edit.
import { isWorkingDay } from '../../../core/calendar/work-calendar.js';
import {
  dayNo,
  dayOfNo,
  isIsoDay,
  onDuty,
  rosterProblems,
  type RosterKind,
} from '../../../core/stationing/roster.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordConfigChange } from '../audit/audit.service.js';
import * as q from './stationing.queries.js';
import { requireStationedDepartment, stationingCenter } from './stationing.service.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;

/** At most this many days in one schedule (two months): one page of the roster editor. */
export const MAX_SCHEDULE_DAYS = 62;

/** The departments that may serve a center, each with its stationing, on-call contact and rosters. */
export async function centerDepartments(deps: AppDeps, auth: Staff, centerId: string) {
  const center = await stationingCenter(deps, auth, centerId, 'read_board');
  const db = deps.db.kysely;
  const [units, contacts, rosters] = await Promise.all([
    q.departmentsFor(db, center),
    q.listContacts(db, center.id),
    q.activeRosters(db, center.id),
  ]);
  const contactOf = new Map(contacts.map((c) => [c.unit_id, c]));
  return {
    centerId: center.id,
    centerName: center.name,
    items: units.map((u) => {
      const c = contactOf.get(u.id);
      return {
        unitId: u.id,
        name: u.name,
        type: u.department_type,
        stationing: u.stationing,
        regionCode: u.region_code,
        /** stationed at this center itself, or sent from a level above */
        own: u.center_id === center.id,
        onCall: c
          ? { contactName: c.contact_name, phoneMasked: c.phone_masked, responseMinutes: c.response_minutes }
          : null,
        rosters: rosters.filter((r) => r.slots.some((s) => s.includes(u.id))).map((r) => r.name),
      };
    }),
  };
}

/** A center's active rotation rosters with their slots, departments named. */
export async function centerRosters(deps: AppDeps, auth: Staff, centerId: string) {
  const center = await stationingCenter(deps, auth, centerId, 'read_board');
  const db = deps.db.kysely;
  const rosters = await q.activeRosters(db, center.id);
  const names = await q.unitNames(db, [...new Set(rosters.flatMap((r) => r.slots.flat()))]);
  return {
    items: rosters.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      anchorDay: r.anchor_day,
      slots: r.slots.map((s) => s.map((id) => ({ unitId: id, name: names.get(id)?.name ?? '' }))),
    })),
  };
}

/** Who a roster puts on duty each day from `from` for `days` days, overrides marked. */
export async function rosterSchedule(
  deps: AppDeps,
  auth: Staff,
  rosterId: string,
  from: string,
  days: number,
) {
  const db = deps.db.kysely;
  const roster = await q.findRoster(db, rosterId);
  if (!roster) throw notFound();
  await stationingCenter(deps, auth, roster.center_id, 'read_board');
  if (!isIsoDay(from)) throw badRequest('stationing.bad_date', { date: from });
  const to = dayOfNo(dayNo(from) + days - 1);
  const overrides = new Map(
    (await q.overridesBetween(db, roster.id, from, to)).map((o) => [o.day, o.unit_ids]),
  );
  const pattern = { kind: roster.kind, anchorDay: roster.anchor_day, slots: roster.slots, overrides };
  const list = Array.from({ length: days }, (_, i) => dayOfNo(dayNo(from) + i));
  const who = list.map((day) => onDuty(deps.calendar, pattern, day));
  const names = await q.unitNames(db, [...new Set(who.flat())]);
  return {
    rosterId: roster.id,
    name: roster.name,
    days: list.map((date, i) => ({
      date,
      workingDay: isWorkingDay(deps.calendar, date),
      overridden: overrides.has(date),
      units: who[i]!.map((id) => ({ unitId: id, name: names.get(id)?.name ?? '' })),
    })),
  };
}

export interface RosterUpdate {
  name: string;
  kind: RosterKind;
  anchorDay: string;
  slots: string[][];
  active: boolean;
}

/** Replaces a roster's pattern (its overrides stay); inactive takes it off the board. */
export async function updateRoster(
  deps: AppDeps,
  auth: Staff,
  ip: string | null,
  rosterId: string,
  input: RosterUpdate,
) {
  const roster = await q.findRoster(deps.db.kysely, rosterId);
  if (!roster) throw notFound();
  const center = await stationingCenter(deps, auth, roster.center_id, 'configure');
  const problem = rosterProblems(input)[0];
  if (problem) throw badRequest(`stationing.roster_${problem}`);
  await withTransaction(deps.db, async (trx) => {
    await requireStationedDepartment(trx, center, [...new Set(input.slots.flat())]);
    await q.updateRoster(trx, roster.id, {
      name: input.name,
      kind: input.kind,
      anchor_day: input.anchorDay,
      slots: input.slots,
      active: input.active,
      now: deps.clock(),
    });
    await recordConfigChange(trx, deps, {
      user: auth.user,
      ip,
      action: 'config.duty_roster',
      targetType: 'duty_roster',
      targetId: roster.id,
      detail: { op: 'update', centerId: center.id, ...input },
    });
  });
}
