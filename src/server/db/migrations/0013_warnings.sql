-- Analysis and early warning (研判预警, issue 8): the keys that find a returning person or place
-- without clear personal data, the warnings (预警) with their trail, and the weekly quality
-- call-backs (抽查回访).

-- Repeat keys, HMAC-SM3 blind indexes like phone_bidx: a person's name by its pinyin (张伟, 张玮 and
-- "ZHANG Wei" all index as zhangwei), and addresses in normalized form. '' marks a row that has
-- nothing to index (an organization, a name without pinyin), so the backfill does not visit it again.
alter table parties add column name_pinyin_bidx text;
alter table parties add column address_bidx text;
alter table cases add column address_bidx text;
create index parties_name_pinyin_bidx_idx on parties (name_pinyin_bidx);
create index parties_address_bidx_idx on parties (address_bidx);
create index cases_address_bidx_idx on cases (address_bidx);
-- the spike sweep counts the cases of the last nine weeks by township and category
create index cases_created_at_idx on cases (created_at);

-- A warning: something a level must look at now. One row per subject (subject_key: a case, a
-- person, a township x category x week); a later sighting of the same subject updates it (and
-- reopens it when it was handled, for a returning person) instead of raising a second one.
-- open -> acknowledged -> handled (with a note); every step is in warning_events.
create table warnings (
  id uuid primary key,
  county_code text not null,
  kind text not null check (kind in ('high_risk', 'repeat', 'spike', 'stuck')),
  subject_key text not null,
  severity text not null check (severity in ('red', 'orange', 'yellow')),
  -- where it happened (scope checks are prefix tests on it) and the level that must act on it
  region_code text not null references regions (code),
  level_code text not null references regions (code),
  -- the center at that level
  unit_id uuid references units (id),
  -- the case it is about, if one (a spike is about many)
  case_id uuid,
  category_code text references categories (code),
  -- why: [{code, level, words?, params?}], codes translated by the console; never personal data
  reasons jsonb not null,
  -- the facts behind it: case ids, counts, the statistic; never personal data
  evidence jsonb not null,
  occurrences integer not null default 1 check (occurrences >= 1),
  status text not null default 'open' check (status in ('open', 'acknowledged', 'handled')),
  raised_at timestamptz not null,
  last_raised_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by uuid references users (id),
  handled_at timestamptz,
  handled_by uuid references users (id),
  handled_note text check (length(handled_note) <= 1000),
  version integer not null default 1,
  updated_at timestamptz not null,
  check (status = 'open' or acknowledged_at is not null),
  check (status <> 'handled' or (handled_at is not null and handled_note is not null)),
  check (region_code like level_code || '%')
);
create unique index warnings_subject_idx on warnings (subject_key);
create index warnings_region_idx on warnings (region_code text_pattern_ops, id);
create index warnings_open_region_idx on warnings (region_code text_pattern_ops, kind) where status <> 'handled';
create index warnings_case_idx on warnings (case_id);

-- The trail of each warning: raised, updated (new evidence), reopened, acknowledged, handled.
-- Append-only (the app role may not update or delete, roles.ts).
create table warning_events (
  id uuid primary key,
  warning_id uuid not null references warnings (id),
  at timestamptz not null,
  action text not null check (action in ('raised', 'updated', 'reopened', 'acknowledged', 'handled')),
  actor_id uuid references users (id),
  note text check (length(note) <= 1000),
  detail jsonb not null default '{}'::jsonb
);
create index warning_events_warning_idx on warning_events (warning_id, at);

-- Each county's weekly sample of concluded cases: how many concluded that week, how many were
-- drawn and under which seed, so the draw can be repeated and checked.
create table quality_samples (
  county_code text not null,
  week_start text not null check (week_start ~ '^\d{4}-\d{2}-\d{2}$'),
  population integer not null check (population >= 0),
  sample_size integer not null check (sample_size >= 0 and sample_size <= population),
  seed text not null,
  created_at timestamptz not null,
  primary key (county_code, week_start)
);

-- One independent call-back (抽查回访) of a sampled case by someone who did not handle it.
-- pending -> done (reached: satisfaction and whether the problem needs the case reopened) or
-- unreachable (tried, nobody answered).
create table quality_checks (
  id uuid primary key,
  county_code text not null,
  case_id uuid not null,
  week_start text not null check (week_start ~ '^\d{4}-\d{2}-\d{2}$'),
  region_code text not null references regions (code),
  concluded_at timestamptz not null,
  assigned_to uuid not null references users (id),
  status text not null default 'pending' check (status in ('pending', 'done', 'unreachable')),
  satisfaction text check (satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
  reopen_needed boolean,
  note text check (length(note) <= 1000),
  recorded_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  foreign key (county_code, case_id) references cases (county_code, id),
  check ((status = 'done') = (satisfaction is not null and reopen_needed is not null)),
  check ((status = 'pending') = (recorded_at is null))
);
create unique index quality_checks_case_week_idx on quality_checks (case_id, week_start);
create index quality_checks_assignee_idx on quality_checks (assigned_to, status, id);
create index quality_checks_region_idx on quality_checks (region_code text_pattern_ops, concluded_at);
