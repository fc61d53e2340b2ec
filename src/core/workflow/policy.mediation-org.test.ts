import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from './case-model.js';
import {
  isMediationOrgAllowed,
  MEDIATION_ORG_ACTIONS,
  MEDIATION_ORG_POLICY,
  mediationOrgRelations,
  mediationOrgRoleMayEver,
  type MediationOrgRelation,
} from './policy.js';

const RELATIONS: readonly MediationOrgRelation[] = ['in_scope', 'serves_scope', 'own_org'];

describe('the mediation organizations’ policy', () => {
  it('relates a township’s staff to its own organizations and to the county’s that serve it', () => {
    const township = { scopeCode: '371403105', unitId: 'center' };
    expect(mediationOrgRelations(township, { id: 'o1', regionCode: '371403105' })).toEqual(['in_scope']);
    expect(mediationOrgRelations(township, { id: 'o2', regionCode: '371403' })).toEqual(['serves_scope']);
    expect(mediationOrgRelations(township, { id: 'o3', regionCode: '371402001' })).toEqual([]);
    expect(
      mediationOrgRelations({ scopeCode: '371403', unitId: 'o4' }, { id: 'o4', regionCode: '371403' }),
    ).toEqual(['in_scope', 'own_org']);
  });

  it('lets the dispatcher in scope or the organization itself keep the roster, and reads upward', () => {
    expect(isMediationOrgAllowed('dispatcher', 'manage_mediators', ['in_scope'])).toBe(true);
    expect(isMediationOrgAllowed('dispatcher', 'manage_mediators', ['serves_scope'])).toBe(false);
    expect(isMediationOrgAllowed('dispatcher', 'read_orgs', ['serves_scope'])).toBe(true);
    expect(isMediationOrgAllowed('mediator', 'manage_mediators', ['own_org'])).toBe(true);
    expect(isMediationOrgAllowed('mediator', 'read_orgs', ['in_scope'])).toBe(false);
    expect(isMediationOrgAllowed('clerk', 'manage_mediators', ['in_scope'])).toBe(false);
    expect(isMediationOrgAllowed('leader', 'read_mediation_stats', ['in_scope'])).toBe(true);
  });

  it('gives the three administrators, grid workers and residents nothing; every writer may read', () => {
    for (const role of ['sys_admin', 'security_admin', 'audit_admin', 'grid_worker', 'resident'] as const) {
      for (const action of MEDIATION_ORG_ACTIONS) expect(mediationOrgRoleMayEver(role, action)).toBe(false);
    }
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.subarray([...RELATIONS]), (role, rel) => {
        if (isMediationOrgAllowed(role, 'manage_mediators', rel)) {
          expect(isMediationOrgAllowed(role, 'read_orgs', rel)).toBe(true);
        }
        for (const action of MEDIATION_ORG_ACTIONS) {
          expect(isMediationOrgAllowed(role, action, rel)).toBe(
            rel.some((r) => MEDIATION_ORG_POLICY[action][role]?.includes(r) ?? false),
          );
        }
      }),
    );
  });
});
