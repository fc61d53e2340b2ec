-- Grid work (issue 6): routine work items (the big table), grid reports (上报事件) with their own
-- short timeline, plans (visit plans, patrol schedules) and the photos grid workers upload.

-- Routine work items: 走访 visit, 巡查 patrol, 宣传 outreach, 信息采集 collection. Millions a year,
-- so partitioned by month of occurred_at (China months: bounds at 00:00 +08), with the county code
-- carried for a later distribution by county. The primary key must hold the partition key. A
-- phone's retry is recognised through idempotency_keys (a partitioned table has no global unique
-- index on client_key); client_key is kept for tracing.
create table grid_work_items (
  county_code text not null,
  id uuid not null,
  occurred_at timestamptz not null,
  region_code text not null references regions (code),
  worker_id uuid not null references users (id),
  kind text not null check (kind in ('visit', 'patrol', 'outreach', 'collection')),
  recorded_at timestamptz not null,
  latitude double precision,
  longitude double precision,
  accuracy_m real,
  -- the place (an address, a household) is personal data: shown masked, kept SM4-encrypted
  place_masked text,
  place_enc bytea,
  note text not null,
  photo_ids uuid[] not null default '{}',
  -- 巡逻: route, places, findings [{ text, action }]
  patrol jsonb,
  -- the plan (today's task) it fulfils, if any; no foreign key: plans may be deleted, history stays
  plan_id uuid,
  client_key uuid not null,
  primary key (id, occurred_at, county_code)
) partition by range (occurred_at);

-- Hot paths: one grid's newest items (keyset on occurred_at, id), and ranges of region codes
-- (a village, township or county: region_code >= scope and < its upper bound) within a period;
-- one worker's items.
create index grid_work_items_region_idx on grid_work_items (region_code, occurred_at desc, id desc);
create index grid_work_items_worker_idx on grid_work_items (worker_id, occurred_at desc, id desc);

-- Creates the monthly partitions of grid_work_items for `months` months from the month of
-- `first_month` (idempotent). SECURITY DEFINER: the server's role may not create tables, yet the
-- daily sweep must keep partitions ahead of time; this function, owned by the migrating role, is
-- all it may do. A month whose rows already sit in the default partition is skipped (reported as
-- such) rather than failing the rest: moving them is an operator's job.
create function grid_work_items_ensure_partitions(first_month date, months integer)
returns integer
language plpgsql
security definer
as $$
declare
  m date := date_trunc('month', first_month)::date;
  made integer := 0;
  name text;
begin
  for i in 1..months loop
    name := 'grid_work_items_' || to_char(m, 'YYYYMM');
    if to_regclass(name) is null then
      begin
        execute format(
          'create table %I partition of grid_work_items for values from (%L) to (%L)',
          name, m::text || ' 00:00:00+08', (m + interval '1 month')::date::text || ' 00:00:00+08');
        made := made + 1;
      exception when check_violation then
        raise warning 'grid_work_items: rows of % are in the default partition; partition not created', m;
      end;
    end if;
    m := (m + interval '1 month')::date;
  end loop;
  return made;
end;
$$;

-- pinned to this schema (and pg_temp last): a definer function must not resolve names through a
-- search path the caller could prepend to
do $$
begin
  execute format('alter function grid_work_items_ensure_partitions(date, integer) set search_path = %I, pg_temp',
    current_schema());
end
$$;

select grid_work_items_ensure_partitions('2024-01-01', 48);
create table grid_work_items_default partition of grid_work_items default;

-- Photos uploaded from the phone (before the item or report that references them), stored like
-- case attachments: bytes under the data folder, metadata here; scoped to the uploader's grid.
create table grid_uploads (
  county_code text not null,
  id uuid not null,
  region_code text not null references regions (code),
  uploaded_by uuid not null references users (id),
  file_name text not null,
  content_type text not null,
  size_bytes integer not null,
  sm3 text not null,
  created_at timestamptz not null,
  primary key (county_code, id)
);
create unique index grid_uploads_id_idx on grid_uploads (id);

-- Grid reports (上报事件; never "events"): a dispute becomes a case (case_id) and lives on in the
-- loop; every other type runs reported → assigned → concluded within its working-day limit.
create table grid_reports (
  county_code text not null,
  id uuid not null,
  type text not null check (type in (
    'dispute', 'public_security', 'fire', 'traffic', 'workplace_safety', 'environment', 'other')),
  status text not null check (status in ('reported', 'assigned', 'concluded')),
  region_code text not null references regions (code),
  reporter_id uuid not null references users (id),
  reporter_unit_id uuid references units (id),
  description text not null,
  place_masked text,
  place_enc bytea,
  latitude double precision,
  longitude double precision,
  risk_level text check (risk_level in ('red', 'orange', 'yellow', 'blue')),
  photo_ids uuid[] not null default '{}',
  resolved_on_site boolean not null default false,
  unit_id uuid references units (id),
  assigned_at timestamptz,
  deadline_at timestamptz,
  concluded_at timestamptz,
  concluded_by uuid references users (id),
  result text,
  case_id uuid,
  case_no text,
  reported_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create unique index grid_reports_id_idx on grid_reports (id);
create index grid_reports_region_idx on grid_reports (region_code, reported_at desc, id desc);
create index grid_reports_reporter_idx on grid_reports (reporter_id, reported_at desc, id desc);
create index grid_reports_unit_idx on grid_reports (unit_id, reported_at desc) where unit_id is not null;
create index grid_reports_open_deadline_idx on grid_reports (deadline_at) where status <> 'concluded';

-- The report's own timeline: reported, assigned (to whom), concluded (with what result).
create table grid_report_events (
  county_code text not null,
  report_id uuid not null,
  seq integer not null,
  at timestamptz not null,
  action text not null check (action in ('report', 'assign', 'conclude')),
  actor_id uuid references users (id),
  actor_unit_id uuid references units (id),
  unit_id uuid references units (id),
  note text,
  primary key (county_code, report_id, seq),
  foreign key (county_code, report_id) references grid_reports (county_code, id)
);

-- Plans: a township (or above) sets, per grid or for every grid under a village or township, how
-- many visits, patrols … a worker owes each day, week or month; today's tasks derive from them.
create table grid_plans (
  county_code text not null,
  id uuid not null,
  region_code text not null references regions (code),
  kind text not null check (kind in ('visit', 'patrol', 'outreach', 'collection')),
  title text not null,
  every text not null check (every in ('day', 'week', 'month')),
  count integer not null check (count between 1 and 1000),
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  primary key (county_code, id)
);
create unique index grid_plans_id_idx on grid_plans (id);
create index grid_plans_region_idx on grid_plans (region_code);
