-- Bulk exports above a threshold need a second approver (双人审批, issue 10). An export whose rows
-- exceed YIMEN_EXPORT_APPROVAL_THRESHOLD is filed here instead of sent: who asks, what (the kind
-- and the export's own query, re-run on download), how many rows it counted and why. Another
-- account of an approving role in scope (src/core/pii/export-approval.ts) approves or rejects it
-- with a reason; the requester alone downloads an approved one within its window, a limited number
-- of times. Every step is also in the audit log.
create table export_requests (
  id uuid primary key,
  kind text not null check (kind in ('cases', 'audit')),
  requester_id uuid not null references users (id),
  -- the requester's role and scope when filing: the approvers' scope must contain it
  requester_role text not null,
  scope_code text not null,
  -- the export's query string as validated by its route (filters only; never a page or a limit)
  filters jsonb not null,
  row_count integer not null check (row_count >= 0),
  reason text not null check (length(reason) between 1 and 500),
  requested_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  -- pending: the decision is due by then; approved: downloads are allowed until then
  expires_at timestamptz not null,
  decided_by uuid references users (id),
  decided_at timestamptz,
  decision_reason text check (decision_reason is null or length(decision_reason) between 1 and 500),
  downloads integer not null default 0 check (downloads >= 0),
  max_downloads integer not null check (max_downloads >= 1),
  last_download_at timestamptz,
  -- the second person is never the first, whatever the application does
  check (decided_by is null or decided_by <> requester_id),
  check ((status = 'pending') = (decided_by is null and decided_at is null and decision_reason is null)),
  check (downloads <= max_downloads),
  check (downloads = 0 or status = 'approved')
);
-- "my requests" newest first; the approvers' pending list by kind and place
create index export_requests_requester_idx on export_requests (requester_id, requested_at desc);
create index export_requests_pending_idx on export_requests (kind, scope_code) where status = 'pending';
