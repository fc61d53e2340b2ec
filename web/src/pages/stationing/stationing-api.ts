// Shapes of the stationing answers the pages read (src/server/modules/stationing/*.routes.ts are
// the source) and the small rules of the pages: who may do what at a center, the window screen's
// numbers, a roster form's slots.
import type { Role } from '../../../../src/core/workflow/case-model';
import { isStationingAllowed, type StationingAction } from '../../../../src/core/workflow/policy';

export type Stationing = 'permanent' | 'rotation' | 'on_call';

export interface Department {
  unitId: string;
  name: string;
  type: string | null;
  stationing: Stationing | null;
  regionCode: string;
  own: boolean;
  onCall: { contactName: string; phoneMasked: string; responseMinutes: number } | null;
  rosters: string[];
}

export interface UnitRef {
  unitId: string;
  name: string;
}

export interface Roster {
  id: string;
  name: string;
  kind: 'cycle' | 'weekly';
  anchorDay: string;
  slots: UnitRef[][];
}

export interface ScheduleDay {
  date: string;
  workingDay: boolean;
  overridden: boolean;
  units: UnitRef[];
}

export interface Board {
  centerId: string;
  centerName: string;
  date: string;
  workingDay: boolean;
  permanent: (UnitRef & { type: string | null })[];
  rotation: { rosterId: string; rosterName: string; overridden: boolean; units: UnitRef[] }[];
  onCall: (UnitRef & {
    type: string | null;
    contactName: string;
    phoneMasked: string;
    responseMinutes: number;
  })[];
}

export interface Call {
  id: string;
  unitId: string;
  unitName: string;
  caseId: string | null;
  status: 'open' | 'acknowledged' | 'arrived' | 'missed';
  calledAt: string;
  dueAt: string;
}

export interface Ticket {
  id: string;
  number: number;
  unitId: string | null;
  unitName: string | null;
  status: 'waiting' | 'called' | 'served' | 'skipped';
  takenAt: string;
  calledAt: string | null;
}

export interface Appointment {
  id: string;
  unitId: string;
  unitName: string;
  time: string;
  residentName: string;
  phoneMasked: string;
  topic: string | null;
  status: 'booked' | 'cancelled';
}

/**
 * Whether the user may do `action` at a center, as the server decides (STATIONING_POLICY): the
 * center's own staff, those whose scope covers it, the system administrator anywhere.
 */
export function mayAtCenter(
  user: { role: Role; unitId: string | null; scopeCode: string },
  center: { id: string; regionCode: string },
  action: StationingAction,
): boolean {
  const relations: ('any' | 'in_scope' | 'center_staff')[] = ['any'];
  if (center.regionCode.startsWith(user.scopeCode)) relations.push('in_scope');
  if (user.unitId === center.id) relations.push('center_staff');
  return isStationingAllowed(user.role, action, relations);
}

/**
 * What the window screen shows: the numbers called most recently first (the one to come to the
 * window now on top), then the queue still waiting, in order.
 */
export function windowScreen(tickets: readonly Ticket[]): { now: Ticket[]; waiting: Ticket[] } {
  const now = tickets
    .filter((x) => x.status === 'called')
    .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? '') || b.number - a.number);
  const waiting = tickets.filter((x) => x.status === 'waiting').sort((a, b) => a.number - b.number);
  return { now, waiting };
}

/** The Monday of the week a day falls in (YYYY-MM-DD), the roster calendar's first column. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** `n` days after a day (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

/** The slots a roster form sends: a weekly roster always has seven (Monday first), none dropped. */
export function slotsOf(
  kind: 'cycle' | 'weekly',
  slots: readonly (readonly string[] | undefined)[],
): string[][] {
  const clean = slots.map((s) => [...new Set(s ?? [])]);
  if (kind === 'weekly') return Array.from({ length: 7 }, (_, i) => clean[i] ?? []);
  return clean;
}
