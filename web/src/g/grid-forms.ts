// Pure rules of the two forms of the grid worker H5 (记一笔, 事件上报): what must be filled in and the
// bodies of POST /api/grid/work-items and /api/grid/reports (clientKey and photoIds are added by
// the outbox when sending).
import type { Finding, Position, ReportType, WorkKind } from './api';

export const MAX_PHOTOS = 6;
export const NOTE_MAX = 4000;

export interface LogForm {
  kind: WorkKind;
  /** `YYYY-MM-DDTHH:mm` in the phone's time, as the datetime-local input holds it */
  occurredAt: string;
  place: string;
  note: string;
  route: string;
  /** one place per line */
  places: string;
  findings: Finding[];
}

export interface PartyInput {
  name: string;
  phone: string;
  role: 'applicant' | 'respondent';
}

export interface ReportForm {
  type: ReportType | null;
  /** a dispute's category (the server takes 'other' when none is chosen) */
  categoryCode: string | null;
  description: string;
  place: string;
  parties: PartyInput[];
  resolvedOnSite: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the datetime-local input shows it, in the phone's own time. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The input's local time as ISO-8601 with the phone's offset, e.g. 2026-03-01T09:30:00+08:00. */
export function fromLocalInput(value: string): string | null {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(d.getTime())) return null;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${toLocalInput(d)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const emptyLog = (kind: WorkKind, now: Date): LogForm => ({
  kind,
  occurredAt: toLocalInput(now),
  place: '',
  note: '',
  route: '',
  places: '',
  findings: [],
});

export type LogProblem = 'occurredAt' | 'note' | 'route' | 'findings';

/** What is missing, in the order of the form. A patrol needs its route; a finding needs both halves. */
export function problemsOfLog(f: LogForm): LogProblem[] {
  const out: LogProblem[] = [];
  if (!fromLocalInput(f.occurredAt)) out.push('occurredAt');
  if (f.kind === 'patrol' && !f.route.trim()) out.push('route');
  if (f.kind === 'patrol' && f.findings.some((x) => !x.text.trim() || !x.action.trim())) out.push('findings');
  if (!f.note.trim()) out.push('note');
  return out;
}

export function workItemBody(
  f: LogForm,
  ctx: { position: Position | null; taskId?: string | null },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: f.kind,
    occurredAt: fromLocalInput(f.occurredAt),
    note: f.note.trim(),
  };
  if (f.place.trim()) body.place = f.place.trim();
  if (ctx.position) body.position = ctx.position;
  if (ctx.taskId) body.taskId = ctx.taskId;
  if (f.kind === 'patrol') {
    const places = f.places
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    const findings = f.findings
      .map((x) => ({ text: x.text.trim(), action: x.action.trim() }))
      .filter((x) => x.text || x.action);
    body.patrol = {
      route: f.route.trim(),
      ...(places.length ? { places } : {}),
      ...(findings.length ? { findings } : {}),
    };
  }
  return body;
}

export const emptyReport = (): ReportForm => ({
  type: null,
  categoryCode: null,
  description: '',
  place: '',
  parties: [],
  resolvedOnSite: false,
});

export type ReportProblem = 'type' | 'description' | 'parties';

export function problemsOfReport(f: ReportForm): ReportProblem[] {
  const out: ReportProblem[] = [];
  if (!f.type) out.push('type');
  if (f.description.trim().length < 5) out.push('description');
  if (f.type === 'dispute' && !f.parties.some((p) => p.name.trim())) out.push('parties');
  return out;
}

/** Parties go with a dispute only; on-the-spot handling only with the other types. */
export function reportBody(f: ReportForm, ctx: { position: Position | null }): Record<string, unknown> {
  const body: Record<string, unknown> = { type: f.type, description: f.description.trim() };
  if (f.place.trim()) body.place = f.place.trim();
  if (ctx.position) body.position = ctx.position;
  if (f.type === 'dispute') {
    if (f.categoryCode) body.categoryCode = f.categoryCode;
    body.parties = f.parties
      .filter((p) => p.name.trim())
      .map((p) => ({
        name: p.name.trim(),
        role: p.role,
        ...(p.phone.trim() ? { phone: p.phone.trim() } : {}),
      }));
  } else if (f.resolvedOnSite) body.resolvedOnSite = true;
  return body;
}
