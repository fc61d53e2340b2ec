import type { Relation, Role } from './case-model.js';

/** Every action on a case, including reading it and unmasking a party's personal data. */
export const ACTIONS = [
  'register',
  'assign',
  'accept',
  'reject',
  'rule_rejection',
  'transfer',
  'add_co_handler',
  'escalate',
  'report_in',
  'handle',
  'pause_clock',
  'resume_clock',
  'request_extension',
  'rule_extension',
  'conclude',
  'follow_up',
  'reopen',
  'archive',
  'withdraw',
  'decline',
] as const;
/** An action that changes a case and yields exactly one ledger event. */
export type Action = (typeof ACTIONS)[number];
/** What the policy table governs: the actions, reading, unmasking and adding evidence. */
/** Oversight on a case that is not a step of the loop (each writes a record event, see records.ts). */
export const OVERSIGHT_ACTIONS = ['supervise', 'answer_supervision', 'instruct', 'rate_response'] as const;
export type OversightAction = (typeof OVERSIGHT_ACTIONS)[number];
/**
 * Mediation on a case (issue 7): forming its team; the team's sessions, agreement and referral for
 * judicial confirmation; recording whether the agreement's terms were performed (履行).
 */
export const MEDIATION_ACTIONS = ['assign_mediation', 'mediate', 'record_performance'] as const;
export type MediationAction = (typeof MEDIATION_ACTIONS)[number];
export type PolicyAction = Action | OversightAction | MediationAction | 'read' | 'unmask' | 'attach';
export const POLICY_ACTIONS: readonly PolicyAction[] = [
  ...ACTIONS,
  ...OVERSIGHT_ACTIONS,
  ...MEDIATION_ACTIONS,
  'read',
  'unmask',
  'attach',
];

type PolicyTable = Record<PolicyAction, Partial<Record<Role, readonly Relation[]>>>;

// Roles that act for the unit they belong to when that unit handles a case.
const HANDLERS = ['department_staff', 'mediator', 'grid_worker', 'clerk', 'dispatcher'] as const;
const forEach = (roles: readonly Role[], relations: readonly Relation[]) =>
  Object.fromEntries(roles.map((r) => [r, relations])) as Partial<Record<Role, readonly Relation[]>>;

/**
 * The one policy table: role x action -> the relations to the case under which it is allowed.
 * Route guards and the authorization tests both read it. State guards live in the workflow.
 * The three administrators (三员分立) appear nowhere: they see no case data at all.
 */
