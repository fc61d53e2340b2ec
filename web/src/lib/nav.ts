// The console's menu: each entry shows only to roles that may do what the page is for. Case
// pages are read from the one policy table of the core; the administrators' pages follow 三员分立.
import type { Role } from '../../../src/core/workflow/case-model';
import {
  DASHBOARD_ROLES,
  analysisRoleMayEver,
  gridRoleMayEver,
  mediationOrgRoleMayEver,
  meetingRoleMayEver,
  roleMayEver,
  STATIONING_POLICY,
  roleMayOnBaseInfo,
  type AnalysisAction,
  type BaseInfoAction,
  type GridAction,
  type MediationOrgAction,
  type MeetingAction,
  type PolicyAction,
  type StationingAction,
} from '../../../src/core/workflow/policy';
import { roleMayApproveExports } from '../../../src/core/pii/export-approval';
import { importKindsOf, type ConsoleImportKind } from './import-kinds';

export type NavKey =
  | 'inbox'
  | 'cases'
  | 'dashboard'
  | 'statisticsReports'
  | 'warnings'
  | 'qualityChecks'
  | 'register'
  | 'dueSoon'
  | 'reportIns'
  | 'supervision'
  | 'accountability'
  | 'scorecards'
  | 'meetings'
  | 'meetingTasks'
  | 'mediationOrgs'
  | 'mediationStats'
  | 'stationing'
  | 'users'
  | 'piRequests'
  | 'units'
  | 'regions'
  | 'categories'
  | 'audit'
  | 'exportRequests'
  | 'routing'
  | 'timeLimits'
  | 'calendar'
  | 'imports'
  | 'importCases'
  | 'gridStats'
  | 'gridReports'
  | 'gridWork'
  | 'gridPlans'
  | 'residents'
  | 'houses'
  | 'organizations';

export interface NavEntry {
  key: NavKey;
  path: string;
  /** the policy action(s) whose holders see the entry, or the roles that do */
  when:
    | { action: PolicyAction | readonly PolicyAction[] }
    | { roles: readonly Role[] }
    | { grid: GridAction }
    | { analysis: AnalysisAction }
    | { mediationOrg: MediationOrgAction }
    | { stationing: StationingAction }
    | { base: BaseInfoAction }
    | { imports: readonly ConsoleImportKind[] }
    | { exports: true }
    | { meeting: MeetingAction };
  group?: 'admin' | 'grid' | 'base';
}

