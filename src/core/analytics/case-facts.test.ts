import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from '../workflow/case-model.js';
import { isAllowed } from '../workflow/policy.js';
import { relationsOf } from '../workflow/relations.js';
import { ACTOR_POOL, COMMAND, plausibleActions } from '../workflow/test-arbitraries.js';
import { REGION, UNIT } from '../workflow/test-factories.js';
import type { Command } from '../workflow/workflow.js';
import { decide } from '../workflow/workflow.js';
import {
  accumulate,
  contributionsOf,
  factsDelta,
  factsOfProjection,
  foldFacts,
  keyString,
  stepFacts,
  type CaseFacts,
  type Contribution,
  type FactEvent,
  type ProjectedCase,
} from './case-facts.js';

const T = (iso: string) => new Date(iso);
const register = (at: string): FactEvent => ({
  action: 'register',
  at: T(at),
  payload: { region_code: REGION.village, category_code: 'labor', channel: 'qr' },
  leadUnitId: null,
  ownerUnitId: UNIT.center,
});
const ev = (action: string, at: string, payload: Record<string, unknown> = {}, extra = {}): FactEvent => ({
  action,
  at: T(at),
  payload,
  leadUnitId: UNIT.sifa,
  ownerUnitId: UNIT.center,
  ...extra,
});

/** Contributions as a plain {key: counts} object, zeros dropped. */
function table(list: readonly Contribution[]): Record<string, Record<string, number>> {
  const m = accumulate(new Map(), list);
  return Object.fromEntries(
    [...m.entries()].filter(([, c]) => Object.keys(c.counts).length > 0).map(([k, c]) => [k, c.counts]),
  );
}
const k = (day: string, unit: string) => `${REGION.village}|${day}|labor|qr|${unit}`;

describe('count attribution', () => {
  it('counts a registration on its CST day under the first-contact unit', () => {
    // 2026-03-14 16:30 UTC is 00:30 on the 15th in Shanghai
    const f = foldFacts([register('2026-03-14T16:30:00Z')])!;
    expect(table(contributionsOf(f))).toEqual({ [k('2026-03-15', UNIT.center)]: { received: 1 } });
  });

  it('counts a conclusion, its timeliness, resolution and follow-up on the conclusion day under the lead', () => {
    const f = foldFacts([
      register('2026-03-01T02:00:00Z'),
      ev('conclude', '2026-03-10T02:00:00Z', { outcome: 'other_resolution' }, { onTime: true }),
      ev('follow_up', '2026-03-12T02:00:00Z', { satisfaction: 'basically_satisfied' }),
    ])!;
    expect(table(contributionsOf(f))).toEqual({
      [k('2026-03-01', UNIT.center)]: { received: 1 },
      [k('2026-03-10', UNIT.sifa)]: {
        concluded: 1,
        concluded_on_time: 1,
        resolved: 1,
        followed_up: 1,
        satisfied: 1,
      },
    });
  });

  it('does not count a failed mediation as resolved, nor a late one as on time, nor "unsatisfied"', () => {
    const f = foldFacts([
      register('2026-03-01T02:00:00Z'),
      ev('conclude', '2026-03-10T02:00:00Z', { outcome: 'mediation_failed' }, { onTime: false }),
      ev('follow_up', '2026-03-12T02:00:00Z', { satisfaction: 'unsatisfied' }),
    ])!;
    expect(table(contributionsOf(f))[k('2026-03-10', UNIT.sifa)]).toEqual({ concluded: 1, followed_up: 1 });
  });

  it('a reopen takes the conclusion back and counts itself; the next conclusion counts on its day', () => {
    const events = [
      register('2026-03-01T02:00:00Z'),
      ev('conclude', '2026-03-10T02:00:00Z', { outcome: 'mediated_agreement' }, { onTime: true }),
      ev('follow_up', '2026-03-12T02:00:00Z', { satisfaction: 'unsatisfied' }),
      ev('reopen', '2026-03-13T02:00:00Z', { reason: 'r' }),
    ];
    expect(table(contributionsOf(foldFacts(events)!))).toEqual({
      [k('2026-03-01', UNIT.center)]: { received: 1 },
      [k('2026-03-13', UNIT.sifa)]: { reopened: 1 },
    });
    const again = foldFacts([
      ...events,
      ev('conclude', '2026-03-20T02:00:00Z', { outcome: 'mediated_agreement' }, { onTime: false }),
    ])!;
    expect(table(contributionsOf(again))[k('2026-03-20', UNIT.sifa)]).toEqual({ concluded: 1, resolved: 1 });
  });

  it('counts withdrawal and decline on their day, under the lead or else the first-contact unit', () => {
    const declined = foldFacts([
      register('2026-03-01T02:00:00Z'),
      ev('decline', '2026-03-02T02:00:00Z', {}, { leadUnitId: null }),
    ])!;
    expect(table(contributionsOf(declined))[k('2026-03-02', UNIT.center)]).toEqual({ declined: 1 });
    const withdrawn = foldFacts([register('2026-03-01T02:00:00Z'), ev('withdraw', '2026-03-03T02:00:00Z')])!;
    expect(table(contributionsOf(withdrawn))[k('2026-03-03', UNIT.sifa)]).toEqual({ withdrawn: 1 });
  });

  it('the delta of a step is after − before, in key order, without zero entries', () => {
    const before = foldFacts([
      register('2026-03-01T02:00:00Z'),
      ev('conclude', '2026-03-10T02:00:00Z', { outcome: 'mediated_agreement' }, { onTime: true }),
      ev('follow_up', '2026-03-12T02:00:00Z', { satisfaction: 'unsatisfied' }),
    ])!;
    const after = stepFacts(before, ev('reopen', '2026-03-13T02:00:00Z', { reason: 'r' }));
    expect(factsDelta(before, after).map((c) => [keyString(c.key), c.counts])).toEqual([
      [k('2026-03-10', UNIT.sifa), { concluded: -1, concluded_on_time: -1, resolved: -1, followed_up: -1 }],
      [k('2026-03-13', UNIT.sifa), { reopened: 1 }],
    ]);
    expect(factsDelta(after, stepFacts(after, ev('handle', '2026-03-14T02:00:00Z')))).toEqual([]);
  });
});

