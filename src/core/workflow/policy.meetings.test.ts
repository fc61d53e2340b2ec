import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from './case-model.js';
import {
  DASHBOARD_ROLES,
  MEETING_ACTIONS,
  isMeetingAllowed,
  meetingRelations,
  meetingRoleMayEver,
  type MeetingRelation,
} from './policy.js';

const RELATIONS: readonly MeetingRelation[] = ['own_scope', 'in_scope', 'responsible_unit'];
const code = fc.stringMatching(/^3714(0[1-9])?(\d{3})?$/);

describe('the meeting policy (工作例会)', () => {
  it('lets a center hold its own meetings and decide there; the levels above only read', () => {
    const township = meetingRelations({ scopeCode: '371403105', unitId: 'c' }, { regionCode: '371403105' });
    const county = meetingRelations({ scopeCode: '371403', unitId: 'k' }, { regionCode: '371403105' });
    expect(township).toEqual(['own_scope', 'in_scope']);
    expect(county).toEqual(['in_scope']);
    for (const role of ['dispatcher', 'leader'] as const) {
      expect(isMeetingAllowed(role, 'hold_meeting', township), role).toBe(true);
      expect(isMeetingAllowed(role, 'decide', township), role).toBe(true);
      expect(isMeetingAllowed(role, 'decide', county), role).toBe(false);
      expect(isMeetingAllowed(role, 'read_meeting', county), role).toBe(true);
    }
    expect(isMeetingAllowed('supervisor', 'read_meeting', county)).toBe(true);
    expect(meetingRoleMayEver('supervisor', 'decide')).toBe(false);
    expect(meetingRoleMayEver('clerk', 'read_meeting')).toBe(false);
  });

  it('reads meetings with the dashboard roles exactly (the report is made of their figures)', () => {
    for (const role of ROLES) {
      expect(meetingRoleMayEver(role, 'read_meeting'), role).toBe(DASHBOARD_ROLES.includes(role));
    }
  });

  it('lets a decision be done by its responsible unit only, never by residents, the system or administrators (property)', () => {
    const outsiders = ['resident', 'system', 'sys_admin', 'security_admin', 'audit_admin', 'security_member'];
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...MEETING_ACTIONS),
        fc.subarray([...RELATIONS]),
        (role, action, rels) => {
          if (outsiders.includes(role)) expect(isMeetingAllowed(role, action, rels)).toBe(false);
          if (action === 'complete_decision' && !rels.includes('responsible_unit')) {
            expect(isMeetingAllowed(role, action, rels)).toBe(false);
          }
        },
      ),
    );
  });

  it('finds the relations by prefix of the scope and by unit (property)', () => {
    fc.assert(
      fc.property(code, code, fc.boolean(), (scope, region, sameUnit) => {
        const rels = meetingRelations(
          { scopeCode: scope, unitId: 'u1' },
          { regionCode: region, unitId: sameUnit ? 'u1' : 'u2' },
        );
        expect(rels.includes('in_scope')).toBe(region.startsWith(scope));
        expect(rels.includes('own_scope')).toBe(region === scope);
        expect(rels.includes('responsible_unit')).toBe(sameUnit);
      }),
    );
  });
});
