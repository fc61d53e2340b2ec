// The weekly meetings' API as the console reads it (src/server/modules/meetings/meetings.routes.ts).
import type { CaseFigures, GridFigures, Warnings } from '../analytics/analytics-api';

export interface Attendee {
  name: string;
  userId?: string;
}
export interface Meeting {
  id: string;
  regionCode: string;
  regionName: string;
  unitId: string | null;
  unitName: string | null;
  weekStart: string;
  heldAt: string;
  place: string;
  attendees: Attendee[];
  notes: string | null;
  createdByName: string;
  createdAt: string;
  decisions?: number;
}
export interface Decision {
  id: string;
  meetingId: string;
  weekStart: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  seq: number;
  unitId: string;
  unitName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  text: string;
  dueOn: string;
  status: 'open' | 'done';
  overdue: boolean;
  doneAt: string | null;
  doneByName: string | null;
  doneNote: string | null;
  createdAt: string;
}
/** A case a report lists, with what the decision editor needs to pick it. */
export interface ReportCase {
  id: string;
  caseNo: string;
  title: string;
  leadUnitId: string | null;
  leadUnitName: string | null;
  deadlineAt: string | null;
}
export interface ReportOrder {
  id: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  addressedUnitId: string;
  addressedUnitName: string;
  dueAt: string;
  overdue: boolean;
}
export interface ReportWarning {
  id: string;
  kind: string;
  severity: string;
  regionCode: string;
  regionName: string | null;
  caseId: string | null;
  caseNo: string | null;
  raisedAt: string;
}
export interface ReportScorecard {
  unitId: string;
  unitName: string;
  concluded: number;
  onTimeRate: number | null;
  bounceBackRate: number | null;
  reportIns: { timelinessRate: number | null };
  ratings: { average: number | null };
}
export interface SituationReport {
  meeting: Meeting;
  generatedAt: string;
  week: { from: string; to: string };
  previousWeek: { from: string; to: string };
  figures: {
    week: CaseFigures;
    previousWeek: CaseFigures;
    now: { open: number; overdue: number };
    grid: GridFigures;
  };
  openWarnings: Warnings | null;
  newWarnings: { items: ReportWarning[]; more: boolean };
  overdueCases: { total: number; items: ReportCase[] };
  supervisedCases: { items: ReportOrder[]; more: boolean };
  scorecards: ReportScorecard[];
  overdueDecisions: Decision[];
  decisions: Decision[];
}

export const MEETINGS_KEY = ['meetings'] as const;

export interface DecisionBody {
  caseId?: string;
  caseNo?: string;
  unitId: string;
  assigneeId?: string;
  dueOn: string;
  text: string;
}

/** Attendees typed one per line, blank lines left out. */
export function attendeesOf(text: string): Attendee[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

/** The Monday of the week holding `day` (YYYY-MM-DD; weeks start on Monday in China). */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the week before `day`: the week a meeting usually reviews. */
export function lastMonday(day: string): string {
  return mondayOf(new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10));
}