export const POLICY: PolicyTable = {
  // register: staff inside their scope; residents and the system (api, hotline import) need none
  register: {
    clerk: ['in_scope'],
    dispatcher: ['in_scope'],
    grid_worker: ['in_scope'],
    security_member: ['in_scope'],
    resident: ['none'],
    system: ['none'],
  },
  assign: { dispatcher: ['in_scope'] },
  // the lead accepts what was assigned to it; the first-contact unit may take on what it registered
  accept: { ...forEach(HANDLERS, ['lead', 'owner']) },
  reject: forEach(['department_staff', 'mediator', 'grid_worker'], ['lead']),
  rule_rejection: { dispatcher: ['in_scope'] },
  transfer: { dispatcher: ['in_scope'], department_staff: ['lead'], mediator: ['lead'] },
  add_co_handler: {
    dispatcher: ['in_scope'],
    department_staff: ['lead'],
    mediator: ['lead'],
    grid_worker: ['lead'],
  },
  escalate: {
    dispatcher: ['in_scope'],
    clerk: ['owner', 'lead'],
    grid_worker: ['owner', 'lead'],
    department_staff: ['lead'],
    mediator: ['lead'],
  },
  report_in: { department_staff: ['summoned'], mediator: ['summoned'] },
  handle: forEach(HANDLERS, ['lead', 'co_handler']),
  pause_clock: forEach(HANDLERS, ['lead']),
  resume_clock: forEach(HANDLERS, ['lead']),
  request_extension: forEach(HANDLERS, ['lead']),
  rule_extension: { supervisor: ['in_scope'], leader: ['in_scope'] },
  conclude: forEach(HANDLERS, ['lead']),
  follow_up: { clerk: ['in_scope', 'owner'], dispatcher: ['in_scope', 'owner'], resident: ['party'] },
  // 重办: staff above reopen after an unsatisfied follow-up; the system does at once when the
  // resident themself rated it unsatisfied (the step after their follow-up, same transaction)
  reopen: { dispatcher: ['in_scope'], supervisor: ['in_scope'], leader: ['in_scope'], system: ['none'] },
  archive: { clerk: ['in_scope', 'owner'], dispatcher: ['in_scope', 'owner'] },
  withdraw: { resident: ['party'], clerk: ['owner', 'in_scope'] },
  decline: { clerk: ['in_scope', 'owner'], dispatcher: ['in_scope', 'owner'] },
  // a supervision order (督办单) from above; the lead unit answers it; leaders' instructions (批示)
  supervise: { supervisor: ['in_scope'], leader: ['in_scope'] },
  answer_supervision: forEach(HANDLERS, ['lead']),
  instruct: { leader: ['in_scope'] },
  // after a whistle, the level that blew it rates each summoned department's response
  rate_response: {
    dispatcher: ['in_scope'],
    clerk: ['owner', 'lead'],
    grid_worker: ['owner', 'lead'],
    department_staff: ['lead'],
    mediator: ['lead'],
  },
  // the center in scope forms a mediation team (联合调解), or the handling mediation organization
  // itself; the team (checked by the service: its lead mediator or a member user) holds sessions
  assign_mediation: { dispatcher: ['in_scope'], mediator: ['lead', 'co_handler'] },
  mediate: forEach(['department_staff', 'mediator'], ['lead', 'co_handler']),
  // whether the parties performed the agreement: the handling units, and the center that follows
  // the case up (回访) in scope or as first-contact unit
  record_performance: {
    ...forEach(['department_staff', 'mediator'], ['lead', 'co_handler']),
    clerk: ['in_scope', 'owner'],
    dispatcher: ['in_scope', 'owner'],
  },
  read: {
    clerk: ['in_scope', 'owner', 'lead', 'co_handler'],
    dispatcher: ['in_scope', 'owner', 'lead', 'co_handler'],
    leader: ['in_scope'],
    supervisor: ['in_scope'],
    grid_worker: ['in_scope', 'owner', 'lead', 'co_handler'],
    security_member: ['in_scope', 'owner'],
    department_staff: ['lead', 'co_handler', 'summoned', 'owner'],
    mediator: ['lead', 'co_handler', 'summoned', 'owner'],
    resident: ['party'],
  },
  // seeing a party's phone, ID number or address in clear: with a reason, always logged
  unmask: {
    clerk: ['in_scope', 'owner'],
    dispatcher: ['in_scope'],
    department_staff: ['lead', 'co_handler'],
    mediator: ['lead', 'co_handler'],
    grid_worker: ['lead', 'owner'],
  },
  // adding evidence (photos, documents): those who handle, the first-contact unit, the applicant
  attach: {
    ...forEach(['department_staff', 'mediator', 'grid_worker'], ['lead', 'co_handler', 'owner']),
    security_member: ['owner'],
    clerk: ['in_scope', 'owner', 'lead', 'co_handler'],
    dispatcher: ['in_scope', 'owner', 'lead', 'co_handler'],
    resident: ['party'],
  },
};

/** Whether `role` may perform `action` given its relations to the case (any one suffices). */
export function isAllowed(role: Role, action: PolicyAction, relations: readonly Relation[]): boolean {
  const permitted = POLICY[action][role];
  if (!permitted) return false;
  return relations.some((r) => permitted.includes(r));
}

/** Whether the role may perform the action under some relation (menus and quick route guards). */
export function roleMayEver(role: Role, action: PolicyAction): boolean {
  return (POLICY[action][role]?.length ?? 0) > 0;
}

