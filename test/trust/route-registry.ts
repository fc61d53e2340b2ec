// The authorization matrix's registry: for EVERY route the app registers, who may call it. The
// matrix suite (authz-matrix.test.ts) fails on a route missing here, and on an entry naming no
// route. Public routes are listed explicitly. Case routes are judged by the core's one policy
// table (relationsOf + isAllowed): a caller who may not read the case gets 404 (its existence does
// not leak), one who may read but not act gets 403.
//
// Adding a route: add one line — `'METHOD /url': rule`, where rule is one of
//   public()                       anyone, signed in or not (the answer never depends on it)
//   apiKey()                       an Open311 client's key, not a session (403 without one)
//   session()                      any signed-in caller, staff or resident
//   staff()                        any staff role; residents refused
//   resident()                     a phone-verified resident only
//   roles('leader', …)             these staff roles; other staff 403
//   scoped(roles, …)               these roles within their scope; outside it refused (404 or 403)
//   ownCenter(roles, …)            these roles of the center itself (not the levels above)
//   caseAction('read' | …)         the case policy table, per case state and relation
// and, when the sampled request cannot reach the check (it needs a body the sampler cannot make),
// a `request` builder in REQUESTS below.
import type { PolicyAction } from '../../src/core/workflow/policy.js';
import type { Role } from '../../src/core/workflow/case-model.js';

export type Rule =
  | { kind: 'public' }
  | { kind: 'apiKey' }
  | { kind: 'session' }
  | { kind: 'staff' }
  | { kind: 'resident' }
  | { kind: 'roles'; roles: readonly Role[]; scoped: false | 'above' | 'own'; residents?: boolean }
  | { kind: 'case'; action: PolicyAction | 'transition'; residents: 'policy' | 'refused' };

export const public_ = (): Rule => ({ kind: 'public' });
const apiKey = (): Rule => ({ kind: 'apiKey' });
const session = (): Rule => ({ kind: 'session' });
const staff = (): Rule => ({ kind: 'staff' });
const resident = (): Rule => ({ kind: 'resident' });
const roles = (...r: Role[]): Rule => ({ kind: 'roles', roles: r, scoped: false });
/** within scope: the record's place or any place above it */
const scoped = (...r: Role[]): Rule => ({ kind: 'roles', roles: r, scoped: 'above' });
/** …and phone-verified residents too (their own cases, or a registration of their own) */
const andResidents = (rule: Rule): Rule => ({ ...rule, residents: true }) as Rule;
/** the center's own staff only (not the county or city above it) */
const ownCenter = (...r: Role[]): Rule => ({ kind: 'roles', roles: r, scoped: 'own' });
const caseAction = (
  action: PolicyAction | 'transition',
  residents: 'policy' | 'refused' = 'refused',
): Rule => ({
  kind: 'case',
  action,
  residents,
});

const REGION_STAFF: Role[] = ['clerk', 'dispatcher', 'leader', 'supervisor'];
const BASE_READERS: Role[] = [
  'clerk',
  'dispatcher',
  'grid_worker',
  'leader',
  'security_member',
  'supervisor',
];
const BASE_WRITERS: Role[] = ['clerk', 'dispatcher', 'grid_worker'];
const GRID_FIELD: Role[] = ['grid_worker', 'security_member'];
const CASE_STAFF: Role[] = [
  'clerk',
  'department_staff',
  'dispatcher',
  'grid_worker',
  'leader',
  'mediator',
  'security_member',
  'supervisor',
];

/** Staff of a unit a meeting decision may name (policy.ts MEETING_POLICY complete_decision). */
const DECISION_UNITS: Role[] = [
  'clerk',
  'department_staff',
  'dispatcher',
  'grid_worker',
  'leader',
  'mediator',
  'supervisor',
];

