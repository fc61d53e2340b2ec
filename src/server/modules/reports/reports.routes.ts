// The periodic statistics report (定期统计报表): made on demand as Excel or PDF for a region and a
// calendar period, and the ones the schedule stored, listed and downloaded. The dashboard roles
// within their scope (as the dashboards); every file is audited as an export.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REPORT_PERIOD_KINDS } from '../../../core/analytics/report-periods.js';
import type { AppDeps } from '../../deps.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, IdParams, Nullable, StringEnum, idOf } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import {
  exportStatisticsReport,
  listStatisticsReports,
  statisticsReportFile,
  type ReportFormat,
} from './statistics-reports.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const tags = ['reports'];
const RegionCode = Type.String({ pattern: '^[0-9]{2,15}$' });
const Kind = StringEnum(REPORT_PERIOD_KINDS);

const ReportQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    period: Type.Optional(Kind),
    date: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'a CST day (default today): the report covers the period holding it',
      }),
    ),
  },
  { additionalProperties: false },
);
type ReportQueryT = Static<typeof ReportQuery>;

const ListQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    kind: Type.Optional(Kind),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

const StoredReport = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  regionLevel: Type.String(),
  periodKind: Kind,
  periodStart: Type.String(),
  periodEnd: Type.String(),
  periodName: Type.String(),
  lang: Type.String(),
  generatedAt: Type.String(),
  xlsxBytes: Type.Integer(),
  pdfBytes: Type.Integer(),
});

export async function reportsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  for (const format of ['xlsx', 'pdf'] as const satisfies readonly ReportFormat[]) {
    app.get(
      `/reports/statistics.${format}`,
      {
        schema: {
          tags,
          summary: `The periodic statistics report of a region and a week, month, quarter or year as ${format === 'xlsx' ? 'Excel' : 'PDF'}, in the request's language; audited`,
          querystring: ReportQuery,
          produces: [format === 'xlsx' ? 'application/octet-stream' : 'application/pdf'],
          response: errors,
        },
      },
      async (req, reply) => {
        const qs = req.query as ReportQueryT;
        const file = await exportStatisticsReport(
          deps,
          requireStaffOnly(req),
          { region: qs.region, period: qs.period ?? 'month', date: qs.date },
          { format, lang: langOf(req), ip: requestMeta(req).ip },
        );
        return reply
          .type(file.contentType)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', file.disposition)
          .send(file.bytes);
      },
    );
  }

  app.get(
    '/reports',
    {
      schema: {
        tags,
        summary:
          'The statistics reports the schedule stored for regions under the caller’s scope, newest first',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(StoredReport), nextOffset: Nullable(Type.Integer()) }),
          ...errors,
        },
      },
    },
    async (req) =>
      listStatisticsReports(deps, requireStaffOnly(req), req.query as Static<typeof ListQuery>, langOf(req)),
  );

  app.get(
    '/reports/:id/file',
    {
      schema: {
        tags,
        summary: 'A stored statistics report’s Excel or PDF file; audited',
        params: IdParams,
        querystring: Type.Object(
          { format: Type.Optional(StringEnum(['xlsx', 'pdf'] as const)) },
          { additionalProperties: false },
        ),
        response: errors,
      },
    },
    async (req, reply) => {
      const format = (req.query as { format?: ReportFormat }).format ?? 'xlsx';
      const file = await statisticsReportFile(deps, requireStaffOnly(req), idOf(req), {
        format,
        ip: requestMeta(req).ip,
      });
      return reply
        .type(file.contentType)
        .header('cache-control', 'private, no-store')
        .header('content-length', String(file.size))
        .header('content-disposition', file.disposition)
        .send(file.stream);
    },
  );
}
