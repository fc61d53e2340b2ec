// The rules of the system administrator's configuration forms: routing rules (分流规则), time
// limits (办理时限) and the working-day calendar's years (工作日历). What each form sends follows
// the server's schemas (src/server/modules/routing, deadlines, calendar); the checks here give an
// answer before the round trip, the server checks again.
import { checkArrangement, type ArrangementProblem } from '../../../../src/core/calendar/calendar-years';
import { STAGES, type Stage } from '../../../../src/core/deadlines/time-limits';
import type { MediationKind } from '../../../../src/core/organization/unit-shape';
import { HANDLING_LEVELS, type HandlingLevel } from '../../../../src/core/workflow/case-model';

/** The Select value that stands for "any category" (null on the wire). */
export const ANY = '*';

// ---------------------------------------------------------------- routing rules

export interface RoutingRule {
  id: string;
  priority: number;
  categoryCode: string | null;
  regionPrefix: string;
  unitId: string;
  unitName: string;
  active: boolean;
}

export interface RuleFormValues {
  categoryCode?: string;
  unitId?: string;
  priority?: number | null;
  active?: boolean;
}

/** POST /api/routing/rules: an empty priority is left to the server (deeper and narrower rules first). */
export function ruleCreateBody(regionPrefix: string, v: RuleFormValues) {
  return {
    categoryCode: v.categoryCode && v.categoryCode !== ANY ? v.categoryCode : null,
    regionPrefix,
    unitId: v.unitId,
    ...(typeof v.priority === 'number' ? { priority: v.priority } : {}),
  };
}

/** PATCH /api/routing/rules/:id: only priority, unit and active can change; null when none did. */
export function ruleChangeBody(original: RoutingRule, v: RuleFormValues): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (typeof v.priority === 'number' && v.priority !== original.priority) out.priority = v.priority;
  if (v.unitId && v.unitId !== original.unitId) out.unitId = v.unitId;
  if (typeof v.active === 'boolean' && v.active !== original.active) out.active = v.active;
  return Object.keys(out).length ? out : null;
}

/** The rules shown for a region node: those set at it, or (below) also those of the nodes under it. */
export function rulesAt<T extends Pick<RoutingRule, 'regionPrefix'>>(
  rules: readonly T[],
  code: string,
  below: boolean,
): T[] {
  return rules.filter((r) => (below ? r.regionPrefix.startsWith(code) : r.regionPrefix === code));
}

/**
 * An active rule already sending this category (or any category) at this node elsewhere: a second
 * one is allowed, but only the lower priority number ever applies, so the form warns.
 */
export function competingRule(
  rules: readonly RoutingRule[],
  regionPrefix: string,
  categoryCode: string | null,
  exceptId?: string,
): RoutingRule | undefined {
  return rules.find(
    (r) =>
      r.active && r.id !== exceptId && r.regionPrefix === regionPrefix && r.categoryCode === categoryCode,
  );
}

// ---------------------------------------------------------------- time limits

export interface TimeLimit {
  id: string;
  stage: Stage;
  categoryCode: string | null;
  level: HandlingLevel | null;
  mediationKind: MediationKind | null;
  workingDays: number;
  active: boolean;
}

export interface LimitFormValues {
  stage?: Stage;
  categoryCode?: string;
  level?: HandlingLevel | typeof ANY;
  mediationKind?: MediationKind | typeof ANY;
  workingDays?: number | null;
}

const orNull = <T extends string>(v: T | typeof ANY | undefined): T | null =>
  v === undefined || v === ANY ? null : (v as T);

/** What a rule matches: stage × category × level × mediation kind (null = any). */
export function limitScope(v: LimitFormValues) {
  return {
    stage: v.stage,
    categoryCode: orNull(v.categoryCode),
    level: orNull(v.level),
    mediationKind: orNull(v.mediationKind),
  };
}

/** POST /api/time-limits. */
export function limitCreateBody(v: LimitFormValues) {
  return { ...limitScope(v), workingDays: v.workingDays };
}

/**
 * An active rule with the same stage, category, level and mediation kind: two would tie (the
 * core's pickLimit keeps the first), so the form sends the administrator to edit that one instead.
 */
export function duplicateLimit(rules: readonly TimeLimit[], v: LimitFormValues): TimeLimit | undefined {
  const s = limitScope(v);
  return rules.find(
    (r) =>
      r.active &&
      r.stage === s.stage &&
      r.categoryCode === s.categoryCode &&
      r.level === s.level &&
      r.mediationKind === s.mediationKind,
  );
}

const specificity = (r: TimeLimit) =>
  (r.categoryCode ? 4 : 0) + (r.level ? 2 : 0) + (r.mediationKind ? 1 : 0);
const levelRank = (l: HandlingLevel | null) => (l === null ? -1 : HANDLING_LEVELS.indexOf(l));

/** The loop's order of stages, and in each the general rule before the narrower ones. */
export function sortLimits(rules: readonly TimeLimit[]): TimeLimit[] {
  return [...rules].sort(
    (a, b) =>
      STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
      specificity(a) - specificity(b) ||
      (a.categoryCode ?? '').localeCompare(b.categoryCode ?? '') ||
      levelRank(a.level) - levelRank(b.level) ||
      (a.mediationKind ?? '').localeCompare(b.mediationKind ?? ''),
  );
}

// ---------------------------------------------------------------- calendar years

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every day from `from` to `to`, both included (either order); [] for a day that does not exist. */
export function daysBetween(from: string, to: string): string[] {
  if (!ISO_DAY.test(from) || !ISO_DAY.test(to)) return [];
  const parse = (day: string) => {
    const t = Date.parse(`${day}T00:00:00Z`);
    // Date.parse rolls 02-30 over into March: a day is real when it reads back the same
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day ? t : NaN;
  };
  let a = parse(from);
  let b = parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return [];
  if (a > b) [a, b] = [b, a];
  const out: string[] = [];
  for (let t = a; t <= b && out.length <= 366; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Saturday or Sunday: the only days a make-up working day (调休上班) can fall on. */
export function isWeekend(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
}

/** A list with these days added, sorted and without repeats. */
export function withDays(list: readonly string[], add: readonly string[]): string[] {
  return [...new Set([...list, ...add])].sort();
}

export type YearProblem = ArrangementProblem | { key: 'calendar.no_holidays'; day: '' };

/** Why a year cannot be saved (the core's check, and the server's: at least one holiday), or null. */
export function yearProblem(year: number, holidays: string[], workdays: string[]): YearProblem | null {
  if (holidays.length === 0) return { key: 'calendar.no_holidays', day: '' };
  return checkArrangement({ year, holidays, workdays });
}

/** Days grouped by month ('01' … '12'), for a year's compact view. */
export function byMonth(days: readonly string[]): [string, string[]][] {
  const months = new Map<string, string[]>();
  for (const d of [...days].sort()) {
    const m = d.slice(5, 7);
    months.set(m, [...(months.get(m) ?? []), d]);
  }
  return [...months.entries()];
}
