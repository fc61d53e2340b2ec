/**
 * Test data for the workflow: a township case in 陵城区神头镇 and the units around it.
 * Factories take overrides (style.md), so each test states only what it is about.
 */
import type { CaseSnapshot } from './case-model.js';
import type { Actor } from './relations.js';
import type { Command, Decision, EventDraft, WorkflowErrorCode } from './workflow.js';
import { decide } from './workflow.js';

/** Region codes: city 德州 ⊃ county 陵城区 ⊃ township 神头镇 ⊃ a village ⊃ a grid. */
export const REGION = {
  city: '3714',
  county: '371403',
  township: '371403105',
  village: '371403105001',
  grid: '371403105001001',
  otherGrid: '371403105001002',
  otherVillage: '371403105002',
  otherTownship: '371403106',
  otherCounty: '371402',
  otherCity: '3715',
} as const;

/** Unit ids: the township center owns the case; the others are candidates for handling. */
export const UNIT = {
  center: 'u-center-shentou',
  sifa: 'u-sifasuo',
  mediation: 'u-mediation-committee',
  village: 'u-village-committee',
  police: 'u-police-station',
  housing: 'u-housing-bureau',
  otherCenter: 'u-center-other',
} as const;

/** A case as it stands right after registration at the township center; overrides win. */
export function buildSnapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const lead = overrides.leadUnitId ?? null;
  return {
    state: 'registered',
    regionCode: REGION.village,
    handlingLevel: 'township',
    ownerUnitId: UNIT.center,
    ownerReleased: false,
    leadUnitId: null,
    // a lead given without links gets its lead link, so the snapshot stays consistent
    units: lead ? [{ unitId: lead, relation: 'lead' }] : [],
    awaitingRuling: false,
    clockPaused: false,
    extensionPending: false,
    outcome: null,
    satisfaction: null,
    reopenCount: 0,
    version: 1,
    ...overrides,
  };
}

/** A dispatcher of the township center, scoped to the township; overrides win. */
export function buildActor(overrides: Partial<Actor> = {}): Actor {
  return {
    role: 'dispatcher',
    userId: 'user-dispatcher',
    unitId: UNIT.center,
    scopeCode: REGION.township,
    ...overrides,
  };
}

/** Department staff of a unit: no region scope, they see cases through their unit's links. */
export function buildStaff(unitId: string, overrides: Partial<Actor> = {}): Actor {
  return buildActor({
    role: 'department_staff',
    userId: `staff-${unitId}`,
    unitId,
    scopeCode: null,
    ...overrides,
  });
}

/** A resident (phone-verified session), a party of the case unless overridden. */
export function buildResident(overrides: Partial<Actor> = {}): Actor {
  return { role: 'resident', userId: null, unitId: null, scopeCode: null, isParty: true, ...overrides };
}

/** The register command of the default case. */
export function registerCommand(overrides: Partial<Extract<Command, { action: 'register' }>> = {}): Command {
  return {
    action: 'register',
    regionCode: REGION.village,
    handlingLevel: 'township',
    ownerUnitId: UNIT.center,
    ...overrides,
  };
}

/** The accepted outcome of a decision; throws with the error code so a failing test says why. */
export function accepted(decision: Decision): { event: EventDraft; next: CaseSnapshot } {
  if (!decision.ok)
    throw new Error(`expected acceptance, got ${decision.error.code} (${decision.error.messageKey})`);
  return decision;
}

/** Runs steps from a snapshot, each required to be accepted; returns the final snapshot and events. */
export function run(
  start: CaseSnapshot | null,
  steps: readonly (readonly [Command, Actor])[],
): { snapshot: CaseSnapshot; events: EventDraft[] } {
  let snapshot = start;
  const events: EventDraft[] = [];
  for (const [command, actor] of steps) {
    const { event, next } = accepted(decide(snapshot, command, actor));
    events.push(event);
    snapshot = next;
  }
  if (!snapshot) throw new Error('run needs a start snapshot or a register step');
  return { snapshot, events };
}

/** 'accepted' or the error code of a decision: the one word most refusal tests compare. */
export function verdict(
  s: CaseSnapshot | null,
  command: Command,
  actor: Actor,
): 'accepted' | WorkflowErrorCode {
  const d = decide(s, command, actor);
  return d.ok ? 'accepted' : d.error.code;
}
