import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseSnapshot, CaseState } from './case-model.js';
import { CASE_STATES, TERMINAL_STATES } from './case-model.js';
import type { Action } from './policy.js';
import { isAllowed } from './policy.js';
import { relationsOf } from './relations.js';
import type { EventDraft } from './workflow.js';
import { decide, evolve, fold } from './workflow.js';
import { ACTOR_POOL, COMMAND, PLAUSIBLE, anyActor, anyCommand, consistentSnapshot, violations } from './test-arbitraries.js';
import { REGION, accepted, buildActor } from './test-factories.js';

// What the runs reached, so a property that never gets past 'registered' cannot pass unnoticed.
const reachedStates = new Set<CaseState>();
const acceptedActions = new Set<Action>();

/** Checks one decision against (b) and (d) and the policy; returns the snapshot to continue from. */
function step(s: CaseSnapshot, events: EventDraft[], command: Parameters<typeof decide>[1], actor: Parameters<typeof decide>[2]) {
  const before = structuredClone(s);
  let decision!: ReturnType<typeof decide>;
  expect(() => (decision = decide(s, command, actor))).not.toThrow();
  expect(s, 'decide never mutates its input').toEqual(before);
  const forbidden = !decision.ok && decision.error.code === 'forbidden';
  expect(forbidden).toBe(!isAllowed(actor.role, command.action, relationsOf(actor, s)));
  if (TERMINAL_STATES.includes(s.state)) expect(decision.ok, 'terminal states accept nothing').toBe(false);
  if (!decision.ok) return s;
  const { event, next } = decision;
  expect(event).toMatchObject({ action: command.action, fromState: s.state, toState: next.state });
  events.push(event);
  acceptedActions.add(command.action);
  reachedStates.add(next.state);
  return next;
}

describe('random sequences of commands from a registered case', () => {
  afterAll(() => {
    // every state and every action must have been exercised by the sequences above
    expect([...reachedStates].sort()).toEqual([...CASE_STATES].sort());
    expect([...acceptedActions].sort()).toEqual(Object.keys(COMMAND).sort());
  });

  it('keep the snapshot consistent, one event per acceptance, and the snapshot the fold of its events', () => {
    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: 0, max: 30 }), (g, length) => {
        const register = g(() => COMMAND.register.filter((c) => c.regionCode !== REGION.otherTownship));
        const clerk = buildActor({ role: 'clerk', scopeCode: REGION.township });
        const first = accepted(decide(null, register, clerk));
        const events: EventDraft[] = [first.event];
        let s = first.next;
        reachedStates.add(s.state);
        for (let i = 0; i < length; i++) {
          // mostly steer towards actions the state allows and actors related to the case; sometimes anything
          const steer = g(fc.integer, { min: 0, max: 9 }) < 7;
          const action = steer ? g(fc.constantFrom, ...PLAUSIBLE[s.state]) : null;
          const command = action ? g(() => COMMAND[action]) : g(() => anyCommand);
          const snapshot = s;
          const related = ACTOR_POOL.filter((a) => relationsOf(a, snapshot)[0] !== 'none');
          const actor = steer && related.length > 0 ? g(fc.constantFrom, ...related) : g(() => anyActor);
          const eventsBefore = events.length;
          const next = step(s, events, command, actor);
          expect(events.length - eventsBefore, 'exactly one event when accepted, none when refused').toBe(next === s ? 0 : 1);
          s = next;
          expect(violations(s)).toEqual([]);
          expect(s.version).toBe(events.length);
          // (c) the projection is the fold of the ledger, also after a round trip through JSON (jsonb)
          expect(fold(events)).toEqual(s);
        }
        expect(fold(JSON.parse(JSON.stringify(events)))).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('any single command on any consistent snapshot', () => {
  it('the generator only makes consistent snapshots', () => {
    fc.assert(fc.property(consistentSnapshot, (s) => expect(violations(s)).toEqual([])), { numRuns: 300 });
  });

  it('never throws, keeps the invariants, and yields the evolve of its one event', () => {
    fc.assert(
      fc.property(consistentSnapshot, anyCommand, anyActor, (s, command, actor) => {
        const events: EventDraft[] = [];
        const next = step(s, events, command, actor);
        if (next === s) return expect(events).toHaveLength(0);
        expect(events).toHaveLength(1);
        expect(violations(next)).toEqual([]);
        expect(next.version).toBe(s.version + 1);
        expect(evolve(s, JSON.parse(JSON.stringify(events[0])))).toEqual(next);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every command on a terminal case without throwing', () => {
    const terminal = consistentSnapshot.filter((s) => TERMINAL_STATES.includes(s.state));
    fc.assert(
      fc.property(terminal, anyCommand, anyActor, (s, command, actor) => {
        const d = decide(s, command, actor);
        expect(d.ok).toBe(false);
        if (!d.ok) expect(['forbidden', 'invalid_state']).toContain(d.error.code);
      }),
      { numRuns: 500 },
    );
  });
});
