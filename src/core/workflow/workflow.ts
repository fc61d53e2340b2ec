import type {
  CaseSnapshot,
  CaseState,
  GuidanceChannel,
  HandlingLevel,
  Outcome,
  Satisfaction,
} from './case-model.js';
import { HANDLING_LEVELS, TERMINAL_STATES } from './case-model.js';
import type { Action } from './policy.js';
import type { RecordAction } from './records.js';
import { isRecordAction } from './records.js';
import { isAllowed } from './policy.js';
import type { Actor } from './relations.js';
import { relationsForNewCase, relationsOf } from './relations.js';

/** A request to change a case; `action` picks the shape. Unit ids are checked to exist by the shell. */
export type Command =
  | { action: 'register'; regionCode: string; handlingLevel: HandlingLevel; ownerUnitId: string }
  | { action: 'assign'; unitId: string; note?: string }
  | { action: 'accept'; note?: string }
  | { action: 'reject'; reason: string; evidence?: string[] }
  | { action: 'rule_rejection'; decision: 'uphold' | 'overrule'; unitId?: string; note: string }
  | { action: 'transfer'; unitId: string; reason: string }
  | { action: 'add_co_handler'; unitId: string; note?: string }
  | { action: 'escalate'; departmentUnitIds: string[]; reason: string }
  | { action: 'report_in'; note?: string }
  | { action: 'handle'; note: string; method?: string }
  | { action: 'pause_clock'; reason: string }
  | { action: 'resume_clock'; note?: string }
  | { action: 'request_extension'; workingDays: number; reason: string }
  | { action: 'rule_extension'; approved: boolean; note: string }
  | { action: 'conclude'; outcome: Outcome; summary: string; guidance?: GuidanceChannel }
  | { action: 'follow_up'; satisfaction: Satisfaction; note?: string }
  | { action: 'reopen'; reason: string }
  | { action: 'archive'; note?: string }
  | { action: 'withdraw'; reason: string }
  | { action: 'decline'; legalGround: string; guidance: GuidanceChannel; note?: string };

/** The ledger entry an accepted command yields (the shell adds ids, time, actor and hashes). */
export interface EventDraft {
  action: Action | RecordAction;
  fromState: CaseState | null;
  toState: CaseState;
  /** what folding needs, plus the reasons and notes of the action; never personal data */
  payload: Record<string, unknown>;
}

export type WorkflowErrorCode =
  | 'forbidden' // the policy table says no for this role and relation
  | 'invalid_state' // the action is not possible in the case's state or waits
  | 'invalid_command'; // the command contradicts the case (e.g. assigning to the current lead)

export interface WorkflowError {
  code: WorkflowErrorCode;
  /** a message key of the shell's i18n catalogue */
  messageKey: string;
}

export type Decision =
  { ok: true; event: EventDraft; next: CaseSnapshot } | { ok: false; error: WorkflowError };

const fail = (code: WorkflowErrorCode, messageKey: string): Decision => ({
  ok: false,
  error: { code, messageKey },
});

/** The level above, or null at the top (city). */
export function levelAbove(level: HandlingLevel): HandlingLevel | null {
  const i = HANDLING_LEVELS.indexOf(level);
  return HANDLING_LEVELS[i + 1] ?? null;
}

const OPEN: readonly CaseState[] = ['registered', 'assigned', 'in_progress'];

/**
 * Guard of each action on the case's state and waits (policy is checked separately).
 * Returns a message key when the action is impossible, null when it may go ahead.
 */
