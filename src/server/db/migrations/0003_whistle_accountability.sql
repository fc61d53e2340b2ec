-- Whistle and report-in (吹哨报到), accountability records (问责记录), the facts behind department
-- scorecards, and the working-day calendar years an administrator loads or edits.

-- One task per department summoned by an escalation (the escalate event's seq), with its own
-- deadline. open → done (reported in, on time or late), missed (the sweep found it overdue; a late
-- report-in still turns it done and keeps missed_at), cancelled (the case closed before it was due).
-- The level that blew the whistle rates the department's response once, after the case closes.
create table report_in_tasks (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  unit_id uuid not null references units (id),
  escalation_seq integer not null,
  escalated_by_unit_id uuid references units (id),
  from_level text not null check (from_level in ('village', 'township', 'county', 'city')),
  to_level text not null check (to_level in ('village', 'township', 'county', 'city')),
  summoned_at timestamptz not null,
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'done', 'missed', 'cancelled')),
  reported_at timestamptz,
  reported_by uuid references users (id),
  on_time boolean,
  missed_at timestamptz,
  cancelled_at timestamptz,
  rating smallint check (rating between 1 and 5),
  rating_comment text check (length(rating_comment) <= 500),
  rated_at timestamptz,
  rated_by uuid references users (id),
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id),
  unique (county_code, case_id, unit_id, escalation_seq),
  check ((status = 'done') = (reported_at is not null)),
  check ((reported_at is null) = (on_time is null)),
  check (status <> 'missed' or missed_at is not null),
  check ((rating is null) = (rated_at is null))
);
create unique index report_in_tasks_id_idx on report_in_tasks (id);
-- the sweep's work list: open tasks by deadline
create index report_in_tasks_due_idx on report_in_tasks (due_at, id) where status = 'open';
create index report_in_tasks_unit_idx on report_in_tasks (unit_id, id);
create index report_in_tasks_unit_summoned_idx on report_in_tasks (unit_id, summoned_at);
create index report_in_tasks_case_idx on report_in_tasks (case_id);

-- Accountability records (问责记录) against a unit: append-only, written by the system (a missed
-- report-in) or later by supervisors, grid and mediation work. kind is open-ended
-- ('missed_report_in', …); (kind, source_id) names what caused a record, so a sweep that runs twice
-- or in two processes writes it once. county_code is the unit's (its region code's first 6 digits).
create table accountability_records (
  county_code text not null,
  id uuid not null,
  unit_id uuid not null references units (id),
  unit_region_code text not null,
  kind text not null check (kind ~ '^[a-z][a-z0-9_]{2,39}$'),
  case_id uuid references cases (id),
  source_type text,
  source_id uuid,
  reason text not null check (length(reason) between 1 and 2000),
  due_at timestamptz,
  occurred_at timestamptz not null,
  recorded_by uuid references users (id),
  recorded_by_role text not null,
  detail jsonb not null default '{}',
  created_at timestamptz not null,
  primary key (county_code, id),
  unique (kind, source_id)
);
create unique index accountability_records_id_idx on accountability_records (id);
create index accountability_records_region_idx on accountability_records (unit_region_code text_pattern_ops, id);
create index accountability_records_unit_idx on accountability_records (unit_id, id);
create index accountability_records_case_idx on accountability_records (case_id);

-- Each conclusion of a case (a reopened case may conclude again) with the handling deadline it was
-- measured against: the on-time rate of scorecards (and 按期办结率) without re-deriving old clocks.
-- Append-only; written with the conclude event.
create table case_conclusions (
  county_code text not null,
  case_id uuid not null,
  seq integer not null,
  unit_id uuid references units (id),
  concluded_at timestamptz not null,
  deadline_at timestamptz,
  on_time boolean,
  primary key (county_code, case_id, seq),
  foreign key (county_code, case_id) references cases (county_code, id),
  check ((deadline_at is null) = (on_time is null))
);
create index case_conclusions_unit_idx on case_conclusions (unit_id, concluded_at);

-- A year's holiday arrangement loaded or edited by the system administrator. It replaces what the
-- chinese-days package says about that year (or fills a year the package does not know yet).
create table calendar_years (
  year integer primary key check (year between 2000 and 2100),
  holidays jsonb not null,
  workdays jsonb not null,
  updated_at timestamptz not null,
  updated_by uuid references users (id)
);
