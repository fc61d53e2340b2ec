// Which actions a user may take on a case right now: the policy table and the state guards of
// decide(), asked through decide() itself so the two can never disagree. The case page offers
// exactly these; the server still decides every submitted command.
import type { CaseSnapshot } from './case-model.js';
import type { Action } from './policy.js';
import { ACTIONS } from './policy.js';
import type { Actor } from './relations.js';
import type { Command } from './workflow.js';
import { decide } from './workflow.js';

/** Every action on an existing case (register creates one). */
export type CaseAction = Exclude<Action, 'register'>;
export const CASE_ACTIONS: readonly CaseAction[] = ACTIONS.filter((a): a is CaseAction => a !== 'register');

// A unit id no case links: probes name it where a command needs a unit, so the command checks
// (same unit, already linked) never stand in for the state guards.
const PROBE_UNIT = '\u0000probe-unit';

/** A complete command for `action` that passes every check of the command against a case. */
function probe(action: CaseAction): Command {
  switch (action) {
    case 'assign':
    case 'add_co_handler':
      return { action, unitId: PROBE_UNIT };
    case 'transfer':
      return { action, unitId: PROBE_UNIT, reason: 'probe' };
    case 'rule_rejection':
      return { action, decision: 'overrule', note: 'probe' };
    case 'escalate':
      return { action, departmentUnitIds: [PROBE_UNIT], reason: 'probe' };
    case 'reject':
    case 'pause_clock':
    case 'reopen':
    case 'withdraw':
      return { action, reason: 'probe' };
    case 'handle':
      return { action, note: 'probe' };
    case 'request_extension':
      return { action, workingDays: 1, reason: 'probe' };
    case 'rule_extension':
      return { action, approved: true, note: 'probe' };
    case 'conclude':
      return { action, outcome: 'mediated_agreement', summary: 'probe' };
    case 'follow_up':
      return { action, satisfaction: 'satisfied' };
    case 'decline':
      return { action, legalGround: 'probe', guidance: 'litigation' };
    case 'accept':
    case 'report_in':
    case 'resume_clock':
    case 'archive':
      return { action };
  }
}

/**
 * The actions `actor` may take on the case now, in the order of ACTIONS: those the policy allows
 * for the actor's relations and the case's state and waits permit. Pure.
 */
export function availableActions(snapshot: CaseSnapshot, actor: Actor): CaseAction[] {
  return CASE_ACTIONS.filter((action) => decide(snapshot, probe(action), actor).ok);
}
