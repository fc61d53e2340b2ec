import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../src/core/workflow/case-model';
import { homeOf, navFor } from './nav';

const keys = (role: Parameters<typeof navFor>[0]) => navFor(role).map((e) => e.key);

describe('the console menu', () => {
  it('shows the administrators no case pages (三员分立) and each only its own admin page', () => {
    expect(keys('sys_admin')).toEqual(['units', 'regions', 'categories']);
    expect(keys('security_admin')).toEqual(['users']);
    expect(keys('audit_admin')).toEqual(['audit']);
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

  it('shows scorecards to the roles GET /api/scorecards answers', () => {
    for (const role of ['leader', 'supervisor', 'department_staff', 'mediator'] as const) {
      expect(keys(role), role).toContain('scorecards');
    }
    expect(keys('dispatcher')).not.toContain('scorecards');
    expect(keys('clerk')).not.toContain('scorecards');
  });

  it('gives every staff role somewhere to land', () => {
    for (const role of STAFF_ROLES) {
      expect(navFor(role).length, role).toBeGreaterThan(0);
      expect(homeOf(role)).toBe(navFor(role)[0]!.path);
    }
  });
});