/** What the server stores of a case, updated per event as transition-case.ts does. */
interface Stored {
  snapshot: CaseSnapshot;
  row: ProjectedCase;
}

function storedAfter(prev: Stored | null, e: FactEvent, next: CaseSnapshot): Stored {
  const row: ProjectedCase = prev
    ? { ...prev.row }
    : {
        regionCode: String(e.payload.region_code),
        categoryCode: String(e.payload.category_code),
        channel: String(e.payload.channel),
        createdAt: e.at,
        ownerUnitId: e.ownerUnitId,
        leadUnitId: null,
        state: 'registered',
        concludedAt: null,
        outcome: null,
        satisfaction: null,
        onTime: null,
        exitAt: null,
      };
  row.state = next.state;
  row.leadUnitId = next.leadUnitId;
  row.outcome = next.outcome;
  row.satisfaction = next.satisfaction;
  row.concludedAt =
    next.state === 'concluded' ? e.at : next.state === 'in_progress' ? null : (prev?.row.concludedAt ?? null);
  if (e.action === 'conclude') row.onTime = e.onTime ?? null;
  if (next.state === 'withdrawn' || next.state === 'declined') row.exitAt = e.at;
  return { snapshot: next, row };
}

describe('incremental deltas from stored rows add up to the fold of the ledger', () => {
  it('holds for random walks through the loop (reopens, exits, failures included)', () => {
    let reopened = 0;
    let concludedTwice = 0;
    fc.assert(
      fc.property(
        fc.gen(),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (g, length, onTimes) => {
          const at0 = Date.UTC(2026, 0, 1, 1);
          const first = decide(
            null,
            {
              action: 'register',
              regionCode: REGION.village,
              handlingLevel: 'township',
              ownerUnitId: UNIT.center,
            },
            ACTOR_POOL[1]!,
          );
          if (!first.ok) throw new Error('register refused');
          const events: FactEvent[] = [];
          const e0: FactEvent = {
            action: 'register',
            at: new Date(at0),
            payload: { region_code: REGION.village, category_code: 'labor', channel: 'window' },
            leadUnitId: null,
            ownerUnitId: UNIT.center,
          };
          events.push(e0);
          let stored = storedAfter(null, e0, first.next);
          const incremental = accumulate(new Map(), factsDelta(null, stepFacts(null, e0)));
          for (let i = 0; i < length; i++) {
            const s = stored.snapshot;
            const action = g(() => fc.constantFrom(...plausibleActions(s)));
            const allowed = ACTOR_POOL.filter((a) => isAllowed(a.role, action, relationsOf(a, s)));
            if (allowed.length === 0) continue;
            const actor = g(() => fc.constantFrom(...allowed));
            const command = g(() => COMMAND[action] as fc.Arbitrary<Command>);
            const d = decide(s, command, actor);
            if (!d.ok) continue;
            // hours to weeks apart, so steps cross days, weeks and months
            const at = new Date(at0 + (i + 1) * g(fc.integer, { min: 1, max: 400 }) * 3600_000);
            const e: FactEvent = {
              action: d.event.action,
              at,
              payload: d.event.payload,
              leadUnitId: d.next.leadUnitId,
              ownerUnitId: d.next.ownerUnitId,
              onTime: d.event.action === 'conclude' ? onTimes[i]! : undefined,
            };
            events.push(e);
            const before = factsOfProjection(stored.row);
            accumulate(incremental, factsDelta(before, stepFacts(before, e)));
            stored = storedAfter(stored, e, d.next);
            if (e.action === 'reopen') reopened++;
          }
          const folded = foldFacts(events)!;
          if (events.filter((e) => e.action === 'conclude').length > 1) concludedTwice++;
          expect(table([...incremental.values()])).toEqual(table(contributionsOf(folded)));
          // and the stored row alone says where the case stands (minus its past reopens)
          const now: CaseFacts = { ...factsOfProjection(stored.row), reopens: folded.reopens };
          expect(now).toEqual(folded);
        },
      ),
      { numRuns: 400 },
    );
    // the walks must reach the interesting paths, or the property says little
    expect(reopened).toBeGreaterThan(0);
    expect(concludedTwice).toBeGreaterThan(0);
  });
});
