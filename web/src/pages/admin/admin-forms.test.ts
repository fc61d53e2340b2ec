import { describe, expect, it } from 'vitest';
import {
  ASSIGNABLE_ROLES,
  USERNAME_PATTERN,
  accountStatus,
  asksForGrid,
  changeBody,
  createBody,
  unitKindsFor,
  type Account,
} from './account-form';
import { auditQuery, cstDayEnd, cstDayStart, cstTime, piiQuery } from './audit-filters';
import { newPasswordProblem } from './password-form';
import {
  UNIT_CODE_PATTERN,
  centersFor,
  fieldState,
  kindsAt,
  unitChangeBody,
  unitCreateBody,
  type AdminUnit,
} from './unit-form';

const account: Account = {
  id: 'u1',
  username: 'grid.x',
  displayName: '张三',
  role: 'grid_worker',
  unitId: 'committee',
  unitName: '某村委会',
  unitCode: '371403105200-committee',
  scopeCode: '371403105200001',
  scopeName: '第1网格',
  active: true,
  locked: false,
  lockedUntil: null,
  failedLogins: 0,
  mustChangePassword: false,
  isDemo: false,
  administrator: false,
  createdAt: '2026-03-15T01:30:00.000Z',
};

describe('the account form', () => {
  it('never offers the administrator roles', () => {
    expect(ASSIGNABLE_ROLES).not.toContain('sys_admin');
    expect(ASSIGNABLE_ROLES).not.toContain('security_admin');
    expect(ASSIGNABLE_ROLES).not.toContain('audit_admin');
    expect(ASSIGNABLE_ROLES).toContain('clerk');
  });

  it('offers the units a role belongs to, and asks for a grid only for grid roles', () => {
    expect(unitKindsFor('clerk')).toEqual(['center']);
    expect(unitKindsFor('mediator')).toEqual(['mediation_org', 'village_committee']);
    expect(unitKindsFor(undefined)).toEqual([]);
    expect(asksForGrid('security_member')).toBe(true);
    expect(asksForGrid('dispatcher')).toBe(false);
  });

  it('sends the scope only when the role asks for a grid', () => {
    expect(
      createBody({
        username: ' Clerk.X ',
        displayName: ' 李四 ',
        role: 'clerk',
        unitId: 'c',
        scopeCode: '371403',
      }),
    ).toEqual({ username: 'clerk.x', displayName: '李四', role: 'clerk', unitId: 'c' });
    expect(
      createBody({ username: 'g.x', displayName: 'x', role: 'grid_worker', unitId: 'v', scopeCode: 'g' }),
    ).toMatchObject({
      scopeCode: 'g',
    });
  });

  it('sends only what changed', () => {
    expect(
      changeBody(account, {
        displayName: '张三',
        role: 'grid_worker',
        unitId: 'committee',
        scopeCode: account.scopeCode,
      }),
    ).toBeNull();
    expect(
      changeBody(account, {
        displayName: '张三丰',
        role: 'grid_worker',
        unitId: 'committee',
        scopeCode: '371403105200002',
      }),
    ).toEqual({
      displayName: '张三丰',
      scopeCode: '371403105200002',
    });
    // a mediator's scope follows the unit: no scope is sent
    expect(
      changeBody(account, { role: 'mediator', unitId: 'committee', scopeCode: account.scopeCode }),
    ).toEqual({ role: 'mediator' });
    expect(changeBody(account, { role: 'grid_worker', unitId: 'other', scopeCode: 'g2' })).toEqual({
      unitId: 'other',
      scopeCode: 'g2',
    });
  });

  it('shows status tags and checks usernames as the server does', () => {
    expect(accountStatus({ active: false, locked: true, mustChangePassword: true })).toEqual([
      'inactive',
      'locked',
      'mustChange',
    ]);
    expect(accountStatus({ active: true, locked: false, mustChangePassword: false })).toEqual(['active']);
    expect(USERNAME_PATTERN.test('clerk.shentou')).toBe(true);
    expect(USERNAME_PATTERN.test('Clerk')).toBe(false);
    expect(USERNAME_PATTERN.test('ab')).toBe(false);
  });
});

const dept: AdminUnit = {
  id: 'd1',
  code: '371403105-justice',
  name: '司法所',
  kind: 'department',
  regionCode: '371403105',
  regionName: '神头镇',
  centerId: 'c1',
  centerName: '神头镇综治中心',
  departmentType: '司法',
  mediationKind: null,
  stationing: 'permanent',
  active: true,
  activeUsers: 1,
};

