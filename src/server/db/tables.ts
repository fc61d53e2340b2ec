// Kysely table interfaces for migrations/0001_init.sql. Keep them in step with every migration.
// Conventions (identical on PGlite and PostgreSQL, see connection.ts): uuid/bigint/numeric → string,
// timestamptz → Date, bytea → Buffer, jsonb → parsed JSON. Columns with a SQL default are
// `Generated` (optional on insert).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** timestamptz: a Date when read; a Date or ISO string when written. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/**
 * A jsonb column: parsed JSON when read. Written as a JSON string (`JSON.stringify(value)`, always
 * safe) or a plain object; never pass a bare array, which pg would send as a PostgreSQL array.
 */
export type Json<T = unknown> = ColumnType<T, T | string, T | string>;

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village' | 'grid';
export type UnitKind = 'center' | 'department' | 'mediation_org' | 'village_committee';
export type MediationKind = 'people' | 'industry' | 'administrative' | 'judicial';
export type Stationing = 'permanent' | 'rotation' | 'on_call';
export type UserRole =
  | 'grid_worker'
  | 'security_member'
  | 'clerk'
  | 'dispatcher'
  | 'department_staff'
  | 'mediator'
  | 'leader'
  | 'supervisor'
  | 'sys_admin'
  | 'security_admin'
  | 'audit_admin';
export type Channel = 'window' | 'qr' | 'grid' | 'hotline' | 'petition' | 'patrol' | 'api';
export type RiskLevel = 'red' | 'orange' | 'yellow' | 'blue';
export type CaseState =
  | 'registered'
  | 'assigned'
  | 'in_progress'
  | 'concluded'
  | 'followed_up'
  | 'archived'
  | 'withdrawn'
  | 'declined';
export type HandlingLevel = 'village' | 'township' | 'county' | 'city';
export type Outcome = 'mediated_agreement' | 'mediation_failed' | 'other_resolution';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type CaseUnitRelation = 'lead' | 'co_handler' | 'summoned';
export type PartyRole = 'applicant' | 'respondent' | 'third_party';
export type PartyKind = 'person' | 'organization';
export type AuditResult = 'success' | 'failure' | 'denied';
export type PiiField = 'phone' | 'id_number' | 'address';

export interface RegionsTable {
  code: string;
  parent_code: string | null;
  level: RegionLevel;
  name: string;
  sort: Generated<number>;
}

export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  region_code: string;
  center_id: string | null;
  department_type: string | null;
  mediation_kind: MediationKind | null;
  stationing: Stationing | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: UserRole;
  unit_id: string | null;
  scope_code: string;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  must_change_password: Generated<boolean>;
  is_demo: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** the TOTP secret (encrypted, crypto field 'totp_secret'); null: no second factor */
  totp_secret: Buffer | null;
  /** a secret being enrolled, until a first code confirms it */
  totp_pending: Buffer | null;
  totp_enabled_at: Timestamp | null;
  /** the 30-second step of the last code accepted (a code is good once); bigint as string */
  totp_last_step: string | null;
}

/** The last password hashes of an account (a change may not go back to one). */
export interface PasswordHistoryTable {
  id: string;
  user_id: string;
  password_hash: string;
  replaced_at: Timestamp;
}

/** The audit log's seal chain (0015): each link SM3(prev_hash | canonical audit row). */
export interface AuditChainTable {
  /** bigint as string */
  seq: string;
  audit_id: string;
  prev_hash: string;
  hash: string;
  sealed_at: Timestamp;
}

