-- Analytics (issue 8): rollups the dashboards read instead of counting cases. Each row is the sum
-- of what the cases of one CST day, place (the case's own stored code: township, village or grid),
-- category, channel and unit contribute (src/core/analytics/case-facts.ts has the attribution
-- rules). Rows are upserted (+n) in the transaction of the change that moves them, so no row is
-- shared by a whole city: intake in two villages never waits on the same row. A dashboard sums
-- the rows of a region-code range and a period: the rows read follow places × days × categories ×
-- channels × units in the range, never the number of cases.

create table case_rollups (
  day date not null,
  region_code text not null,
  category_code text not null,
  channel text not null,
  unit_id uuid not null,
  received integer not null default 0,
  concluded integer not null default 0,
  concluded_on_time integer not null default 0,
  resolved integer not null default 0,
  followed_up integer not null default 0,
  satisfied integer not null default 0,
  reopened integer not null default 0,
  withdrawn integer not null default 0,
  declined integer not null default 0,
  primary key (region_code, day, category_code, channel, unit_id)
);
-- a long period over a small place walks the key above; a short period over a city, this one
create index case_rollups_day_idx on case_rollups (day, region_code);

-- Grid reports (上报事件) other than disputes (a dispute is a case and counts there, channel grid
-- or patrol): received on the day reported, concluded (and within its time limit) on the day
-- concluded. A report's loop has no reopen, so a conclusion is final.
create table grid_report_rollups (
  day date not null,
  region_code text not null,
  type text not null,
  received integer not null default 0,
  concluded integer not null default 0,
  concluded_on_time integer not null default 0,
  primary key (region_code, day, type)
);
create index grid_report_rollups_day_idx on grid_report_rollups (day, region_code);

-- When the rollups were last recomputed from the ledger (`yimen rollups rebuild`, or the server's
-- first start after this migration on a database that already had cases).
create table rollup_builds (
  id integer primary key check (id = 1),
  built_at timestamptz not null,
  cases integer not null,
  events integer not null,
  grid_reports integer not null
);

-- "Now" figures (open, overdue) count open rows only: these partial indexes hold the open backlog
-- (cases in registered/assigned/in_progress, grid reports not yet concluded), whose size follows
-- intake × handling time, not the years of history. A region's count is one range scan of them.
create index cases_open_region_idx on cases (region_code, deadline_at)
  include (category_code, channel, lead_unit_id, risk_level)
  where state in ('registered', 'assigned', 'in_progress');
create index grid_reports_open_region_idx on grid_reports (region_code, deadline_at)
  include (type)
  where status <> 'concluded' and type <> 'dispute';

-- The same figures per month and township (a case's code cut to its 9-digit township; every case
-- lies at a township or below), upserted beside the daily rows. A city's or county's figures over
-- whole months sum these (a year of a city: at most 12 × 135 townships × categories × channels ×
-- units, however many villages and days had cases); partial months at a period's ends and
-- anything below a township read the daily rows.
create table case_rollups_monthly (
  month date not null,
  region_code text not null,
  category_code text not null,
  channel text not null,
  unit_id uuid not null,
  received integer not null default 0,
  concluded integer not null default 0,
  concluded_on_time integer not null default 0,
  resolved integer not null default 0,
  followed_up integer not null default 0,
  satisfied integer not null default 0,
  reopened integer not null default 0,
  withdrawn integer not null default 0,
  declined integer not null default 0,
  primary key (region_code, month, category_code, channel, unit_id)
);
create index case_rollups_monthly_month_idx on case_rollups_monthly (month, region_code);

-- Grid reports per month and township likewise (a city's reports run to millions a year).
create table grid_report_rollups_monthly (
  month date not null,
  region_code text not null,
  type text not null,
  received integer not null default 0,
  concluded integer not null default 0,
  concluded_on_time integer not null default 0,
  primary key (region_code, month, type)
);
create index grid_report_rollups_monthly_month_idx on grid_report_rollups_monthly (month, region_code);