/**
 * Grid work (网格化, issue 6): routine work items, grid reports (上报事件), plans and statistics.
 * A smaller table than the case table's, since grid records have no units' relations beyond the
 * one a report is assigned to: 'in_scope' means the record's grid lies within the actor's scope
 * (a grid worker's scope is their grid), 'assigned_unit' that a report is assigned to the actor's
 * unit. The three administrators appear nowhere here either.
 */
export const GRID_ACTIONS = [
  'log_work',
  'read_work',
  'report',
  'read_report',
  'assign_report',
  'conclude_report',
  'plan',
  'read_stats',
] as const;
export type GridAction = (typeof GRID_ACTIONS)[number];
export type GridRelation = 'in_scope' | 'assigned_unit';

const gridEach = (roles: readonly Role[], relations: readonly GridRelation[]) =>
  Object.fromEntries(roles.map((r) => [r, relations])) as Partial<Record<Role, readonly GridRelation[]>>;
const GRID_READERS = ['clerk', 'dispatcher', 'leader', 'supervisor'] as const;
const GRID_WORKERS = ['grid_worker', 'security_member'] as const;

export const GRID_POLICY: Record<GridAction, Partial<Record<Role, readonly GridRelation[]>>> = {
  // what the worker does in their own grid, on their phone
  log_work: gridEach(GRID_WORKERS, ['in_scope']),
  report: gridEach(GRID_WORKERS, ['in_scope']),
  read_work: gridEach([...GRID_WORKERS, ...GRID_READERS], ['in_scope']),
  // the unit a report is assigned to reads and concludes it; the township dispatcher assigns
  read_report: {
    ...gridEach([...GRID_WORKERS, ...GRID_READERS], ['in_scope']),
    ...gridEach(['department_staff', 'mediator'], ['assigned_unit']),
    ...gridEach(['clerk', 'dispatcher', 'grid_worker'], ['in_scope', 'assigned_unit']),
  },
  assign_report: { dispatcher: ['in_scope'] },
  conclude_report: {
    dispatcher: ['in_scope', 'assigned_unit'],
    ...gridEach(['department_staff', 'mediator', 'clerk', 'grid_worker'], ['assigned_unit']),
  },
  // visit plans and patrol schedules are set by the township (or above) for the grids under it
  plan: { dispatcher: ['in_scope'] },
  read_stats: gridEach(GRID_READERS, ['in_scope']),
};

/** Whether `role` may perform a grid action under one of the given relations. */
export function isGridAllowed(role: Role, action: GridAction, relations: readonly GridRelation[]): boolean {
  const permitted = GRID_POLICY[action][role];
  return !!permitted && relations.some((r) => permitted.includes(r));
}

/** Whether the role may perform the grid action under some relation (menus, quick route guards). */
export function gridRoleMayEver(role: Role, action: GridAction): boolean {
  return (GRID_POLICY[action][role]?.length ?? 0) > 0;
}

/** What can be done with base information (基础信息: residents, houses, organizations). */
export const BASE_INFO_ACTIONS = [
  'base_read',
  'base_write',
  'base_unmask',
  'base_import',
  'key_groups_read',
  'key_groups_flag',
] as const;
export type BaseInfoAction = (typeof BASE_INFO_ACTIONS)[number];

/**
 * Base information is master data of a place, not of a case: each action is allowed to these
 * roles within their scope (a grid worker's scope is their grid, township staff's the township).
 * Lists are masked (base_read); clear values only through the unmask service with a reason
 * (base_unmask). Key groups (重点人群) are stigmatizing: seen by the dispatcher, leader and
 * supervisor only, flagged by the dispatcher and leader, never by the clerk or grid worker. The
 * three administrators (三员分立), departments, mediators and residents have no row.
 */
export const BASE_INFO_POLICY: Record<BaseInfoAction, readonly Role[]> = {
  base_read: ['grid_worker', 'security_member', 'clerk', 'dispatcher', 'leader', 'supervisor'],
  base_write: ['grid_worker', 'clerk', 'dispatcher'],
  base_unmask: ['grid_worker', 'clerk', 'dispatcher'],
  base_import: ['grid_worker', 'clerk', 'dispatcher'],
  key_groups_read: ['dispatcher', 'leader', 'supervisor'],
  key_groups_flag: ['dispatcher', 'leader'],
};

