import { describe, expect, it } from 'vitest';
import type { CaseSnapshot, Role } from './case-model.js';
import { ROLES } from './case-model.js';
import { isAllowed } from './policy.js';
import type { Actor } from './relations.js';
import { relationsForNewCase, relationsOf } from './relations.js';
import type { Command } from './workflow.js';
import { decide } from './workflow.js';
import { REGION, UNIT, buildActor, buildResident, buildSnapshot, registerCommand } from './test-factories.js';

// The case of every scenario: sifa leads, police co-handles, housing is summoned, the center owns it.
const units: CaseSnapshot['units'] = [
  { unitId: UNIT.sifa, relation: 'lead' },
  { unitId: UNIT.police, relation: 'co_handler' },
  { unitId: UNIT.housing, relation: 'summoned' },
];
const registered = buildSnapshot({ units: [{ unitId: UNIT.housing, relation: 'summoned' }] });
const assigned = buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa, units });
const inProgress = buildSnapshot({ state: 'in_progress', leadUnitId: UNIT.sifa, units, ownerReleased: true });
const concluded: CaseSnapshot = { ...inProgress, state: 'concluded', outcome: 'other_resolution' };
const followedUp: CaseSnapshot = { ...concluded, state: 'followed_up', satisfaction: 'unsatisfied' };

/** One state-valid, consistent command per action (register is handled apart: it has no case). */
const SCENARIOS: [CaseSnapshot, Command][] = [
  [registered, { action: 'assign', unitId: UNIT.mediation }],
  [assigned, { action: 'accept' }],
  [assigned, { action: 'reject', reason: 'r' }],
  [
    { ...assigned, awaitingRuling: true },
    { action: 'rule_rejection', decision: 'uphold', unitId: UNIT.mediation, note: 'n' },
  ],
  [
    { ...assigned, awaitingRuling: true },
    { action: 'rule_rejection', decision: 'overrule', note: 'n' },
  ],
  [inProgress, { action: 'transfer', unitId: UNIT.mediation, reason: 'r' }],
  [inProgress, { action: 'add_co_handler', unitId: UNIT.mediation }],
  [inProgress, { action: 'escalate', departmentUnitIds: [UNIT.mediation], reason: 'r' }],
  [inProgress, { action: 'report_in' }],
  [inProgress, { action: 'handle', note: 'n' }],
  [inProgress, { action: 'pause_clock', reason: 'r' }],
  [{ ...inProgress, clockPaused: true }, { action: 'resume_clock' }],
  [inProgress, { action: 'request_extension', workingDays: 5, reason: 'r' }],
  [
    { ...inProgress, extensionPending: true },
    { action: 'rule_extension', approved: true, note: 'n' },
  ],
  [inProgress, { action: 'conclude', outcome: 'mediated_agreement', summary: 's' }],
  [concluded, { action: 'follow_up', satisfaction: 'satisfied' }],
  [followedUp, { action: 'reopen', reason: 'r' }],
  [followedUp, { action: 'archive' }],
  [inProgress, { action: 'withdraw', reason: 'r' }],
  [registered, { action: 'decline', legalGround: 'g', guidance: 'litigation' }],
];

/** Every role with every unit (linked or not) and scope (inside, outside, none); residents party or not. */
function actorPool(): Actor[] {
  const pool: Actor[] = [buildResident(), buildResident({ isParty: false })];
  const staffRoles = ROLES.filter((r): r is Exclude<Role, 'resident'> => r !== 'resident');
  for (const role of staffRoles) {
    for (const unitId of [UNIT.sifa, UNIT.police, UNIT.housing, UNIT.center, UNIT.otherCenter, null]) {
      for (const scopeCode of [REGION.township, REGION.otherTownship, null]) {
        pool.push(buildActor({ role, unitId, scopeCode, userId: role === 'system' ? null : `u-${role}` }));
      }
    }
  }
  return pool;
}
const POOL = actorPool();

const describeActor = (a: Actor) =>
  `${a.role}@${a.unitId ?? '-'}/${a.scopeCode ?? '-'}${a.isParty ? '/party' : ''}`;

describe('decide agrees with the policy table', () => {
  it('every scenario is state-valid: some actor gets it accepted', () => {
    for (const [snapshot, command] of SCENARIOS) {
      expect(
        POOL.some((a) => decide(snapshot, command, a).ok),
        command.action,
      ).toBe(true);
    }
  });

  it.each(SCENARIOS.map(([s, c]) => [c.action, s, c] as const))(
    '%s is forbidden exactly when isAllowed says no for the actor’s relations',
    (_action, snapshot, command) => {
      for (const actor of POOL) {
        const decision = decide(snapshot, command, actor);
        const allowed = isAllowed(actor.role, command.action, relationsOf(actor, snapshot));
        const forbidden = !decision.ok && decision.error.code === 'forbidden';
        expect(forbidden, describeActor(actor)).toBe(!allowed);
      }
    },
  );

  it('register is forbidden exactly when isAllowed says no for the place given', () => {
    for (const regionCode of [REGION.village, REGION.otherTownship]) {
      for (const actor of POOL) {
        const decision = decide(null, registerCommand({ regionCode }), actor);
        const allowed = isAllowed(actor.role, 'register', relationsForNewCase(actor, regionCode));
        expect(decision.ok, describeActor(actor)).toBe(allowed);
      }
    }
  });

  it('terminal cases refuse allowed actors with invalid_state, not forbidden', () => {
    const archived: CaseSnapshot = { ...followedUp, state: 'archived' };
    const clerk = buildActor({ role: 'clerk' });
    const d = decide(archived, { action: 'archive' }, clerk);
    expect(d.ok ? 'accepted' : d.error.code).toBe('invalid_state');
  });
});
