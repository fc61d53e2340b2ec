-- Issue 10 (trust): a second factor (TOTP) per account, the password history, an id per session
-- (so a user can list and end their sessions), the seal chain of the audit log, and a trigger that
-- refuses to rewrite or delete history whatever the grants say.

-- TOTP: the secret is encrypted with the personal-data key (SM4 + HMAC-SM3, src/server/crypto);
-- totp_pending holds a secret being enrolled until a first code confirms it. totp_last_step is the
-- 30-second step of the last code accepted: a code is good once (RFC 6238 §5.2).
alter table users add column totp_secret bytea;
alter table users add column totp_pending bytea;
alter table users add column totp_enabled_at timestamptz;
alter table users add column totp_last_step bigint;

-- The last password hashes of each account, so a change cannot go back to one of them.
create table password_history (
  id uuid primary key,
  user_id uuid not null references users (id),
  password_hash text not null,
  replaced_at timestamptz not null
);
create index password_history_user_idx on password_history (user_id, replaced_at desc);

-- A stable public id per session (the token's digest stays the key and is never shown).
alter table sessions add column id uuid not null default gen_random_uuid();
create unique index sessions_id_idx on sessions (id);

-- The audit log's seal chain. Audit rows are written in the transactions they audit (no lock
-- shared between them); a sealer appends them here in one order, each link the SM3 digest of the
-- previous link's hash and the row's canonical form, so any later change, removal or reordering of
-- a sealed row breaks the chain (yimen verify-audit).
-- recorded_at is the database's clock at insert (one clock, whatever the servers' clocks say): the
-- sealer looks for unsealed rows by it.
alter table audit_log add column recorded_at timestamptz not null default now();
create index audit_log_recorded_idx on audit_log (recorded_at);

create table audit_chain (
  seq bigint primary key,
  audit_id uuid not null unique,
  prev_hash text not null,
  hash text not null,
  sealed_at timestamptz not null
);

-- History is appended, never rewritten: UPDATE, DELETE and TRUNCATE on an append-only table are
-- refused for every role, the server's and a superuser's alike (grants alone do not bind a
-- superuser, and on the embedded engine everyone is one). The owner may repair in a maintenance
-- session (SET yimen.maintenance = 'on'); even then no audit record younger than 180 days can be
-- deleted. A statement trigger refuses even when no row matches; a row trigger also guards each
-- partition of a partitioned table read directly.
create function yimen_refuse_rewrite() returns trigger language plpgsql as $$
declare
  owner_ok boolean;
begin
  select pg_has_role(current_user, c.relowner, 'MEMBER') into owner_ok from pg_class c where c.oid = tg_relid;
  if coalesce(current_setting('yimen.maintenance', true), '') = 'on' and owner_ok then
    if tg_level = 'ROW' then
      if tg_op = 'DELETE' then
        if tg_table_name like 'audit\_log%' then
          if old.at > now() - interval '180 days' then
            raise exception 'audit records are kept at least 180 days' using errcode = '42501';
          end if;
        end if;
        return old;
      end if;
      return new;
    end if;
    return null;
  end if;
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
end;
$$;

-- Puts the triggers on one append-only table; later migrations call it for the tables they add.
create function yimen_protect_append_only(tbl text) returns void language plpgsql as $$
begin
  execute format(
    'create or replace trigger %I before update or delete on %I for each row execute function yimen_refuse_rewrite()',
    tbl || '_append_only_trg', tbl);
  execute format(
    'create or replace trigger %I before update or delete or truncate on %I for each statement execute function yimen_refuse_rewrite()',
    tbl || '_append_only_stmt_trg', tbl);
end;
$$;

select yimen_protect_append_only(t) from unnest(array[
  'case_events', 'audit_log', 'pii_access_log', 'accountability_records', 'case_conclusions',
  'case_instructions', 'grid_report_events', 'key_check', 'audit_chain', 'warning_events'
]) as t;
