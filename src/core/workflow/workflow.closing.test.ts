import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import type { Command } from './workflow.js';
import { decide } from './workflow.js';
import {
  UNIT,
  accepted,
  buildActor,
  buildResident,
  buildSnapshot,
  buildStaff,
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
const concluded = (overrides: Partial<CaseSnapshot> = {}) =>
  inProgress({ state: 'concluded', outcome: 'mediated_agreement', version: 5, ...overrides });
const followedUp = (overrides: Partial<CaseSnapshot> = {}) =>
  concluded({ state: 'followed_up', satisfaction: 'satisfied', version: 6, ...overrides });
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
    expect(verdict(summoned, { action: 'handle', note: 'x' }, buildStaff(UNIT.police))).toBe('forbidden');
    expect(verdict(inProgress(), { action: 'handle', note: 'x' }, dispatcher)).toBe('forbidden');
    expect(
      verdict(
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
      verdict(inProgress(), { action: 'conclude', outcome: 'mediation_failed', summary: 's' }, sifa),
    ).toBe('invalid_command');
    expect(
      verdict(inProgress(), { action: 'conclude', outcome: 'other_resolution', summary: 's' }, sifa),
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
    expect(verdict(s, cmd, buildStaff(UNIT.police))).toBe('forbidden');
    expect(verdict(concluded(), cmd, sifa)).toBe('invalid_state');
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
    expect(verdict(concluded(), { action: 'follow_up', satisfaction: 'satisfied' }, clerk)).toBe('accepted');
  });

  it('is refused to residents who are not parties, to the handling unit, and before conclusion', () => {
    expect(
      verdict(
        concluded(),
        { action: 'follow_up', satisfaction: 'satisfied' },
        buildResident({ isParty: false }),
      ),
    ).toBe('forbidden');
    expect(verdict(concluded(), { action: 'follow_up', satisfaction: 'satisfied' }, sifa)).toBe('forbidden');
    expect(verdict(inProgress(), { action: 'follow_up', satisfaction: 'satisfied' }, clerk)).toBe(
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
    expect(verdict(followedUp(), { action: 'reopen', reason: 'r' }, dispatcher)).toBe('invalid_state');
    expect(
      verdict(
        followedUp({ satisfaction: 'basically_satisfied' }),
        { action: 'reopen', reason: 'r' },
        dispatcher,
      ),
    ).toBe('invalid_state');
    expect(verdict(concluded(), { action: 'reopen', reason: 'r' }, dispatcher)).toBe('invalid_state');
    expect(
      verdict(followedUp({ satisfaction: 'unsatisfied' }), { action: 'reopen', reason: 'r' }, clerk),
    ).toBe('forbidden');
  });
});

describe('archive (归档)', () => {
  it('closes a followed-up case for good', () => {
    const { event, next } = accepted(decide(followedUp(), { action: 'archive', note: 'done' }, clerk));
    expect(event).toMatchObject({ fromState: 'followed_up', toState: 'archived', payload: { note: 'done' } });
    expect(next.state).toBe('archived');
    expect(verdict(next, { action: 'reopen', reason: 'r' }, dispatcher)).toBe('invalid_state');
    expect(verdict(next, { action: 'follow_up', satisfaction: 'satisfied' }, clerk)).toBe('invalid_state');
  });

  it('is refused before follow-up and to handling units', () => {
    expect(verdict(concluded(), { action: 'archive' }, clerk)).toBe('invalid_state');
    expect(verdict(followedUp(), { action: 'archive' }, sifa)).toBe('forbidden');
  });
});
