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
}

export interface SessionsTable {
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
}

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
}

/** Append-only. */
export interface PiiAccessLogTable {
  id: string;
  at: Timestamp;
  actor_id: string;
  party_id: string;
  field: PiiField;
  reason: string;
  ip: string | null;
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

export interface Database {
  time_limit_rules: TimeLimitRulesTable;
  regions: RegionsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  routing_rules: RoutingRulesTable;
  case_counters: CaseCountersTable;
  cases: CasesTable;
  case_units: CaseUnitsTable;
  parties: PartiesTable;
  attachments: AttachmentsTable;
  case_events: CaseEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  pii_access_log: PiiAccessLogTable;
  schema_migrations: SchemaMigrationsTable;
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
