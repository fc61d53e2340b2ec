import { describe, expect, it } from 'vitest';
import type { CaseSnapshot } from './case-model.js';
import type { Command } from './workflow.js';
import { decide, pendingReportIns } from './workflow.js';
import { UNIT, accepted, buildActor, buildSnapshot, buildStaff, run, verdict } from './test-factories.js';

const dispatcher = buildActor();
const sifa = buildStaff(UNIT.sifa);
const police = buildStaff(UNIT.police);
const housing = buildStaff(UNIT.housing);

const assigned = (o: Partial<CaseSnapshot> = {}) =>
  buildSnapshot({ state: 'assigned', leadUnitId: UNIT.sifa, version: 2, ...o });
const inProgress = (o: Partial<CaseSnapshot> = {}) =>
  assigned({ state: 'in_progress', ownerReleased: true, version: 3, ...o });
const rejected = () => assigned({ awaitingRuling: true, version: 3 });

describe('escalate (上报/吹哨) and report_in (报到)', () => {
  const escalate = (...departmentUnitIds: string[]): Command => ({
    action: 'escalate',
    departmentUnitIds,
    reason: 'beyond us',
  });

  it('climbs village → township → county → city and is refused at the top', () => {
    const lead = buildStaff(UNIT.village, { role: 'grid_worker' });
    const start = inProgress({
      handlingLevel: 'village',
      leadUnitId: UNIT.village,
      units: [{ unitId: UNIT.village, relation: 'lead' }],
    });
    const { snapshot, events } = run(start, [
      [escalate(UNIT.sifa), lead],
      [escalate(UNIT.police), lead],
      [escalate(UNIT.housing), lead],
    ]);
    expect(events.map((e) => [e.payload.from_level, e.payload.to_level])).toEqual([
      ['village', 'township'],
      ['township', 'county'],
      ['county', 'city'],
    ]);
    expect(snapshot).toMatchObject({ handlingLevel: 'city', state: 'in_progress', leadUnitId: UNIT.village });
    expect(verdict(snapshot, escalate(UNIT.mediation), lead)).toBe('invalid_state');
  });

  it('summons the named departments, which report in and become co-handlers', () => {
    const { event, next } = accepted(decide(inProgress(), escalate(UNIT.police, UNIT.housing), sifa));
    expect(event.payload).toEqual({
      from_level: 'township',
      to_level: 'county',
      department_unit_ids: [UNIT.police, UNIT.housing],
      reason: 'beyond us',
    });
    expect(pendingReportIns(next)).toBe(2);
    expect(verdict(next, { action: 'handle', note: 'n' }, police)).toBe('forbidden');
    const reported = accepted(decide(next, { action: 'report_in', note: 'here' }, police));
    expect(reported.event).toMatchObject({
      toState: 'in_progress',
      payload: { unit_id: UNIT.police, note: 'here' },
    });
    expect(reported.next.units).toContainEqual({ unitId: UNIT.police, relation: 'co_handler' });
    expect(reported.next.units).toContainEqual({ unitId: UNIT.housing, relation: 'summoned' });
    expect(pendingReportIns(reported.next)).toBe(1);
    expect(verdict(reported.next, { action: 'handle', note: 'n' }, police)).toBe('accepted');
    expect(verdict(reported.next, { action: 'report_in' }, police)).toBe('forbidden');
  });

  it('refuses no departments, duplicates, linked units, a pending ruling, a closed loop and summoned units', () => {
    expect(verdict(inProgress(), escalate(), sifa)).toBe('invalid_command');
    expect(verdict(inProgress(), escalate(UNIT.police, UNIT.police), sifa)).toBe('invalid_command');
    expect(verdict(inProgress(), escalate(UNIT.sifa), dispatcher)).toBe('invalid_command');
    expect(verdict(rejected(), escalate(UNIT.police), dispatcher)).toBe('invalid_state');
    expect(verdict(inProgress({ state: 'concluded' }), escalate(UNIT.police), dispatcher)).toBe(
      'invalid_state',
    );
    const summoned = accepted(decide(inProgress(), escalate(UNIT.police), sifa)).next;
    expect(verdict(summoned, escalate(UNIT.housing), police)).toBe('forbidden');
    expect(verdict(summoned, { action: 'report_in' }, housing)).toBe('forbidden');
  });
});
