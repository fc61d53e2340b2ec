-- Yimen initial schema. Forward-only: never edit a migration that has shipped; add a new one.
-- Written for PostgreSQL 15 (the oldest server we support); PGlite (PostgreSQL 18) runs it unchanged.
-- Ids are UUIDv7 made by the application. Region codes are unpadded statistical codes, so
-- "within scope" is a prefix test served by the btree indexes below (text_pattern_ops).

-- The region tree: city (4 digits) > county (6) > township (9) > village (12) > grid (15).
create table regions (
  code text primary key,
  parent_code text references regions (code),
  level text not null check (level in ('province', 'city', 'county', 'township', 'village', 'grid')),
  name text not null,
  sort integer not null default 0
);
create index regions_parent_idx on regions (parent_code);
create index regions_code_prefix_idx on regions (code text_pattern_ops);

-- Units: centers (综治中心 at city/county/township level), departments, mediation organizations,
-- village/community committees, courts. A unit hangs on a region node.
create table units (
  id uuid primary key,
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('center', 'department', 'mediation_org', 'village_committee')),
  region_code text not null references regions (code),
  -- the center a department is stationed at, or a mediation organization works with
  center_id uuid references units (id),
  -- 公安 法院 检察 司法 信访 住建 人社 自然资源 卫健 市场监管 …
  department_type text,
  -- four kinds of mediation (四调联动)
  mediation_kind text check (mediation_kind in ('people', 'industry', 'administrative', 'judicial')),
  stationing text check (stationing in ('permanent', 'rotation', 'on_call')),
  active boolean not null default true,
  created_at timestamptz not null
);
create index units_region_idx on units (region_code text_pattern_ops);
create unique index units_one_center_per_region on units (region_code) where kind = 'center';

create table users (
  id uuid primary key,
  username text not null unique,
  password_hash text not null,
  display_name text not null,
  role text not null check (role in (
    'grid_worker', 'security_member', 'clerk', 'dispatcher', 'department_staff', 'mediator',
    'leader', 'supervisor', 'sys_admin', 'security_admin', 'audit_admin')),
  unit_id uuid references units (id),
  scope_code text not null references regions (code),
  failed_logins integer not null default 0,
  locked_until timestamptz,
  must_change_password boolean not null default true,
  is_demo boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null
);
create index users_unit_idx on users (unit_id);

-- Sessions of staff (user_id) and of phone-verified residents (resident_phone_bidx).
-- The cookie holds a random token; only its SM3 digest is stored.
create table sessions (
  token_hash text primary key,
  user_id uuid references users (id),
  resident_phone_bidx text,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  check ((user_id is null) <> (resident_phone_bidx is null))
);
create index sessions_user_idx on sessions (user_id);

-- Dispute categories: codes fixed, names editable.
create table categories (
  code text primary key,
  name_zh text not null,
  name_en text not null,
  sort integer not null default 0,
  active boolean not null default true
);

-- Routing rules: category x region -> unit; the first match by priority suggests the unit.
create table routing_rules (
  id uuid primary key,
  priority integer not null,
  category_code text references categories (code),
  region_prefix text not null,
  unit_id uuid not null references units (id),
  active boolean not null default true,
  created_at timestamptz not null
);
create index routing_rules_priority_idx on routing_rules (priority);

-- Per center per day case-number counters (371403105-20260315-0042).
create table case_counters (
  center_code text not null,
  day text not null,
  last_no integer not null,
  primary key (center_code, day)
);

