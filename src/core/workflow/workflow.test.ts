import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import type { Command } from './workflow.js';
import { decide, fold } from './workflow.js';
import type { Actor } from './relations.js';
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
} from './test-factories.js';

const dispatcher = buildActor();
const clerk = buildActor({ role: 'clerk', userId: 'user-clerk' });
const sifa = buildStaff(UNIT.sifa);
const resident = buildResident();

const errorOf = (s: CaseSnapshot | null, c: Command, a: Actor) => {
  const d = decide(s, c, a);
  return d.ok ? 'accepted' : d.error.code;
};

const inProgress = (overrides: Partial<CaseSnapshot> = {}) =>
  buildSnapshot({
    state: 'in_progress',
    leadUnitId: UNIT.sifa,
    ownerReleased: true,
    version: 3,
    ...overrides,
  });
const concluded = (overrides: Partial<CaseSnapshot> = {}) =>
  inProgress({ state: 'concluded', outcome: 'mediated_agreement', version: 5, ...overrides });
const followedUp = (overrides: Partial<CaseSnapshot> = {}) =>
  concluded({ state: 'followed_up', satisfaction: 'satisfied', version: 6, ...overrides });

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
    expect(errorOf(null, registerCommand(), resident)).toBe('accepted');
    expect(
      errorOf(null, registerCommand(), buildActor({ role: 'system', unitId: null, scopeCode: null })),
    ).toBe('accepted');
  });

  it('refuses staff registering outside their scope, and administrators', () => {
    const outsider = buildActor({ role: 'clerk', scopeCode: REGION.otherTownship });
    expect(errorOf(null, registerCommand(), outsider)).toBe('forbidden');
    expect(errorOf(null, registerCommand(), buildActor({ role: 'sys_admin', scopeCode: REGION.city }))).toBe(
      'forbidden',
    );
    expect(errorOf(null, registerCommand(), sifa)).toBe('forbidden');
  });

  it('refuses registering a case that exists, and any other action on no case', () => {
    expect(errorOf(buildSnapshot(), registerCommand(), clerk)).toBe('invalid_state');
    expect(errorOf(null, { action: 'assign', unitId: UNIT.sifa }, dispatcher)).toBe('invalid_state');
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
    expect(errorOf(assigned, { action: 'assign', unitId: UNIT.police }, dispatcher)).toBe('invalid_state');
    expect(errorOf(buildSnapshot(), { action: 'assign', unitId: UNIT.sifa }, clerk)).toBe('forbidden');
    const elsewhere = buildActor({ unitId: UNIT.otherCenter, scopeCode: REGION.otherTownship });
    expect(errorOf(buildSnapshot(), { action: 'assign', unitId: UNIT.sifa }, elsewhere)).toBe('forbidden');
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
    expect(errorOf(assigned, { action: 'accept' }, buildStaff(UNIT.police))).toBe('forbidden');
    expect(errorOf(assigned, { action: 'accept' }, clerk)).toBe('invalid_state');
    expect(errorOf({ ...assigned, awaitingRuling: true }, { action: 'accept' }, sifa)).toBe('invalid_state');
    expect(errorOf(inProgress(), { action: 'accept' }, sifa)).toBe('invalid_state');
  });
});

describe('handle (办理)', () => {
  it('records a step by the lead or a co-handler without changing state', () => {
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.police, relation: 'co_handler' },
      ],
    });
    const { event, next } = accepted(
      decide(s, { action: 'handle', note: 'talked', method: 'phone' }, buildStaff(UNIT.police)),
    );
    expect(event).toEqual({
      action: 'handle',
      fromState: 'in_progress',
      toState: 'in_progress',
      payload: { note: 'talked', method: 'phone' },
    });
    expect(next).toEqual({ ...s, version: s.version + 1 });
  });

  it('is refused before acceptance, to summoned units that have not reported in, and to unlinked staff', () => {
    const summoned = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.police, relation: 'summoned' },
      ],
    });
    expect(errorOf(summoned, { action: 'handle', note: 'x' }, buildStaff(UNIT.police))).toBe('forbidden');
    expect(errorOf(inProgress(), { action: 'handle', note: 'x' }, dispatcher)).toBe('forbidden');
    expect(
      errorOf(
        buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa }),
        { action: 'handle', note: 'x' },
        sifa,
      ),
    ).toBe('invalid_state');
  });
});

