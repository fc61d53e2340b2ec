// The periodic statistics report's use cases: made on demand for a region and period the caller may
// see (the dashboard roles within their scope, as the dashboards), the stored ones listed and
// downloaded by scope; every file that leaves is audited as an export.
import path from 'node:path';
import { dayNumber } from '../../../core/analytics/periods.js';
import { reportPeriodOf, type ReportPeriodKind } from '../../../core/analytics/report-periods.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { mayReadDashboards } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import { openStoredFile } from '../../files/file-store.js';
import { HttpError, badRequest, notFound } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { dashboardRegion } from '../analytics/analytics-access.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { buildStatisticsReport } from './statistics-report.js';
import { periodName, reportLayout, reportTitle } from './statistics-layout.js';
import { statisticsPdf } from './statistics-pdf.js';
import { statisticsXlsx } from './statistics-xlsx.js';
import * as q from './statistics-reports.queries.js';

export type ReportFormat = 'xlsx' | 'pdf';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

type Staff = Extract<AuthContext, { kind: 'staff' }>;

/** The dashboard roles only (analytics.forbidden otherwise, as the dashboards answer). */
function reportReader(auth: AuthContext): Staff {
  if (auth.kind !== 'staff' || !mayReadDashboards(auth.user.role)) {
    throw new HttpError(403, 'analytics.forbidden');
  }
  return auth;
}

/** The period of the kind holding `date` (default today); 400 for an impossible or future day. */
export function requestedPeriod(now: Date, kind: ReportPeriodKind, date: string | undefined) {
  const today = cstDayOf(now);
  const day = date ?? today;
  if (dayNumber(day) === null) throw badRequest('analytics.bad_day', { value: day });
  const period = reportPeriodOf(kind, day);
  if (period.from > today) throw badRequest('reports.future_period', { value: day });
  return period;
}

/** An ASCII name for old clients and the report's title (RFC 5987) for the others. */
export function contentDisposition(asciiName: string, title: string, format: ReportFormat): string {
  return `attachment; filename="${asciiName}.${format}"; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`;
}

export interface ReportFile {
  bytes: Buffer;
  contentType: string;
  disposition: string;
}

/** Makes the report of a region and period now, in the caller's language; audited as an export. */
export async function exportStatisticsReport(
  deps: AppDeps,
  auth: AuthContext,
  query: { region?: string; period: ReportPeriodKind; date?: string },
  opts: { format: ReportFormat; lang: Lang; ip: string | null },
): Promise<ReportFile> {
  const staff = reportReader(auth);
  const region = await dashboardRegion(deps, staff, query.region);
  const period = requestedPeriod(deps.clock(), query.period, query.date);
  const report = await buildStatisticsReport(deps, region, period);
  const layout = reportLayout(opts.lang, report);
  const bytes =
    opts.format === 'xlsx'
      ? await statisticsXlsx(opts.lang, layout, report.generatedAt)
      : await statisticsPdf(opts.lang, layout, report.generatedAt);
  await recordAudit(deps.db.kysely, deps.newId(), {
    at: report.generatedAt,
    actorId: staff.user.id,
    actorRole: staff.user.role,
    actorLabel: staff.user.username,
    ip: opts.ip,
    action: 'report.export',
    targetType: 'statistics_report',
    targetId: region.code,
    result: 'success',
    detail: { format: opts.format, region: region.code, kind: period.kind, from: period.from, to: period.to },
  });
  return {
    bytes,
    contentType: CONTENT_TYPES[opts.format],
    disposition: contentDisposition(
      `statistics-${region.code}-${period.kind}-${period.from}`,
      layout.title,
      opts.format,
    ),
  };
}

/** The stored (scheduled) reports under a region the caller may see, newest period first. */
export async function listStatisticsReports(
  deps: AppDeps,
  auth: AuthContext,
  query: { region?: string; kind?: ReportPeriodKind; limit?: number; offset?: number },
  lang: Lang,
) {
  const staff = reportReader(auth);
  const region = await dashboardRegion(deps, staff, query.region);
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const rows = await q.listReports(deps.db.kysely, {
    prefix: region.code,
    kind: query.kind,
    limit: limit + 1,
    offset,
  });
  return {
    items: rows.slice(0, limit).map((r) => ({
      id: r.id,
      regionCode: r.region_code,
      regionName: r.region_name,
      regionLevel: r.region_level,
      periodKind: r.period_kind,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      periodName: periodName(lang, { kind: r.period_kind, from: r.period_start, to: r.period_end }),
      lang: r.lang,
      generatedAt: r.generated_at.toISOString(),
      xlsxBytes: r.xlsx_bytes,
      pdfBytes: r.pdf_bytes,
    })),
    nextOffset: rows.length > limit ? offset + limit : null,
  };
}

/**
 * A stored report's file as a stream. 404 when there is none or it lies outside the caller's scope
 * (its existence does not leak); audited as an export.
 */
export async function statisticsReportFile(
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  opts: { format: ReportFormat; ip: string | null },
) {
  const staff = reportReader(auth);
  const row = await q.getReport(deps.db.kysely, id);
  if (!row || !row.region_code.startsWith(staff.user.scopeCode)) throw notFound();
  await recordAudit(deps.db.kysely, deps.newId(), {
    at: deps.clock(),
    actorId: staff.user.id,
    actorRole: staff.user.role,
    actorLabel: staff.user.username,
    ip: opts.ip,
    action: 'report.download',
    targetType: 'statistics_report',
    targetId: row.id,
    result: 'success',
    detail: { format: opts.format, region: row.region_code, kind: row.period_kind, from: row.period_start },
  });
  const key = opts.format === 'xlsx' ? row.xlsx_key : row.pdf_key;
  return {
    stream: openStoredFile(path.join(deps.config.dataDir, key)),
    contentType: CONTENT_TYPES[opts.format],
    size: opts.format === 'xlsx' ? row.xlsx_bytes : row.pdf_bytes,
    disposition: contentDisposition(
      `statistics-${row.region_code}-${row.period_kind}-${row.period_start}`,
      reportTitle(row.lang, row.region_name, {
        kind: row.period_kind,
        from: row.period_start,
        to: row.period_end,
      }),
      opts.format,
    ),
  };
}
