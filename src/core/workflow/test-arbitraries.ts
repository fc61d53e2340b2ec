/**
 * fast-check arbitraries and the snapshot invariants for the workflow's property tests.
 * Actors come from a realistic pool (roles × units × scopes around one township case) mixed with
 * fully random ones; commands carry plausible payloads with unit ids from the same pool.
 */
import fc from 'fast-check';
import type { CaseSnapshot, CaseState, Role } from './case-model.js';
import {
  CASE_STATES,
  GUIDANCE_CHANNELS,
  HANDLING_LEVELS,
  OUTCOMES,
  ROLES,
  SATISFACTIONS,
} from './case-model.js';
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

const WITH_LEAD: readonly CaseState[] = ['assigned', 'in_progress', 'concluded', 'followed_up', 'archived'];
const WITH_OUTCOME: readonly CaseState[] = ['concluded', 'followed_up', 'archived'];

/** Every invariant a snapshot must satisfy; returns the violated ones (empty when consistent). */
export function violations(s: CaseSnapshot): string[] {
  const leads = s.units.filter((u) => u.relation === 'lead');
  const checks: [boolean, string][] = [
    [CASE_STATES.includes(s.state), 'state is one of CASE_STATES'],
    [HANDLING_LEVELS.includes(s.handlingLevel), 'handling level is known'],
    [leads.length <= 1, 'at most one lead link'],
    [s.leadUnitId === (leads[0]?.unitId ?? null), 'leadUnitId is the lead link'],
    [!WITH_LEAD.includes(s.state) || s.leadUnitId !== null, 'assigned and later states have a lead'],
    [
      !['registered', 'declined'].includes(s.state) || s.leadUnitId === null,
      'registered/declined have no lead',
    ],
    [!s.awaitingRuling || s.state === 'assigned', 'awaitingRuling only in assigned'],
    [!s.clockPaused || s.state === 'in_progress', 'clockPaused only in in_progress'],
    [!s.extensionPending || s.state === 'in_progress', 'extensionPending only in in_progress'],
    [new Set(s.units.map((u) => u.unitId)).size === s.units.length, 'no unit linked twice'],
    [(s.outcome !== null) === WITH_OUTCOME.includes(s.state), 'an outcome exactly once concluded'],
    [
      (s.satisfaction !== null) === ['followed_up', 'archived'].includes(s.state),
      'satisfaction exactly once followed up',
    ],
    [
      !s.ownerReleased || !['registered', 'declined'].includes(s.state),
      'owner released only after an acceptance',
    ],
    [s.reopenCount >= 0 && s.version >= 1, 'counters are sane'],
  ];
  return checks.filter(([ok]) => !ok).map(([, name]) => name);
}

/** Any snapshot that satisfies the invariants, including combinations sequences rarely reach. */
export const consistentSnapshot: fc.Arbitrary<CaseSnapshot> = fc
  .record({
    state: fc.constantFrom(...CASE_STATES),
    regionCode: fc.constantFrom(REGION.grid, REGION.village),
    handlingLevel: fc.constantFrom(...HANDLING_LEVELS),
    ownerUnitId: unitId,
    ownerReleased: fc.boolean(),
    lead: fc.option(unitId, { nil: null }),
    links: fc.uniqueArray(fc.tuple(unitId, fc.constantFrom('co_handler' as const, 'summoned' as const)), {
      selector: ([u]) => u,
      maxLength: 4,
    }),
    waits: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    outcome: fc.constantFrom(...OUTCOMES),
    satisfaction: fc.constantFrom(...SATISFACTIONS),
    reopenCount: fc.nat(3),
    version: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ state, lead, links, waits: [ruling, paused, extension], ...r }): CaseSnapshot => {
    const early = state === 'registered' || state === 'declined';
    const leadUnitId = early ? null : WITH_LEAD.includes(state) ? (lead ?? r.ownerUnitId) : lead;
    const others = links
      .filter(([u]) => u !== leadUnitId)
      .map(([unitId, relation]) => ({ unitId, relation }));
    return {
      state,
      regionCode: r.regionCode,
      handlingLevel: r.handlingLevel,
      ownerUnitId: r.ownerUnitId,
      ownerReleased: early ? false : r.ownerReleased,
      leadUnitId,
      units: leadUnitId ? [{ unitId: leadUnitId, relation: 'lead' }, ...others] : others,
      awaitingRuling: state === 'assigned' && ruling,
      clockPaused: state === 'in_progress' && paused,
      extensionPending: state === 'in_progress' && extension,
      outcome: WITH_OUTCOME.includes(state) ? r.outcome : null,
      satisfaction: state === 'followed_up' || state === 'archived' ? r.satisfaction : null,
      reopenCount: r.reopenCount,
      version: r.version,
    };
  });

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
