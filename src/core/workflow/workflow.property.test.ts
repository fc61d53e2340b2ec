import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseSnapshot, CaseState } from './case-model.js';
import { CASE_STATES, TERMINAL_STATES } from './case-model.js';
import type { Action } from './policy.js';
import { isAllowed } from './policy.js';
import type { Actor } from './relations.js';
import { relationsOf } from './relations.js';
import type { Command, Decision, EventDraft } from './workflow.js';
import { decide, evolve, fold } from './workflow.js';
import { ACTOR_POOL, COMMAND, anyActor, anyCommand, plausibleActions } from './test-arbitraries.js';
import { consistentSnapshot, violations } from './test-invariants.js';
import { REGION, accepted, buildActor } from './test-factories.js';

// Thousands of steps run here: plain checks on the hot path, vitest's expect only to explain a failure.
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}
function same<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, what).toEqual(expected);
}

// What the runs reached, so a property that never gets past 'registered' cannot pass unnoticed.
const reachedStates = new Set<CaseState>();
const acceptedActions = new Set<Action>();

/** Decides one command and checks (b), (d), the policy and the invariants; returns the snapshot to go on from. */
function step(s: CaseSnapshot, events: EventDraft[], command: Command, actor: Actor): CaseSnapshot {
  const before = JSON.stringify(s);
  let decision: Decision;
  try {
    decision = decide(s, command, actor);
  } catch (e) {
    throw new Error(`decide threw on ${command.action}: ${String(e)}`);
  }
  check(JSON.stringify(s) === before, 'decide never changes the snapshot it is given');
  // register on an existing case is refused before policy (its policy reads the place, not the case)
  if (command.action !== 'register') {
    const forbidden = !decision.ok && decision.error.code === 'forbidden';
    check(
      forbidden === !isAllowed(actor.role, command.action, relationsOf(actor, s)),
      'forbidden iff the policy says no',
    );
  }
  if (TERMINAL_STATES.includes(s.state)) check(!decision.ok, 'terminal states accept nothing');
  if (!decision.ok) return s;
  const { event, next } = decision;
  check(
    event.action === command.action && event.fromState === s.state && event.toState === next.state,
    'event matches',
  );
  check(next.version === s.version + 1, 'one event, one version');
  same(violations(next), [], 'invariants hold after the step');
  events.push(event);
  acceptedActions.add(command.action);
  reachedStates.add(next.state);
  return next;
}

/** Steers a step: mostly an action the state allows by an actor the policy allows; sometimes anything. */
function pickStep(g: fc.GeneratorValue, s: CaseSnapshot): [Command, Actor] {
  const mode = g(fc.integer, { min: 0, max: 9 });
  if (mode >= 8) return [g(() => anyCommand), g(() => anyActor)];
  const action = g(() => fc.constantFrom(...plausibleActions(s)));
  const related = ACTOR_POOL.filter((a) => relationsOf(a, s)[0] !== 'none');
  const allowed = related.filter((a) => isAllowed(a.role, action, relationsOf(a, s)));
  const choices = mode < 6 && allowed.length > 0 ? allowed : related;
  return [
    g(() => COMMAND[action] as fc.Arbitrary<Command>),
    choices.length > 0 ? g(() => fc.constantFrom(...choices)) : g(() => anyActor),
  ];
}

describe('random sequences of commands from a registered case', () => {
  afterAll(() => {
    // every state and every action must have been exercised by the sequences above
    expect([...reachedStates].sort()).toEqual([...CASE_STATES].sort());
    expect([...acceptedActions].sort()).toEqual(Object.keys(COMMAND).sort());
  });

  it('keep the snapshot consistent, one event per acceptance, and the snapshot the fold of its events', () => {
    const clerk = buildActor({ role: 'clerk', scopeCode: REGION.township });
    const inScope = COMMAND.register.filter((c) => c.regionCode !== REGION.otherTownship);
    fc.assert(
      fc.property(fc.gen(), fc.integer({ min: 0, max: 30 }), (g, length) => {
        const first = accepted(
          decide(
            null,
            g(() => inScope),
            clerk,
          ),
        );
        const events: EventDraft[] = [first.event];
        let s = first.next;
        reachedStates.add(s.state);
        acceptedActions.add('register');
        for (let i = 0; i < length; i++) {
          const [command, actor] = pickStep(g, s);
          const count = events.length;
          const next = step(s, events, command, actor);
          check(
            events.length - count === (next === s ? 0 : 1),
            'exactly one event when accepted, none when refused',
          );
          s = next;
          check(s.version === events.length, 'version is the number of events');
        }
        // (c) the projection is the fold of the ledger, also after a round trip through JSON (jsonb);
        // checked once per sequence: lengths vary from 0 to 30, so every prefix length gets checked
        same(fold(events), s, 'snapshot is the fold of its events');
        same(fold(JSON.parse(JSON.stringify(events))), s, 'fold survives a JSON round trip');
      }),
      { numRuns: 500 },
    );
  });
});

describe('any single command on any consistent snapshot', () => {
  it('the generator only makes consistent snapshots', () => {
    fc.assert(
      fc.property(consistentSnapshot, (s) => {
        expect(violations(s)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, keeps the invariants, and yields the evolve of its one event', () => {
    fc.assert(
      fc.property(consistentSnapshot, anyCommand, anyActor, (s, command, actor) => {
        const events: EventDraft[] = [];
        const next = step(s, events, command, actor);
        check(events.length === (next === s ? 0 : 1), 'exactly one event when accepted, none when refused');
        if (next !== s)
          same(evolve(s, JSON.parse(JSON.stringify(events[0]))), next, 'next is the evolve of the event');
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every command on a terminal case', () => {
    const terminal = consistentSnapshot.filter((s) => TERMINAL_STATES.includes(s.state));
    fc.assert(
      fc.property(terminal, anyCommand, anyActor, (s, command, actor) => {
        const d = decide(s, command, actor);
        check(
          !d.ok && ['forbidden', 'invalid_state'].includes(d.error.code),
          `${command.action} refused on ${s.state}`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
