/** The vocabulary of the case loop (domain.md, "The closed loop of a case"). */

/** Main states of a case: 待受理 已分派 办理中 已办结 已回访 已归档, plus the two side exits. */
export const CASE_STATES = [
  'registered',
  'assigned',
  'in_progress',
  'concluded',
  'followed_up',
  'archived',
  'withdrawn',
  'declined',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States from which no action leads anywhere. */
export const TERMINAL_STATES: readonly CaseState[] = ['archived', 'withdrawn', 'declined'];

/** Staff roles of domain.md plus the resident (a phone-verified session, not an account) and the system. */
export const STAFF_ROLES = [
  'grid_worker',
  'security_member',
  'clerk',
  'dispatcher',
  'department_staff',
  'mediator',
  'leader',
  'supervisor',
  'sys_admin',
  'security_admin',
  'audit_admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const ROLES = [...STAFF_ROLES, 'resident', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose case visibility is a region prefix (their scope node). */
export const REGION_ROLES: readonly Role[] = ['clerk', 'dispatcher', 'leader', 'supervisor'];

/**
 * How the acting user's unit (or person) relates to a case. A user may hold several at once;
 * the policy allows an action when any of them permits it.
 * - lead: the unit currently responsible (主办)
 * - co_handler: a unit handling together (联办), including summoned departments that reported in
 * - summoned: a department whistled (吹哨) that has not yet reported in
 * - owner: the first-contact unit (首问负责), until another unit accepts
 * - in_scope: the case lies in the user's region scope (prefix of the case's region code)
 * - party: the resident is an applicant of the case (their verified phone); respondents are not
 * - none: no relation at all
 */
export const RELATIONS = ['lead', 'co_handler', 'summoned', 'owner', 'in_scope', 'party', 'none'] as const;
export type Relation = (typeof RELATIONS)[number];

export const CHANNELS = ['window', 'qr', 'grid', 'hotline', 'petition', 'patrol', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const RISK_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Levels at which a case can be handled; escalation (上报/吹哨) moves one step up. */
export const HANDLING_LEVELS = ['village', 'township', 'county', 'city'] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];

export const OUTCOMES = ['mediated_agreement', 'mediation_failed', 'other_resolution'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where a resident is guided when mediation fails or a case is declined (诉调对接). */
export const GUIDANCE_CHANNELS = [
  'litigation',
  'arbitration',
  'administrative_review',
  'petition',
  'other',
] as const;
export type GuidanceChannel = (typeof GUIDANCE_CHANNELS)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** Default category taxonomy: codes fixed, names editable in the database. */
export const DEFAULT_CATEGORIES: readonly { code: string; zh: string; en: string }[] = [
  { code: 'neighbor', zh: '邻里纠纷', en: 'Neighbor dispute' },
  { code: 'marriage_family', zh: '婚姻家庭', en: 'Marriage and family' },
  { code: 'labor', zh: '劳动争议', en: 'Labor dispute' },
  { code: 'land', zh: '土地山林', en: 'Land and forest' },
  { code: 'property', zh: '物业纠纷', en: 'Property management' },
  { code: 'consumer', zh: '消费纠纷', en: 'Consumer dispute' },
  { code: 'traffic', zh: '交通事故', en: 'Traffic accident' },
  { code: 'medical', zh: '医疗纠纷', en: 'Medical dispute' },
  { code: 'expropriation', zh: '征地拆迁', en: 'Land expropriation and demolition' },
  { code: 'debt_contract', zh: '合同债务', en: 'Contract and debt' },
  { code: 'damages', zh: '损害赔偿', en: 'Damages' },
  { code: 'environment', zh: '环境污染', en: 'Environmental pollution' },
  { code: 'other', zh: '其他', en: 'Other' },
];

/** One unit linked to a case. */
export interface CaseUnitLink {
  unitId: string;
  relation: 'lead' | 'co_handler' | 'summoned';
}

/**
 * Everything the workflow needs to know about a case: the projection that folding its events
 * yields. The `cases` and `case_units` rows store exactly this.
 */
export interface CaseSnapshot {
  state: CaseState;
  /** the case's location node; scope checks are prefix tests on it */
  regionCode: string;
  handlingLevel: HandlingLevel;
  /** first-contact unit (首问负责) */
  ownerUnitId: string;
  /** true once another unit has accepted: the owner's first-contact duty is discharged */
  ownerReleased: boolean;
  leadUnitId: string | null;
  units: CaseUnitLink[];
  /** a rejection (退回) waits for the dispatcher's ruling (审定) */
  awaitingRuling: boolean;
  /** the clock is paused while waiting on a party (中止计时) */
  clockPaused: boolean;
  /** an extension (延期) waits for a supervisor */
  extensionPending: boolean;
  outcome: Outcome | null;
  satisfaction: Satisfaction | null;
  reopenCount: number;
  /** number of accepted actions so far (= last event seq) */
  version: number;
}
