// The oversight area's logic, kept out of the components so it can be tested without a browser:
// task lights and statuses, which supervision lists a role has, the forms' checks and bodies,
// scorecard rates and sorting, the accountability list's query.
import { lightOf, type Light } from '../../../../src/core/deadlines/time-limits';
import { MAX_ORDER_WORKING_DAYS, isAnswerable } from '../../../../src/core/supervision/supervision-rules';
import type { Role } from '../../../../src/core/workflow/case-model';
import { roleMayEver } from '../../../../src/core/workflow/policy';
import type { AccountabilityRecord, ReportInTask, Scorecard, SupervisionOrder, TaskStatus } from './types';

/** A query string from an object, skipping empty values (as the api client's qs; kept here pure). */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------------
// Report-in tasks (报到)

/** The light of a task still waiting for its department: none once it is settled. */
export function taskLight(
  task: Pick<ReportInTask, 'status' | 'overdue' | 'summonedAt' | 'dueAt'>,
  now: Date,
): Light | null {
  if (task.status !== 'open') return null;
  // the server's clock decides overdue; between reloads the browser's moves the light on
  if (task.overdue) return 'red';
  return lightOf({ now, start: new Date(task.summonedAt), deadline: new Date(task.dueAt) });
}

export type TaskStatusKey = 'open' | 'overdue' | 'onTime' | 'late' | 'missed' | 'cancelled';

/** What a task's status tag says: a done task tells whether it came in time. */
export function taskStatusKey(task: Pick<ReportInTask, 'status' | 'overdue' | 'onTime'>): TaskStatusKey {
  switch (task.status) {
    case 'open':
      return task.overdue ? 'overdue' : 'open';
    case 'done':
      return task.onTime === false ? 'late' : 'onTime';
    default:
      return task.status;
  }
}

const OPEN_CASE_STATES = ['registered', 'assigned', 'in_progress'];

/** Whether the "report in" button shows: the task waits and the case is still open. */
export function canReportIn(task: { status: TaskStatus; caseState: string }): boolean {
  return task.status === 'open' && OPEN_CASE_STATES.includes(task.caseState);
}

/** The filters of the report-in list; '' is every status. */
export const TASK_FILTERS = ['open', 'missed', 'done', ''] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];

/** The filter of the URL's ?status= (open when absent; `all` for every status). */
export function taskFilterOf(param: string | null): TaskFilter {
  if (param === 'all') return '';
  return param === 'missed' || param === 'done' ? param : 'open';
}

/** The URL's search params for a filter: the default (open) leaves the URL bare. */
export function taskFilterParams(f: TaskFilter): Record<string, string> {
  return f === 'open' ? {} : { status: f || 'all' };
}

export function reportInsUrl(status: TaskFilter, cursor: string | null, limit = 50): string {
  return `/api/report-ins${qs({ status, cursor, limit })}`;
}

// ---------------------------------------------------------------------------------------------
// Supervision orders (督办单)

/**
 * The lists of the supervision page a role has: supervisors and leaders follow up what they issued
 * (and what escalated to their level) and may look at every order in scope; the units that handle
 * cases see the orders they must answer.
 */
export type SupervisionView = 'issued' | 'scope' | 'received';

export function supervisionViews(role: Role): SupervisionView[] {
  const views: SupervisionView[] = [];
  if (roleMayEver(role, 'supervise')) views.push('issued', 'scope');
  if (roleMayEver(role, 'answer_supervision')) views.push('received');
  return views;
}

export const ORDER_FILTERS = ['', 'open', 'escalated', 'answered'] as const;
export type OrderFilter = (typeof ORDER_FILTERS)[number];

export function orderFilterOf(param: string | null): OrderFilter {
  return (ORDER_FILTERS as readonly string[]).includes(param ?? '') ? ((param ?? '') as OrderFilter) : '';
}

export function ordersUrl(
  view: SupervisionView,
  status: OrderFilter,
  cursor: string | null,
  limit = 50,
): string {
  const mine = view === 'scope' ? undefined : view;
  return `/api/supervision-orders${qs({ mine, status, cursor, limit })}`;
}

