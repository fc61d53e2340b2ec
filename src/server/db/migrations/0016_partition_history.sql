-- The growing history tables become partitioned by month (issue 9), so that a month can be
-- archived, detached or moved to other storage whole, and a province's years stay cheap to
-- vacuum and index: case_events (by case_id: a case's ledger stays in one partition, the month
-- the case was registered), audit_log (by id), grid_reports (by id) and grid_report_events (by
-- report_id: a report's trail stays with its report). Their keys are UUIDv7, time-ordered, so a
-- month is a range of ids; county_code stays in the keys for a later distribution by county
-- (docs/scale.md). Queries are unchanged: a case's events, a report by id, prune to one partition.
-- grid_work_items has been partitioned since 0007 (by occurred_at). pii_access_log stays whole: it
-- is small (one row per unmasking) and searched by subject, not by time.

-- The first UUIDv7 of a China month: the 48-bit millisecond timestamp of its first moment (00:00
-- +08), everything else zero. Every id made in that month sorts at or after it.
create function yimen_uuid_month(m date) returns uuid
language sql immutable
as $$
  select (lpad(to_hex((extract(epoch from (m::timestamp at time zone 'Asia/Shanghai')) * 1000)::bigint), 12, '0')
          || '00000000000000000000')::uuid
$$;

-- Creates the monthly partitions of one of these tables for `months` months from `first_month`
-- (idempotent), each with exactly the grants of its parent (a partition read or written directly is
-- checked against its own grants: the server's role must not UPDATE a ledger partition). SECURITY
-- DEFINER for the same reason as grid_work_items_ensure_partitions (0007): the daily sweep runs as
-- the server's role, which may not create tables. A month whose rows sit in the default partition
-- is skipped with a warning.
create function yimen_ensure_id_partitions(tbl text, first_month date, months integer)
returns integer
language plpgsql
security definer
as $$
declare
  m date := date_trunc('month', first_month)::date;
  made integer := 0;
  name text;
  g record;
begin
  if tbl not in ('case_events', 'audit_log', 'grid_reports', 'grid_report_events') then
    raise exception 'not a table partitioned by id: %', tbl;
  end if;
  for i in 1..months loop
    name := tbl || '_' || to_char(m, 'YYYYMM');
    if to_regclass(name) is null then
      begin
        execute format('create table %I partition of %I for values from (%L) to (%L)',
          name, tbl, yimen_uuid_month(m), yimen_uuid_month((m + interval '1 month')::date));
        -- default privileges may have granted more than the parent has: start from nothing
        execute format('revoke all on %I from public', name);
        for g in
          select distinct a.grantee::regrole::text as grantee
          from pg_class c, aclexplode(c.relacl) a
          where c.oid = name::regclass and a.grantee <> c.relowner and a.grantee <> 0
        loop
          execute format('revoke all on %I from %s', name, g.grantee);
        end loop;
        for g in
          select a.grantee::regrole::text as grantee, a.privilege_type
          from pg_class c, aclexplode(c.relacl) a
          where c.oid = tbl::regclass and a.grantee <> c.relowner and a.grantee <> 0
        loop
          execute format('grant %s on %I to %s', g.privilege_type, name, g.grantee);
        end loop;
        made := made + 1;
      exception when check_violation then
        raise warning '%: rows of % are in the default partition; partition not created', tbl, m;
      end;
    end if;
    m := (m + interval '1 month')::date;
  end loop;
  return made;
end;
$$;

do $$
begin
  execute format('alter function yimen_ensure_id_partitions(text, date, integer) set search_path = %I, pg_temp',
    current_schema());
end
$$;

-- Rebuilds one table as a table partitioned by range of `key`, keeping its name, columns,
-- defaults, checks, keys, indexes, triggers, its foreign keys and those pointing at it, and its
-- rows: two years of monthly partitions from July 2025 (the partition sweep keeps three months
-- ahead) and a default one for rows outside them. Triggers come back after the rows are copied,
-- so that copying does not announce every old event again.
create function pg_temp.partition_by_uuid(tbl text, key text) returns void
language plpgsql
as $$
declare
  old text := tbl || '_unpartitioned';
  r record;
  constraints text[] := '{}';
  indexes text[] := '{}';
  triggers text[] := '{}';
  incoming text[] := '{}';
  stmt text;
begin
  for r in
    select c.conname, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    -- conparentid = 0: a foreign key to a partitioned table is one constraint, plus one internal
    -- clone per partition, which the parent's constraint recreates by itself
    where c.conrelid = tbl::regclass and c.contype in ('p', 'u', 'f', 'x') and c.conparentid = 0
    order by c.contype = 'f', c.conname
  loop
    constraints := constraints || format('alter table %I add constraint %I %s', tbl, r.conname, r.def);
  end loop;
  for r in
    select c.conrelid::regclass::text as rel, c.conname, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.confrelid = tbl::regclass and c.conrelid <> tbl::regclass and c.contype = 'f' and c.conparentid = 0
  loop
    incoming := incoming || format('alter table %s add constraint %I %s', r.rel, r.conname, r.def);
    execute format('alter table %s drop constraint %I', r.rel, r.conname);
  end loop;
  for r in
    select pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    where i.indrelid = tbl::regclass
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
  loop
    indexes := indexes || r.def;
  end loop;
  for r in
    select pg_get_triggerdef(t.oid) as def from pg_trigger t where t.tgrelid = tbl::regclass and not t.tgisinternal
  loop
    triggers := triggers || r.def;
  end loop;

  -- free the names of the table and of its indexes (a constraint's index carries its name)
  execute format('alter table %I rename to %I', tbl, old);
  for r in select i.indexrelid::regclass::text as name from pg_index i where i.indrelid = old::regclass loop
    execute format('alter index %s rename to %I', r.name, 'u_' || md5(r.name));
  end loop;

  execute format(
    'create table %I (like %I including defaults including constraints including generated including comments) partition by range (%I)',
    tbl, old, key);
  foreach stmt in array constraints loop execute stmt; end loop;
  foreach stmt in array indexes loop execute stmt; end loop;
  perform yimen_ensure_id_partitions(tbl, '2025-07-01', 24);
  execute format('create table %I partition of %I default', tbl || '_default', tbl);
  execute format('insert into %I select * from %I', tbl, old);
  execute format('drop table %I', old);
  foreach stmt in array triggers loop execute stmt; end loop;
  foreach stmt in array incoming loop execute stmt; end loop;
end;
$$;

select pg_temp.partition_by_uuid('grid_reports', 'id');
select pg_temp.partition_by_uuid('grid_report_events', 'report_id');
select pg_temp.partition_by_uuid('case_events', 'case_id');
select pg_temp.partition_by_uuid('audit_log', 'id');

-- The append-only trigger of 0015 fires on each partition under the partition's own name: the
-- rule for audit records (kept 180 days) must see the table they belong to.
create or replace function yimen_refuse_rewrite() returns trigger language plpgsql as $$
declare
  owner_ok boolean;
  root text;
begin
  select c.relname into root from pg_class c where c.oid = coalesce(pg_partition_root(tg_relid), tg_relid);
  select pg_has_role(current_user, c.relowner, 'MEMBER') into owner_ok from pg_class c where c.oid = tg_relid;
  if coalesce(current_setting('yimen.maintenance', true), '') = 'on' and owner_ok then
    if tg_op = 'DELETE' then
      if root = 'audit_log' then
        if old.at > now() - interval '180 days' then
          raise exception 'audit records are kept at least 180 days' using errcode = '42501';
        end if;
      end if;
      return old;
    end if;
    return new;
  end if;
  raise exception '% is append-only: % refused', root, tg_op using errcode = '42501';
end;
$$;
