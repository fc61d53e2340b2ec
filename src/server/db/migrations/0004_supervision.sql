-- Supervision (督办), leaders' instructions (批示), the stored light of each case for the sweeps,
-- and live-update notifications (issue 5). Written for PostgreSQL 15; PGlite runs it unchanged.

-- The light of a case's running clock as stored (null when no clock runs) and the instant it turns
-- yellow (two thirds of the time, as lightOf in src/core/deadlines/time-limits.ts). The trigger
-- below keeps both in step with the clock columns, as of updated_at (the application's clock at
-- the change); the lights sweep moves them on as time passes (green -> yellow -> red).
-- auto_supervised_deadline: the deadline an automatic supervision order was issued for, so that
-- an overdue case gets one automatic order per deadline, not one a minute.
alter table cases
  add column light text check (light in ('green', 'yellow', 'red')),
  add column yellow_at timestamptz,
  add column auto_supervised_deadline timestamptz;

create function yimen_case_light() returns trigger language plpgsql as $$
declare
  total_us numeric;
begin
  if new.deadline_at is null or new.deadline_started_at is null then
    new.light := null;
    new.yellow_at := null;
    return new;
  end if;
  total_us := (extract(epoch from new.deadline_at) - extract(epoch from new.deadline_started_at)) * 1000000;
  -- yellow from the first microsecond at which 3 x elapsed >= 2 x total (no time at all: yellow at once)
  new.yellow_at := case when total_us <= 0 then new.deadline_started_at
    else new.deadline_started_at + ceil(total_us * 2 / 3) * interval '1 microsecond' end;
  new.light := case
    when new.updated_at > new.deadline_at then 'red'
    when new.updated_at >= new.yellow_at then 'yellow'
    else 'green' end;
  return new;
end $$;

create trigger cases_light_trg
  before insert or update of deadline_at, deadline_started_at, updated_at on cases
  for each row execute function yimen_case_light();

-- What the lights sweep looks for: clocks about to turn red, and green ones about to turn yellow.
create index cases_light_red_due_idx on cases (deadline_at) where light in ('green', 'yellow');
create index cases_light_yellow_due_idx on cases (yellow_at) where light = 'green';
-- What the automatic supervision sweep looks for: open, running, overdue, not yet supervised.
create index cases_auto_supervision_due_idx on cases (deadline_at)
  where state in ('registered', 'assigned', 'in_progress') and not clock_paused
    and deadline_at is not null and auto_supervised_deadline is distinct from deadline_at;

-- Supervision orders (督办单): instructions with a deadline, addressed to the lead unit, which must
-- answer. level_code is the region node of the level that follows the order up: the issuer's scope
-- (automatic orders: the handling level, at least the township); an order unanswered by its due
-- time escalates (status 'escalated') to the level above, up to the city, each time with a new
-- due time. The handler may still answer an escalated order.
create table supervision_orders (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  kind text not null check (kind in ('manual', 'automatic')),
  status text not null check (status in ('open', 'answered', 'escalated')),
  instructions text not null,
  -- null for the system
  issued_by uuid references users (id),
  issuer_role text not null,
  issuer_unit_id uuid references units (id),
  level_code text not null references regions (code),
  issued_level_code text not null references regions (code),
  escalations integer not null default 0,
  addressed_unit_id uuid not null references units (id),
  due_at timestamptz not null,
  -- automatic orders: the case deadline they were issued for (one automatic order per deadline)
  for_deadline_at timestamptz,
  answer text,
  answered_by uuid references users (id),
  answered_unit_id uuid references units (id),
  answered_at timestamptz,
  escalated_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id),
  check ((status = 'answered') = (answered_at is not null)),
  check ((kind = 'automatic') = (for_deadline_at is not null))
);
create unique index supervision_orders_id_idx on supervision_orders (id);
create index supervision_orders_case_idx on supervision_orders (case_id, id);
create index supervision_orders_issuer_idx on supervision_orders (issued_by, id);
create index supervision_orders_level_idx on supervision_orders (level_code, id);
create index supervision_orders_addressed_idx on supervision_orders (addressed_unit_id, id);
-- one automatic order per case deadline (manual orders have no for_deadline_at: nulls never clash)
create unique index supervision_orders_one_auto_per_deadline on supervision_orders (case_id, for_deadline_at);
-- What the escalation sweep looks for: unanswered, overdue, below the city.
create index supervision_orders_escalation_due_idx on supervision_orders (due_at)
  where status in ('open', 'escalated') and length(level_code) > 4;

-- Leaders' instructions (批示) on a case: append-only, one ledger event each.
create table case_instructions (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  seq integer not null,
  author_id uuid not null references users (id),
  author_unit_id uuid references units (id),
  text text not null,
  created_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create index case_instructions_case_idx on case_instructions (case_id, created_at);

-- Live updates: every ledger event notifies the server processes listening on this schema's
-- channel, at COMMIT (a rolled-back transaction notifies nothing). The payload carries ids only;
-- each process loads what its connected users may see.
create function yimen_case_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('yimen_live_' || current_schema(),
    json_build_object('k', 'e', 'c', new.case_id, 's', new.seq, 'a', new.action, 't', new.to_state)::text);
  return null;
end $$;

create trigger case_events_notify_trg
  after insert on case_events
  for each row execute function yimen_case_event_notify();