/** Whether the role may ever do `action` on base information (menus, quick guards). */
export function roleMayOnBaseInfo(role: Role, action: BaseInfoAction): boolean {
  return BASE_INFO_POLICY[action].includes(role);
}

/** Whether the actor may do `action` on base information at `regionCode` (within their scope). */
export function mayOnBaseInfo(
  actor: { role: Role; scopeCode: string | null },
  action: BaseInfoAction,
  regionCode: string,
): boolean {
  return roleMayOnBaseInfo(actor.role, action) && !!actor.scopeCode && regionCode.startsWith(actor.scopeCode);
}

/** Stationing at a center (进驻, issue 7): the duty board, rosters, on-call calls. */
export const STATIONING_ACTIONS = ['read_board', 'configure', 'call', 'answer_call', 'queue'] as const;
export type StationingAction = (typeof STATIONING_ACTIONS)[number];
/**
 * 'in_scope': the center's region lies within the actor's scope; 'center_staff': the actor belongs
 * to the center; 'any': system configuration, whatever the place; 'called_unit': the actor belongs
 * to the department called.
 */
export type StationingRelation = 'in_scope' | 'center_staff' | 'any' | 'called_unit';

/**
 * The board is read by the center's and the level above's staff and by stationed units; rosters
 * and on-call contacts are configuration of the system administrator or of the center's own
 * dispatcher; the window (clerk, dispatcher) calls an on-call department, which answers itself,
 * and hands out and calls queue numbers.
 */
export const STATIONING_POLICY: Record<
  StationingAction,
  Partial<Record<Role, readonly StationingRelation[]>>
> = {
  read_board: {
    clerk: ['in_scope'],
    dispatcher: ['in_scope'],
    leader: ['in_scope'],
    supervisor: ['in_scope'],
    department_staff: ['in_scope'],
    mediator: ['in_scope'],
    sys_admin: ['any'],
  },
  configure: { sys_admin: ['any'], dispatcher: ['center_staff'] },
  call: { clerk: ['center_staff'], dispatcher: ['center_staff'] },
  answer_call: { department_staff: ['called_unit'] },
  // queue numbers (叫号) are handed out and called at the center's own window
  queue: { clerk: ['center_staff'], dispatcher: ['center_staff'] },
};

/** Whether `role` may perform a stationing action under one of the given relations. */
export function isStationingAllowed(
  role: Role,
  action: StationingAction,
  relations: readonly StationingRelation[],
): boolean {
  const permitted = STATIONING_POLICY[action][role];
  return !!permitted && relations.some((r) => permitted.includes(r));
}

/**
 * Analysis and early warning (研判预警, issue 8): warnings (预警) and the weekly quality call-backs
 * (抽查回访). Triage suggestions follow the 'register' row of the case table: they are advice for
 * the registration form.
 */
export const ANALYSIS_ACTIONS = [
  'read_warning',
  'act_on_warning',
  'do_quality_check',
  'read_quality',
] as const;
export type AnalysisAction = (typeof ANALYSIS_ACTIONS)[number];
/**
 * 'in_scope': the warning's (or checked case's) place lies within the actor's scope;
 * 'responsible': the actor's scope covers the level the warning is routed to (that level or above);
 * 'assigned': the quality check was assigned to the actor.
 */
export type AnalysisRelation = 'in_scope' | 'responsible' | 'assigned';

/**
 * The centers' staff see the warnings of their area; the level a warning is routed to (or one
 * above) acknowledges and handles it: its dispatcher, leader or supervisor. A quality call-back is
 * made by the one it was assigned to (never the handler, chosen by the sampling); its rates are
 * read by those who oversee the area. Departments, mediators, grid workers, residents and the
 * three administrators have no row.
 */
