/** The snapshot invariants of the workflow, and an arbitrary of snapshots that satisfy them. */
import fc from 'fast-check';
import type { CaseSnapshot, CaseState } from './case-model.js';
import { CASE_STATES, HANDLING_LEVELS, OUTCOMES, SATISFACTIONS } from './case-model.js';
import { REGION, UNIT } from './test-factories.js';

const unitId = fc.constantFrom(...Object.values(UNIT));

const WITH_LEAD: readonly CaseState[] = ['assigned', 'in_progress', 'concluded', 'followed_up', 'archived'];
const WITH_OUTCOME: readonly CaseState[] = ['concluded', 'followed_up', 'archived'];

/** Every invariant a snapshot must satisfy; returns the violated ones (empty when consistent). */
export function violations(s: CaseSnapshot): string[] {
  const leads = s.units.filter((u) => u.relation === 'lead');
  const checks: [boolean, string][] = [
    [CASE_STATES.includes(s.state), 'state is one of CASE_STATES'],
    [HANDLING_LEVELS.includes(s.handlingLevel), 'handling level is known'],
    [leads.length <= 1, 'at most one lead link'],
    [s.leadUnitId === (leads[0]?.unitId ?? null), 'leadUnitId is the lead link'],
    [!WITH_LEAD.includes(s.state) || s.leadUnitId !== null, 'assigned and later states have a lead'],
    [
      !['registered', 'declined'].includes(s.state) || s.leadUnitId === null,
      'registered/declined have no lead',
    ],
    [!s.awaitingRuling || s.state === 'assigned', 'awaitingRuling only in assigned'],
    [!s.clockPaused || s.state === 'in_progress', 'clockPaused only in in_progress'],
    [!s.extensionPending || s.state === 'in_progress', 'extensionPending only in in_progress'],
    [new Set(s.units.map((u) => u.unitId)).size === s.units.length, 'no unit linked twice'],
    [(s.outcome !== null) === WITH_OUTCOME.includes(s.state), 'an outcome exactly once concluded'],
    [
      (s.satisfaction !== null) === ['followed_up', 'archived'].includes(s.state),
      'satisfaction exactly once followed up',
    ],
    [
      !s.ownerReleased || !['registered', 'declined'].includes(s.state),
      'owner released only after an acceptance',
    ],
    [s.reopenCount >= 0 && s.version >= 1, 'counters are sane'],
  ];
  return checks.filter(([ok]) => !ok).map(([, name]) => name);
}

/** Any snapshot that satisfies the invariants, including combinations sequences rarely reach. */
export const consistentSnapshot: fc.Arbitrary<CaseSnapshot> = fc
  .record({
    state: fc.constantFrom(...CASE_STATES),
    regionCode: fc.constantFrom(REGION.grid, REGION.village),
    handlingLevel: fc.constantFrom(...HANDLING_LEVELS),
    ownerUnitId: unitId,
    ownerReleased: fc.boolean(),
    lead: fc.option(unitId, { nil: null }),
    links: fc.uniqueArray(fc.tuple(unitId, fc.constantFrom('co_handler' as const, 'summoned' as const)), {
      selector: ([u]) => u,
      maxLength: 4,
    }),
    waits: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    outcome: fc.constantFrom(...OUTCOMES),
    satisfaction: fc.constantFrom(...SATISFACTIONS),
    reopenCount: fc.nat(3),
    version: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ state, lead, links, waits: [ruling, paused, extension], ...r }): CaseSnapshot => {
    const early = state === 'registered' || state === 'declined';
    const leadUnitId = early ? null : WITH_LEAD.includes(state) ? (lead ?? r.ownerUnitId) : lead;
    const others = links
      .filter(([u]) => u !== leadUnitId)
      .map(([unitId, relation]) => ({ unitId, relation }));
    return {
      state,
      regionCode: r.regionCode,
      handlingLevel: r.handlingLevel,
      ownerUnitId: r.ownerUnitId,
      ownerReleased: early ? false : r.ownerReleased,
      leadUnitId,
      units: leadUnitId ? [{ unitId: leadUnitId, relation: 'lead' }, ...others] : others,
      awaitingRuling: state === 'assigned' && ruling,
      clockPaused: state === 'in_progress' && paused,
      extensionPending: state === 'in_progress' && extension,
      outcome: WITH_OUTCOME.includes(state) ? r.outcome : null,
      satisfaction: state === 'followed_up' || state === 'archived' ? r.satisfaction : null,
      reopenCount: r.reopenCount,
      version: r.version,
    };
  });
