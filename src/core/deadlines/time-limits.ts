import type { WorkCalendar } from '../calendar/work-calendar.js';
import { addWorkingDays, workingDaysBetween } from '../calendar/work-calendar.js';
import type { CaseState, HandlingLevel } from '../workflow/case-model.js';
import type { Action } from '../workflow/policy.js';

/** The stage a case's clock measures: accepting (受理), handling (办理), following up (回访). */
export const STAGES = ['accept', 'handle', 'follow_up'] as const;
export type Stage = (typeof STAGES)[number];

/** A time limit in working days; null fields match anything, the most specific rule wins. */
export interface TimeLimitRule {
  stage: Stage;
  categoryCode: string | null;
  level: HandlingLevel | null;
  /** 'people' for people's mediation committees, which may take 30 days */
  mediationKind: string | null;
  workingDays: number;
}

/** The defaults of domain.md: accept 1, handle 15 (people's mediation 30), follow up 3 working days. */
export const DEFAULT_TIME_LIMITS: readonly TimeLimitRule[] = [
  { stage: 'accept', categoryCode: null, level: null, mediationKind: null, workingDays: 1 },
  { stage: 'handle', categoryCode: null, level: null, mediationKind: null, workingDays: 15 },
  { stage: 'handle', categoryCode: null, level: null, mediationKind: 'people', workingDays: 30 },
  { stage: 'follow_up', categoryCode: null, level: null, mediationKind: null, workingDays: 3 },
];

/** What a rule is matched against. */
export interface LimitQuery {
  stage: Stage;
  categoryCode: string;
  level: HandlingLevel;
  mediationKind: string | null;
}

const specificity = (r: TimeLimitRule) =>
  (r.categoryCode ? 4 : 0) + (r.level ? 2 : 0) + (r.mediationKind ? 1 : 0);

/** The working days allowed for a stage: the most specific matching rule; null when none matches. */
export function pickLimit(rules: readonly TimeLimitRule[], q: LimitQuery): number | null {
  const matching = rules.filter(
    (r) =>
      r.stage === q.stage &&
      (r.categoryCode === null || r.categoryCode === q.categoryCode) &&
      (r.level === null || r.level === q.level) &&
      (r.mediationKind === null || r.mediationKind === q.mediationKind),
  );
  if (matching.length === 0) return null;
  return matching.reduce((best, r) => (specificity(r) > specificity(best) ? r : best)).workingDays;
}

/** Which clock runs after an event, and from which instant it counts. */
export interface ClockChange {
  stage: Stage | null;
  /** 'dispatch': from the first dispatch (bouncing a case buys no time); 'now': from this event */
  from: 'dispatch' | 'now' | null;
}

/**
 * The clock after an action. Accepting and handling count from the first dispatch, so a rejection,
 * a reassignment or a transfer never restarts them (a transfer keeps the handling clock running);
 * a reopened case gets a new handling period; the follow-up counts from the conclusion. Actions
 * that leave the state as it was leave the clock as it was.
 */
export function clockAfter(
  action: Action,
  fromState: CaseState | null,
  toState: CaseState,
): ClockChange | 'unchanged' {
  if (fromState === toState || toState === 'registered') return 'unchanged';
  switch (toState) {
    case 'assigned':
      return action === 'transfer'
        ? { stage: 'handle', from: 'dispatch' }
        : { stage: 'accept', from: 'dispatch' };
    case 'in_progress':
      return action === 'reopen' ? { stage: 'handle', from: 'now' } : { stage: 'handle', from: 'dispatch' };
    case 'concluded':
      return { stage: 'follow_up', from: 'now' };
    default:
      return { stage: null, from: null };
  }
}

/** The deadline: the end of the Nth working day after the start (calendar of the core). */
export function deadlineOf(cal: WorkCalendar, start: Date, workingDays: number): Date {
  return addWorkingDays(cal, { from: start, days: workingDays });
}

export type Light = 'green' | 'yellow' | 'red';

/** Green, yellow from two thirds of the time on, red once overdue. Time is wall-clock time. */
export function lightOf(args: { now: Date; start: Date; deadline: Date }): Light {
  const { now, start, deadline } = args;
  if (now.getTime() > deadline.getTime()) return 'red';
  const total = deadline.getTime() - start.getTime();
  if (total <= 0) return 'yellow';
  return (now.getTime() - start.getTime()) * 3 >= total * 2 ? 'yellow' : 'green';
}

/**
 * The deadline after a pause (中止计时) ends: moved by the working days the clock waited on a party.
 * A pause within one day moves nothing.
 */
export function resumedDeadline(
  cal: WorkCalendar,
  args: { deadline: Date; pausedAt: Date; now: Date },
): Date {
  const waited = workingDaysBetween(cal, { from: args.pausedAt, to: args.now });
  return waited === 0 ? args.deadline : addWorkingDays(cal, { from: args.deadline, days: waited });
}

/** The deadline after an approved extension (延期) of N working days. */
export function extendedDeadline(cal: WorkCalendar, args: { deadline: Date; workingDays: number }): Date {
  return addWorkingDays(cal, { from: args.deadline, days: args.workingDays });
}
