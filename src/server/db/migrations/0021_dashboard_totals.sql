-- A dashboard's headline figures at a cost that does not grow with the data (issue 9).
--
-- 1. Totals: the case counters per CST day and township, and per month and township, without the
--    category, channel and unit of case_rollups. A township's, county's or city's KPIs for any
--    period read at most (days at the period's ends + whole months) × townships rows here, however
--    many villages, categories and units had cases. They are kept by the database from the rollup
--    rows (a trigger on each), so every writer of those (registration, transitions, the rebuild,
--    the simulator) moves them too, in the same transaction. Rows are per township: intake in two
--    townships never waits on the same row, and no row is shared by a county or city.
--    Rollup rows are only deleted by a rebuild, which clears the totals with them (no delete trigger).

create table case_totals (
  day date not null,
  region_code text not null,
  received integer not null default 0,
  concluded integer not null default 0,
  concluded_on_time integer not null default 0,
  resolved integer not null default 0,
  followed_up integer not null default 0,
  satisfied integer not null default 0,
  reopened integer not null default 0,
  withdrawn integer not null default 0,
  declined integer not null default 0,
  -- day first: a period's end days over any region read a few days × all townships
  primary key (day, region_code)
);

create table case_totals_monthly (
  month date not null,
  region_code text not null,
  received integer not null default 0,
  concluded integer not null default 0,
  concluded_on_time integer not null default 0,
  resolved integer not null default 0,
  followed_up integer not null default 0,
  satisfied integer not null default 0,
  reopened integer not null default 0,
  withdrawn integer not null default 0,
  declined integer not null default 0,
  primary key (month, region_code)
);

-- new − old of one rollup row, added to its township's total (static SQL in each, so plans are cached)
create function yimen_case_totals_daily() returns trigger language plpgsql as $$
begin
  insert into case_totals as t (day, region_code, received, concluded, concluded_on_time, resolved,
    followed_up, satisfied, reopened, withdrawn, declined)
  values (new.day, left(new.region_code, 9),
    new.received - coalesce(old.received, 0), new.concluded - coalesce(old.concluded, 0),
    new.concluded_on_time - coalesce(old.concluded_on_time, 0), new.resolved - coalesce(old.resolved, 0),
    new.followed_up - coalesce(old.followed_up, 0), new.satisfied - coalesce(old.satisfied, 0),
    new.reopened - coalesce(old.reopened, 0), new.withdrawn - coalesce(old.withdrawn, 0),
    new.declined - coalesce(old.declined, 0))
  on conflict (day, region_code) do update set
    received = t.received + excluded.received, concluded = t.concluded + excluded.concluded,
    concluded_on_time = t.concluded_on_time + excluded.concluded_on_time,
    resolved = t.resolved + excluded.resolved, followed_up = t.followed_up + excluded.followed_up,
    satisfied = t.satisfied + excluded.satisfied, reopened = t.reopened + excluded.reopened,
    withdrawn = t.withdrawn + excluded.withdrawn, declined = t.declined + excluded.declined;
  return null;
end $$;

create function yimen_case_totals_monthly() returns trigger language plpgsql as $$
begin
  insert into case_totals_monthly as t (month, region_code, received, concluded, concluded_on_time, resolved,
    followed_up, satisfied, reopened, withdrawn, declined)
  values (new.month, left(new.region_code, 9),
    new.received - coalesce(old.received, 0), new.concluded - coalesce(old.concluded, 0),
    new.concluded_on_time - coalesce(old.concluded_on_time, 0), new.resolved - coalesce(old.resolved, 0),
    new.followed_up - coalesce(old.followed_up, 0), new.satisfied - coalesce(old.satisfied, 0),
    new.reopened - coalesce(old.reopened, 0), new.withdrawn - coalesce(old.withdrawn, 0),
    new.declined - coalesce(old.declined, 0))
  on conflict (month, region_code) do update set
    received = t.received + excluded.received, concluded = t.concluded + excluded.concluded,
    concluded_on_time = t.concluded_on_time + excluded.concluded_on_time,
    resolved = t.resolved + excluded.resolved, followed_up = t.followed_up + excluded.followed_up,
    satisfied = t.satisfied + excluded.satisfied, reopened = t.reopened + excluded.reopened,
    withdrawn = t.withdrawn + excluded.withdrawn, declined = t.declined + excluded.declined;
  return null;
end $$;

create trigger case_rollups_totals_trg after insert or update on case_rollups
  for each row execute function yimen_case_totals_daily();
create trigger case_rollups_monthly_totals_trg after insert or update on case_rollups_monthly
  for each row execute function yimen_case_totals_monthly();

insert into case_totals (day, region_code, received, concluded, concluded_on_time, resolved, followed_up,
  satisfied, reopened, withdrawn, declined)
select day, left(region_code, 9), sum(received), sum(concluded), sum(concluded_on_time), sum(resolved),
  sum(followed_up), sum(satisfied), sum(reopened), sum(withdrawn), sum(declined)
from case_rollups group by 1, 2;
insert into case_totals_monthly (month, region_code, received, concluded, concluded_on_time, resolved,
  followed_up, satisfied, reopened, withdrawn, declined)
select month, left(region_code, 9), sum(received), sum(concluded), sum(concluded_on_time), sum(resolved),
  sum(followed_up), sum(satisfied), sum(reopened), sum(withdrawn), sum(declined)
from case_rollups_monthly group by 1, 2;

-- 2. The open backlog counted ahead: open cases (registered, assigned, in_progress) per township
--    and CST day of their deadline ('infinity' while no clock runs), kept by a trigger on cases.
--    "Open now" sums a region's rows; "overdue now" is the rows of the days before today plus the
--    open cases due earlier today, read from the index below (a day's deadlines of the region).
--    A row that falls to zero is deleted, so the rows follow the open backlog's townships × due
--    days, not the years of history.
create table case_open_counts (
  region_code text not null,
  due_day date not null,
  open integer not null,
  primary key (region_code, due_day)
);

create function yimen_case_open_counts() returns trigger language plpgsql as $$
declare
  left_open integer;
begin
  if tg_op <> 'INSERT' and old.state in ('registered', 'assigned', 'in_progress') then
    update case_open_counts set open = open - 1
      where region_code = left(old.region_code, 9)
        and due_day = coalesce((old.deadline_at at time zone 'Asia/Shanghai')::date, 'infinity'::date)
      returning open into left_open;
    if left_open = 0 then
      delete from case_open_counts
        where region_code = left(old.region_code, 9)
          and due_day = coalesce((old.deadline_at at time zone 'Asia/Shanghai')::date, 'infinity'::date)
          and open = 0;
    end if;
  end if;
  if tg_op <> 'DELETE' and new.state in ('registered', 'assigned', 'in_progress') then
    insert into case_open_counts as c (region_code, due_day, open)
      values (left(new.region_code, 9),
              coalesce((new.deadline_at at time zone 'Asia/Shanghai')::date, 'infinity'::date), 1)
      on conflict (region_code, due_day) do update set open = c.open + 1;
  end if;
  return null;
end $$;

create trigger cases_open_counts_ins_trg after insert or delete on cases
  for each row execute function yimen_case_open_counts();
create trigger cases_open_counts_upd_trg after update of state, deadline_at, region_code on cases
  for each row
  when (old.state is distinct from new.state or old.deadline_at is distinct from new.deadline_at
        or old.region_code is distinct from new.region_code)
  execute function yimen_case_open_counts();

insert into case_open_counts (region_code, due_day, open)
select left(region_code, 9), coalesce((deadline_at at time zone 'Asia/Shanghai')::date, 'infinity'::date),
  count(*)
from cases where state in ('registered', 'assigned', 'in_progress')
group by 1, 2;

-- the open cases of a region due on one day (today's part of "overdue now")
create index cases_open_due_day_idx on cases (((deadline_at at time zone 'Asia/Shanghai')::date), region_code)
  where state in ('registered', 'assigned', 'in_progress');

-- 3. A case's units by its id alone (case page, transitions, lists, records): the key starts with
--    the county, so without this index such a lookup scanned the table (0.9 s at 10 M cases).
create index case_units_case_idx on case_units (case_id);

-- 4. Open warnings (not yet handled) counted ahead per township (a code cut to 9 digits; a county's
--    own warning keeps its 6) and kind, kept by a trigger like the open cases: the dashboards'
--    "open warnings" of a township or above read a few rows, not every open warning.
create table warning_open_counts (
  region_code text not null,
  kind text not null,
  open integer not null,
  primary key (region_code, kind)
);

create function yimen_warning_open_counts() returns trigger language plpgsql as $$
declare
  left_open integer;
begin
  if tg_op <> 'INSERT' and old.status <> 'handled' then
    update warning_open_counts set open = open - 1
      where region_code = left(old.region_code, 9) and kind = old.kind
      returning open into left_open;
    if left_open = 0 then
      delete from warning_open_counts
        where region_code = left(old.region_code, 9) and kind = old.kind and open = 0;
    end if;
  end if;
  if tg_op <> 'DELETE' and new.status <> 'handled' then
    insert into warning_open_counts as c (region_code, kind, open)
      values (left(new.region_code, 9), new.kind, 1)
      on conflict (region_code, kind) do update set open = c.open + 1;
  end if;
  return null;
end $$;

create trigger warnings_open_counts_ins_trg after insert or delete on warnings
  for each row execute function yimen_warning_open_counts();
create trigger warnings_open_counts_upd_trg after update of status, region_code, kind on warnings
  for each row
  when (old.status is distinct from new.status or old.region_code is distinct from new.region_code
        or old.kind is distinct from new.kind)
  execute function yimen_warning_open_counts();

insert into warning_open_counts (region_code, kind, open)
select left(region_code, 9), kind, count(*) from warnings where status <> 'handled' group by 1, 2;

-- 5. Region ranges (code >= prefix and code < next prefix) cannot use a text_pattern_ops index
--    (its operators are ~>=~ and ~<~): the warning and quality-check lists read by range, so their
--    region indexes take the default operator class (a sequential scan of 490 k warnings before).
drop index warnings_region_idx;
create index warnings_region_idx on warnings (region_code, id);
drop index warnings_open_region_idx;
create index warnings_open_region_idx on warnings (region_code, kind) where status <> 'handled';
drop index quality_checks_region_idx;
create index quality_checks_region_idx on quality_checks (region_code, concluded_at);
