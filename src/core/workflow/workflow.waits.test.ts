import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import type { Command } from './workflow.js';
import { decide } from './workflow.js';
import { REGION, UNIT, accepted, buildActor, buildSnapshot, buildStaff, verdict } from './test-factories.js';

const sifa = buildStaff(UNIT.sifa);
const coHandler = buildStaff(UNIT.police);
const supervisor = buildActor({
  role: 'supervisor',
  userId: 'user-sup',
  unitId: 'u-zhengfawei',
  scopeCode: REGION.county,
});

const inProgress = (o: Partial<CaseSnapshot> = {}) =>
  buildSnapshot({
    state: 'in_progress',
    leadUnitId: UNIT.sifa,
    units: [
      { unitId: UNIT.sifa, relation: 'lead' },
      { unitId: UNIT.police, relation: 'co_handler' },
    ],
    ownerReleased: true,
    version: 3,
    ...o,
  });

describe('pause_clock and resume_clock (中止计时)', () => {
  it('the lead pauses the clock while waiting on a party and resumes it', () => {
    const paused = accepted(
      decide(inProgress(), { action: 'pause_clock', reason: 'party in hospital' }, sifa),
    );
    expect(paused.event).toEqual({
      action: 'pause_clock',
      fromState: 'in_progress',
      toState: 'in_progress',
      payload: { reason: 'party in hospital' },
    });
    expect(paused.next).toEqual(inProgress({ clockPaused: true, version: 4 }));
    const resumed = accepted(decide(paused.next, { action: 'resume_clock', note: 'back' }, sifa));
    expect(resumed.event.payload).toEqual({ note: 'back' });
    expect(resumed.next).toEqual(inProgress({ version: 5 }));
  });

  it('handling and concluding go on while the clock is paused', () => {
    const paused = inProgress({ clockPaused: true });
    expect(verdict(paused, { action: 'handle', note: 'call' }, sifa)).toBe('accepted');
    expect(verdict(paused, { action: 'conclude', outcome: 'other_resolution', summary: 's' }, sifa)).toBe(
      'accepted',
    );
  });

  it('refuses pausing twice, resuming a running clock, outside handling, and co-handlers', () => {
    expect(verdict(inProgress({ clockPaused: true }), { action: 'pause_clock', reason: 'r' }, sifa)).toBe(
      'invalid_state',
    );
    expect(verdict(inProgress(), { action: 'resume_clock' }, sifa)).toBe('invalid_state');
    const assigned = buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa });
    expect(verdict(assigned, { action: 'pause_clock', reason: 'r' }, sifa)).toBe('invalid_state');
    expect(verdict(inProgress(), { action: 'pause_clock', reason: 'r' }, coHandler)).toBe('forbidden');
  });
});

describe('request_extension and rule_extension (延期)', () => {
  const request: Command = { action: 'request_extension', workingDays: 10, reason: 'expert opinion pending' };

  it('the lead asks for more working days and the case waits for a ruling', () => {
    const { event, next } = accepted(decide(inProgress(), request, sifa));
    expect(event.payload).toEqual({ working_days: 10, reason: 'expert opinion pending' });
    expect(next).toEqual(inProgress({ extensionPending: true, version: 4 }));
  });

  it('a supervisor or leader in scope approves or denies it, ending the wait either way', () => {
    const pending = inProgress({ extensionPending: true });
    for (const approved of [true, false]) {
      const { event, next } = accepted(
        decide(pending, { action: 'rule_extension', approved, note: 'n' }, supervisor),
      );
      expect(event).toMatchObject({ toState: 'in_progress', payload: { approved, note: 'n' } });
      expect(next).toEqual(inProgress({ version: 4 }));
    }
    const leader = buildActor({ role: 'leader', scopeCode: REGION.city });
    expect(verdict(pending, { action: 'rule_extension', approved: true, note: 'n' }, leader)).toBe(
      'accepted',
    );
  });

  it('refuses a zero, negative or fractional number of days', () => {
    for (const workingDays of [0, -3, 2.5, Number.NaN]) {
      expect(verdict(inProgress(), { ...request, workingDays } as Command, sifa)).toBe('invalid_command');
    }
  });

  it('refuses a second request, a ruling with none pending, rulers outside scope, and the handlers themselves', () => {
    const pending = inProgress({ extensionPending: true });
    const rule: Command = { action: 'rule_extension', approved: true, note: 'n' };
    expect(verdict(pending, request, sifa)).toBe('invalid_state');
    expect(verdict(inProgress(), rule, supervisor)).toBe('invalid_state');
    expect(verdict(pending, rule, buildActor({ role: 'supervisor', scopeCode: REGION.otherCounty }))).toBe(
      'forbidden',
    );
    expect(verdict(pending, rule, buildActor())).toBe('forbidden');
    expect(verdict(pending, rule, sifa)).toBe('forbidden');
    expect(verdict(inProgress(), request, coHandler)).toBe('forbidden');
  });
});
