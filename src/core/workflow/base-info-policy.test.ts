import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from './case-model.js';
import { ROLES } from './case-model.js';
import type { BaseInfoAction } from './policy.js';
import { BASE_INFO_ACTIONS, mayOnBaseInfo, roleMayOnBaseInfo } from './policy.js';

/** The reference, written apart from policy.ts: Y = allowed within scope, '-' = never. */
const COLUMNS: Role[] = [
  'grid_worker', 'security_member', 'clerk', 'dispatcher', 'department_staff', 'mediator', 'leader',
  'supervisor', 'sys_admin', 'security_admin', 'audit_admin', 'resident', 'system',
]; // prettier-ignore

// prettier-ignore
const TABLE = `
  action           grid  secm  clerk disp  dept  med   ldr   sup   sysA  secA  audA  res   sys
  base_read        Y     Y     Y     Y     -     -     Y     Y     -     -     -     -     -
  base_write       Y     -     Y     Y     -     -     -     -     -     -     -     -     -
  base_unmask      Y     -     Y     Y     -     -     -     -     -     -     -     -     -
  base_import      Y     -     Y     Y     -     -     -     -     -     -     -     -     -
  key_groups_read  -     -     -     Y     -     -     Y     Y     -     -     -     -     -
  key_groups_flag  -     -     -     Y     -     -     Y     -     -     -     -     -     -
`;

const reference = new Map<BaseInfoAction, Set<Role>>(
  TABLE.trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [action, ...cells] = line.trim().split(/\s+/);
      return [action as BaseInfoAction, new Set(COLUMNS.filter((_, i) => cells[i] === 'Y'))];
    }),
);

describe('the base-information policy table', () => {
  it('covers every role and action as the reference says', () => {
    expect([...reference.keys()].sort()).toEqual([...BASE_INFO_ACTIONS].sort());
    expect(COLUMNS.slice().sort()).toEqual([...ROLES].sort());
    for (const action of BASE_INFO_ACTIONS) {
      for (const role of ROLES) {
        expect(roleMayOnBaseInfo(role, action), `${role} ${action}`).toBe(reference.get(action)!.has(role));
      }
    }
  });

  it('gives the three administrators nothing at all', () => {
    for (const role of ['sys_admin', 'security_admin', 'audit_admin'] as const) {
      for (const action of BASE_INFO_ACTIONS) expect(roleMayOnBaseInfo(role, action)).toBe(false);
    }
  });

  it('lets a grid worker act inside their grid only', () => {
    const worker = { role: 'grid_worker' as const, scopeCode: '371403105200001' };
    expect(mayOnBaseInfo(worker, 'base_write', '371403105200001')).toBe(true);
    expect(mayOnBaseInfo(worker, 'base_unmask', '371403105200002')).toBe(false);
    expect(mayOnBaseInfo(worker, 'base_read', '371403105200')).toBe(false);
    expect(mayOnBaseInfo({ role: 'grid_worker', scopeCode: null }, 'base_read', '371403105200001')).toBe(
      false,
    );
  });

  it('allows exactly when the role has the action and the place lies within the scope', () => {
    const code = fc.stringMatching(/^3714\d{2}(\d{3}(\d{3}(\d{3})?)?)?$/);
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...BASE_INFO_ACTIONS),
        code,
        code,
        (role, action, scope, place) => {
          const expected = reference.get(action)!.has(role) && place.startsWith(scope);
          expect(mayOnBaseInfo({ role, scopeCode: scope }, action, place)).toBe(expected);
        },
      ),
    );
  });
});
