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

const assigned = (o: Partial<CaseSnapshot> = {}) =>
  buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa, version: 2, ...o });
const inProgress = (o: Partial<CaseSnapshot> = {}) =>
  assigned({ state: 'in_progress', ownerReleased: true, version: 3, ...o });
const rejected = () => assigned({ awaitingRuling: true, version: 3 });

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
      expect(verdict(next, { action: 'withdraw', reason: 'again' }, buildResident())).toBe('invalid_state');
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
      verdict(inProgress(), { action: 'withdraw', reason: 'r' }, buildResident({ isParty: false })),
    ).toBe('forbidden');
    expect(verdict(inProgress(), { action: 'withdraw', reason: 'r' }, sifa)).toBe('forbidden');
    expect(
      verdict(inProgress({ state: 'concluded' }), { action: 'withdraw', reason: 'r' }, buildResident()),
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
    expect(verdict(next, { action: 'assign', unitId: UNIT.sifa }, dispatcher)).toBe('invalid_state');
  });

  it('is refused once assigned, and to residents and departments', () => {
    expect(verdict(assigned(), decline, clerk)).toBe('invalid_state');
    expect(verdict(buildSnapshot(), decline, buildResident())).toBe('forbidden');
    expect(verdict(buildSnapshot(), decline, sifa)).toBe('forbidden');
  });
});
