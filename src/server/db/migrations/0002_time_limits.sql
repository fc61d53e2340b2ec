-- Time limits (时限) in working days per stage x category x level x mediation kind; the most
-- specific active rule wins. Each case carries the clock that runs now.

create table time_limit_rules (
  id uuid primary key,
  stage text not null check (stage in ('accept', 'handle', 'follow_up')),
  category_code text references categories (code),
  level text check (level in ('village', 'township', 'county', 'city')),
  mediation_kind text check (mediation_kind in ('people', 'industry', 'administrative', 'judicial')),
  working_days integer not null check (working_days between 0 and 365),
  active boolean not null default true,
  created_at timestamptz not null
);

-- domain.md's defaults: accept 1, handle 15 (people's mediation 30), follow up 3 working days
insert into time_limit_rules (id, stage, category_code, level, mediation_kind, working_days, created_at) values
  ('01950000-0000-7000-8000-000000000001', 'accept', null, null, null, 1, '2026-01-01T00:00:00Z'),
  ('01950000-0000-7000-8000-000000000002', 'handle', null, null, null, 15, '2026-01-01T00:00:00Z'),
  ('01950000-0000-7000-8000-000000000003', 'handle', null, null, 'people', 30, '2026-01-01T00:00:00Z'),
  ('01950000-0000-7000-8000-000000000004', 'follow_up', null, null, null, 3, '2026-01-01T00:00:00Z');

-- dispatched_at: the first dispatch (分流交办), from which accepting and handling are counted;
-- deadline_stage and deadline_started_at: the clock running now (deadline_at is its end);
-- clock_paused_at: since when the clock waits on a party (中止计时); extension_days: a pending
-- extension request (延期), applied to deadline_at when a supervisor approves it.
alter table cases
  add column dispatched_at timestamptz,
  add column deadline_stage text check (deadline_stage in ('accept', 'handle', 'follow_up')),
  add column deadline_started_at timestamptz,
  add column clock_paused_at timestamptz,
  add column extension_days integer check (extension_days > 0);

create index cases_deadline_idx on cases (deadline_at) where deadline_at is not null;