export const ANALYSIS_POLICY: Record<AnalysisAction, Partial<Record<Role, readonly AnalysisRelation[]>>> = {
  read_warning: {
    clerk: ['in_scope'],
    dispatcher: ['in_scope'],
    leader: ['in_scope'],
    supervisor: ['in_scope'],
  },
  act_on_warning: { dispatcher: ['responsible'], leader: ['responsible'], supervisor: ['responsible'] },
  do_quality_check: { clerk: ['assigned'], dispatcher: ['assigned'], supervisor: ['assigned'] },
  read_quality: {
    clerk: ['assigned'],
    dispatcher: ['in_scope', 'assigned'],
    leader: ['in_scope'],
    supervisor: ['in_scope', 'assigned'],
  },
};

/** Whether `role` may perform an analysis action under one of the given relations. */
export function isAnalysisAllowed(
  role: Role,
  action: AnalysisAction,
  relations: readonly AnalysisRelation[],
): boolean {
  const permitted = ANALYSIS_POLICY[action][role];
  return !!permitted && relations.some((r) => permitted.includes(r));
}

/** Whether the role may perform the analysis action under some relation (menus, quick guards). */
export function analysisRoleMayEver(role: Role, action: AnalysisAction): boolean {
  return (ANALYSIS_POLICY[action][role]?.length ?? 0) > 0;
}

/**
 * The relations of an actor to a warning at `regionCode` routed to `levelCode` (a prefix of it):
 * 'in_scope' when the actor's scope covers the place, 'responsible' when it covers the level.
 */
export function warningRelations(
  actor: { scopeCode: string | null },
  warning: { regionCode: string; levelCode: string },
): AnalysisRelation[] {
  const scope = actor.scopeCode;
  if (!scope) return [];
  const out: AnalysisRelation[] = [];
  if (warning.regionCode.startsWith(scope)) out.push('in_scope');
  if (warning.levelCode.startsWith(scope)) out.push('responsible');
  return out;
}

/** Mediation organizations (四调联动, issue 7): their roster of mediators, workload and statistics. */
export const MEDIATION_ORG_ACTIONS = ['read_orgs', 'manage_mediators', 'read_mediation_stats'] as const;
export type MediationOrgAction = (typeof MEDIATION_ORG_ACTIONS)[number];
/**
 * 'in_scope': the organization's region lies within the actor's scope; 'serves_scope': it lies on
 * the path above it (a county committee serves its townships); 'own_org': the actor belongs to it.
 */
export type MediationOrgRelation = 'in_scope' | 'serves_scope' | 'own_org';

/**
 * The centers' staff see the organizations of their area and those above that serve it (whom
 * they may call on), with workloads; the dispatcher keeps the rosters of the organizations in
 * scope, each organization its own; statistics are for those who oversee the area and for the
 * organization itself. The three administrators (三员分立), grid workers and residents have no row.
 */
export const MEDIATION_ORG_POLICY: Record<
  MediationOrgAction,
  Partial<Record<Role, readonly MediationOrgRelation[]>>
> = {
  read_orgs: {
    clerk: ['in_scope', 'serves_scope'],
    dispatcher: ['in_scope', 'serves_scope'],
    leader: ['in_scope', 'serves_scope'],
    supervisor: ['in_scope', 'serves_scope'],
    mediator: ['own_org'],
  },
  manage_mediators: { dispatcher: ['in_scope'], mediator: ['own_org'] },
  read_mediation_stats: {
    dispatcher: ['in_scope'],
    leader: ['in_scope'],
    supervisor: ['in_scope'],
    mediator: ['own_org'],
  },
};

/** Whether `role` may perform a mediation-organization action under one of the given relations. */
export function isMediationOrgAllowed(
  role: Role,
  action: MediationOrgAction,
  relations: readonly MediationOrgRelation[],
): boolean {
  const permitted = MEDIATION_ORG_POLICY[action][role];
  return !!permitted && relations.some((r) => permitted.includes(r));
}

/** Whether the role may ever perform the action (menus, quick guards). */
export function mediationOrgRoleMayEver(role: Role, action: MediationOrgAction): boolean {
  return (MEDIATION_ORG_POLICY[action][role]?.length ?? 0) > 0;
}

