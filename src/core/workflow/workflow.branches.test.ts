import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import type { Actor } from './relations.js';
import type { Command } from './workflow.js';
import { decide, pendingReportIns } from './workflow.js';
import {
  UNIT,
  accepted,
  buildActor,
  buildResident,
  buildSnapshot,
  buildStaff,
  run,
} from './test-factories.js';

const dispatcher = buildActor();
const clerk = buildActor({ role: 'clerk', userId: 'user-clerk' });
const sifa = buildStaff(UNIT.sifa);
const police = buildStaff(UNIT.police);
const housing = buildStaff(UNIT.housing);

const errorOf = (s: CaseSnapshot, c: Command, a: Actor) => {
  const d = decide(s, c, a);
  return d.ok ? 'accepted' : d.error.code;
};
const assigned = (o: Partial<CaseSnapshot> = {}) =>
  buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa, version: 2, ...o });
const inProgress = (o: Partial<CaseSnapshot> = {}) =>
  assigned({ state: 'in_progress', ownerReleased: true, version: 3, ...o });
const rejected = () => assigned({ awaitingRuling: true, version: 3 });

describe('reject (退回) and the ruling on it (审定)', () => {
  it('a rejection keeps the lead and waits for the dispatcher', () => {
    const { event, next } = accepted(decide(assigned(), { action: 'reject', reason: 'not ours' }, sifa));
    expect(event).toEqual({
      action: 'reject',
      fromState: 'assigned',
      toState: 'assigned',
      payload: { unit_id: UNIT.sifa, reason: 'not ours', evidence: [] },
    });
    expect(next).toEqual(rejected());
  });

  it('is refused after acceptance, twice, and to anyone but the lead', () => {
    expect(errorOf(inProgress(), { action: 'reject', reason: 'r' }, sifa)).toBe('invalid_state');
    expect(errorOf(rejected(), { action: 'reject', reason: 'r' }, sifa)).toBe('invalid_state');
    expect(errorOf(assigned(), { action: 'reject', reason: 'r' }, police)).toBe('forbidden');
    expect(errorOf(assigned(), { action: 'reject', reason: 'r' }, dispatcher)).toBe('forbidden');
  });

  it('upholding it reassigns: the rejecting unit leaves, the new one leads, the owner stays responsible', () => {
    const cmd: Command = { action: 'rule_rejection', decision: 'uphold', unitId: UNIT.police, note: 'fair' };
    const { event, next } = accepted(decide(rejected(), cmd, dispatcher));
    expect(event).toMatchObject({
      fromState: 'assigned',
      toState: 'assigned',
      payload: { decision: 'uphold', unit_id: UNIT.police, rejected_unit_id: UNIT.sifa, note: 'fair' },
    });
    expect(next).toEqual(assigned({ leadUnitId: UNIT.police, version: 4 }));
    expect(accepted(decide(next, { action: 'accept' }, police)).next.ownerReleased).toBe(true);
  });

  it('overruling it puts the unit to work without a second acceptance', () => {
    const cmd: Command = { action: 'rule_rejection', decision: 'overrule', note: 'yours' };
    const { event, next } = accepted(decide(rejected(), cmd, dispatcher));
    expect(event).toMatchObject({
      toState: 'in_progress',
      payload: { decision: 'overrule', unit_id: UNIT.sifa },
    });
    expect(next).toEqual(inProgress({ version: 4 }));
  });

  it('refuses a ruling with nothing pending, an uphold without a new unit or to the same unit, and non-dispatchers', () => {
    const uphold = (unitId?: string): Command => ({
      action: 'rule_rejection',
      decision: 'uphold',
      unitId,
      note: 'n',
    });
    expect(errorOf(assigned(), uphold(UNIT.police), dispatcher)).toBe('invalid_state');
    expect(errorOf(rejected(), uphold(), dispatcher)).toBe('invalid_command');
    expect(errorOf(rejected(), uphold(UNIT.sifa), dispatcher)).toBe('invalid_command');
    expect(errorOf(rejected(), uphold(UNIT.police), clerk)).toBe('forbidden');
    expect(errorOf(rejected(), uphold(UNIT.police), buildActor({ role: 'supervisor' }))).toBe('forbidden');
  });
});