describe('the unit form', () => {
  it('shows the fields of each kind', () => {
    expect(fieldState('department', 'centerId')).toBe('required');
    expect(fieldState('department', 'mediationKind')).toBe('hidden');
    expect(fieldState('mediation_org', 'mediationKind')).toBe('required');
    expect(fieldState('mediation_org', 'stationing')).toBe('optional');
    expect(fieldState('center', 'stationing')).toBe('hidden');
    expect(fieldState(undefined, 'centerId')).toBe('hidden');
  });

  it('offers the kinds a node’s level allows', () => {
    expect(kindsAt('371403105')).toEqual(['center', 'department', 'mediation_org']);
    expect(kindsAt('371403105200')).toEqual(['mediation_org', 'village_committee']);
    expect(kindsAt('371403105200001')).toEqual([]);
  });

  it('drops the fields a kind does not have, and sends only changes', () => {
    expect(
      unitCreateBody('371403105', {
        code: ' X-1 ',
        name: ' 某中心 ',
        kind: 'center',
        centerId: 'c1',
        stationing: 'permanent',
      }),
    ).toEqual({
      code: 'x-1',
      name: '某中心',
      kind: 'center',
      regionCode: '371403105',
      centerId: null,
      departmentType: null,
      mediationKind: null,
      stationing: null,
    });
    expect(
      unitChangeBody(dept, {
        name: '司法所',
        centerId: 'c1',
        departmentType: '司法',
        stationing: 'permanent',
      }),
    ).toBeNull();
    expect(
      unitChangeBody(dept, {
        name: '司法所',
        centerId: 'c1',
        departmentType: ' 司法 ',
        stationing: 'rotation',
      }),
    ).toEqual({
      stationing: 'rotation',
    });
  });

  it('offers the centers of the node and above it, nearest first', () => {
    const centers = [
      { id: 'city', regionCode: '3714' },
      { id: 'other', regionCode: '371402001' },
      { id: 'county', regionCode: '371403' },
      { id: 'town', regionCode: '371403105' },
      { id: 'closed', regionCode: '371403105', active: false },
    ];
    expect(centersFor('371403105', centers).map((c) => c.id)).toEqual(['town', 'county', 'city']);
    expect(UNIT_CODE_PATTERN.test('371403105-housing')).toBe(true);
    expect(UNIT_CODE_PATTERN.test('Bad Code')).toBe(false);
  });
});

describe('the audit filters', () => {
  it('turns CST days into the instants the API filters on', () => {
    expect(cstDayStart('2026-03-15')).toBe('2026-03-14T16:00:00.000Z');
    expect(cstDayEnd('2026-03-15')).toBe('2026-03-15T16:00:00.000Z');
    expect(cstDayEnd('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
    expect(() => cstDayStart('15/03/2026')).toThrow();
    expect(
      auditQuery({
        actor: ' secadmin ',
        action: 'account.',
        targetId: '',
        days: ['2026-03-01', '2026-03-15'],
      }),
    ).toEqual({
      actor: 'secadmin',
      action: 'account.',
      targetType: undefined,
      targetId: undefined,
      result: undefined,
      from: '2026-02-28T16:00:00.000Z',
      to: '2026-03-15T16:00:00.000Z',
    });
    expect(piiQuery({ caseNo: ' 371403105-20260315-0001 ', field: 'phone' })).toMatchObject({
      caseNo: '371403105-20260315-0001',
      field: 'phone',
      from: undefined,
    });
    expect(cstTime('2026-03-15T01:30:00.000Z')).toBe('2026-03-15 09:30:00');
  });
});

describe('the change-password form', () => {
  it('checks the new password by the server’s rule, then against the current one and the confirmation', () => {
    expect(newPasswordProblem('clerk.x', 'Old#Pass2026x', 'short', undefined)).toBe('too_short');
    expect(newPasswordProblem('clerk.x', 'Old#Pass2026x', 'alllowercaseletters', undefined)).toBe('classes');
    expect(newPasswordProblem('clerk.x', 'Old#Pass2026x', 'My-Clerk.X-2026', undefined)).toBe(
      'contains_username',
    );
    expect(newPasswordProblem('clerk.x', 'Old#Pass2026x', 'Old#Pass2026x', undefined)).toBe('same');
    expect(newPasswordProblem('clerk.x', 'Old#Pass2026x', 'New#Pass2026x', 'New#Pass2026')).toBe('mismatch');
    expect(newPasswordProblem('clerk.x', 'Old#Pass2026x', 'New#Pass2026x', 'New#Pass2026x')).toBeNull();
  });
});
