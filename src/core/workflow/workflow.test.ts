import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import { decide, fold } from './workflow.js';
import {
  REGION,
  UNIT,
  accepted,
  buildActor,
  buildResident,
  buildSnapshot,
  buildStaff,
  registerCommand,
  run,
  verdict,
} from './test-factories.js';

const dispatcher = buildActor();
const clerk = buildActor({ role: 'clerk', userId: 'user-clerk' });
const sifa = buildStaff(UNIT.sifa);
const resident = buildResident();

const inProgress = (overrides: Partial<CaseSnapshot> = {}) =>
  buildSnapshot({
    state: 'in_progress',
    leadUnitId: UNIT.sifa,
    ownerReleased: true,
    version: 3,
    ...overrides,
  });

describe('the closed loop register → assign → accept → handle → conclude → follow_up → archive', () => {
  it('walks the whole loop and its snapshot is the fold of its events', () => {
    const { snapshot, events } = run(null, [
      [registerCommand(), clerk],
      [{ action: 'assign', unitId: UNIT.sifa }, dispatcher],
      [{ action: 'accept' }, sifa],
      [{ action: 'handle', note: 'home visit to both families', method: 'visit' }, sifa],
      [{ action: 'conclude', outcome: 'mediated_agreement', summary: 'agreement signed' }, sifa],
      [{ action: 'follow_up', satisfaction: 'satisfied' }, resident],
      [{ action: 'archive' }, clerk],
    ]);
    expect(events.map((e) => [e.fromState, e.toState])).toEqual([
      [null, 'registered'],
      ['registered', 'assigned'],
      ['assigned', 'in_progress'],
      ['in_progress', 'in_progress'],
      ['in_progress', 'concluded'],
      ['concluded', 'followed_up'],
      ['followed_up', 'archived'],
    ]);
    expect(snapshot).toEqual(fold(events));
    expect(snapshot).toMatchObject({
      state: 'archived',
      version: 7,
      leadUnitId: UNIT.sifa,
      ownerUnitId: UNIT.center,
      ownerReleased: true,
      outcome: 'mediated_agreement',
      satisfaction: 'satisfied',
    });
  });
});

describe('register', () => {
  it('records place, level and first-contact owner, and starts a clean registered case', () => {
    const { event, next } = accepted(decide(null, registerCommand(), clerk));
    expect(event).toEqual({
      action: 'register',
      fromState: null,
      toState: 'registered',
      payload: { region_code: REGION.village, handling_level: 'township', owner_unit_id: UNIT.center },
    });
    expect(next).toEqual(buildSnapshot());
  });

  it('lets residents and the system register without any relation', () => {
    expect(verdict(null, registerCommand(), resident)).toBe('accepted');
    expect(
      verdict(null, registerCommand(), buildActor({ role: 'system', unitId: null, scopeCode: null })),
    ).toBe('accepted');
  });

  it('refuses staff registering outside their scope, and administrators', () => {
    const outsider = buildActor({ role: 'clerk', scopeCode: REGION.otherTownship });
    expect(verdict(null, registerCommand(), outsider)).toBe('forbidden');
    expect(verdict(null, registerCommand(), buildActor({ role: 'sys_admin', scopeCode: REGION.city }))).toBe(
      'forbidden',
    );
    expect(verdict(null, registerCommand(), sifa)).toBe('forbidden');
  });

  it('refuses registering a case that exists, and any other action on no case', () => {
    expect(verdict(buildSnapshot(), registerCommand(), clerk)).toBe('invalid_state');
    expect(verdict(null, { action: 'assign', unitId: UNIT.sifa }, dispatcher)).toBe('invalid_state');
  });
});

describe('assign (分流交办)', () => {
  it('makes the unit the lead and leaves the owner responsible', () => {
    const { event, next } = accepted(
      decide(buildSnapshot(), { action: 'assign', unitId: UNIT.sifa, note: 'n' }, dispatcher),
    );
    expect(event).toEqual({
      action: 'assign',
      fromState: 'registered',
      toState: 'assigned',
      payload: { unit_id: UNIT.sifa, note: 'n' },
    });
    expect(next).toEqual(buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa, version: 2 }));
  });

  it('is only for a registered case and only for a dispatcher in scope', () => {
    const assigned = buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa });
    expect(verdict(assigned, { action: 'assign', unitId: UNIT.police }, dispatcher)).toBe('invalid_state');
    expect(verdict(buildSnapshot(), { action: 'assign', unitId: UNIT.sifa }, clerk)).toBe('forbidden');
    const elsewhere = buildActor({ unitId: UNIT.otherCenter, scopeCode: REGION.otherTownship });
    expect(verdict(buildSnapshot(), { action: 'assign', unitId: UNIT.sifa }, elsewhere)).toBe('forbidden');
  });
});

describe('accept (受理)', () => {
  it('by the assigned lead starts handling and releases the first-contact owner (首问负责)', () => {
    const assigned = buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa, version: 2 });
    const { event, next } = accepted(decide(assigned, { action: 'accept' }, sifa));
    expect(event).toMatchObject({
      fromState: 'assigned',
      toState: 'in_progress',
      payload: { unit_id: UNIT.sifa },
    });
    expect(next).toEqual(inProgress());
  });

  it('by the first-contact unit itself takes the case on and keeps it responsible', () => {
    const ownerStaff = buildActor({ role: 'clerk', unitId: UNIT.center });
    const { event, next } = accepted(decide(buildSnapshot(), { action: 'accept' }, ownerStaff));
    expect(event.payload).toEqual({ unit_id: UNIT.center });
    expect(next).toMatchObject({ state: 'in_progress', leadUnitId: UNIT.center, ownerReleased: false });
    expect(next.units).toEqual([{ unitId: UNIT.center, relation: 'lead' }]);
  });

  it('is refused to unrelated units, to the owner once another unit leads, and while a rejection waits', () => {
    const assigned = buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa });
    expect(verdict(assigned, { action: 'accept' }, buildStaff(UNIT.police))).toBe('forbidden');
    expect(verdict(assigned, { action: 'accept' }, clerk)).toBe('invalid_state');
    expect(verdict({ ...assigned, awaitingRuling: true }, { action: 'accept' }, sifa)).toBe('invalid_state');
    expect(verdict(inProgress(), { action: 'accept' }, sifa)).toBe('invalid_state');
  });
});
