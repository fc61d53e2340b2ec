-- Channels from other systems (issue 4b): API keys of Open311 GeoReport v2 clients, the cases they
-- sent, and imports of hotline work orders, users, units and mediation organizations.

-- An API key is shown once when created; only its SM3 digest is kept. The prefix names it to people.
-- Each key is scoped to a region node: its requests are placed and listed within it.
create table api_keys (
  id uuid primary key,
  name text not null unique,
  region_code text not null references regions (code),
  key_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Cases that came in through Open311 (channel 'api'): which key sent them, under which service.
-- media_url is the client's link, kept for staff and never published.
create table open311_requests (
  county_code text not null,
  case_id uuid not null,
  api_key_id uuid not null references api_keys (id),
  service_code text not null,
  jurisdiction_id text,
  media_url text,
  created_at timestamptz not null,
  primary key (county_code, case_id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create unique index open311_requests_case_idx on open311_requests (case_id);
create index open311_requests_created_idx on open311_requests (created_at);

-- One import of a file: progress while it runs, then the refused rows and why (no personal data:
-- row numbers, columns and messages only).
create table import_jobs (
  id uuid primary key,
  kind text not null check (kind in ('cases', 'users', 'units', 'mediation_orgs')),
  mode text not null check (mode in ('all_or_nothing', 'skip_bad')),
  source text not null,
  file_name text not null,
  status text not null check (status in ('running', 'done', 'refused', 'failed')),
  total integer not null default 0,
  processed integer not null default 0,
  accepted integer not null default 0,
  rejected integer not null default 0,
  already_imported integer not null default 0,
  report jsonb not null default '{}',
  error text,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz
);
create index import_jobs_created_by_idx on import_jobs (created_by, created_at);

-- External work-order numbers (the 12345 hotline, other systems): at most one case per number and
-- source, so importing the same file again creates nothing.
create table case_external_refs (
  source text not null,
  external_no text not null,
  county_code text not null,
  case_id uuid not null,
  received_at timestamptz,
  import_job_id uuid references import_jobs (id),
  created_at timestamptz not null,
  primary key (source, external_no),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create unique index case_external_refs_case_idx on case_external_refs (case_id);