function stateGuard(s: CaseSnapshot, c: Command, actorUnit: string | null): string | null {
  switch (c.action) {
    case 'register':
      return 'workflow.already_registered';
    case 'assign':
      return s.state === 'registered' ? null : 'workflow.not_registered';
    case 'accept':
      if (s.state === 'assigned' && !s.awaitingRuling && s.leadUnitId === actorUnit) return null;
      if (s.state === 'registered' && s.ownerUnitId === actorUnit) return null;
      return 'workflow.nothing_to_accept';
    case 'reject':
      return s.state === 'assigned' && !s.awaitingRuling ? null : 'workflow.cannot_reject';
    case 'rule_rejection':
      return s.awaitingRuling ? null : 'workflow.no_rejection_pending';
    case 'transfer':
    case 'add_co_handler':
      return (s.state === 'assigned' && !s.awaitingRuling) || s.state === 'in_progress'
        ? null
        : 'workflow.not_in_handling';
    case 'escalate':
      if (!OPEN.includes(s.state) || s.awaitingRuling) return 'workflow.not_open';
      return levelAbove(s.handlingLevel) ? null : 'workflow.top_level';
    case 'report_in':
      return OPEN.includes(s.state) ? null : 'workflow.not_open';
    case 'handle':
    case 'conclude':
      return s.state === 'in_progress' ? null : 'workflow.not_in_progress';
    case 'pause_clock':
      return s.state === 'in_progress' && !s.clockPaused ? null : 'workflow.cannot_pause';
    case 'resume_clock':
      return s.state === 'in_progress' && s.clockPaused ? null : 'workflow.not_paused';
    case 'request_extension':
      return s.state === 'in_progress' && !s.extensionPending ? null : 'workflow.cannot_request_extension';
    case 'rule_extension':
      return s.extensionPending ? null : 'workflow.no_extension_pending';
    case 'follow_up':
      return s.state === 'concluded' ? null : 'workflow.not_concluded';
    case 'reopen':
      return s.state === 'followed_up' && s.satisfaction === 'unsatisfied' ? null : 'workflow.cannot_reopen';
    case 'archive':
      return s.state === 'followed_up' ? null : 'workflow.not_followed_up';
    case 'withdraw':
      return OPEN.includes(s.state) ? null : 'workflow.not_open';
    case 'decline':
      return s.state === 'registered' ? null : 'workflow.not_registered';
    default:
      return assertNever(c);
  }
}

/** Checks of the command against the case that are not about state (the shell checks existence). */
function commandGuard(s: CaseSnapshot, c: Command): string | null {
  const linked = (unitId: string) => s.units.some((u) => u.unitId === unitId);
  switch (c.action) {
    case 'assign':
      return null;
    case 'rule_rejection':
      if (c.decision === 'uphold' && !c.unitId) return 'workflow.uphold_needs_unit';
      if (c.decision === 'uphold' && c.unitId === s.leadUnitId) return 'workflow.same_unit';
      return null;
    case 'transfer':
      return c.unitId === s.leadUnitId ? 'workflow.same_unit' : null;
    case 'add_co_handler':
      return linked(c.unitId) ? 'workflow.already_linked' : null;
    case 'escalate':
      if (c.departmentUnitIds.length === 0) return 'workflow.escalate_needs_departments';
      if (new Set(c.departmentUnitIds).size !== c.departmentUnitIds.length) return 'workflow.duplicate_units';
      return c.departmentUnitIds.some(linked) ? 'workflow.already_linked' : null;
    case 'conclude':
      return c.outcome === 'mediation_failed' && !c.guidance ? 'workflow.failed_needs_guidance' : null;
    case 'request_extension':
      return Number.isInteger(c.workingDays) && c.workingDays > 0 ? null : 'workflow.bad_extension';
    default:
      return null;
  }
}

/**
 * Decides a command on a case: checks the policy table, the state guards and the command, and
 * returns the one event it yields with the resulting snapshot, or a typed error. Pure.
 */
export function decide(snapshot: CaseSnapshot | null, command: Command, actor: Actor): Decision {
  if (command.action === 'register') {
    if (snapshot) return fail('invalid_state', 'workflow.already_registered');
    if (!isAllowed(actor.role, 'register', relationsForNewCase(actor, command.regionCode))) {
      return fail('forbidden', 'workflow.forbidden');
    }
    const event: EventDraft = {
      action: 'register',
      fromState: null,
      toState: 'registered',
      payload: {
        region_code: command.regionCode,
        handling_level: command.handlingLevel,
        owner_unit_id: command.ownerUnitId,
      },
    };
    return { ok: true, event, next: evolve(null, event) };
  }
  if (!snapshot) return fail('invalid_state', 'workflow.no_case');
  if (!isAllowed(actor.role, command.action, relationsOf(actor, snapshot))) {
    return fail('forbidden', 'workflow.forbidden');
  }
  if (TERMINAL_STATES.includes(snapshot.state)) return fail('invalid_state', 'workflow.case_closed');
  const stateProblem = stateGuard(snapshot, command, actor.unitId);
  if (stateProblem) return fail('invalid_state', stateProblem);
  const commandProblem = commandGuard(snapshot, command);
  if (commandProblem) return fail('invalid_command', commandProblem);

  const event = toEvent(snapshot, command, actor);
  return { ok: true, event, next: evolve(snapshot, event) };
}

