// Weekly meetings (工作例会) of a center: held by its dispatcher or leader for a week, read within
// scope by the dashboard roles (policy.ts MEETING_POLICY). Decisions: decisions.service.ts; the
// situation report: situation-report.service.ts.
import { bucketStart, dayNumber } from '../../../core/analytics/periods.js';
import { isMeetingAllowed, meetingRelations, meetingRoleMayEver } from '../../../core/workflow/policy.js';
import type { MeetingAction } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import type { MeetingAttendee } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, forbidden, notFound, unprocessable } from '../../http/errors.js';
import { recordStaffAction } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import * as q from './meetings.queries.js';

export type Staff = Extract<AuthContext, { kind: 'staff' }>;

/** 403 before any lookup for a role that may never do `action` (and for residents). */
export function requireMeetingRole(auth: AuthContext, action: MeetingAction): Staff {
  if (auth.kind !== 'staff' || !meetingRoleMayEver(auth.user.role, action)) throw forbidden();
  return auth;
}

/** Text that is only white space counts as missing. */
export function nonBlank(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badRequest('meetings.blank', { field });
  return trimmed;
}

export interface MeetingInput {
  /** the Monday of the week the report covers (YYYY-MM-DD, CST) */
  weekStart: string;
  heldAt: string;
  place: string;
  /** accounts (userId) or free text (name) */
  attendees: { name?: string; userId?: string }[];
  notes?: string;
}

const isMonday = (day: string) => dayNumber(day) !== null && bucketStart(day, 'week') === day;

async function attendeesOf(deps: AppDeps, auth: Staff, input: MeetingInput['attendees']) {
  const out: MeetingAttendee[] = [];
  for (const [i, a] of input.entries()) {
    if (a.userId) {
      const u = await q.getUser(deps.db.kysely, a.userId);
      // an account of the holding area or above it (a county leader attending a township meeting)
      const related =
        u && (u.scope_code.startsWith(auth.user.scopeCode) || auth.user.scopeCode.startsWith(u.scope_code));
      if (!u || !u.active || !related) throw unprocessable('meetings.unknown_attendee', { n: i + 1 });
      out.push({ name: u.display_name, userId: u.id });
    } else {
      out.push({ name: nonBlank(a.name ?? '', 'attendees') });
    }
  }
  return out;
}

/** A dispatcher or leader holds a meeting of their own center (its region is their scope). */
export async function createMeeting(
  deps: AppDeps,
  authIn: AuthContext,
  input: MeetingInput,
  ip: string | null,
) {
  const auth = requireMeetingRole(authIn, 'hold_meeting');
  if (!isMonday(input.weekStart)) throw badRequest('meetings.week_not_monday', { value: input.weekStart });
  const heldAt = new Date(input.heldAt);
  if (Number.isNaN(heldAt.getTime())) throw badRequest('validation.format', { field: 'heldAt' });
  const place = nonBlank(input.place, 'place');
  const notes = input.notes?.trim() || null;
  const attendees = await attendeesOf(deps, auth, input.attendees);
  const now = deps.clock();
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    await q.insertMeeting(trx, {
      id,
      county_code: auth.user.scopeCode.slice(0, 6),
      region_code: auth.user.scopeCode,
      unit_id: auth.user.unitId,
      week_start: input.weekStart,
      held_at: heldAt,
      place,
      attendees: JSON.stringify(attendees),
      notes,
      created_by: auth.user.id,
      created_at: now,
      updated_at: now,
    });
    await recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip,
      action: 'meeting.create',
      targetType: 'meeting',
      targetId: id,
      detail: { week_start: input.weekStart, region_code: auth.user.scopeCode },
    });
  });
  return meetingView((await q.getMeeting(deps.db.kysely, id))!);
}

/** The meeting if the caller may read it (404 outside their scope: its existence does not leak). */
export async function readableMeeting(deps: AppDeps, authIn: AuthContext, id: string) {
  const auth = requireMeetingRole(authIn, 'read_meeting');
  const row = await q.getMeeting(deps.db.kysely, id);
  if (
    !row ||
    !isMeetingAllowed(
      auth.user.role,
      'read_meeting',
      meetingRelations(auth.user, { regionCode: row.region_code }),
    )
  ) {
    throw notFound();
  }
  return { auth, row };
}

export async function listMeetings(
  deps: AppDeps,
  authIn: AuthContext,
  f: { cursor?: string; limit: number },
) {
  const auth = requireMeetingRole(authIn, 'read_meeting');
  const rows = await q.listMeetings(deps.db.kysely, {
    regionPrefix: auth.user.scopeCode,
    before: f.cursor,
    limit: f.limit,
  });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => ({ ...meetingView(r), decisions: Number(r.decisions ?? 0) })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

/** A meeting as the API shows it. */
export function meetingView(r: q.MeetingRow) {
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName: r.region_name,
    unitId: r.unit_id,
    unitName: r.unit_name ?? null,
    weekStart: r.week_start,
    heldAt: r.held_at.toISOString(),
    place: r.place,
    attendees: r.attendees as MeetingAttendee[],
    notes: r.notes,
    createdByName: r.creator_name,
    createdAt: r.created_at.toISOString(),
  };
}
