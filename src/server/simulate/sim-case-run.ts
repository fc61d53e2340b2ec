// One simulated dispute walked through the real workflow: every step is decided by the core's
// `decide` (policy, state guards) for an actor with the right relation, chained into the ledger
// with SM3 like appendEvent does, and moves the clock columns as clockAfterEvent does. What comes
// out is the rows the platform itself would have written for that history.
import { addWorkingDays, type WorkCalendar } from '../../core/calendar/work-calendar.js';
import { clockAfter, deadlineOf, pickLimit, type TimeLimitRule } from '../../core/deadlines/time-limits.js';
import { GENESIS_HASH, chainEntry } from '../../core/ledger/ledger.js';
import type { CaseSnapshot, CaseState, HandlingLevel } from '../../core/workflow/case-model.js';
import type { Action } from '../../core/workflow/policy.js';
import type { Actor } from '../../core/workflow/relations.js';
import { decide, type Command } from '../../core/workflow/workflow.js';
import type { SimUnit, SimUser } from './sim-world.js';

export interface LedgerRow {
  county_code: string;
  case_id: string;
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string;
  payload: Record<string, unknown>;
  body: string;
  prev_hash: string;
  hash: string;
}

export interface ConclusionRow {
  seq: number;
  unit_id: string | null;
  concluded_at: Date;
  deadline_at: Date | null;
  on_time: boolean | null;
}

export interface ReportInTaskRow {
  unit_id: string;
  escalation_seq: number;
  escalated_by_unit_id: string | null;
  from_level: HandlingLevel;
  to_level: HandlingLevel;
  summoned_at: Date;
  due_at: Date;
  status: 'open' | 'done' | 'cancelled';
  reported_at: Date | null;
  reported_by: string | null;
  on_time: boolean | null;
  cancelled_at: Date | null;
}

interface Clock {
  dispatched_at: Date | null;
  deadline_stage: 'accept' | 'handle' | 'follow_up' | null;
  deadline_started_at: Date | null;
  deadline_at: Date | null;
}

const OPEN: readonly CaseState[] = ['registered', 'assigned', 'in_progress'];

/** A staff account as the workflow sees it. */
export function actorOf(u: SimUser): Actor {
  return { role: u.role, userId: u.id, unitId: u.unit.id, scopeCode: u.scope };
}

export class CaseRun {
  snapshot: CaseSnapshot | null = null;
  readonly events: LedgerRow[] = [];
  readonly conclusions: ConclusionRow[] = [];
  readonly tasks: ReportInTaskRow[] = [];
  clock: Clock = { dispatched_at: null, deadline_stage: null, deadline_started_at: null, deadline_at: null };
  concludedAt: Date | null = null;
  /** the time of the last event (ms) */
  t: number;
  private hash = GENESIS_HASH;

  constructor(
    private readonly ctx: {
      caseId: string;
      countyCode: string;
      categoryCode: string;
      calendar: WorkCalendar;
      rules: readonly TimeLimitRule[];
      /** units by id, for the mediation kind of a lead (its time limit) */
      unitById: ReadonlyMap<string, SimUnit>;
      /** nothing happens after this instant (the end of the simulated year) */
      horizon: number;
      sm3: (text: string) => string;
    },
    start: number,
  ) {
    this.t = start;
  }

  get state(): CaseState | null {
    return this.snapshot?.state ?? null;
  }

  /** Whether an instant still lies within the simulated year. */
  within(at: number): boolean {
    return at <= this.ctx.horizon;
  }

  /**
   * Applies one command at `at` (never before the last event). Returns false, changing nothing,
   * when `at` is past the horizon: the case stays where the year left it.
   */
  step(actor: Actor, command: Command, at: number, extra: Record<string, unknown> = {}): boolean {
    const when = Math.max(Math.round(at), this.t + 60_000);
    if (!this.within(when)) return false;
    const decision = decide(this.snapshot, command, actor);
    if (!decision.ok) {
      throw new Error(
        `simulated case ${this.ctx.caseId}: ${command.action} by ${actor.role} refused (${decision.error.messageKey})`,
      );
    }
    const event = { ...decision.event, payload: { ...decision.event.payload, ...extra } };
    const seq = this.events.length + 1;
    const atDate = new Date(when);
    const chained = chainEntry(
      {
        case_id: this.ctx.caseId,
        seq,
        at: atDate.toISOString(),
        actor_id: actor.userId,
        actor_role: actor.role,
        actor_unit_id: actor.unitId,
        action: event.action,
        from_state: event.fromState,
        to_state: event.toState,
        payload: event.payload,
      },
      this.hash,
      this.ctx.sm3,
    );
    this.events.push({
      county_code: this.ctx.countyCode,
      case_id: this.ctx.caseId,
      seq,
      at: atDate,
      actor_id: actor.userId,
      actor_role: actor.role,
      actor_unit_id: actor.unitId,
      action: event.action,
      from_state: event.fromState,
      to_state: event.toState,
      payload: event.payload,
      body: chained.body,
      prev_hash: chained.prev_hash,
      hash: chained.hash,
    });
    this.hash = chained.hash;
    const before = this.snapshot;
    const next = decision.next;
    if (command.action !== 'register')
      this.afterEvent(before!, next, command, event.payload, actor, seq, atDate);
    this.snapshot = next;
    this.t = when;
    return true;
  }

