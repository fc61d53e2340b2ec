-- Issue 10: the resident's personal-information rights (PIPL arts. 45–47). A phone-verified
-- resident asks to correct or delete what Yimen holds about them; the security administrator
-- reviews within 15 working days. A party of a case under legal retention is not deleted but
-- restricted (停止处理): kept, and left out of repeat matching and lookups by phone or ID number.

create table pi_requests (
  id uuid primary key,
  -- whose request: the blind index of the verified phone (no clear phone is stored here)
  phone_bidx text not null,
  kind text not null check (kind in ('correction', 'deletion')),
  -- the responsible center's place (the case's region); null for a deletion of the resident's
  -- channel traces alone, which needs no review
  region_code text,
  case_id uuid,
  party_id uuid,
  field text check (field in ('phone', 'id_number', 'address')),
  -- the corrected value, sealed as the field itself until it is applied or rejected
  new_value_enc bytea,
  new_value_masked text,
  reason text not null check (length(reason) between 1 and 500),
  status text not null default 'pending'
    check (status in ('pending', 'completed', 'restricted', 'rejected')),
  due_at timestamptz not null,
  created_at timestamptz not null,
  decided_at timestamptz,
  decided_by uuid references users (id),
  decision_note text check (length(decision_note) <= 500),
  retained_until timestamptz,
  check ((kind = 'correction') = (field is not null)),
  check (kind <> 'correction' or (party_id is not null and new_value_masked is not null)),
  check ((status = 'pending') = (decided_at is null))
);
create index pi_requests_phone_idx on pi_requests (phone_bidx, created_at);
create index pi_requests_region_idx on pi_requests (region_code text_pattern_ops, status, created_at);

-- 停止处理: a restricted party stays with its case until the retention ends, but no repeat
-- warning, lookup or search by phone or ID number finds it any more.
alter table parties add column restricted_at timestamptz;
alter table parties add column retained_until timestamptz;