export const NAV: readonly NavEntry[] = [
  { key: 'inbox', path: '/', when: { action: 'read' } },
  { key: 'cases', path: '/cases', when: { action: 'read' } },
  // 研判分析: the dashboards of an area, for those who steer it (policy.ts DASHBOARD_ROLES)
  { key: 'dashboard', path: '/dashboard', when: { roles: DASHBOARD_ROLES } },
  // 定期统计报表: the same figures as tables to send upward, for the same roles
  { key: 'statisticsReports', path: '/reports', when: { roles: DASHBOARD_ROLES } },
  // 预警 and 抽查回访 (issue 8): the analysis table of policy.ts
  { key: 'warnings', path: '/warnings', when: { analysis: 'read_warning' } },
  { key: 'qualityChecks', path: '/quality-checks', when: { analysis: 'read_quality' } },
  { key: 'register', path: '/register', when: { action: 'register' } },
  { key: 'dueSoon', path: '/due', when: { action: 'read' } },
  // hotline work orders, imported by the window (the server's mayImport decides)
  { key: 'importCases', path: '/imports', when: { imports: ['cases'] } },
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
  // 工作例会: the meetings of one's area and, for the units their decisions name, the task list
  { key: 'meetings', path: '/meetings', when: { meeting: 'read_meeting' } },
  { key: 'meetingTasks', path: '/meeting-tasks', when: { meeting: 'complete_decision' } },
  // 四调联动 (issue 7): the mediation organizations' directory and statistics; the centers' stationing
  { key: 'mediationOrgs', path: '/mediation/orgs', when: { mediationOrg: 'read_orgs' } },
  { key: 'mediationStats', path: '/mediation/stats', when: { mediationOrg: 'read_mediation_stats' } },
  { key: 'stationing', path: '/stationing', when: { stationing: 'read_board' } },
  // 网格工作 and 基础信息 for the centers' staff; grid workers and security members do theirs on the
  // phone (/g/). The policy's grid and base-information tables decide the rest.
  { key: 'gridStats', path: '/grid', when: { grid: 'read_stats' }, group: 'grid' },
  { key: 'gridReports', path: '/grid/reports', when: { grid: 'read_report' }, group: 'grid' },
  { key: 'gridWork', path: '/grid/work', when: { grid: 'read_work' }, group: 'grid' },
  { key: 'gridPlans', path: '/grid/plans', when: { grid: 'plan' }, group: 'grid' },
  { key: 'residents', path: '/base/residents', when: { base: 'base_read' }, group: 'base' },
  { key: 'houses', path: '/base/houses', when: { base: 'base_read' }, group: 'base' },
  { key: 'organizations', path: '/base/organizations', when: { base: 'base_read' }, group: 'base' },
  { key: 'users', path: '/admin/users', when: { roles: ['security_admin'] }, group: 'admin' },
  {
    key: 'piRequests',
    path: '/admin/pi-requests',
    when: { roles: ['security_admin'] },
    group: 'admin',
  },
  { key: 'units', path: '/admin/units', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'regions', path: '/admin/regions', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'categories', path: '/admin/categories', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'routing', path: '/admin/routing', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'timeLimits', path: '/admin/time-limits', when: { roles: ['sys_admin'] }, group: 'admin' },
  { key: 'calendar', path: '/admin/calendar', when: { roles: ['sys_admin'] }, group: 'admin' },
  {
    key: 'imports',
    path: '/admin/imports',
    when: { imports: ['users', 'units', 'mediation-orgs'] },
    group: 'admin',
  },
  { key: 'audit', path: '/admin/audit', when: { roles: ['audit_admin'] }, group: 'admin' },
  // 导出审批: those who export in bulk (the case list's readers, the auditor) and those who approve
  { key: 'exportRequests', path: '/export-requests', when: { exports: true } },
];

const ADMIN_ROLES: readonly Role[] = ['sys_admin', 'security_admin', 'audit_admin'];

/** Roles that work in one grid, on the phone: the console's grid and base pages are not theirs. */
const PHONE_ROLES: readonly Role[] = ['grid_worker', 'security_member'];

function allowed(role: Role, e: NavEntry): boolean {
  const w = e.when;
  if ((e.group === 'grid' || e.group === 'base') && PHONE_ROLES.includes(role)) return false;
  if ('action' in w) return [w.action].flat().some((a) => roleMayEver(role, a));
  if ('grid' in w) return gridRoleMayEver(role, w.grid);
  if ('analysis' in w) return analysisRoleMayEver(role, w.analysis);
  if ('mediationOrg' in w) return mediationOrgRoleMayEver(role, w.mediationOrg);
  // the administrators configure stationing through the API; their menu stays their own (三员分立)
  if ('stationing' in w)
    return !ADMIN_ROLES.includes(role) && (STATIONING_POLICY[w.stationing][role]?.length ?? 0) > 0;
  if ('base' in w) return roleMayOnBaseInfo(role, w.base);
  if ('meeting' in w) return meetingRoleMayEver(role, w.meeting);
  if ('imports' in w) return importKindsOf(role).some((k) => w.imports.includes(k));
  if ('exports' in w)
    return roleMayEver(role, 'read') || role === 'audit_admin' || roleMayApproveExports(role);
  return w.roles.includes(role);
}

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((e) => allowed(role, e));
}

/** Where a role lands after logging in: its first menu entry. */
export function homeOf(role: Role): string {
  return navFor(role)[0]?.path ?? '/';
}
