// The audit page's filters as the API's query: days are China Standard Time (domain.md: all days
// are Asia/Shanghai), so a day runs from 00:00 +08:00 to the next day's 00:00 +08:00.
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** The instant a CST day starts, as ISO (UTC). */
export function cstDayStart(day: string): string {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/** The instant after a CST day ends (the next day's start), as ISO (UTC). China has no DST. */
export function cstDayEnd(day: string): string {
  return new Date(Date.parse(cstDayStart(day)) + MS_PER_DAY).toISOString();
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: 'success' | 'failure' | 'denied';
  /** first and last day, inclusive, as YYYY-MM-DD */
  days?: [string, string] | null;
}

/** The query of GET /api/admin/audit; empty filters are left out. */
export function auditQuery(f: AuditFilters): Record<string, string | undefined> {
  const text = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
  return {
    actor: text(f.actor),
    action: text(f.action),
    targetType: text(f.targetType),
    targetId: text(f.targetId),
    result: f.result,
    from: f.days ? cstDayStart(f.days[0]) : undefined,
    to: f.days ? cstDayEnd(f.days[1]) : undefined,
  };
}

export interface PiiFilters {
  actor?: string;
  caseNo?: string;
  field?: 'phone' | 'id_number' | 'address';
  days?: [string, string] | null;
}

export function piiQuery(f: PiiFilters): Record<string, string | undefined> {
  const text = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
  return {
    actor: text(f.actor),
    caseNo: text(f.caseNo),
    field: f.field,
    from: f.days ? cstDayStart(f.days[0]) : undefined,
    to: f.days ? cstDayEnd(f.days[1]) : undefined,
  };
}

/** The audit log's time in CST, as staff read it: 2026-03-15 09:30:00. */
export function cstTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