export type OrderStatusKey = 'open' | 'overdue' | 'escalated' | 'answered';

export function orderStatusKey(o: Pick<SupervisionOrder, 'status' | 'overdue'>): OrderStatusKey {
  if (o.status === 'open' && o.overdue) return 'overdue';
  return o.status;
}

/** The light of an order still waiting for its answer; escalation restarts its clock. */
export function orderLight(
  o: Pick<SupervisionOrder, 'status' | 'overdue' | 'issuedAt' | 'escalatedAt' | 'dueAt'>,
  now: Date,
): Light | null {
  if (!isAnswerable(o.status)) return null;
  if (o.overdue) return 'red';
  return lightOf({ now, start: new Date(o.escalatedAt ?? o.issuedAt), deadline: new Date(o.dueAt) });
}

/** Orders that went over the addressee's head to the level above stand out in lists. */
export function orderHighlighted(o: Pick<SupervisionOrder, 'status'>): boolean {
  return o.status === 'escalated';
}

/** Whether the answer form shows: the user's unit may answer (lead) and the order still waits. */
export function orderAnswerable(o: Pick<SupervisionOrder, 'status'>, mayAnswer: boolean): boolean {
  return mayAnswer && isAnswerable(o.status);
}

// ---------------------------------------------------------------------------------------------
// The forms' checks (the server checks the same; these spare a round trip and explain)

export const TEXT_MAX = { instructions: 2000, answer: 2000, instruction: 2000, comment: 500 } as const;
export const ORDER_DAYS = { min: 1, max: MAX_ORDER_WORKING_DAYS, initial: 5 } as const;

export type FormError = 'required' | 'tooLong' | 'range';

/** A text field: white space alone counts as empty (the server trims). */
export function textError(value: string | null | undefined, max: number, required = true): FormError | null {
  const v = value ?? '';
  if (required && v.trim() === '') return 'required';
  if (v.length > max) return 'tooLong';
  return null;
}

export interface OrderValues {
  instructions?: string;
  dueWorkingDays?: number | null;
}

export function orderErrors(v: OrderValues): Partial<Record<keyof OrderValues, FormError>> {
  const out: Partial<Record<keyof OrderValues, FormError>> = {};
  const text = textError(v.instructions, TEXT_MAX.instructions);
  if (text) out.instructions = text;
  const d = v.dueWorkingDays;
  if (d === undefined || d === null) out.dueWorkingDays = 'required';
  else if (!Number.isInteger(d) || d < ORDER_DAYS.min || d > ORDER_DAYS.max) out.dueWorkingDays = 'range';
  return out;
}

/** POST /api/cases/:id/supervision-orders */
export function toOrderBody(v: OrderValues): { instructions: string; dueWorkingDays: number } {
  return { instructions: (v.instructions ?? '').trim(), dueWorkingDays: v.dueWorkingDays! };
}

export interface RatingValues {
  stars?: number | null;
  comment?: string;
}

export function ratingErrors(v: RatingValues): Partial<Record<keyof RatingValues, FormError>> {
  const out: Partial<Record<keyof RatingValues, FormError>> = {};
  const s = v.stars;
  if (s === undefined || s === null || s === 0) out.stars = 'required';
  else if (!Number.isInteger(s) || s < 1 || s > 5) out.stars = 'range';
  const c = textError(v.comment, TEXT_MAX.comment, false);
  if (c) out.comment = c;
  return out;
}

/** POST /api/cases/:id/report-ins/:unitId/rating: a blank comment is left out. */
export function toRatingBody(
  v: RatingValues,
  version: number,
): { stars: number; comment?: string; version: number } {
  const comment = (v.comment ?? '').trim();
  return { stars: v.stars!, ...(comment ? { comment } : {}), version };
}

// ---------------------------------------------------------------------------------------------
// Accountability records (问责记录)

/** Kinds the console has words for; later modules' kinds show by their code until it learns them. */
export const KNOWN_KINDS = ['missed_report_in'] as const;

export function kindKnown(kind: string): boolean {
  return (KNOWN_KINDS as readonly string[]).includes(kind);
}

