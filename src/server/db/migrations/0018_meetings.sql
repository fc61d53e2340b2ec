-- Weekly meetings (工作例会, issue 8): a center's meeting for a week, whose situation report
-- (情况报告) is read live from the dashboards' figures, warnings, supervision and scorecards; and
-- the meeting's decisions, each a task on one case for a responsible unit, recorded on the case's
-- ledger (meeting_decision, meeting_decision_done) and marked done by that unit.

create table meetings (
  id uuid primary key,
  county_code text not null,
  -- the holding center's region: the report's area, and the scope test of who may read it
  region_code text not null references regions (code),
  unit_id uuid references units (id),
  -- the Monday of the week the report covers (CST)
  week_start text not null check (week_start ~ '^\d{4}-\d{2}-\d{2}$'),
  held_at timestamptz not null,
  place text not null check (length(place) between 1 and 200),
  -- [{name, userId?}]: accounts, or free text for people without one
  attendees jsonb not null,
  notes text check (length(notes) <= 4000),
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index meetings_region_idx on meetings (region_code text_pattern_ops, week_start, id);

create table meeting_decisions (
  id uuid primary key,
  county_code text not null,
  meeting_id uuid not null references meetings (id),
  case_id uuid not null,
  -- the ledger event that recorded it
  seq integer not null,
  unit_id uuid not null references units (id),
  assignee_id uuid references users (id),
  text text not null check (length(text) between 1 and 2000),
  -- the last CST day to carry it out (YYYY-MM-DD): overdue from the day after, while open
  due_on text not null check (due_on ~ '^\d{4}-\d{2}-\d{2}$'),
  status text not null default 'open' check (status in ('open', 'done')),
  done_at timestamptz,
  done_by uuid references users (id),
  done_note text check (length(done_note) <= 2000),
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (status = 'open' or (done_at is not null and done_note is not null)),
  foreign key (county_code, case_id) references cases (county_code, id)
);
create index meeting_decisions_meeting_idx on meeting_decisions (meeting_id, id);
create index meeting_decisions_case_idx on meeting_decisions (case_id, id);
create index meeting_decisions_unit_idx on meeting_decisions (unit_id, status, due_on);
create index meeting_decisions_open_due_idx on meeting_decisions (due_on) where status = 'open';