describe('conclude (办结)', () => {
  it('records the outcome and clears the waits of handling', () => {
    const s = inProgress({ clockPaused: true, extensionPending: true });
    const cmd: Command = {
      action: 'conclude',
      outcome: 'mediation_failed',
      summary: 's',
      guidance: 'arbitration',
    };
    const { event, next } = accepted(decide(s, cmd, sifa));
    expect(event).toMatchObject({
      toState: 'concluded',
      payload: { outcome: 'mediation_failed', summary: 's', guidance: 'arbitration' },
    });
    expect(next).toMatchObject({
      state: 'concluded',
      outcome: 'mediation_failed',
      clockPaused: false,
      extensionPending: false,
    });
  });

  it('requires guidance when mediation failed (诉调对接)', () => {
    expect(
      errorOf(inProgress(), { action: 'conclude', outcome: 'mediation_failed', summary: 's' }, sifa),
    ).toBe('invalid_command');
    expect(
      errorOf(inProgress(), { action: 'conclude', outcome: 'other_resolution', summary: 's' }, sifa),
    ).toBe('accepted');
  });

  it('is for the lead only, and only while in progress', () => {
    const s = inProgress({
      units: [
        { unitId: UNIT.sifa, relation: 'lead' },
        { unitId: UNIT.police, relation: 'co_handler' },
      ],
    });
    const cmd: Command = { action: 'conclude', outcome: 'other_resolution', summary: 's' };
    expect(errorOf(s, cmd, buildStaff(UNIT.police))).toBe('forbidden');
    expect(errorOf(concluded(), cmd, sifa)).toBe('invalid_state');
  });
});

describe('follow_up (回访)', () => {
  it('records the satisfaction given by the resident or the center', () => {
    const { event, next } = accepted(
      decide(concluded(), { action: 'follow_up', satisfaction: 'basically_satisfied', note: 'ok' }, resident),
    );
    expect(event).toMatchObject({
      fromState: 'concluded',
      toState: 'followed_up',
      payload: { satisfaction: 'basically_satisfied', note: 'ok' },
    });
    expect(next).toMatchObject({
      state: 'followed_up',
      satisfaction: 'basically_satisfied',
      outcome: 'mediated_agreement',
    });
    expect(errorOf(concluded(), { action: 'follow_up', satisfaction: 'satisfied' }, clerk)).toBe('accepted');
  });

  it('is refused to residents who are not parties, to the handling unit, and before conclusion', () => {
    expect(
      errorOf(
        concluded(),
        { action: 'follow_up', satisfaction: 'satisfied' },
        buildResident({ isParty: false }),
      ),
    ).toBe('forbidden');
    expect(errorOf(concluded(), { action: 'follow_up', satisfaction: 'satisfied' }, sifa)).toBe('forbidden');
    expect(errorOf(inProgress(), { action: 'follow_up', satisfaction: 'satisfied' }, clerk)).toBe(
      'invalid_state',
    );
  });
});

describe('reopen (重办)', () => {
  it('sends an unsatisfied case back to its lead, counting the reopening', () => {
    const s = followedUp({ satisfaction: 'unsatisfied' });
    const { event, next } = accepted(decide(s, { action: 'reopen', reason: 'not paid' }, dispatcher));
    expect(event).toEqual({
      action: 'reopen',
      fromState: 'followed_up',
      toState: 'in_progress',
      payload: { reason: 'not paid' },
    });
    expect(next).toEqual({
      ...s,
      state: 'in_progress',
      outcome: null,
      satisfaction: null,
      reopenCount: 1,
      version: s.version + 1,
    });
  });

  it('is refused after a satisfied follow-up, before follow-up, and to clerks', () => {
    expect(errorOf(followedUp(), { action: 'reopen', reason: 'r' }, dispatcher)).toBe('invalid_state');
    expect(
      errorOf(
        followedUp({ satisfaction: 'basically_satisfied' }),
        { action: 'reopen', reason: 'r' },
        dispatcher,
      ),
    ).toBe('invalid_state');
    expect(errorOf(concluded(), { action: 'reopen', reason: 'r' }, dispatcher)).toBe('invalid_state');
    expect(
      errorOf(followedUp({ satisfaction: 'unsatisfied' }), { action: 'reopen', reason: 'r' }, clerk),
    ).toBe('forbidden');
  });
});

describe('archive (归档)', () => {
  it('closes a followed-up case for good', () => {
    const { event, next } = accepted(decide(followedUp(), { action: 'archive', note: 'done' }, clerk));
    expect(event).toMatchObject({ fromState: 'followed_up', toState: 'archived', payload: { note: 'done' } });
    expect(next.state).toBe('archived');
    expect(errorOf(next, { action: 'reopen', reason: 'r' }, dispatcher)).toBe('invalid_state');
    expect(errorOf(next, { action: 'follow_up', satisfaction: 'satisfied' }, clerk)).toBe('invalid_state');
  });

  it('is refused before follow-up and to handling units', () => {
    expect(errorOf(concluded(), { action: 'archive' }, clerk)).toBe('invalid_state');
    expect(errorOf(followedUp(), { action: 'archive' }, sifa)).toBe('forbidden');
  });
});
