-- Issue 4a: the resident's phone check (一次性验证码), notifications (SMS, e-mail, webhooks, the
-- staff bell) and webhook subscriptions.

-- One-time codes. The code is stored as a keyed HMAC, the phone as its blind index; rate limits
-- count these rows (per phone, per address), so they hold across server processes.
create table resident_otps (
  id uuid primary key,
  phone_bidx text not null,
  code_hmac text not null,
  ip text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  attempts integer not null default 0 check (attempts >= 0),
  used_at timestamptz
);
create index resident_otps_phone_idx on resident_otps (phone_bidx, created_at);
create index resident_otps_ip_idx on resident_otps (ip, created_at) where ip is not null;
create index resident_otps_created_idx on resident_otps (created_at);

-- Outgoing messages (SMS, e-mail, webhook calls). A row exists iff the change that caused it
-- committed (inserted in that transaction, with its pg-boss job); the unique dedupe key makes
-- enqueueing idempotent and is handed to the provider, so a retry after a crash is recognisable.
-- Recipient and parameters (a phone, a one-time code) are sealed with the PII key.
create table notifications (
  id uuid primary key,
  dedupe_key text not null unique,
  channel text not null check (channel in ('sms', 'email', 'webhook')),
  template text not null,
  -- SMS: blind index of the phone (the development outbox looks messages up by phone)
  to_bidx text,
  sealed bytea not null,
  case_id uuid,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  last_error text,
  provider text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index notifications_to_idx on notifications (to_bidx, created_at) where to_bidx is not null;
create index notifications_case_idx on notifications (case_id) where case_id is not null;

-- The staff bell: a notification for one user or for everyone of one unit; read marks per user.
create table staff_notifications (
  id uuid primary key,
  dedupe_key text not null unique,
  user_id uuid references users (id),
  unit_id uuid references units (id),
  kind text not null,
  case_id uuid,
  params jsonb not null default '{}',
  created_at timestamptz not null,
  check ((user_id is null) <> (unit_id is null))
);
create index staff_notifications_user_idx on staff_notifications (user_id, created_at) where user_id is not null;
create index staff_notifications_unit_idx on staff_notifications (unit_id, created_at) where unit_id is not null;

create table staff_notification_reads (
  notification_id uuid not null references staff_notifications (id) on delete cascade,
  user_id uuid not null references users (id),
  read_at timestamptz not null,
  primary key (user_id, notification_id)
);

-- Webhook subscribers (sys_admin): the case events they chose, optionally within a region prefix.
-- The signing secret is sealed with the PII key (it must be read back to sign).
create table webhook_subscriptions (
  id uuid primary key,
  name text not null,
  url text not null,
  secret_enc bytea not null,
  events jsonb not null,
  region_prefix text not null default '',
  active boolean not null default true,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