describe('transfer (转办)', () => {
  it('hands the lead to another unit, which must accept anew; co-handlers stay', () => {
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.mediation, relation: 'co_handler' },
      ],
    });
    const { event, next } = accepted(
      decide(s, { action: 'transfer', unitId: UNIT.police, reason: 'criminal' }, sifa),
    );
    expect(event).toEqual({
      action: 'transfer',
      fromState: 'in_progress',
      toState: 'assigned',
      payload: { unit_id: UNIT.police, from_unit_id: UNIT.sifa, reason: 'criminal' },
    });
    expect(next.leadUnitId).toBe(UNIT.police);
    expect(next.units).toEqual([
      { unitId: UNIT.mediation, relation: 'co_handler' },
      { unitId: UNIT.police, relation: 'lead' },
    ]);
  });

  it('to a co-handler promotes it without linking it twice', () => {
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.police, relation: 'co_handler' },
      ],
    });
    const { next } = accepted(
      decide(s, { action: 'transfer', unitId: UNIT.police, reason: 'r' }, dispatcher),
    );
    expect(next.units).toEqual([{ unitId: UNIT.police, relation: 'lead' }]);
  });

  it('ends the waits of the old lead: a paused clock and a pending extension do not travel', () => {
    const s = inProgress({ clockPaused: true, extensionPending: true });
    const { next } = accepted(decide(s, { action: 'transfer', unitId: UNIT.police, reason: 'r' }, sifa));
    expect(next).toMatchObject({ state: 'assigned', clockPaused: false, extensionPending: false });
  });

  it('is refused to the same unit, before assignment, during a pending ruling, and to co-handlers', () => {
    const cmd = (unitId: string): Command => ({ action: 'transfer', unitId, reason: 'r' });
    expect(errorOf(inProgress(), cmd(UNIT.sifa), sifa)).toBe('invalid_command');
    expect(errorOf(buildSnapshot(), cmd(UNIT.police), dispatcher)).toBe('invalid_state');
    expect(errorOf(rejected(), cmd(UNIT.police), dispatcher)).toBe('invalid_state');
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.mediation, relation: 'co_handler' },
      ],
    });
    expect(errorOf(s, cmd(UNIT.police), buildStaff(UNIT.mediation))).toBe('forbidden');
  });
});

describe('add_co_handler (联办)', () => {
  it('links another unit to handle together under the same lead', () => {
    const { event, next } = accepted(
      decide(inProgress(), { action: 'add_co_handler', unitId: UNIT.police }, sifa),
    );
    expect(event).toMatchObject({
      fromState: 'in_progress',
      toState: 'in_progress',
      payload: { unit_id: UNIT.police },
    });
    expect(next.units).toEqual([
      { unitId: UNIT.sifa, relation: 'lead' },
      { unitId: UNIT.police, relation: 'co_handler' },
    ]);
    expect(next.leadUnitId).toBe(UNIT.sifa);
    expect(errorOf(next, { action: 'handle', note: 'n' }, police)).toBe('accepted');
  });

  it('is refused for a unit already linked, before assignment, and to co-handlers', () => {
    expect(errorOf(inProgress(), { action: 'add_co_handler', unitId: UNIT.sifa }, sifa)).toBe(
      'invalid_command',
    );
    expect(errorOf(buildSnapshot(), { action: 'add_co_handler', unitId: UNIT.police }, dispatcher)).toBe(
      'invalid_state',
    );
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.police, relation: 'co_handler' },
      ],
    });
    expect(errorOf(s, { action: 'add_co_handler', unitId: UNIT.housing }, police)).toBe('forbidden');
  });
});

