-- The periodic statistics reports (定期统计报表, issue 8) that the schedule generates for each
-- center's region once its week, month, quarter or year has ended: one row per region, kind and
-- period, naming its two stored files (paths under the data folder). A stored report is what was
-- sent upward: it is written once and never regenerated in place.
create table statistics_reports (
  id uuid primary key,
  region_code text not null references regions (code),
  period_kind text not null check (period_kind in ('week', 'month', 'quarter', 'year')),
  period_start date not null,
  period_end date not null,
  lang text not null check (lang in ('zh-CN', 'en')),
  generated_at timestamptz not null,
  xlsx_key text not null,
  xlsx_bytes integer not null check (xlsx_bytes > 0),
  xlsx_sm3 text not null,
  pdf_key text not null,
  pdf_bytes integer not null check (pdf_bytes > 0),
  pdf_sm3 text not null,
  check (period_end >= period_start),
  unique (region_code, period_kind, period_start)
);
-- the list of a scope: a prefix range of region codes, newest periods first
create index statistics_reports_region_idx on statistics_reports (region_code text_pattern_ops, period_start desc);
