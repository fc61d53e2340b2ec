import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../src/core/workflow/case-model';
import { homeOf, navFor } from './nav';

const keys = (role: Parameters<typeof navFor>[0]) => navFor(role).map((e) => e.key);

describe('the console menu', () => {
  it('shows the administrators no case pages (三员分立) and each only its own admin page', () => {
    expect(keys('sys_admin')).toEqual([
      'units',
      'regions',
      'categories',
      'routing',
      'timeLimits',
      'calendar',
      'imports',
    ]);
    expect(keys('security_admin')).toEqual(['users', 'piRequests', 'imports', 'exportRequests']);
    // the auditor files requests for large audit-log exports (approved by the security admin)
    expect(keys('audit_admin')).toEqual(['audit', 'exportRequests']);
  });

  it('shows routing rules, time limits and the calendar to the system administrator only', () => {
    for (const role of STAFF_ROLES.filter((r) => r !== 'sys_admin')) {
      for (const key of ['routing', 'timeLimits', 'calendar'] as const)
        expect(keys(role), role).not.toContain(key);
    }
  });

  it('shows imports to the roles that may import something there: work orders to the window', () => {
    expect(keys('clerk')).toContain('importCases');
    expect(keys('dispatcher')).toContain('importCases');
    for (const role of STAFF_ROLES.filter((r) => r !== 'clerk' && r !== 'dispatcher')) {
      expect(keys(role), role).not.toContain('importCases');
    }
    for (const role of STAFF_ROLES.filter((r) => r !== 'sys_admin' && r !== 'security_admin')) {
      expect(keys(role), role).not.toContain('imports');
    }
  });

  it('shows registration only to roles that may register', () => {
    expect(keys('clerk')).toContain('register');
    expect(keys('grid_worker')).toContain('register');
    expect(keys('department_staff')).not.toContain('register');
    expect(keys('leader')).not.toContain('register');
  });

  it('shows report-in tasks to departments and supervision to supervisors and leaders', () => {
    expect(keys('department_staff')).toContain('reportIns');
    expect(keys('supervisor')).toContain('supervision');
    expect(keys('leader')).toContain('supervision');
    expect(keys('clerk')).not.toContain('reportIns');
  });

  it('shows supervision also to the units that must answer orders, never to administrators', () => {
    for (const role of ['dispatcher', 'clerk', 'department_staff', 'mediator', 'grid_worker'] as const) {
      expect(keys(role), role).toContain('supervision');
    }
    expect(keys('security_member')).not.toContain('supervision');
    expect(keys('sys_admin')).not.toContain('supervision');
  });

  it('shows weekly meetings to the dashboard roles and their tasks to the units decisions name', () => {
    for (const role of ['dispatcher', 'leader', 'supervisor'] as const)
      expect(keys(role), role).toContain('meetings');
    for (const role of ['clerk', 'department_staff', 'mediator', 'grid_worker'] as const) {
      expect(keys(role), role).not.toContain('meetings');
      expect(keys(role), role).toContain('meetingTasks');
    }
    for (const role of ['sys_admin', 'security_admin', 'audit_admin', 'security_member'] as const) {
      expect(keys(role), role).not.toContain('meetingTasks');
    }
  });

  it('shows scorecards to the roles GET /api/scorecards answers', () => {
    for (const role of ['leader', 'supervisor', 'department_staff', 'mediator'] as const) {
      expect(keys(role), role).toContain('scorecards');
    }
    expect(keys('dispatcher')).not.toContain('scorecards');
    expect(keys('clerk')).not.toContain('scorecards');
  });

  it('shows grid work to the centers, the reports also to units they are assigned to, plans to dispatchers', () => {
    for (const role of ['dispatcher', 'clerk', 'leader', 'supervisor'] as const) {
      expect(keys(role), role).toEqual(expect.arrayContaining(['gridStats', 'gridReports', 'gridWork']));
    }
    expect(keys('dispatcher')).toContain('gridPlans');
    for (const role of ['clerk', 'leader', 'supervisor'] as const)
      expect(keys(role)).not.toContain('gridPlans');
    expect(keys('department_staff')).toContain('gridReports');
    expect(keys('department_staff')).not.toContain('gridStats');
    // grid workers and security members work on the phone (/g/), administrators see no grid data
    for (const role of [
      'grid_worker',
      'security_member',
      'sys_admin',
      'security_admin',
      'audit_admin',
    ] as const) {
      expect(
        keys(role).filter((k) => k.startsWith('grid')),
        role,
      ).toEqual([]);
    }
  });

  it('shows base information to the roles the policy lets read it, in the console not to grid workers', () => {
    for (const role of ['dispatcher', 'clerk', 'leader', 'supervisor'] as const) {
      expect(keys(role), role).toEqual(expect.arrayContaining(['residents', 'houses', 'organizations']));
    }
    for (const role of ['department_staff', 'mediator', 'grid_worker', 'audit_admin'] as const) {
      expect(keys(role), role).not.toContain('residents');
    }
  });

  it('gives every staff role somewhere to land', () => {
    for (const role of STAFF_ROLES) {
      expect(navFor(role).length, role).toBeGreaterThan(0);
      expect(homeOf(role)).toBe(navFor(role)[0]!.path);
    }
  });

  it('shows the dashboards (研判分析) to dispatchers, leaders and supervisors only', () => {
    for (const role of STAFF_ROLES) {
      const expected = ['dispatcher', 'leader', 'supervisor'].includes(role);
      expect(keys(role).includes('dashboard'), role).toBe(expected);
      expect(keys(role).includes('statisticsReports'), role).toBe(expected);
    }
  });

  it('shows the mediation organizations, their statistics and stationing to the roles their policies name', () => {
    for (const role of ['clerk', 'dispatcher', 'leader', 'supervisor', 'mediator'] as const) {
      expect(keys(role), role).toContain('mediationOrgs');
    }
    for (const role of ['dispatcher', 'leader', 'supervisor', 'mediator'] as const) {
      expect(keys(role), role).toContain('mediationStats');
    }
    expect(keys('clerk')).not.toContain('mediationStats');
    for (const role of [
      'clerk',
      'dispatcher',
      'leader',
      'supervisor',
      'department_staff',
      'mediator',
    ] as const) {
      expect(keys(role), role).toContain('stationing');
    }
    for (const role of [
      'grid_worker',
      'security_member',
      'sys_admin',
      'security_admin',
      'audit_admin',
    ] as const) {
      for (const key of ['mediationOrgs', 'mediationStats', 'stationing'] as const) {
        expect(keys(role), role).not.toContain(key);
      }
    }
  });
});
