// The console's menu: each entry shows only to roles that may do what the page is for. Case
// pages are read from the one policy table of the core; the administrators' pages follow 三员分立.
import type { Role } from '../../../src/core/workflow/case-model';
import { roleMayEver, type PolicyAction } from '../../../src/core/workflow/policy';

export type NavKey =
  | 'inbox'
  | 'cases'
  | 'register'
  | 'dueSoon'
  | 'reportIns'
  | 'supervision'
  | 'accountability'
  | 'scorecards'
  | 'users'
  | 'units'
  | 'regions'
  | 'categories'
  | 'audit';

export interface NavEntry {
  key: NavKey;
  path: string;
  /** the policy action(s) whose holders see the entry, or the roles that do */
  when: { action: PolicyAction | readonly PolicyAction[] } | { roles: readonly Role[] };
  group?: 'admin';
}

export const NAV: readonly NavEntry[] = [
  { key: 'inbox', path: '/', when: { action: 'read' } },
  { key: 'cases', path: '/cases', when: { action: 'read' } },
  { key: 'register', path: '/register', when: { action: 'register' } },
  { key: 'dueSoon', path: '/due', when: { action: 'read' } },
  { key: 'reportIns', path: '/report-ins', when: { action: 'report_in' } },
  // supervisors and leaders issue orders; the units that handle cases answer them there
  { key: 'supervision', path: '/supervision', when: { action: ['supervise', 'answer_supervision'] } },
  { key: 'accountability', path: '/accountability', when: { roles: ['leader', 'supervisor'] } },
  // GET /api/scorecards: supervisors and leaders for their scope, departments for their own unit
  {
    key: 'scorecards',
    path: '/scorecards',
    when: { roles: ['leader', 'supervisor', 'department_staff', 'mediator'] },
  },
  { key: 'users', path: '/admin/users', when: { roles: ['security_admin'] }, group: 'admin' },
  { key: 'units', path: '/admin/units', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'regions', path: '/admin/regions', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'categories', path: '/admin/categories', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'audit', path: '/admin/audit', when: { roles: ['audit_admin'] }, group: 'admin' },
];

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((e) =>
    'action' in e.when
      ? [e.when.action].flat().some((a) => roleMayEver(role, a))
      : e.when.roles.includes(role),
  );
}

/** Where a role lands after logging in: its first menu entry. */
export function homeOf(role: Role): string {
  return navFor(role)[0]?.path ?? '/';
}
