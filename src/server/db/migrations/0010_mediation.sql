-- Mediation on a case (issue 7): the organization and lead mediator it is assigned to, its joint
-- team (调解团队: users of other units, or outside members such as a labor-arbitration expert),
-- its sessions (schedule, attendance, minutes 调解笔录, outcome) and its agreements (调解协议书).
-- Every write also puts a record event on the case's ledger (records.ts); these tables are the
-- working copy the pages read, the ledger the proof.

-- One mediation per case; reassigning replaces the organization, lead and team.
create table case_mediations (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  org_unit_id uuid not null references units (id),
  lead_mediator_id uuid not null references users (id),
  assigned_by uuid not null references users (id),
  assigned_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create unique index case_mediations_case_idx on case_mediations (case_id);
-- the live load of a mediator: open mediations they lead
create index case_mediations_lead_idx on case_mediations (lead_mediator_id);

-- Team members besides the lead: a user of some unit, or an outside member by name and role
-- (劳动仲裁专家, 企业代表, 职工代表), possibly of a unit.
create table mediation_members (
  county_code text not null,
  id uuid not null,
  mediation_id uuid not null,
  case_id uuid not null,
  user_id uuid references users (id),
  unit_id uuid references units (id),
  name text not null,
  member_role text not null,
  primary key (county_code, id),
  foreign key (county_code, mediation_id) references case_mediations (county_code, id) on delete cascade
);
create index mediation_members_mediation_idx on mediation_members (mediation_id);
create index mediation_members_user_idx on mediation_members (user_id) where user_id is not null;

-- Sessions: scheduled, then held (attendance, minutes, outcome) or cancelled.
create table mediation_sessions (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  n integer not null,
  scheduled_at timestamptz not null,
  place text,
  video_url text,
  -- [{ memberId?, name, role }]
  participants jsonb not null,
  status text not null check (status in ('scheduled', 'held')),
  -- [{ name, present }]
  attendance jsonb,
  minutes text,
  outcome text check (outcome in ('agreement', 'continue', 'failed')),
  held_at timestamptz,
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id),
  check (place is not null or video_url is not null),
  check ((status = 'held') = (held_at is not null))
);
create unique index mediation_sessions_n_idx on mediation_sessions (case_id, n);

-- Agreements (调解协议书): the content signed, the PDF as issued, the SM3 digest of the content
-- (which the PDF's QR code carries) and of the PDF, and the ledger event that recorded both.
create table mediation_agreements (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  seq integer not null,
  content jsonb not null,
  digest text not null,
  pdf_digest text not null,
  pdf bytea not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create unique index mediation_agreements_id_idx on mediation_agreements (id);
create index mediation_agreements_case_idx on mediation_agreements (case_id, created_at);