function toEvent(s: CaseSnapshot, c: Command, actor: Actor): EventDraft {
  const base = { fromState: s.state };
  const ev = (toState: CaseState, payload: Record<string, unknown>): EventDraft => ({
    action: c.action,
    ...base,
    toState,
    payload: dropUndefined(payload),
  });
  switch (c.action) {
    case 'register':
      throw new Error('register is decided above');
    case 'assign':
      return ev('assigned', { unit_id: c.unitId, note: c.note });
    case 'accept':
      // from 'registered' the first-contact unit takes the case on itself
      return ev('in_progress', {
        unit_id: s.state === 'registered' ? s.ownerUnitId : s.leadUnitId,
        note: c.note,
      });
    case 'reject':
      return ev('assigned', { unit_id: s.leadUnitId, reason: c.reason, evidence: c.evidence ?? [] });
    case 'rule_rejection':
      return c.decision === 'uphold'
        ? ev('assigned', {
            decision: 'uphold',
            unit_id: c.unitId,
            rejected_unit_id: s.leadUnitId,
            note: c.note,
          })
        : ev('in_progress', { decision: 'overrule', unit_id: s.leadUnitId, note: c.note });
    case 'transfer':
      return ev('assigned', { unit_id: c.unitId, from_unit_id: s.leadUnitId, reason: c.reason });
    case 'add_co_handler':
      return ev(s.state, { unit_id: c.unitId, note: c.note });
    case 'escalate':
      return ev(s.state, {
        from_level: s.handlingLevel,
        to_level: levelAbove(s.handlingLevel),
        department_unit_ids: c.departmentUnitIds,
        reason: c.reason,
      });
    case 'report_in':
      return ev(s.state, { unit_id: actor.unitId, note: c.note });
    case 'handle':
      return ev(s.state, { note: c.note, method: c.method });
    case 'pause_clock':
      return ev(s.state, { reason: c.reason });
    case 'resume_clock':
      return ev(s.state, { note: c.note });
    case 'request_extension':
      return ev(s.state, { working_days: c.workingDays, reason: c.reason });
    case 'rule_extension':
      return ev(s.state, { approved: c.approved, note: c.note });
    case 'conclude':
      return ev('concluded', { outcome: c.outcome, summary: c.summary, guidance: c.guidance });
    case 'follow_up':
      return ev('followed_up', { satisfaction: c.satisfaction, note: c.note });
    case 'reopen':
      return ev('in_progress', { reason: c.reason });
    case 'archive':
      return ev('archived', { note: c.note });
    case 'withdraw':
      return ev('withdrawn', { reason: c.reason });
    case 'decline':
      return ev('declined', { legal_ground: c.legalGround, guidance: c.guidance, note: c.note });
    default:
      return assertNever(c);
  }
}

/** The minimal shape of a stored event that folding reads. */
export interface FoldableEvent {
  action: Action | RecordAction;
  toState: CaseState;
  payload: Record<string, unknown>;
}

const str = (p: Record<string, unknown>, k: string): string => {
  const v = p[k];
  if (typeof v !== 'string') throw new Error(`event payload lacks ${k}`);
  return v;
};