export const REGISTRY: Record<string, Rule> = {
  // --- the shell: health, API description, metrics (its own allow-list and token, tested in
  // metrics.routes.test.ts; off here), the public agreement check (a QR code on paper)
  'GET /healthz': public_(),
  'GET /metrics': public_(),
  'GET /api/openapi.json': public_(),
  'GET /verify/agreements/:id': public_(),
  'GET /api/verify/agreements/:id': public_(),

  // --- auth: log-in is public by nature; the rest is one's own session
  'POST /api/auth/login': public_(),
  'POST /api/auth/logout': session(),
  'GET /api/me': session(),
  'GET /api/auth/totp': staff(),
  'POST /api/auth/totp/enrol': staff(),
  'POST /api/auth/totp/confirm': staff(),
  'POST /api/auth/totp/disable': staff(),
  'GET /api/auth/sessions': staff(),
  'DELETE /api/auth/sessions/:id': staff(),
  'POST /api/auth/change-password': staff(),

  // --- reference data every form needs, public (the resident H5 uses them before the phone check)
  'GET /api/regions': public_(),
  'GET /api/regions/:code': public_(),
  'GET /api/units': public_(),
  'GET /api/categories': public_(),
  'GET /api/routing/suggest': public_(),
  'GET /api/resident/privacy-notice': public_(),
  // the development SMS outbox: answers only with YIMEN_SMS_PROVIDER=dev (never in production)
  'GET /api/dev/outbox': public_(),
  // category names: the system administrator (the sampled body is refused by the schema first)
  'PATCH /api/categories/:code': roles('sys_admin'),

  // --- cases
  // a resident registers too (policy: register needs no relation), through the resident channel
  'POST /api/cases': andResidents(scoped('clerk', 'dispatcher', 'grid_worker', 'security_member')),
  'GET /api/cases': andResidents(roles(...CASE_STAFF)),
  'GET /api/cases/export.csv': roles(...CASE_STAFF),
  // above the threshold an export is requested (the fixtures' few rows need none: 422 for them)
  'POST /api/cases/export-requests': roles(...CASE_STAFF),
  'GET /api/parties/known': roles('clerk', 'dispatcher', 'grid_worker', 'security_member'),
  // a resident who is a party reads the case, follows it up or withdraws it (the policy's 'party')
  'GET /api/cases/:id': caseAction('read', 'policy'),
  'POST /api/cases/:id/transitions': caseAction('transition', 'policy'),
  'POST /api/cases/:id/parties/:partyId/unmask': caseAction('unmask'),
  'POST /api/cases/:id/attachments': caseAction('attach', 'policy'),
  'GET /api/cases/:id/attachments/:attachmentId': caseAction('read', 'policy'),
  'GET /api/cases/:id/qr.svg': caseAction('read', 'policy'),
  'GET /api/cases/:id/report-ins': caseAction('read', 'policy'),
  'POST /api/cases/:id/report-ins/:unitId/rating': caseAction('read'),
  'GET /api/cases/:id/supervision-orders': caseAction('read'),
  'POST /api/cases/:id/supervision-orders': caseAction('supervise'),
  'GET /api/cases/:id/instructions': caseAction('read'),
  'POST /api/cases/:id/instructions': caseAction('instruct'),
  'GET /api/cases/:id/mediation': caseAction('read'),
  'GET /api/cases/:id/mediation/suggestions': caseAction('assign_mediation'),
  'PUT /api/cases/:id/mediation': caseAction('assign_mediation'),
  // these check the body before the case (an unknown id gets the same answer: nothing leaks); the
  // sampled body stops there, so only the session is checked here (mediation.routes.test.ts has the rest)
  'POST /api/cases/:id/mediation/sessions': staff(),
  'POST /api/cases/:id/mediation/agreements': staff(),
  'GET /api/cases/:id/mediation/courts': caseAction('read'),
  'GET /api/cases/:id/dossier.pdf': caseAction('read'),

  // --- work lists of units and oversight
  'GET /api/report-ins': roles('department_staff', 'mediator'),
  'GET /api/accountability': roles('leader', 'supervisor'),
  'GET /api/scorecards': roles('department_staff', 'leader', 'mediator', 'supervisor'),
  'GET /api/supervision-orders': roles(
    'clerk',
    'department_staff',
    'dispatcher',
    'grid_worker',
    'leader',
    'mediator',
    'supervisor',
  ),
  'POST /api/supervision-orders/:id/answer': staff(),
  'GET /api/notifications': staff(),
  'POST /api/notifications/:id/read': staff(),
  'POST /api/notifications/read-all': staff(),

  // --- the system administrator's configuration (三员分立)
  'GET /api/routing/rules': roles('sys_admin'),
  'POST /api/routing/rules': roles('sys_admin'),
  'PATCH /api/routing/rules/:id': roles('sys_admin'),
  'GET /api/time-limits': roles('sys_admin'),
  'POST /api/time-limits': roles('sys_admin'),
  'PATCH /api/time-limits/:id': roles('sys_admin'),
  'GET /api/calendar/years': roles('sys_admin'),
  'GET /api/calendar/years/:year': roles('sys_admin'),
  'PUT /api/calendar/years/:year': roles('sys_admin'),
  'GET /api/webhooks': roles('sys_admin'),
  'POST /api/webhooks': roles('sys_admin'),
  'PATCH /api/webhooks/:id': roles('sys_admin'),
  'DELETE /api/webhooks/:id': roles('sys_admin'),
  'GET /api/admin/units': roles('sys_admin'),
  'POST /api/admin/units': roles('sys_admin'),
  'PATCH /api/admin/units/:id': roles('sys_admin'),
  'POST /api/admin/regions': roles('sys_admin'),
  'PATCH /api/admin/regions/:code': roles('sys_admin'),
  'GET /api/admin/categories': roles('sys_admin'),
  'POST /api/admin/categories': roles('sys_admin'),
  // QR posters of a place: the window and the dispatcher within their scope, and the system administrator
  'GET /api/qr/places/:file': scoped('clerk', 'dispatcher', 'sys_admin'),

  // --- the security administrator's accounts
  'GET /api/admin/users': roles('security_admin'),
  'POST /api/admin/users': roles('security_admin'),
  'PATCH /api/admin/users/:id': roles('security_admin'),
  'POST /api/admin/users/:id/reset-password': roles('security_admin'),
  'POST /api/admin/users/:id/reset-totp': roles('security_admin'),
  'POST /api/admin/users/:id/unlock': roles('security_admin'),

  // --- the audit administrator's review
  'GET /api/admin/audit': roles('audit_admin'),
  'GET /api/admin/pii-access': roles('audit_admin'),
  'GET /api/admin/audit/export.csv': roles('audit_admin'),
  'POST /api/admin/audit/export-requests': roles('audit_admin'),
  'POST /api/admin/audit/verify': roles('audit_admin'),

  // --- bulk-export requests (双人审批): one's own list and downloads (someone else's request is 404);
  // decisions by the approving roles of the core's table (export-requests.routes.test.ts has the rest)
  'GET /api/export-requests': staff(),
  'POST /api/export-requests/:id/approve': roles('leader', 'security_admin'),
  'POST /api/export-requests/:id/reject': roles('leader', 'security_admin'),
  'GET /api/export-requests/:id/download': staff(),

  // --- imports: each kind has its own importer role (imports.routes.test.ts); the job is its maker's
  'GET /api/imports/templates/:file': staff(),
  'POST /api/imports': staff(),
  'GET /api/imports/:id': staff(),

  // --- residents (the 解纷码 H5)
  'POST /api/resident/otp': public_(),
  'POST /api/resident/session': public_(),
  'GET /api/resident/cases': resident(),
  'GET /api/resident/cases/:id': resident(),
  // personal-information rights (PIPL arts. 45–47): the resident's own export and requests; their
  // answer is the security administrator's, within scope (pi-rights.routes.test.ts)
  'GET /api/resident/my-data': resident(),
  'GET /api/resident/my-data.pdf': resident(),
  'GET /api/resident/pi-requests': resident(),
  'POST /api/resident/pi-requests': resident(),
  'GET /api/pi-requests': roles('security_admin'),
  'POST /api/pi-requests/:id/decision': roles('security_admin'),

  // --- base information (the policy's BASE_INFO table), records within scope
  'GET /api/base/residents': roles(...BASE_READERS),
  'GET /api/base/residents/:id': scoped(...BASE_READERS),
  'POST /api/base/residents': roles(...BASE_WRITERS),
  'PATCH /api/base/residents/:id': scoped(...BASE_WRITERS),
  'POST /api/base/residents/:id/unmask': scoped(...BASE_WRITERS),
  'POST /api/base/residents/:id/key-groups': scoped('dispatcher', 'leader'),
  'GET /api/base/houses': roles(...BASE_READERS),
  'GET /api/base/houses/:id': scoped(...BASE_READERS),
  'POST /api/base/houses': roles(...BASE_WRITERS),
  'PATCH /api/base/houses/:id': scoped(...BASE_WRITERS),
  'POST /api/base/houses/:id/unmask': scoped(...BASE_WRITERS),
  'GET /api/base/organizations': roles(...BASE_READERS),
  'GET /api/base/organizations/:id': scoped(...BASE_READERS),
  'POST /api/base/organizations': roles(...BASE_WRITERS),
  'PATCH /api/base/organizations/:id': scoped(...BASE_WRITERS),
  'POST /api/base/organizations/:id/unmask': scoped(...BASE_WRITERS),

  // --- grid work (the policy's GRID table)
  'POST /api/grid/uploads': roles(...GRID_FIELD),
  'GET /api/grid/uploads/:id': scoped(...BASE_READERS),
  'POST /api/grid/work-items': roles(...GRID_FIELD),
  'GET /api/grid/work-items': roles(...BASE_READERS),
  'POST /api/grid/reports': roles(...GRID_FIELD),
  'GET /api/grid/reports': roles(...CASE_STAFF),
  // a unit's staff see the reports assigned to their unit (none here)
  'GET /api/grid/reports/:id': scoped(...BASE_READERS),
  'POST /api/grid/reports/:id/assign': scoped('dispatcher'),
  'POST /api/grid/reports/:id/conclude': scoped('dispatcher'),
  'POST /api/grid/plans': scoped('dispatcher'),
  'GET /api/grid/plans': roles(...BASE_READERS),
  'DELETE /api/grid/plans/:id': scoped('dispatcher'),
  'GET /api/grid/tasks/today': roles(...GRID_FIELD),
  'GET /api/grid/stats': roles(...REGION_STAFF),
  'GET /api/grid/coverage': roles(...REGION_STAFF),
  'GET /api/grid/workers/:userId/activity': scoped(
    'clerk',
    'dispatcher',
    'grid_worker',
    'leader',
    'supervisor',
  ),

  // --- analysis (issue 8): dashboards, warnings, quality checks, triage
  'GET /api/analytics/overview': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/analytics/trend': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/analytics/mix': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/analytics/regions': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/analytics/units': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/analytics/screen': roles('dispatcher', 'leader', 'supervisor'),
  'POST /api/triage': roles('clerk', 'dispatcher', 'grid_worker', 'security_member'),
  'GET /api/warnings': roles(...REGION_STAFF),
  'GET /api/warnings/counts': roles(...REGION_STAFF),
  'GET /api/warnings/:id': roles(...REGION_STAFF),
  'POST /api/warnings/:id/acknowledge': roles(...REGION_STAFF),
  'POST /api/warnings/:id/handle': roles(...REGION_STAFF),
  'GET /api/quality-checks': roles(...REGION_STAFF),
  'GET /api/quality-checks/rates': roles('dispatcher', 'leader', 'supervisor'),
  // the periodic statistics report: the dashboard roles, for a region under their scope (403 outside,
  // as the dashboards); a stored report outside the scope is 404
  'GET /api/reports/statistics.xlsx': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/reports/statistics.pdf': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/reports': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/reports/:id/file': scoped('dispatcher', 'leader', 'supervisor'),
  'GET /api/quality-checks/:id': roles(...REGION_STAFF),
  'POST /api/quality-checks/:id/result': roles(...REGION_STAFF),
  // weekly meetings (the policy's MEETING table): held by the center, read within scope by the
  // dashboard roles; decisions done by the unit they name (any fixture id is unknown here: 404)
  'POST /api/meetings': roles('dispatcher', 'leader'),
  'GET /api/meetings': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/meetings/:id': roles('dispatcher', 'leader', 'supervisor'),
  'GET /api/meetings/:id/report.pdf': roles('dispatcher', 'leader', 'supervisor'),
  'POST /api/meetings/:id/decisions': roles('dispatcher', 'leader'),
  'GET /api/meeting-decisions': roles(...DECISION_UNITS),
  'POST /api/meeting-decisions/:id/done': roles(...DECISION_UNITS),
  'GET /api/cases/:id/meeting-decisions': caseAction('read'),

  // --- mediation organizations, agreements and their follow-up (issue 7)
  'GET /api/mediation-orgs': roles('clerk', 'dispatcher', 'leader', 'mediator', 'supervisor'),
  'GET /api/mediation-orgs/:id': staff(),
  'POST /api/mediation-orgs/:id/mediators': staff(),
  'PATCH /api/mediators/:id': staff(),
  'POST /api/agreement-terms/:id/performance': staff(),
  'POST /api/mediation-agreements/:id/judicial-confirmations': staff(),
  'POST /api/judicial-confirmations/:id/steps': staff(),
  'GET /api/mediation-stats': roles('dispatcher', 'leader', 'mediator', 'supervisor'),
  'POST /api/mediation-sessions/:id/record': staff(),
  'GET /api/mediation-agreements/:id/pdf': staff(),

  // --- stationing at a center (the policy's STATIONING table): the center's staff and those above
  'GET /api/centers/:id/departments': scoped(
    'clerk',
    'department_staff',
    'dispatcher',
    'leader',
    'mediator',
    'supervisor',
    'sys_admin',
  ),
  'GET /api/centers/:id/rosters': scoped(
    'clerk',
    'department_staff',
    'dispatcher',
    'leader',
    'mediator',
    'supervisor',
    'sys_admin',
  ),
  'GET /api/centers/:id/on-duty': scoped(
    'clerk',
    'department_staff',
    'dispatcher',
    'leader',
    'mediator',
    'supervisor',
    'sys_admin',
  ),
  'GET /api/centers/:id/on-call-calls': scoped(
    'clerk',
    'department_staff',
    'dispatcher',
    'leader',
    'mediator',
    'supervisor',
    'sys_admin',
  ),
  'GET /api/centers/:id/queue': scoped(
    'clerk',
    'department_staff',
    'dispatcher',
    'leader',
    'mediator',
    'supervisor',
    'sys_admin',
  ),
  'GET /api/centers/:id/appointments': scoped(
    'clerk',
    'department_staff',
    'dispatcher',
    'leader',
    'mediator',
    'supervisor',
    'sys_admin',
  ),
  'POST /api/centers/:id/rosters': ownCenter('dispatcher', 'sys_admin'),
  'PUT /api/centers/:id/on-call/:unitId': ownCenter('dispatcher', 'sys_admin'),
  'POST /api/centers/:id/on-call-calls': ownCenter('clerk', 'dispatcher'),
  'POST /api/centers/:id/queue': ownCenter('clerk', 'dispatcher'),
  'POST /api/centers/:id/queue/call-next': ownCenter('clerk', 'dispatcher'),
  'POST /api/centers/:id/appointments': ownCenter('clerk', 'dispatcher'),
  'GET /api/rosters/:id/schedule': staff(),
  'PUT /api/rosters/:id': staff(),
  'PUT /api/rosters/:id/overrides/:day': staff(),
  'POST /api/on-call-calls/:id/:step': staff(),
  'POST /api/queue-tickets/:id/:step': staff(),

  // --- live updates (server-sent events; the stream never ends, so only refusals are sent)
  'GET /api/events/stream': staff(),

  // --- Open311 GeoReport v2: an API key per client, never a session
  'GET /open311/v2/discovery.json': public_(),
  'GET /open311/v2/discovery.xml': public_(),
  'GET /open311/v2/services.json': public_(),
  'GET /open311/v2/services.xml': public_(),
  'GET /open311/v2/services/:file': public_(),
  'POST /open311/v2/requests.json': apiKey(),
  'POST /open311/v2/requests.xml': apiKey(),
  'GET /open311/v2/requests.json': apiKey(),
  'GET /open311/v2/requests.xml': apiKey(),
  'GET /open311/v2/requests/:file': apiKey(),
};