const LEVELS: readonly string[] = ['village', 'township', 'county', 'city'];

type Translate = (key: string, params?: Record<string, string>) => string;

/**
 * A record in the interface language: its kind's words with the facts of its detail. The stored
 * reason is the writer's Chinese sentence; it shows only for kinds the console has no words for
 * yet, and only in Chinese.
 */
export function recordSummary(
  r: Pick<AccountabilityRecord, 'kind' | 'detail' | 'reason'>,
  lang: 'zh-CN' | 'en',
  t: Translate,
): string {
  if (r.kind === 'missed_report_in') {
    const from = String(r.detail.from_level ?? '');
    const to = String(r.detail.to_level ?? '');
    return LEVELS.includes(from) && LEVELS.includes(to)
      ? t('oversight.accountability.summary.missed_report_in', {
          from: t(`common.level.${from}`),
          to: t(`common.level.${to}`),
        })
      : t('oversight.kind.missed_report_in');
  }
  return lang === 'zh-CN' ? r.reason : '—';
}

export interface AccountabilityFilters {
  unit?: string;
  kind?: string;
  /** YYYY-MM-DD (China Standard Time days, both ends included) */
  from?: string;
  to?: string;
}

export function accountabilityUrl(f: AccountabilityFilters, cursor: string | null, limit = 30): string {
  return `/api/accountability${qs({ unit: f.unit, kind: f.kind, from: f.from, to: f.to, cursor, limit })}`;
}

// ---------------------------------------------------------------------------------------------
// Scorecards (部门考评)

/** 0.875 → "87.5%", 1 → "100%", null (nothing to divide by) → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** 4.256 → "4.3", null → "—". */
export function formatAverage(avg: number | null | undefined): string {
  if (avg === null || avg === undefined || !Number.isFinite(avg)) return '—';
  return avg.toFixed(1);
}

export const SCORE_COLUMNS = [
  'unitName',
  'casesLed',
  'onTimeRate',
  'bounceBackRate',
  'overruled',
  'reportInOnTime',
  'reportInLate',
  'reportInMissed',
  'timelinessRate',
  'ratingAverage',
] as const;
export type ScoreColumn = (typeof SCORE_COLUMNS)[number];
export type SortOrder = 'ascend' | 'descend';

export function scoreValue(s: Scorecard, col: ScoreColumn): string | number | null {
  switch (col) {
    case 'unitName':
      return s.unitName;
    case 'casesLed':
      return s.casesLed;
    case 'onTimeRate':
      return s.onTimeRate;
    case 'bounceBackRate':
      return s.bounceBackRate;
    case 'overruled':
      return s.overruled;
    case 'reportInOnTime':
      return s.reportIns.onTime;
    case 'reportInLate':
      return s.reportIns.late;
    case 'reportInMissed':
      return s.reportIns.missed;
    case 'timelinessRate':
      return s.reportIns.timelinessRate;
    case 'ratingAverage':
      return s.ratings.average;
  }
}

const collator = new Intl.Collator('zh-CN');

/**
 * The scorecards sorted by a column. Units without a value (no rate: nothing to measure) go last
 * whichever the direction, so "best first" and "worst first" both start with real figures; ties
 * keep a stable order by name.
 */
export function sortScorecards(
  items: readonly Scorecard[],
  col: ScoreColumn,
  order: SortOrder | null,
): Scorecard[] {
  const byName = (a: Scorecard, b: Scorecard) =>
    collator.compare(a.unitName, b.unitName) || (a.unitId < b.unitId ? -1 : 1);
  if (!order) return [...items].sort(byName);
  const sign = order === 'ascend' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = scoreValue(a, col);
    const y = scoreValue(b, col);
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'string' ? collator.compare(x, String(y)) : x - (y as number);
    return c !== 0 ? sign * c : byName(a, b);
  });
}

export interface ScorecardFilters {
  region?: string;
  from?: string;
  to?: string;
}

export function scorecardsUrl(f: ScorecardFilters): string {
  return `/api/scorecards${qs({ region: f.region, from: f.from, to: f.to })}`;
}
