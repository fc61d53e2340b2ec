/**
 * fast-check arbitraries for the workflow property tests.
 * Actors come from a realistic pool (roles × units × scopes around one township case) mixed with
 * fully random ones; commands carry plausible payloads with unit ids from the same pool.
 */
import fc from 'fast-check';
import type { CaseSnapshot, Role } from './case-model.js';
import { GUIDANCE_CHANNELS, HANDLING_LEVELS, OUTCOMES, ROLES, SATISFACTIONS } from './case-model.js';
import type { Action } from './policy.js';
import type { Actor } from './relations.js';
import type { Command } from './workflow.js';
import { REGION, UNIT, buildActor, buildResident, buildStaff } from './test-factories.js';

export const UNIT_IDS: string[] = Object.values(UNIT);
const unitId = fc.constantFrom(...UNIT_IDS);
const text = fc.constantFrom('r', 'party unreachable', '');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A plausible command of each action; some contradict the case (same unit, no departments …). */
export const COMMAND: { [A in Action]: fc.Arbitrary<Extract<Command, { action: A }>> } = {
  register: fc.record({
    action: fc.constant('register'),
    regionCode: fc.constantFrom(REGION.grid, REGION.village, REGION.otherTownship),
    handlingLevel: fc.constantFrom(...HANDLING_LEVELS),
    ownerUnitId: unitId,
  }),
  assign: fc.record({ action: fc.constant('assign'), unitId, note: maybe(text) }),
  accept: fc.record({ action: fc.constant('accept'), note: maybe(text) }),
  reject: fc.record({
    action: fc.constant('reject'),
    reason: text,
    evidence: maybe(fc.array(text, { maxLength: 2 })),
  }),
  rule_rejection: fc.record({
    action: fc.constant('rule_rejection'),
    decision: fc.constantFrom('uphold' as const, 'overrule' as const),
    unitId: maybe(unitId),
    note: text,
  }),
  transfer: fc.record({ action: fc.constant('transfer'), unitId, reason: text }),
  add_co_handler: fc.record({ action: fc.constant('add_co_handler'), unitId, note: maybe(text) }),
  escalate: fc.record({
    action: fc.constant('escalate'),
    departmentUnitIds: fc.array(unitId, { maxLength: 3 }),
    reason: text,
  }),
  report_in: fc.record({ action: fc.constant('report_in'), note: maybe(text) }),
  handle: fc.record({
    action: fc.constant('handle'),
    note: text,
    method: maybe(fc.constantFrom('visit', 'phone')),
  }),
  pause_clock: fc.record({ action: fc.constant('pause_clock'), reason: text }),
  resume_clock: fc.record({ action: fc.constant('resume_clock'), note: maybe(text) }),
  request_extension: fc.record({
    action: fc.constant('request_extension'),
    workingDays: fc.oneof(fc.integer({ min: -2, max: 30 }), fc.constant(1.5)),
    reason: text,
  }),
  rule_extension: fc.record({ action: fc.constant('rule_extension'), approved: fc.boolean(), note: text }),
  conclude: fc.record({
    action: fc.constant('conclude'),
    outcome: fc.constantFrom(...OUTCOMES),
    summary: text,
    guidance: maybe(fc.constantFrom(...GUIDANCE_CHANNELS)),
  }),
  follow_up: fc.record({
    action: fc.constant('follow_up'),
    satisfaction: fc.constantFrom(...SATISFACTIONS),
    note: maybe(text),
  }),
  reopen: fc.record({ action: fc.constant('reopen'), reason: text }),
  archive: fc.record({ action: fc.constant('archive'), note: maybe(text) }),
  withdraw: fc.record({ action: fc.constant('withdraw'), reason: text }),
  decline: fc.record({
    action: fc.constant('decline'),
    legalGround: text,
    guidance: fc.constantFrom(...GUIDANCE_CHANNELS),
    note: maybe(text),
  }),
};
export const ACTION_NAMES = Object.keys(COMMAND) as Action[];
export const anyCommand: fc.Arbitrary<Command> = fc.oneof(
  ...ACTION_NAMES.map((a) => COMMAND[a] as fc.Arbitrary<Command>),
);

const region = (role: Role, unit: string | null, scopeCode: string) =>
  buildActor({ role, unitId: unit, scopeCode, userId: `u-${role}` });

/** The people around the case: its centers, departments, village, leaders, admins and residents. */
export const ACTOR_POOL: Actor[] = [
  region('dispatcher', UNIT.center, REGION.township),
  region('clerk', UNIT.center, REGION.township),
  region('dispatcher', UNIT.otherCenter, REGION.otherTownship),
  region('clerk', UNIT.otherCenter, REGION.otherTownship),
  region('dispatcher', 'u-center-county', REGION.county),
  region('grid_worker', UNIT.village, REGION.grid),
  region('grid_worker', UNIT.village, REGION.otherGrid),
  region('security_member', UNIT.village, REGION.grid),
  region('leader', 'u-zhengfawei-city', REGION.city),
  region('supervisor', 'u-zhengfawei-county', REGION.county),
  region('supervisor', 'u-zhengfawei-other', REGION.otherCounty),
  ...[UNIT.sifa, UNIT.police, UNIT.housing, UNIT.otherCenter].map((u) => buildStaff(u)),
  ...[UNIT.mediation, UNIT.sifa, UNIT.village].map((u) => buildStaff(u, { role: 'mediator' })),
  ...(['sys_admin', 'security_admin', 'audit_admin'] as const).map((r) =>
    region(r, UNIT.center, REGION.city),
  ),
  buildResident(),
  buildResident({ isParty: false }),
  buildActor({ role: 'system', userId: null, unitId: null, scopeCode: null }),
];

const randomActor: fc.Arbitrary<Actor> = fc.record({
  role: fc.constantFrom(...ROLES),
  userId: fc.constant('u-random'),
  unitId: fc.option(unitId, { nil: null }),
  scopeCode: fc.option(fc.constantFrom(...Object.values(REGION)), { nil: null }),
  isParty: fc.boolean(),
});
export const anyActor: fc.Arbitrary<Actor> = fc.oneof(
  { arbitrary: fc.constantFrom(...ACTOR_POOL), weight: 4 },
  { arbitrary: randomActor, weight: 1 },
);

/**
 * Actions worth trying on a snapshot, to steer random sequences deep into the loop: the state's
 * actions, with the progressing ones and the ends of pending waits weighted up by repetition.
 */
export function plausibleActions(s: CaseSnapshot): Action[] {
  const times = (a: Action, n: number, when: boolean): Action[] => (when ? Array<Action>(n).fill(a) : []);
  const waits = [
    ...times('rule_rejection', 3, s.awaitingRuling),
    ...times('resume_clock', 3, s.clockPaused),
    ...times('rule_extension', 8, s.extensionPending),
  ];
  switch (s.state) {
    case 'registered':
      return ['assign', 'assign', 'assign', 'accept', 'escalate', 'report_in', 'withdraw', 'decline'];
    case 'assigned':
      return [
        'accept',
        'accept',
        'reject',
        'transfer',
        'add_co_handler',
        'escalate',
        'report_in',
        'withdraw',
        ...waits,
      ];
    case 'in_progress':
      return [
        'transfer', 'add_co_handler', 'escalate', 'report_in', 'handle', 'pause_clock', 'request_extension',
        'request_extension', 'conclude', 'conclude', 'withdraw', ...waits,
      ]; // prettier-ignore
    case 'concluded':
      return ['follow_up'];
    case 'followed_up':
      return ['reopen', 'reopen', 'archive'];
    default:
      return ACTION_NAMES;
  }
}