-- Cases: the projection of the ledger. county_code leads the key so that a distribution by county
-- (Citus) keeps the key; id is UUIDv7, so monthly partitions are ranges of id.
create table cases (
  county_code text not null,
  id uuid not null,
  case_no text not null unique,
  center_unit_id uuid not null references units (id),
  region_code text not null references regions (code),
  category_code text not null references categories (code),
  channel text not null check (channel in ('window', 'qr', 'grid', 'hotline', 'petition', 'patrol', 'api')),
  title text not null,
  description text not null,
  address_masked text,
  address_enc bytea,
  latitude double precision,
  longitude double precision,
  risk_level text not null check (risk_level in ('red', 'orange', 'yellow', 'blue')),
  party_count integer not null,
  state text not null check (state in (
    'registered', 'assigned', 'in_progress', 'concluded', 'followed_up', 'archived', 'withdrawn', 'declined')),
  handling_level text not null check (handling_level in ('village', 'township', 'county', 'city')),
  owner_unit_id uuid not null references units (id),
  owner_released boolean not null default false,
  lead_unit_id uuid references units (id),
  -- the waits later issues fill, present from the start
  awaiting_ruling boolean not null default false,
  clock_paused boolean not null default false,
  extension_pending boolean not null default false,
  pending_report_ins integer not null default 0,
  outcome text check (outcome in ('mediated_agreement', 'mediation_failed', 'other_resolution')),
  satisfaction text check (satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
  reopen_count integer not null default 0,
  privacy_notice_version text,
  registered_by uuid references users (id),
  version integer not null,
  last_seq integer not null,
  last_hash text not null,
  deadline_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  concluded_at timestamptz,
  primary key (county_code, id)
);
create unique index cases_id_idx on cases (id);
create index cases_region_idx on cases (region_code text_pattern_ops, id);
create index cases_state_idx on cases (state, id);
create index cases_lead_idx on cases (lead_unit_id, id);
create index cases_owner_idx on cases (owner_unit_id, id);

-- The units linked to a case: lead, co-handlers (联办), summoned departments (吹哨) until they report in.
create table case_units (
  county_code text not null,
  case_id uuid not null,
  unit_id uuid not null references units (id),
  relation text not null check (relation in ('lead', 'co_handler', 'summoned')),
  since timestamptz not null,
  primary key (county_code, case_id, unit_id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create index case_units_unit_idx on case_units (unit_id, case_id);

-- Parties. Phone, ID number and address are SM4-encrypted with an HMAC-SM3 tag; *_bidx are
-- HMAC-SM3 blind indexes for exact lookup. The ledger refers to parties by id only.
create table parties (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  role text not null check (role in ('applicant', 'respondent', 'third_party')),
  kind text not null check (kind in ('person', 'organization')),
  name text not null,
  -- masked forms are kept beside the ciphertext so that lists and pages never need a clear read
  phone_masked text,
  phone_enc bytea,
  phone_bidx text,
  id_number_masked text,
  id_number_enc bytea,
  id_number_bidx text,
  address_masked text,
  address_enc bytea,
  created_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create index parties_case_idx on parties (case_id);
create index parties_phone_bidx_idx on parties (phone_bidx);
create index parties_id_number_bidx_idx on parties (id_number_bidx);

-- Attachments: files under the data dir, named by id; metadata here.
create table attachments (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  file_name text not null,
  content_type text not null,
  size_bytes integer not null,
  sm3 text not null,
  uploaded_by uuid references users (id),
  created_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create index attachments_case_idx on attachments (case_id);

-- The ledger: append-only, one row per accepted action, hash-chained per case.
-- body is the RFC 8785 canonical JSON exactly as hashed; hash = SM3(body). payload is a copy
-- for queries; verify-ledger checks that the columns agree with body.
create table case_events (
  county_code text not null,
  case_id uuid not null,
  seq integer not null,
  at timestamptz not null,
  actor_id uuid,
  actor_role text not null,
  actor_unit_id uuid,
  action text not null,
  from_state text,
  to_state text not null,
  payload jsonb not null,
  body text not null,
  prev_hash text not null,
  hash text not null,
  primary key (county_code, case_id, seq)
);
create index case_events_case_idx on case_events (case_id, seq);
create index case_events_at_idx on case_events (at);

-- Idempotency keys of creates from outside: a retried request returns the first result.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_sm3 text not null,
  resource_id uuid not null,
  created_at timestamptz not null,
  primary key (scope, key)
);

-- Audit log: append-only (the app role cannot update or delete). id is UUIDv7: monthly
-- partitions are ranges of id.
create table audit_log (
  id uuid primary key,
  at timestamptz not null,
  actor_id uuid,
  actor_role text,
  actor_label text,
  ip text,
  action text not null,
  target_type text,
  target_id text,
  result text not null check (result in ('success', 'failure', 'denied')),
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_actor_idx on audit_log (actor_id, at);

-- Every clear read of personal data (unmasking): who, which field, why.
create table pii_access_log (
  id uuid primary key,
  at timestamptz not null,
  actor_id uuid not null,
  party_id uuid not null,
  field text not null check (field in ('phone', 'id_number', 'address')),
  reason text not null,
  ip text
);
create index pii_access_log_party_idx on pii_access_log (party_id, at);
