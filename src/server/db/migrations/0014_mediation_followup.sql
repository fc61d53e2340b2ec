-- Mediation, the rest of issue 7: the mediators of each organization (名册: specialties, contact,
-- active or not), the performance of agreements (履行: terms with due days, reminders, performed or
-- breached) and referrals for judicial confirmation (司法确认) to a court.

-- Mediators of an organization, with an account (user_id: they log in and may lead a team) or
-- without (a village mediator who never logs in, put on teams by name). Specialties are category
-- codes (labor = 劳动争议 …). The phone is personal data: encrypted, shown masked. An inactive
-- mediator is neither suggested nor put on a new team; the account itself is the security
-- administrator's.
create table mediators (
  id uuid primary key,
  org_unit_id uuid not null references units (id),
  user_id uuid unique references users (id),
  name text not null check (length(name) between 1 and 50),
  specialties jsonb not null default '[]',
  phone_enc bytea,
  phone_masked text,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((phone_enc is null) = (phone_masked is null)),
  check (jsonb_typeof(specialties) = 'array')
);
create index mediators_org_idx on mediators (org_unit_id);

-- a team member taken from the roster (so that account-less mediators count in the workload)
alter table mediation_members add column mediator_id uuid references mediators (id);
create index mediation_members_mediator_idx on mediation_members (mediator_id) where mediator_id is not null;

-- statistics per organization over a period
create index case_mediations_org_idx on case_mediations (org_unit_id, assigned_at);

-- The terms of an agreement that oblige a party, each with its due day, and what became of it.
-- pending → performed | breached; breached → performed (late). The reminder columns make the
-- sweep idempotent: each reminder goes out once.
create table agreement_terms (
  county_code text not null,
  id uuid not null,
  agreement_id uuid not null references mediation_agreements (id),
  case_id uuid not null,
  n integer not null check (n > 0),
  text text not null,
  due_day text not null check (due_day ~ '^\d{4}-\d{2}-\d{2}$'),
  status text not null default 'pending' check (status in ('pending', 'performed', 'breached')),
  status_note text check (length(status_note) <= 1000),
  status_at timestamptz,
  status_by uuid references users (id),
  reminded_before_at timestamptz,
  reminded_due_at timestamptz,
  created_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id),
  unique (agreement_id, n),
  check ((status = 'pending') = (status_at is null))
);
create unique index agreement_terms_id_idx on agreement_terms (id);
create index agreement_terms_case_idx on agreement_terms (case_id);
-- the reminder sweep's work list: pending terms by due day
create index agreement_terms_due_idx on agreement_terms (due_day, id) where status = 'pending';

-- Referrals of an agreement for judicial confirmation to a court unit (a 法院 department or a
-- people's tribunal): referred → accepted → confirmed | rejected; withdrawn before a decision.
create table judicial_confirmations (
  county_code text not null,
  id uuid not null,
  case_id uuid not null,
  agreement_id uuid not null references mediation_agreements (id),
  court_unit_id uuid not null references units (id),
  status text not null check (status in ('referred', 'accepted', 'confirmed', 'rejected', 'withdrawn')),
  note text check (length(note) <= 1000),
  ruling_no text check (length(ruling_no) <= 100),
  result_note text check (length(result_note) <= 1000),
  referred_by uuid not null references users (id),
  referred_at timestamptz not null,
  decided_at timestamptz,
  updated_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, case_id) references cases (county_code, id),
  check ((status in ('confirmed', 'rejected', 'withdrawn')) = (decided_at is not null))
);
create unique index judicial_confirmations_id_idx on judicial_confirmations (id);
create index judicial_confirmations_case_idx on judicial_confirmations (case_id);
create index judicial_confirmations_court_idx on judicial_confirmations (court_unit_id, referred_at);
-- one live referral per agreement at a time
create unique index judicial_confirmations_live_idx on judicial_confirmations (agreement_id)
  where status in ('referred', 'accepted', 'confirmed');