describe('escalate (上报/吹哨) and report_in (报到)', () => {
  const escalate = (...departmentUnitIds: string[]): Command => ({
    action: 'escalate',
    departmentUnitIds,
    reason: 'beyond us',
  });

  it('climbs village → township → county → city and is refused at the top', () => {
    const lead = buildStaff(UNIT.village, { role: 'grid_worker' });
    const start = inProgress({
      handlingLevel: 'village',
      leadUnitId: UNIT.village,
      units: [{ unitId: UNIT.village, relation: 'lead' }],
    });
    const { snapshot, events } = run(start, [
      [escalate(UNIT.sifa), lead],
      [escalate(UNIT.police), lead],
      [escalate(UNIT.housing), lead],
    ]);
    expect(events.map((e) => [e.payload.from_level, e.payload.to_level])).toEqual([
      ['village', 'township'],
      ['township', 'county'],
      ['county', 'city'],
    ]);
    expect(snapshot).toMatchObject({ handlingLevel: 'city', state: 'in_progress', leadUnitId: UNIT.village });
    expect(errorOf(snapshot, escalate(UNIT.mediation), lead)).toBe('invalid_state');
  });

  it('summons the named departments, which report in and become co-handlers', () => {
    const { event, next } = accepted(decide(inProgress(), escalate(UNIT.police, UNIT.housing), sifa));
    expect(event.payload).toEqual({
      from_level: 'township',
      to_level: 'county',
      department_unit_ids: [UNIT.police, UNIT.housing],
      reason: 'beyond us',
    });
    expect(pendingReportIns(next)).toBe(2);
    expect(errorOf(next, { action: 'handle', note: 'n' }, police)).toBe('forbidden');
    const reported = accepted(decide(next, { action: 'report_in', note: 'here' }, police));
    expect(reported.event).toMatchObject({
      toState: 'in_progress',
      payload: { unit_id: UNIT.police, note: 'here' },
    });
    expect(reported.next.units).toContainEqual({ unitId: UNIT.police, relation: 'co_handler' });
    expect(reported.next.units).toContainEqual({ unitId: UNIT.housing, relation: 'summoned' });
    expect(pendingReportIns(reported.next)).toBe(1);
    expect(errorOf(reported.next, { action: 'handle', note: 'n' }, police)).toBe('accepted');
    expect(errorOf(reported.next, { action: 'report_in' }, police)).toBe('forbidden');
  });

  it('refuses no departments, duplicates, linked units, a pending ruling, a closed loop and summoned units', () => {
    expect(errorOf(inProgress(), escalate(), sifa)).toBe('invalid_command');
    expect(errorOf(inProgress(), escalate(UNIT.police, UNIT.police), sifa)).toBe('invalid_command');
    expect(errorOf(inProgress(), escalate(UNIT.sifa), dispatcher)).toBe('invalid_command');
    expect(errorOf(rejected(), escalate(UNIT.police), dispatcher)).toBe('invalid_state');
    expect(errorOf(inProgress({ state: 'concluded' }), escalate(UNIT.police), dispatcher)).toBe(
      'invalid_state',
    );
    const summoned = accepted(decide(inProgress(), escalate(UNIT.police), sifa)).next;
    expect(errorOf(summoned, escalate(UNIT.housing), police)).toBe('forbidden');
    expect(errorOf(summoned, { action: 'report_in' }, housing)).toBe('forbidden');
  });
});

describe('withdraw (撤回)', () => {
  it('closes an open case at the applicant’s request from any open state', () => {
    for (const s of [buildSnapshot(), assigned(), inProgress()]) {
      const { event, next } = accepted(
        decide(s, { action: 'withdraw', reason: 'settled privately' }, buildResident()),
      );
      expect(event).toMatchObject({
        fromState: s.state,
        toState: 'withdrawn',
        payload: { reason: 'settled privately' },
      });
      expect(next.state).toBe('withdrawn');
      expect(errorOf(next, { action: 'withdraw', reason: 'again' }, buildResident())).toBe('invalid_state');
    }
  });

  it('ends every wait, so a closed case shows nothing pending', () => {
    const fromRuling = accepted(decide(rejected(), { action: 'withdraw', reason: 'r' }, clerk)).next;
    expect(fromRuling.awaitingRuling).toBe(false);
    const fromPaused = accepted(
      decide(
        inProgress({ clockPaused: true, extensionPending: true }),
        { action: 'withdraw', reason: 'r' },
        clerk,
      ),
    ).next;
    expect(fromPaused).toMatchObject({ clockPaused: false, extensionPending: false });
  });

  it('is refused to non-parties and handling units, and after conclusion', () => {
    expect(
      errorOf(inProgress(), { action: 'withdraw', reason: 'r' }, buildResident({ isParty: false })),
    ).toBe('forbidden');
    expect(errorOf(inProgress(), { action: 'withdraw', reason: 'r' }, sifa)).toBe('forbidden');
    expect(
      errorOf(inProgress({ state: 'concluded' }), { action: 'withdraw', reason: 'r' }, buildResident()),
    ).toBe('invalid_state');
  });
});

describe('decline (不予受理)', () => {
  const decline: Command = {
    action: 'decline',
    legalGround: '《人民调解法》第十七条',
    guidance: 'litigation',
  };

  it('closes a registered case with its legal ground and the channel to take instead', () => {
    const { event, next } = accepted(decide(buildSnapshot(), decline, clerk));
    expect(event).toEqual({
      action: 'decline',
      fromState: 'registered',
      toState: 'declined',
      payload: { legal_ground: '《人民调解法》第十七条', guidance: 'litigation' },
    });
    expect(next).toEqual(buildSnapshot({ state: 'declined', version: 2 }));
    expect(errorOf(next, { action: 'assign', unitId: UNIT.sifa }, dispatcher)).toBe('invalid_state');
  });

  it('is refused once assigned, and to residents and departments', () => {
    expect(errorOf(assigned(), decline, clerk)).toBe('invalid_state');
    expect(errorOf(buildSnapshot(), decline, buildResident())).toBe('forbidden');
    expect(errorOf(buildSnapshot(), decline, sifa)).toBe('forbidden');
  });
});
