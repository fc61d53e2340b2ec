// Grid work (网格化, domain.md "Grid work"): routine work items, grid reports (上报事件) with their
// short loop reported → assigned → concluded within a time limit, and plans that turn into today's
// tasks. Pure rules; the server stores and authorizes.
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { addWorkingDays, cstDayOf } from '../calendar/work-calendar.js';
import { lightOf, type Light } from '../deadlines/time-limits.js';

/** 走访 visit, 巡查 patrol, 宣传 outreach, 信息采集 data collection. */
export const WORK_KINDS = ['visit', 'patrol', 'outreach', 'collection'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** 矛盾纠纷, 治安隐患, 消防隐患, 交通安全, 安全生产, 环境, 其他. */
export const REPORT_TYPES = [
  'dispute',
  'public_security',
  'fire',
  'traffic',
  'workplace_safety',
  'environment',
  'other',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_STATUSES = ['reported', 'assigned', 'concluded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Working days from the report to its conclusion. Hazards to life come first (fire, public
 * security: 1 working day). A dispute has none here: it becomes a case, whose own clock runs.
 */
export const REPORT_TIME_LIMITS: Readonly<Record<Exclude<ReportType, 'dispute'>, number>> = {
  fire: 1,
  public_security: 1,
  traffic: 2,
  workplace_safety: 2,
  environment: 3,
  other: 3,
};

/** The deadline of a report made at `reportedAt`; null for a dispute (the case's clock governs). */
export function reportDeadline(cal: WorkCalendar, type: ReportType, reportedAt: Date): Date | null {
  if (type === 'dispute') return null;
  return addWorkingDays(cal, { from: reportedAt, days: REPORT_TIME_LIMITS[type] });
}

/**
 * The light of a report, like a case's: green, yellow once two thirds of the time are used, red
 * when overdue. A concluded report keeps the light it had when concluded (red if late).
 */
export function reportLight(args: {
  now: Date;
  reportedAt: Date;
  deadline: Date | null;
  concludedAt: Date | null;
}): Light | null {
  if (!args.deadline) return null;
  return lightOf({ now: args.concludedAt ?? args.now, start: args.reportedAt, deadline: args.deadline });
}

/** Concluded no later than its deadline. */
export function concludedInTime(deadline: Date | null, concludedAt: Date | null): boolean {
  return !!deadline && !!concludedAt && concludedAt.getTime() <= deadline.getTime();
}

export type ReportStep = 'assign' | 'conclude';
export type StepError = 'report_concluded' | 'dispute_is_a_case' | 'not_assigned';

/**
 * The report's status after a step, or why it is refused. Assigning works until it is concluded
 * (a second assignment moves it to another unit); the assigned unit concludes, and the dispatcher
 * may conclude what needs no unit (`byDispatcher`). A dispute lives on as a case.
 */
export function nextStatus(
  type: ReportType,
  status: ReportStatus,
  step: ReportStep,
  byDispatcher: boolean,
): { ok: true; status: ReportStatus } | { ok: false; error: StepError } {
  if (type === 'dispute') return { ok: false, error: 'dispute_is_a_case' };
  if (status === 'concluded') return { ok: false, error: 'report_concluded' };
  if (step === 'assign') return { ok: true, status: 'assigned' };
  if (status !== 'assigned' && !byDispatcher) return { ok: false, error: 'not_assigned' };
  return { ok: true, status: 'concluded' };
}

export const PLAN_PERIODS = ['day', 'week', 'month'] as const;
export type PlanPeriod = (typeof PLAN_PERIODS)[number];

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' plus n days. */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The start of a CST day as an instant (00:00 CST). */
export function startOfCstDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

/**
 * The period of a plan that contains `now`, in CST calendar days: today, this week (Monday to
 * Sunday) or this month; `from` inclusive, `to` exclusive, so consecutive periods tile time.
 */
export function periodOf(every: PlanPeriod, now: Date): { from: Date; to: Date; firstDay: string } {
  // an instant exactly at midnight starts the new day here (half-open periods)
  const day = cstDayOf(new Date(now.getTime() + 1));
  let first: string;
  let next: string;
  if (every === 'day') {
    first = day;
    next = addDays(day, 1);
  } else if (every === 'week') {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    first = addDays(day, -((weekday + 6) % 7));
    next = addDays(first, 7);
  } else {
    first = `${day.slice(0, 8)}01`;
    const y = Number(day.slice(0, 4));
    const m = Number(day.slice(5, 7));
    next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  return { from: startOfCstDay(first), to: startOfCstDay(next), firstDay: first };
}

/** The CST month (1st, 00:00) containing `at`, and the months after it, as 'YYYY-MM-01' days. */
export function monthsFrom(at: Date, count: number): string[] {
  const day = cstDayOf(new Date(at.getTime() + 1));
  let y = Number(day.slice(0, 4));
  let m = Number(day.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}-01`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Whether an instant recorded on a phone is plausible: not ahead of the server, not too old. */
export function occurredAtProblem(occurredAt: Date, now: Date, maxAgeDays = 30): 'future' | 'too_old' | null {
  // phones' clocks drift; five minutes ahead is tolerated
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) return 'future';
  if (occurredAt.getTime() < now.getTime() - maxAgeDays * DAY_MS) return 'too_old';
  return null;
}