/** The relations of an actor to an organization at `regionCode`. */
export function mediationOrgRelations(
  actor: { scopeCode: string | null; unitId: string | null },
  org: { id: string; regionCode: string },
): MediationOrgRelation[] {
  const out: MediationOrgRelation[] = [];
  const scope = actor.scopeCode;
  if (scope && org.regionCode.startsWith(scope)) out.push('in_scope');
  else if (scope && scope.startsWith(org.regionCode)) out.push('serves_scope');
  if (actor.unitId === org.id) out.push('own_org');
  return out;
}

/**
 * The dashboards and the wall screen (大屏, issue 8): an area's figures, read within one's scope
 * (the region asked for lies at or under it) by those who steer the area: the centers'
 * dispatchers (中心主任), leaders and supervisors. Clerks, departments, mediators, grid workers,
 * residents and the three administrators have none.
 */
export const DASHBOARD_ROLES: readonly Role[] = ['dispatcher', 'leader', 'supervisor'];

/** Whether the role may open the dashboards and the wall screen (for its own scope). */
export function mayReadDashboards(role: Role): boolean {
  return DASHBOARD_ROLES.includes(role);
}

/**
 * Weekly meetings (工作例会, issue 8): the center's meeting for a week with its situation report
 * (情况报告), and its decisions recorded as tasks on the cases they concern.
 */
export const MEETING_ACTIONS = ['hold_meeting', 'read_meeting', 'decide', 'complete_decision'] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];
/**
 * 'own_scope': the meeting's region is the actor's scope (a center holds its own meetings);
 * 'in_scope': it lies within it (the levels above read a township's meetings);
 * 'responsible_unit': the actor belongs to the unit a decision names.
 */
export type MeetingRelation = 'own_scope' | 'in_scope' | 'responsible_unit';
const meetingEach = (roles: readonly Role[], relations: readonly MeetingRelation[]) =>
  Object.fromEntries(roles.map((r) => [r, relations])) as Partial<Record<Role, readonly MeetingRelation[]>>;

/**
 * The center's dispatcher (中心主任) or leader holds the meeting and records its decisions; its
 * report is read by the dashboard roles within scope (it is made of the dashboards' figures); a
 * decision is marked done by the unit it names, whatever that unit's role.
 */
export const MEETING_POLICY: Record<MeetingAction, Partial<Record<Role, readonly MeetingRelation[]>>> = {
  hold_meeting: { dispatcher: ['own_scope'], leader: ['own_scope'] },
  read_meeting: meetingEach(DASHBOARD_ROLES, ['in_scope']),
  decide: { dispatcher: ['own_scope'], leader: ['own_scope'] },
  complete_decision: meetingEach([...HANDLERS, 'leader', 'supervisor'], ['responsible_unit']),
};

/** Whether `role` may perform a meeting action under one of the given relations. */
export function isMeetingAllowed(
  role: Role,
  action: MeetingAction,
  relations: readonly MeetingRelation[],
): boolean {
  const permitted = MEETING_POLICY[action][role];
  return !!permitted && relations.some((r) => permitted.includes(r));
}

/** Whether the role may ever perform the meeting action (menus, quick guards before any lookup). */
export function meetingRoleMayEver(role: Role, action: MeetingAction): boolean {
  return (MEETING_POLICY[action][role]?.length ?? 0) > 0;
}

/** The relations of an actor to a meeting at `regionCode`, or to a decision naming `unitId`. */
export function meetingRelations(
  actor: { scopeCode: string | null; unitId: string | null },
  target: { regionCode: string; unitId?: string },
): MeetingRelation[] {
  const out: MeetingRelation[] = [];
  const scope = actor.scopeCode;
  if (scope && target.regionCode === scope) out.push('own_scope');
  if (scope && target.regionCode.startsWith(scope)) out.push('in_scope');
  if (target.unitId && actor.unitId === target.unitId) out.push('responsible_unit');
  return out;
}