  get lastHash(): string {
    return this.hash;
  }

  /** The clock columns, conclusion facts and report-in tasks a transition writes (transition-case.ts). */
  private afterEvent(
    before: CaseSnapshot,
    next: CaseSnapshot,
    command: Command,
    payload: Record<string, unknown>,
    actor: Actor,
    seq: number,
    now: Date,
  ): void {
    const action = command.action as Action;
    const prevClock = this.clock;
    this.clock = this.clockAfter(action, before.state, next.state, next, now);
    if (next.state === 'concluded') this.concludedAt = now;
    else if (next.state === 'in_progress') this.concludedAt = null;
    switch (action) {
      case 'escalate': {
        const due = addWorkingDays(this.ctx.calendar, { from: now, days: 1 });
        for (const unitId of payload.department_unit_ids as string[]) {
          this.tasks.push({
            unit_id: unitId,
            escalation_seq: seq,
            escalated_by_unit_id: actor.unitId,
            from_level: payload.from_level as HandlingLevel,
            to_level: payload.to_level as HandlingLevel,
            summoned_at: now,
            due_at: due,
            status: 'open',
            reported_at: null,
            reported_by: null,
            on_time: null,
            cancelled_at: null,
          });
        }
        return;
      }
      case 'report_in': {
        const task = [...this.tasks]
          .reverse()
          .find((x) => x.unit_id === payload.unit_id && x.status === 'open');
        if (task) {
          task.status = 'done';
          task.reported_at = now;
          task.reported_by = actor.userId;
          task.on_time = task.due_at.getTime() >= now.getTime();
        }
        return;
      }
      case 'conclude': {
        const deadline = prevClock.deadline_stage === 'handle' ? prevClock.deadline_at : null;
        this.conclusions.push({
          seq,
          unit_id: before.leadUnitId,
          concluded_at: now,
          deadline_at: deadline,
          on_time: deadline ? now.getTime() <= deadline.getTime() : null,
        });
        this.cancelNotYetDue(now);
        return;
      }
      default:
        if (OPEN.includes(before.state) && !OPEN.includes(next.state)) this.cancelNotYetDue(now);
    }
  }

  private cancelNotYetDue(now: Date): void {
    for (const task of this.tasks) {
      if (task.status === 'open' && task.due_at.getTime() >= now.getTime()) {
        task.status = 'cancelled';
        task.cancelled_at = now;
      }
    }
  }

  /** deadlines.service clockAfterEvent, for the actions the simulation takes (no pauses or extensions). */
  private clockAfter(action: Action, from: CaseState, to: CaseState, next: CaseSnapshot, now: Date): Clock {
    const change = clockAfter(action, from, to);
    if (change === 'unchanged') return this.clock;
    const dispatched = this.clock.dispatched_at ?? (change.from === 'dispatch' ? now : null);
    const none: Clock = {
      dispatched_at: dispatched,
      deadline_stage: null,
      deadline_started_at: null,
      deadline_at: null,
    };
    if (!change.stage) return none;
    const lead = next.leadUnitId ? this.ctx.unitById.get(next.leadUnitId) : undefined;
    const days = pickLimit(this.ctx.rules, {
      stage: change.stage,
      categoryCode: this.ctx.categoryCode,
      level: next.handlingLevel,
      mediationKind: lead?.mediation_kind ?? null,
    });
    if (days === null) return none;
    const start = change.from === 'dispatch' ? dispatched! : now;
    return {
      dispatched_at: dispatched,
      deadline_stage: change.stage,
      deadline_started_at: start,
      deadline_at: deadlineOf(this.ctx.calendar, start, days),
    };
  }
}
