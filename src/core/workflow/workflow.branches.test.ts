import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import type { Command } from './workflow.js';
import { decide } from './workflow.js';
import { UNIT, accepted, buildActor, buildSnapshot, buildStaff, verdict } from './test-factories.js';

const dispatcher = buildActor();
const clerk = buildActor({ role: 'clerk', userId: 'user-clerk' });
const sifa = buildStaff(UNIT.sifa);
const police = buildStaff(UNIT.police);

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
    expect(verdict(inProgress(), { action: 'reject', reason: 'r' }, sifa)).toBe('invalid_state');
    expect(verdict(rejected(), { action: 'reject', reason: 'r' }, sifa)).toBe('invalid_state');
    expect(verdict(assigned(), { action: 'reject', reason: 'r' }, police)).toBe('forbidden');
    expect(verdict(assigned(), { action: 'reject', reason: 'r' }, dispatcher)).toBe('forbidden');
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
    expect(verdict(assigned(), uphold(UNIT.police), dispatcher)).toBe('invalid_state');
    expect(verdict(rejected(), uphold(), dispatcher)).toBe('invalid_command');
    expect(verdict(rejected(), uphold(UNIT.sifa), dispatcher)).toBe('invalid_command');
    expect(verdict(rejected(), uphold(UNIT.police), clerk)).toBe('forbidden');
    expect(verdict(rejected(), uphold(UNIT.police), buildActor({ role: 'supervisor' }))).toBe('forbidden');
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
    expect(verdict(inProgress(), cmd(UNIT.sifa), sifa)).toBe('invalid_command');
    expect(verdict(buildSnapshot(), cmd(UNIT.police), dispatcher)).toBe('invalid_state');
    expect(verdict(rejected(), cmd(UNIT.police), dispatcher)).toBe('invalid_state');
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.mediation, relation: 'co_handler' },
      ],
    });
    expect(verdict(s, cmd(UNIT.police), buildStaff(UNIT.mediation))).toBe('forbidden');
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
    expect(verdict(next, { action: 'handle', note: 'n' }, police)).toBe('accepted');
  });

  it('is refused for a unit already linked, before assignment, and to co-handlers', () => {
    expect(verdict(inProgress(), { action: 'add_co_handler', unitId: UNIT.sifa }, sifa)).toBe(
      'invalid_command',
    );
    expect(verdict(buildSnapshot(), { action: 'add_co_handler', unitId: UNIT.police }, dispatcher)).toBe(
      'invalid_state',
    );
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.police, relation: 'co_handler' },
      ],
    });
    expect(verdict(s, { action: 'add_co_handler', unitId: UNIT.housing }, police)).toBe('forbidden');
  });
});
