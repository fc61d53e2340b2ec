-- Stationing of departments at centers (进驻): rotation rosters (轮驻) with per-day overrides, the
-- on-call contacts (随叫随驻) with their response time, and the calls a center makes to them.

-- A center's rotation roster. slots is a JSON array of arrays of unit ids: for 'cycle' one slot per
-- working day in turn from anchor_day, for 'weekly' seven slots, Monday first.
create table duty_rosters (
  id uuid primary key,
  center_id uuid not null references units (id),
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('cycle', 'weekly')),
  anchor_day text not null check (anchor_day ~ '^\d{4}-\d{2}-\d{2}$'),
  slots jsonb not null,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index duty_rosters_center_idx on duty_rosters (center_id) where active;

-- One day's explicit assignment of a roster (swap, holiday duty); an empty array means nobody.
create table duty_roster_overrides (
  roster_id uuid not null references duty_rosters (id),
  day text not null check (day ~ '^\d{4}-\d{2}-\d{2}$'),
  unit_ids jsonb not null,
  updated_at timestamptz not null,
  primary key (roster_id, day)
);

-- Whom a center calls for an on-call department, and how many working minutes it has to answer.
-- The phone is personal data: encrypted, shown masked.
create table on_call_contacts (
  center_id uuid not null references units (id),
  unit_id uuid not null references units (id),
  contact_name text not null check (length(contact_name) between 1 and 50),
  phone_enc bytea not null,
  phone_masked text not null,
  response_minutes integer not null check (response_minutes between 1 and 10080),
  updated_at timestamptz not null,
  primary key (center_id, unit_id)
);

-- A center's call to an on-call department, for a case or a walk-in resident.
-- open → acknowledged → arrived; open → missed (the sweep, past due_at; a late answer still moves it
-- on and keeps missed_at).
create table on_call_calls (
  id uuid primary key,
  center_id uuid not null references units (id),
  unit_id uuid not null references units (id),
  case_id uuid,
  note text check (length(note) <= 500),
  called_by uuid not null references users (id),
  called_at timestamptz not null,
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'arrived', 'missed')),
  acknowledged_at timestamptz,
  acknowledged_by uuid references users (id),
  arrived_at timestamptz,
  missed_at timestamptz,
  check (status <> 'missed' or missed_at is not null),
  check (status not in ('acknowledged', 'arrived') or acknowledged_at is not null),
  check (status <> 'arrived' or arrived_at is not null)
);
-- the sweep's work list: unanswered calls by deadline
create index on_call_calls_due_idx on on_call_calls (due_at, id) where status = 'open';
create index on_call_calls_center_idx on on_call_calls (center_id, called_at);
create index on_call_calls_unit_idx on on_call_calls (unit_id, called_at);

-- Queue numbers (叫号) for walk-in residents at a center's window: numbered per center per CST day
-- from 1, taken through an upsert on the counter row so that concurrent takers never share a number.
create table queue_counters (
  center_id uuid not null references units (id),
  day text not null,
  last_no integer not null,
  primary key (center_id, day)
);

-- waiting → called → served | skipped (a skipped number may be called again)
create table queue_tickets (
  id uuid primary key,
  center_id uuid not null references units (id),
  day text not null check (day ~ '^\d{4}-\d{2}-\d{2}$'),
  number integer not null check (number > 0),
  -- the stationed department the resident asks for, if any
  unit_id uuid references units (id),
  status text not null default 'waiting' check (status in ('waiting', 'called', 'served', 'skipped')),
  taken_at timestamptz not null,
  taken_by uuid references users (id),
  called_at timestamptz,
  called_by uuid references users (id),
  finished_at timestamptz,
  unique (center_id, day, number),
  check (status = 'waiting' or called_at is not null),
  check (status not in ('served', 'skipped') or finished_at is not null)
);
create index queue_tickets_waiting_idx on queue_tickets (center_id, day, number) where status = 'waiting';

-- Appointments of residents with a department stationed at a center, on a day it is on duty there
-- (permanent: any working day; rotation: the days a roster names it). The phone is personal data.
create table appointments (
  id uuid primary key,
  center_id uuid not null references units (id),
  unit_id uuid not null references units (id),
  day text not null check (day ~ '^\d{4}-\d{2}-\d{2}$'),
  time_slot text not null check (time_slot ~ '^([01]\d|2[0-3]):[0-5]\d$'),
  resident_name text not null check (length(resident_name) between 1 and 50),
  phone_enc bytea not null,
  phone_masked text not null,
  phone_bidx text not null,
  topic text check (length(topic) <= 200),
  status text not null default 'booked' check (status in ('booked', 'cancelled')),
  created_by uuid not null references users (id),
  created_at timestamptz not null
);
-- one resident per department and slot
create unique index appointments_slot_idx on appointments (unit_id, day, time_slot) where status = 'booked';
create index appointments_center_day_idx on appointments (center_id, day);