/** Applies one event to a snapshot: the fold step. A case's projection is evolve over its events. */
export function evolve(s: CaseSnapshot | null, e: FoldableEvent): CaseSnapshot {
  const p = e.payload;
  if (e.action === 'register') {
    return {
      state: 'registered',
      regionCode: str(p, 'region_code'),
      handlingLevel: str(p, 'handling_level') as HandlingLevel,
      ownerUnitId: str(p, 'owner_unit_id'),
      ownerReleased: false,
      leadUnitId: null,
      units: [],
      awaitingRuling: false,
      clockPaused: false,
      extensionPending: false,
      outcome: null,
      satisfaction: null,
      reopenCount: 0,
      version: 1,
    };
  }
  if (!s) throw new Error('the first event of a case must be register');
  const n: CaseSnapshot = {
    ...s,
    units: s.units.map((u) => ({ ...u })),
    state: e.toState,
    version: s.version + 1,
  };
  const setLead = (unitId: string) => {
    n.units = n.units.filter((u) => u.relation !== 'lead' && u.unitId !== unitId);
    n.units.push({ unitId, relation: 'lead' });
    n.leadUnitId = unitId;
  };
  const dropUnit = (unitId: string | null) => {
    n.units = n.units.filter((u) => u.unitId !== unitId);
  };
  const release = (unitId: string) => {
    // first-contact duty ends when another unit accepts (首问负责)
    if (unitId !== n.ownerUnitId) n.ownerReleased = true;
  };
  const action = e.action;
  // oversight and accountability records change nothing but the version
  if (isRecordAction(action)) return n;
  switch (action) {
    case 'assign':
      setLead(str(p, 'unit_id'));
      break;
    case 'accept': {
      const unit = str(p, 'unit_id');
      if (n.leadUnitId !== unit) setLead(unit);
      release(unit);
      break;
    }
    case 'reject':
      n.awaitingRuling = true;
      break;
    case 'rule_rejection':
      n.awaitingRuling = false;
      if (p.decision === 'uphold') {
        dropUnit(n.leadUnitId);
        setLead(str(p, 'unit_id'));
      } else {
        release(str(p, 'unit_id'));
      }
      break;
    case 'transfer':
      dropUnit(n.leadUnitId);
      setLead(str(p, 'unit_id'));
      // the old lead's paused clock and extension request do not bind the new unit
      n.clockPaused = false;
      n.extensionPending = false;
      break;
    case 'add_co_handler':
      n.units.push({ unitId: str(p, 'unit_id'), relation: 'co_handler' });
      break;
    case 'escalate':
      n.handlingLevel = str(p, 'to_level') as HandlingLevel;
      for (const id of p.department_unit_ids as string[]) n.units.push({ unitId: id, relation: 'summoned' });
      break;
    case 'report_in': {
      const unit = str(p, 'unit_id');
      n.units = n.units.map((u) =>
        u.unitId === unit && u.relation === 'summoned' ? { unitId: unit, relation: 'co_handler' } : u,
      );
      break;
    }
    case 'handle':
    case 'archive':
    case 'decline':
      break;
    case 'withdraw':
      // a closed case has nothing pending: a ruling, a paused clock or an extension end with it
      n.awaitingRuling = false;
      n.clockPaused = false;
      n.extensionPending = false;
      break;
    case 'pause_clock':
      n.clockPaused = true;
      break;
    case 'resume_clock':
      n.clockPaused = false;
      break;
    case 'request_extension':
      n.extensionPending = true;
      break;
    case 'rule_extension':
      n.extensionPending = false;
      break;
    case 'conclude':
      n.outcome = str(p, 'outcome') as Outcome;
      n.clockPaused = false;
      n.extensionPending = false;
      break;
    case 'follow_up':
      n.satisfaction = str(p, 'satisfaction') as Satisfaction;
      break;
    case 'reopen':
      n.reopenCount += 1;
      n.outcome = null;
      n.satisfaction = null;
      break;
    default:
      assertNever(action);
  }
  return n;
}

/** The event and next snapshot for a record on a case (see records.ts); payload never holds personal data. */
export function recordEvent(
  s: CaseSnapshot,
  action: RecordAction,
  payload: Record<string, unknown>,
): { event: EventDraft; next: CaseSnapshot } {
  const event: EventDraft = { action, fromState: s.state, toState: s.state, payload };
  return { event, next: evolve(s, event) };
}

/** Folds a case's whole event list into its snapshot. */
export function fold(events: readonly FoldableEvent[]): CaseSnapshot | null {
  return events.reduce<CaseSnapshot | null>((s, e) => evolve(s, e), null);
}

/** Count of summoned departments that have not reported in (报到). */
export function pendingReportIns(s: CaseSnapshot): number {
  return s.units.filter((u) => u.relation === 'summoned').length;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Exhaustiveness check for switches over unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