export interface SessionsTable {
  /** public id of the session (the token's digest is never shown) */
  id: Generated<string>;
  token_hash: string;
  user_id: string | null;
  resident_phone_bidx: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface CategoriesTable {
  code: string;
  name_zh: string;
  name_en: string;
  sort: Generated<number>;
  active: Generated<boolean>;
}

export interface RoutingRulesTable {
  id: string;
  priority: number;
  category_code: string | null;
  region_prefix: string;
  unit_id: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface CaseCountersTable {
  center_code: string;
  day: string;
  last_no: number;
}

export interface CasesTable {
  county_code: string;
  id: string;
  case_no: string;
  center_unit_id: string;
  region_code: string;
  category_code: string;
  channel: Channel;
  title: string;
  description: string;
  address_masked: string | null;
  address_enc: Buffer | null;
  latitude: number | null;
  longitude: number | null;
  risk_level: RiskLevel;
  party_count: number;
  state: CaseState;
  handling_level: HandlingLevel;
  owner_unit_id: string;
  owner_released: Generated<boolean>;
  lead_unit_id: string | null;
  awaiting_ruling: Generated<boolean>;
  clock_paused: Generated<boolean>;
  extension_pending: Generated<boolean>;
  pending_report_ins: Generated<number>;
  outcome: Outcome | null;
  satisfaction: Satisfaction | null;
  reopen_count: Generated<number>;
  privacy_notice_version: string | null;
  registered_by: string | null;
  version: number;
  last_seq: number;
  last_hash: string;
  deadline_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  deadline_stage: 'accept' | 'handle' | 'follow_up' | null;
  deadline_started_at: Timestamp | null;
  clock_paused_at: Timestamp | null;
  extension_days: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  concluded_at: Timestamp | null;
  /** 0004: the stored light of the running clock (kept by a trigger and the lights sweep) */
  light: ColumnType<CaseLight | null, CaseLight | null | undefined, CaseLight | null>;
  /** 0004: when the running clock turns yellow (two thirds of its time); kept by the trigger */
  yellow_at: NullableTimestamp;
  /** 0004: the deadline an automatic supervision order was issued for */
  auto_supervised_deadline: NullableTimestamp;
  /** 0013: blind index of the normalized address (repeat warnings); '' when there is none */
  address_bidx: string | null;
}

export type CaseLight = 'green' | 'yellow' | 'red';
/** A nullable timestamptz that may be left out on insert (0004's columns of cases). */
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface CaseUnitsTable {
  county_code: string;
  case_id: string;
  unit_id: string;
  relation: CaseUnitRelation;
  since: Timestamp;
}

export interface PartiesTable {
  county_code: string;
  id: string;
  case_id: string;
  role: PartyRole;
  kind: PartyKind;
  name: string;
  phone_masked: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  id_number_masked: string | null;
  id_number_enc: Buffer | null;
  id_number_bidx: string | null;
  address_masked: string | null;
  address_enc: Buffer | null;
  created_at: Timestamp;
  /** 0013: blind index of the name's pinyin (repeat warnings); '' when there is nothing to index */
  name_pinyin_bidx: string | null;
  /** 0013: blind index of the normalized address; '' when there is none */
  address_bidx: string | null;
  /** 0019: 停止处理 since (a deletion request met the case's retention); null while processed */
  restricted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 0019: until when a restricted party is kept */
  retained_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AttachmentsTable {
  county_code: string;
  id: string;
  case_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sm3: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

/** Append-only (the app role cannot UPDATE or DELETE on PostgreSQL). */
export interface CaseEventsTable {
  county_code: string;
  case_id: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  action: string;
  from_state: CaseState | null;
  to_state: CaseState;
  payload: Json<Record<string, unknown>>;
  /** RFC 8785 canonical JSON exactly as hashed. */
  body: string;
  prev_hash: string;
  hash: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_sm3: string;
  resource_id: string;
  created_at: Timestamp;
}

/** Append-only. */
export interface AuditLogTable {
  id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: AuditResult;
  detail: ColumnType<
    Record<string, unknown>,
    Record<string, unknown> | string | undefined,
    Record<string, unknown> | string
  >;
  /** the database's clock at insert (0015): the audit sealer finds unsealed rows by it */
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Append-only. */
/** Whose personal data a clear read concerned (0008): a case's party or a base-information record. */
export type PiiSubjectType = 'party' | 'resident' | 'house' | 'organization';

export interface PiiAccessLogTable {
  id: string;
  at: Timestamp;
  actor_id: string;
  subject_type: PiiSubjectType;
  subject_id: string;
  field: PiiField;
  reason: string;
  ip: string | null;
}

// Issue 6 (0008): base information (基础信息), GB/T 31000-2015 fields (codes in
// src/core/base-info/fields.ts); personal data encrypted.
export type Gender = 'male' | 'female' | 'unknown';
export type ResidenceStatus = 'consistent' | 'here_not_registered' | 'registered_not_here';
export type HouseRelation = 'owner' | 'family' | 'tenant' | 'other';
export type HouseUse =
  'residential' | 'commercial' | 'office' | 'industrial' | 'warehouse' | 'mixed' | 'other';
export type OrganizationKind =
  | 'enterprise'
  | 'individual_business'
  | 'public_institution'
  | 'government'
  | 'social_organization'
  | 'other';
export type KeyGroup =
  | 'released_prisoner'
  | 'community_correction'
  | 'severe_mental_disorder'
  | 'drug_user'
  | 'hiv_risk'
  | 'at_risk_youth';

export interface BaseHousesTable {
  county_code: string;
  id: string;
  region_code: string;
  address_masked: string;
  address_enc: Buffer;
  address_bidx: string;
  use: HouseUse;
  owner_name: string | null;
  id_number_masked: string | null;
  id_number_enc: Buffer | null;
  id_number_bidx: string | null;
  phone_masked: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  occupants: Generated<number>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface BaseResidentsTable {
  county_code: string;
  id: string;
  region_code: string;
  name: string;
  id_number_masked: string;
  id_number_enc: Buffer;
  id_number_bidx: string;
  gender: Gender;
  /** YYYY-MM-DD */
  birth_date: string | null;
  ethnicity: string | null;
  domicile_code: string | null;
  address_masked: string | null;
  address_enc: Buffer | null;
  phone_masked: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  residence_status: ResidenceStatus;
  house_id: string | null;
  house_relation: HouseRelation | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface BaseOrganizationsTable {
  county_code: string;
  id: string;
  region_code: string;
  name: string;
  credit_code: string | null;
  kind: OrganizationKind;
  legal_representative: string | null;
  phone_masked: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  address_masked: string | null;
  address_enc: Buffer | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface BaseKeyGroupsTable {
  county_code: string;
  id: string;
  resident_id: string;
  key_group: KeyGroup;
  reason: string;
  set_by: string;
  set_at: Timestamp;
  cleared_by: string | null;
  cleared_at: Timestamp | null;
  clear_reason: string | null;
}

/** Kept by migrate.ts. */
export interface SchemaMigrationsTable {
  name: string;
  sm3: string;
  applied_at: Timestamp;
}

export interface TimeLimitRulesTable {
  id: string;
  stage: 'accept' | 'handle' | 'follow_up';
  category_code: string | null;
  level: HandlingLevel | null;
  mediation_kind: MediationKind | null;
  working_days: number;
  active: Generated<boolean>;
  created_at: Timestamp;
}

/** 0003: a department's report-in task (报到) after a whistle (吹哨). */
export interface ReportInTasksTable {
  county_code: string;
  id: string;
  case_id: string;
  unit_id: string;
  escalation_seq: number;
  escalated_by_unit_id: string | null;
  from_level: HandlingLevel;
  to_level: HandlingLevel;
  summoned_at: Timestamp;
  due_at: Timestamp;
  status: Generated<'open' | 'done' | 'missed' | 'cancelled'>;
  reported_at: Timestamp | null;
  reported_by: string | null;
  on_time: boolean | null;
  missed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  rated_by: string | null;
}

/** 0003: accountability records (问责记录). Append-only. */
export interface AccountabilityRecordsTable {
  county_code: string;
  id: string;
  unit_id: string;
  unit_region_code: string;
  kind: string;
  case_id: string | null;
  source_type: string | null;
  source_id: string | null;
  reason: string;
  due_at: Timestamp | null;
  occurred_at: Timestamp;
  recorded_by: string | null;
  recorded_by_role: string;
  detail: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

/** 0003: each conclusion of a case with the deadline it was measured against. Append-only. */
export interface CaseConclusionsTable {
  county_code: string;
  case_id: string;
  seq: number;
  unit_id: string | null;
  concluded_at: Timestamp;
  deadline_at: Timestamp | null;
  on_time: boolean | null;
}

/** 0003: a year's holidays and make-up working days as the system administrator set them. */
export interface CalendarYearsTable {
  year: number;
  holidays: Json<string[]>;
  workdays: Json<string[]>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Open311 API keys (0006): only the SM3 digest of a key is stored. */
export interface ApiKeysTable {
  id: string;
  name: string;
  region_code: string;
  key_hash: string;
  prefix: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** Cases that came in through Open311 (0006). */
export interface Open311RequestsTable {
  county_code: string;
  case_id: string;
  api_key_id: string;
  service_code: string;
  jurisdiction_id: string | null;
  media_url: string | null;
  created_at: Timestamp;
}

export type ImportKind =
  'cases' | 'users' | 'units' | 'mediation_orgs' | 'residents' | 'houses' | 'organizations';
export type ImportMode = 'all_or_nothing' | 'skip_bad';
export type ImportStatus = 'running' | 'done' | 'refused' | 'failed';

/** One import of a file (0006): progress and the report of refused rows. */
export interface ImportJobsTable {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  source: string;
  file_name: string;
  status: ImportStatus;
  total: Generated<number>;
  processed: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  already_imported: Generated<number>;
  report: ColumnType<Record<string, unknown>, string | undefined, string>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

/** External work-order numbers per source (0006): one case each. */
export interface CaseExternalRefsTable {
  source: string;
  external_no: string;
  county_code: string;
  case_id: string;
  received_at: Timestamp | null;
  import_job_id: string | null;
  created_at: Timestamp;
}

/** 0004: supervision orders (督办单). */
export interface SupervisionOrdersTable {
  county_code: string;
  id: string;
  case_id: string;
  kind: 'manual' | 'automatic';
  status: 'open' | 'answered' | 'escalated';
  instructions: string;
  issued_by: string | null;
  issuer_role: string;
  issuer_unit_id: string | null;
  level_code: string;
  issued_level_code: string;
  escalations: Generated<number>;
  addressed_unit_id: string;
  due_at: Timestamp;
  for_deadline_at: Timestamp | null;
  answer: string | null;
  answered_by: string | null;
  answered_unit_id: string | null;
  answered_at: Timestamp | null;
  escalated_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 0004: leaders' instructions (批示); append-only. */
export interface CaseInstructionsTable {
  county_code: string;
  id: string;
  case_id: string;
  seq: number;
  author_id: string;
  author_unit_id: string | null;
  text: string;
  created_at: Timestamp;
}

/** Issue 4a (0005): one-time codes of the resident phone check. */
export interface ResidentOtpsTable {
  id: string;
  phone_bidx: string;
  code_hmac: string;
  ip: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Timestamp | null;
}

export type NotificationChannel = 'sms' | 'email' | 'webhook';
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** Outgoing SMS, e-mail and webhook calls (0005); recipient and parameters sealed. */
export interface NotificationsTable {
  id: string;
  dedupe_key: string;
  channel: NotificationChannel;
  template: string;
  to_bidx: string | null;
  sealed: Buffer;
  case_id: string | null;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  provider: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** The staff bell (0005): for one user or for everyone of one unit. */
export interface StaffNotificationsTable {
  id: string;
  dedupe_key: string;
  user_id: string | null;
  unit_id: string | null;
  kind: string;
  case_id: string | null;
  params: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface StaffNotificationReadsTable {
  notification_id: string;
  user_id: string;
  read_at: Timestamp;
}

/** Webhook subscribers (0005). */
export interface WebhookSubscriptionsTable {
  id: string;
  name: string;
  url: string;
  secret_enc: Buffer;
  events: Json<string[]>;
  region_prefix: Generated<string>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type GridWorkKind = 'visit' | 'patrol' | 'outreach' | 'collection';
export type GridReportType =
  'dispute' | 'public_security' | 'fire' | 'traffic' | 'workplace_safety' | 'environment' | 'other';
export type GridReportStatus = 'reported' | 'assigned' | 'concluded';

/** Issue 6 (0007): a patrol's route, places and findings. */
export interface GridPatrol {
  route: string;
  places?: string[];
  findings?: { text: string; action: string }[];
}

/** Issue 6 (0007): routine work items, partitioned by month of occurred_at. */
export interface GridWorkItemsTable {
  county_code: string;
  id: string;
  occurred_at: Timestamp;
  region_code: string;
  worker_id: string;
  kind: GridWorkKind;
  recorded_at: Timestamp;
  latitude: number | null;
  longitude: number | null;
  accuracy_m: number | null;
  place_masked: string | null;
  place_enc: Buffer | null;
  note: string;
  photo_ids: Generated<string[]>;
  patrol: Json<GridPatrol> | null;
  plan_id: string | null;
  client_key: string;
}

/** Issue 6 (0007): photos uploaded by grid workers. */
export interface GridUploadsTable {
  county_code: string;
  id: string;
  region_code: string;
  uploaded_by: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sm3: string;
  created_at: Timestamp;
}

/** Issue 6 (0007): grid reports (上报事件). */
export interface GridReportsTable {
  county_code: string;
  id: string;
  type: GridReportType;
  status: GridReportStatus;
  region_code: string;
  reporter_id: string;
  reporter_unit_id: string | null;
  description: string;
  place_masked: string | null;
  place_enc: Buffer | null;
  latitude: number | null;
  longitude: number | null;
  risk_level: RiskLevel | null;
  photo_ids: Generated<string[]>;
  resolved_on_site: Generated<boolean>;
  unit_id: string | null;
  assigned_at: Timestamp | null;
  deadline_at: Timestamp | null;
  concluded_at: Timestamp | null;
  concluded_by: string | null;
  result: string | null;
  case_id: string | null;
  case_no: string | null;
  reported_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface GridReportEventsTable {
  county_code: string;
  report_id: string;
  seq: number;
  at: Timestamp;
  action: 'report' | 'assign' | 'conclude';
  actor_id: string | null;
  actor_unit_id: string | null;
  unit_id: string | null;
  note: string | null;
}

/** Issue 6 (0007): visit plans and patrol schedules per grid, village or township. */
export interface GridPlansTable {
  county_code: string;
  id: string;
  region_code: string;
  kind: GridWorkKind;
  title: string;
  every: 'day' | 'week' | 'month';
  count: number;
  created_by: string;
  created_at: Timestamp;
}

export interface KeyCheckTable {
  id: number;
  fingerprint: string;
  created_at: Date;
}

/** Issue 7 (0010): mediation on a case, its team, sessions and agreements. */
export interface CaseMediationsTable {
  county_code: string;
  id: string;
  case_id: string;
  org_unit_id: string;
  lead_mediator_id: string;
  assigned_by: string;
  assigned_at: Timestamp;
}

export interface MediationMembersTable {
  county_code: string;
  id: string;
  mediation_id: string;
  case_id: string;
  user_id: string | null;
  unit_id: string | null;
  name: string;
  member_role: string;
  /** 0014: the roster entry the member was taken from */
  mediator_id: Generated<string | null>;
}

export interface SessionParticipant {
  memberId?: string;
  /** 0014: a party of the case (notified by SMS at its phone) */
  partyId?: string;
  name: string;
  role: string;
}

export interface MediationSessionsTable {
  county_code: string;
  id: string;
  case_id: string;
  n: number;
  scheduled_at: Timestamp;
  place: string | null;
  video_url: string | null;
  participants: Json<SessionParticipant[]>;
  status: 'scheduled' | 'held';
  attendance: Json<{ name: string; present: boolean }[]> | null;
  minutes: string | null;
  outcome: 'agreement' | 'continue' | 'failed' | null;
  held_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
}

export interface MediationAgreementsTable {
  county_code: string;
  id: string;
  case_id: string;
  seq: number;
  content: Json<Record<string, unknown>>;
  digest: string;
  pdf_digest: string;
  pdf: Buffer;
  created_by: string;
  created_at: Timestamp;
}

/** Issue 7 (0014): the mediators' roster of each organization. */
export interface MediatorsTable {
  id: string;
  org_unit_id: string;
  user_id: string | null;
  name: string;
  /** category codes */
  specialties: Json<string[]>;
  phone_enc: Buffer | null;
  phone_masked: string | null;
  active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Issue 7 (0014): the terms of an agreement tracked for performance (履行). */
export interface AgreementTermsTable {
  county_code: string;
  id: string;
  agreement_id: string;
  case_id: string;
  n: number;
  text: string;
  due_day: string;
  status: Generated<'pending' | 'performed' | 'breached'>;
  status_note: string | null;
  status_at: Timestamp | null;
  status_by: string | null;
  reminded_before_at: Timestamp | null;
  reminded_due_at: Timestamp | null;
  created_at: Timestamp;
}

/** Issue 7 (0014): referrals for judicial confirmation (司法确认). */
export interface JudicialConfirmationsTable {
  county_code: string;
  id: string;
  case_id: string;
  agreement_id: string;
  court_unit_id: string;
  status: 'referred' | 'accepted' | 'confirmed' | 'rejected' | 'withdrawn';
  note: string | null;
  ruling_no: string | null;
  result_note: string | null;
  referred_by: string;
  referred_at: Timestamp;
  decided_at: Timestamp | null;
  updated_at: Timestamp;
}

/** Stationing (0011): rotation rosters, their per-day overrides, on-call contacts and calls. */
export interface DutyRostersTable {
  id: string;
  center_id: string;
  name: string;
  kind: 'cycle' | 'weekly';
  anchor_day: string;
  slots: Json<string[][]>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DutyRosterOverridesTable {
  roster_id: string;
  day: string;
  unit_ids: Json<string[]>;
  updated_at: Timestamp;
}

export interface OnCallContactsTable {
  center_id: string;
  unit_id: string;
  contact_name: string;
  phone_enc: Buffer;
  phone_masked: string;
  response_minutes: number;
  updated_at: Timestamp;
}

export interface QueueCountersTable {
  center_id: string;
  day: string;
  last_no: number;
}

export interface QueueTicketsTable {
  id: string;
  center_id: string;
  day: string;
  number: number;
  unit_id: string | null;
  status: Generated<'waiting' | 'called' | 'served' | 'skipped'>;
  taken_at: Timestamp;
  taken_by: string | null;
  called_at: Timestamp | null;
  called_by: string | null;
  finished_at: Timestamp | null;
}

export interface AppointmentsTable {
  id: string;
  center_id: string;
  unit_id: string;
  day: string;
  time_slot: string;
  resident_name: string;
  phone_enc: Buffer;
  phone_masked: string;
  phone_bidx: string;
  topic: string | null;
  status: Generated<'booked' | 'cancelled'>;
  created_by: string;
  created_at: Timestamp;
}

export interface OnCallCallsTable {
  id: string;
  center_id: string;
  unit_id: string;
  case_id: string | null;
  note: string | null;
  called_by: string;
  called_at: Timestamp;
  due_at: Timestamp;
  status: Generated<'open' | 'acknowledged' | 'arrived' | 'missed'>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  arrived_at: Timestamp | null;
  missed_at: Timestamp | null;
}

/** 0012: case figures per CST day × place × category × channel × unit (core/analytics/case-facts.ts). */
export interface CaseRollupsTable {
  /** date, read as 'YYYY-MM-DD' */
  day: string;
  region_code: string;
  category_code: string;
  channel: string;
  unit_id: string;
  received: Generated<number>;
  concluded: Generated<number>;
  concluded_on_time: Generated<number>;
  resolved: Generated<number>;
  followed_up: Generated<number>;
  satisfied: Generated<number>;
  reopened: Generated<number>;
  withdrawn: Generated<number>;
  declined: Generated<number>;
}

/** 0012: the case figures per month (first day) × township (9-digit prefix) × category × channel × unit. */
export type CaseRollupsMonthlyTable = Omit<CaseRollupsTable, 'day'> & { month: string };

/** 0021: the case figures per CST day × township, kept from case_rollups by a trigger. */
export type CaseTotalsTable = Omit<CaseRollupsTable, 'category_code' | 'channel' | 'unit_id'>;
/** 0021: the same per month × township, kept from case_rollups_monthly. */
export type CaseTotalsMonthlyTable = Omit<CaseRollupsMonthlyTable, 'category_code' | 'channel' | 'unit_id'>;

/** 0021: warnings not yet handled per township (a code cut to 9 digits) × kind, kept by a trigger. */
export interface WarningOpenCountsTable {
  region_code: string;
  kind: string;
  open: number;
}

/** 0021: open cases per township × CST day of their deadline ('infinity': no running clock), kept by a trigger. */
export interface CaseOpenCountsTable {
  region_code: string;
  due_day: string;
  open: number;
}

/** 0012: grid report figures per CST day × place × report type (disputes are cases). */
export interface GridReportRollupsTable {
  day: string;
  region_code: string;
  type: string;
  received: Generated<number>;
  concluded: Generated<number>;
  concluded_on_time: Generated<number>;
}

/** 0012: the grid report figures per month (first day) × township. */
export type GridReportRollupsMonthlyTable = Omit<GridReportRollupsTable, 'day'> & { month: string };

/** 0012: the last recomputation of the rollups from the ledger (one row). */
export interface RollupBuildsTable {
  id: number;
  built_at: Timestamp;
  cases: number;
  events: number;
  grid_reports: number;
}

export interface Database {
  key_check: KeyCheckTable;
  resident_otps: ResidentOtpsTable;
  notifications: NotificationsTable;
  staff_notifications: StaffNotificationsTable;
  staff_notification_reads: StaffNotificationReadsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  time_limit_rules: TimeLimitRulesTable;
  regions: RegionsTable;
  units: UnitsTable;
  users: UsersTable;
  password_history: PasswordHistoryTable;
  audit_chain: AuditChainTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  routing_rules: RoutingRulesTable;
  case_counters: CaseCountersTable;
  cases: CasesTable;
  case_units: CaseUnitsTable;
  parties: PartiesTable;
  pi_requests: PiRequestsTable;
  attachments: AttachmentsTable;
  case_events: CaseEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  pii_access_log: PiiAccessLogTable;
  base_houses: BaseHousesTable;
  base_residents: BaseResidentsTable;
  base_organizations: BaseOrganizationsTable;
  base_key_groups: BaseKeyGroupsTable;
  schema_migrations: SchemaMigrationsTable;
  supervision_orders: SupervisionOrdersTable;
  case_instructions: CaseInstructionsTable;
  report_in_tasks: ReportInTasksTable;
  accountability_records: AccountabilityRecordsTable;
  case_conclusions: CaseConclusionsTable;
  calendar_years: CalendarYearsTable;
  api_keys: ApiKeysTable;
  open311_requests: Open311RequestsTable;
  import_jobs: ImportJobsTable;
  case_external_refs: CaseExternalRefsTable;
  grid_work_items: GridWorkItemsTable;
  grid_uploads: GridUploadsTable;
  grid_reports: GridReportsTable;
  grid_report_events: GridReportEventsTable;
  grid_plans: GridPlansTable;
  case_mediations: CaseMediationsTable;
  mediation_members: MediationMembersTable;
  mediation_sessions: MediationSessionsTable;
  mediation_agreements: MediationAgreementsTable;
  mediators: MediatorsTable;
  agreement_terms: AgreementTermsTable;
  judicial_confirmations: JudicialConfirmationsTable;
  duty_rosters: DutyRostersTable;
  duty_roster_overrides: DutyRosterOverridesTable;
  on_call_contacts: OnCallContactsTable;
  on_call_calls: OnCallCallsTable;
  queue_counters: QueueCountersTable;
  queue_tickets: QueueTicketsTable;
  appointments: AppointmentsTable;
  case_rollups: CaseRollupsTable;
  case_rollups_monthly: CaseRollupsMonthlyTable;
  case_totals: CaseTotalsTable;
  case_totals_monthly: CaseTotalsMonthlyTable;
  case_open_counts: CaseOpenCountsTable;
  warning_open_counts: WarningOpenCountsTable;
  grid_report_rollups: GridReportRollupsTable;
  grid_report_rollups_monthly: GridReportRollupsMonthlyTable;
  rollup_builds: RollupBuildsTable;
  warnings: WarningsTable;
  warning_events: WarningEventsTable;
  quality_samples: QualitySamplesTable;
  statistics_reports: StatisticsReportsTable;
  quality_checks: QualityChecksTable;
  export_requests: ExportRequestsTable;
  meetings: MeetingsTable;
  meeting_decisions: MeetingDecisionsTable;
}

// 0018: weekly meetings (工作例会) and their decisions
export interface MeetingAttendee {
  name: string;
  userId?: string;
}

export interface MeetingsTable {
  id: string;
  county_code: string;
  region_code: string;
  unit_id: string | null;
  week_start: string;
  held_at: Timestamp;
  place: string;
  attendees: Json<MeetingAttendee[]>;
  notes: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingDecisionsTable {
  id: string;
  county_code: string;
  meeting_id: string;
  case_id: string;
  seq: number;
  unit_id: string;
  assignee_id: string | null;
  text: string;
  due_on: string;
  status: Generated<'open' | 'done'>;
  done_at: Timestamp | null;
  done_by: string | null;
  done_note: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// 0013: warnings (预警) and quality call-backs (抽查回访)
export type WarningKind = 'high_risk' | 'repeat' | 'spike' | 'stuck';
export type WarningStatus = 'open' | 'acknowledged' | 'handled';

export interface WarningsTable {
  id: string;
  county_code: string;
  kind: WarningKind;
  subject_key: string;
  severity: 'red' | 'orange' | 'yellow';
  region_code: string;
  level_code: string;
  unit_id: string | null;
  case_id: string | null;
  category_code: string | null;
  reasons: Json<unknown[]>;
  evidence: Json<Record<string, unknown>>;
  occurrences: Generated<number>;
  status: Generated<WarningStatus>;
  raised_at: Timestamp;
  last_raised_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  handled_at: Timestamp | null;
  handled_by: string | null;
  handled_note: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface WarningEventsTable {
  id: string;
  warning_id: string;
  at: Timestamp;
  action: 'raised' | 'updated' | 'reopened' | 'acknowledged' | 'handled';
  actor_id: string | null;
  note: string | null;
  detail: Json<Record<string, unknown>>;
}

/** A stored periodic statistics report (定期统计报表, 0017): its period and its two files. */
export interface StatisticsReportsTable {
  id: string;
  region_code: string;
  period_kind: 'week' | 'month' | 'quarter' | 'year';
  /** CST days, both included */
  period_start: string;
  period_end: string;
  lang: 'zh-CN' | 'en';
  generated_at: Timestamp;
  /** paths under the data folder */
  xlsx_key: string;
  xlsx_bytes: number;
  xlsx_sm3: string;
  pdf_key: string;
  pdf_bytes: number;
  pdf_sm3: string;
}

export interface QualitySamplesTable {
  county_code: string;
  week_start: string;
  population: number;
  sample_size: number;
  seed: string;
  created_at: Timestamp;
}

export interface QualityChecksTable {
  id: string;
  county_code: string;
  case_id: string;
  week_start: string;
  region_code: string;
  concluded_at: Timestamp;
  assigned_to: string;
  status: Generated<'pending' | 'done' | 'unreachable'>;
  satisfaction: Satisfaction | null;
  reopen_needed: boolean | null;
  note: string | null;
  recorded_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// 0019: the resident's correction and deletion requests (PIPL arts. 45–47)
export type PiRequestKind = 'correction' | 'deletion';
export type PiRequestStatus = 'pending' | 'completed' | 'restricted' | 'rejected';

export interface PiRequestsTable {
  id: string;
  phone_bidx: string;
  kind: PiRequestKind;
  region_code: string | null;
  case_id: string | null;
  party_id: string | null;
  field: PiiField | null;
  new_value_enc: Buffer | null;
  new_value_masked: string | null;
  reason: string;
  status: Generated<PiRequestStatus>;
  due_at: Timestamp;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_note: string | null;
  retained_until: Timestamp | null;
}

// 0020: bulk-export requests and their second approver (双人审批)
export interface ExportRequestsTable {
  id: string;
  kind: 'cases' | 'audit';
  requester_id: string;
  requester_role: string;
  scope_code: string;
  filters: Json<Record<string, unknown>>;
  row_count: number;
  reason: string;
  requested_at: Timestamp;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  expires_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  downloads: Generated<number>;
  max_downloads: number;
  last_download_at: Timestamp | null;
}

export type Region = Selectable<RegionsTable>;
export type Unit = Selectable<UnitsTable>;
export type User = Selectable<UsersTable>;
export type Case = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
export type CaseEvent = Selectable<CaseEventsTable>;
export type NewCaseEvent = Insertable<CaseEventsTable>;
export type Party = Selectable<PartiesTable>;
export type NewParty = Insertable<PartiesTable>;
