import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../workflow/case-model.js';
import {
  ADMIN_ROLES,
  UNIT_KINDS,
  UNIT_KINDS_OF_ROLE,
  checkAccountShape,
  isAdminRole,
  scopeFollowsUnit,
  scopeFromUnit,
  scopeIsGrid,
  type ScopeFacts,
  type UnitFacts,
} from './account-shape.js';

const shentou: ScopeFacts = { code: '371403105', level: 'township', parentCode: '371403' };
const center: UnitFacts = { kind: 'center', regionCode: '371403105', active: true };
const committee: UnitFacts = { kind: 'village_committee', regionCode: '371403105200', active: true };
const grid: ScopeFacts = { code: '371403105200001', level: 'grid', parentCode: '371403105200' };

describe('account shape', () => {
  it('accepts the demo organization’s accounts', () => {
    expect(checkAccountShape('clerk', center, shentou)).toBeNull();
    expect(checkAccountShape('grid_worker', committee, grid)).toBeNull();
    expect(
      checkAccountShape(
        'department_staff',
        { kind: 'department', regionCode: '371403', active: true },
        {
          code: '371403',
          level: 'county',
          parentCode: '3714',
        },
      ),
    ).toBeNull();
    expect(
      checkAccountShape('mediator', committee, { ...grid, code: '371403105200', level: 'village' }),
    ).toBeNull();
    expect(
      checkAccountShape('sys_admin', null, { code: '3714', level: 'city', parentCode: '37' }),
    ).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkAccountShape('clerk', null, shentou)).toEqual({ code: 'unit_required' });
    expect(checkAccountShape('audit_admin', center, shentou)).toEqual({ code: 'unit_not_allowed' });
    expect(checkAccountShape('clerk', committee, shentou)).toEqual({ code: 'unit_kind', kinds: ['center'] });
    expect(checkAccountShape('clerk', { ...center, active: false }, shentou)).toEqual({
      code: 'unit_inactive',
    });
    expect(
      checkAccountShape('clerk', center, { code: '371403', level: 'county', parentCode: '3714' }),
    ).toEqual({
      code: 'scope_not_unit_region',
      expected: '371403105',
    });
    // a grid of another village, or the village itself, is not the worker's grid
    expect(checkAccountShape('grid_worker', committee, { ...grid, parentCode: '371403105201' })).toEqual({
      code: 'scope_not_grid_of_unit',
      village: '371403105200',
    });
    expect(
      checkAccountShape('security_member', committee, {
        code: '371403105200',
        level: 'village',
        parentCode: '371403105',
      }),
    ).toEqual({ code: 'scope_not_grid_of_unit', village: '371403105200' });
  });

  it('derives the scope from the unit for every role but grid roles and administrators', () => {
    expect(scopeFromUnit('dispatcher', center)).toBe('371403105');
    expect(scopeFromUnit('grid_worker', committee)).toBeNull();
    expect(scopeFromUnit('sys_admin', center)).toBeNull();
    expect(scopeFromUnit('clerk', null)).toBeNull();
    expect(ADMIN_ROLES.every((r) => isAdminRole(r) && UNIT_KINDS_OF_ROLE[r].length === 0)).toBe(true);
    expect(isAdminRole('clerk')).toBe(false);
  });
});

const roleArb = fc.constantFrom(...STAFF_ROLES);
const unitArb: fc.Arbitrary<UnitFacts | null> = fc.option(
  fc.record({
    kind: fc.constantFrom(...UNIT_KINDS),
    regionCode: fc.constantFrom('3714', '371403', '371403105', '371403105200'),
    active: fc.boolean(),
  }),
);
const scopeArb: fc.Arbitrary<ScopeFacts> = fc.constantFrom(
  { code: '3714', level: 'city', parentCode: '37' },
  { code: '371403', level: 'county', parentCode: '3714' },
  { code: '371403105', level: 'township', parentCode: '371403' },
  { code: '371403105200', level: 'village', parentCode: '371403105' },
  { code: '371403105200001', level: 'grid', parentCode: '371403105200' },
  { code: '371403105201002', level: 'grid', parentCode: '371403105201' },
);

describe('account shape, properties', () => {
  it('an accepted account has a unit exactly when its role needs one, of a kind the role allows, active', () => {
    fc.assert(
      fc.property(roleArb, unitArb, scopeArb, (role: StaffRole, unit, scope) => {
        if (checkAccountShape(role, unit, scope) !== null) return;
        if (isAdminRole(role)) expect(unit).toBeNull();
        else {
          expect(unit).not.toBeNull();
          expect(UNIT_KINDS_OF_ROLE[role]).toContain(unit!.kind);
          expect(unit!.active).toBe(true);
        }
      }),
    );
  });

  it('an accepted account’s scope lies within reach of its unit: the unit’s node, or a grid under it', () => {
    fc.assert(
      fc.property(roleArb, unitArb, scopeArb, (role: StaffRole, unit, scope) => {
        if (checkAccountShape(role, unit, scope) !== null || !unit) return;
        if (scopeIsGrid(role)) expect(scope.parentCode).toBe(unit.regionCode);
        else expect(scope.code).toBe(unit.regionCode);
        expect(scope.code.startsWith(unit.regionCode)).toBe(true);
      }),
    );
  });

  it('the scope derived from a unit is always accepted for a role that follows its unit', () => {
    fc.assert(
      fc.property(roleArb, unitArb, (role: StaffRole, unit) => {
        fc.pre(scopeFollowsUnit(role) && unit !== null && unit.active);
        fc.pre(UNIT_KINDS_OF_ROLE[role].includes(unit!.kind));
        const code = scopeFromUnit(role, unit)!;
        const level = ({ 4: 'city', 6: 'county', 9: 'township', 12: 'village' } as const)[
          code.length as 4 | 6 | 9 | 12
        ];
        expect(checkAccountShape(role, unit, { code, level, parentCode: null })).toBeNull();
      }),
    );
  });
});
