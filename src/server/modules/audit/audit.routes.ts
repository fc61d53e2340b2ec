import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, Nullable, StringEnum } from '../../http/schemas.js';
import { requireAdministrator } from '../admin/admin-guard.js';
import { requestMeta } from '../auth/auth.plugin.js';
import { refuseAboveThreshold } from '../export-requests/export-gate.js';
import { verifyAuditLog } from './audit-chain.service.js';
import { countAuditEntries } from './audit-review.service.js';
import { AUDIT_EXPORT_CAP, exportAuditCsv, type AuditExportFilter } from './audit-export.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody };

/** The audit search's filters; an export request (modules/export-requests) stores the same. */
export const AuditExportQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    result: Type.Optional(StringEnum(['success', 'failure', 'denied'] as const)),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

/**
 * The audit administrator's export and verification of the audit log (三员分立: no one else reads
 * it). There is no route that changes or deletes an audit record: retention (≥ 180 days) is by
 * design, and the database refuses UPDATE and DELETE besides (migration 0015).
 */
export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/admin/audit/export.csv',
    {
      schema: {
        tags: ['admin'],
        summary: `The audit log filtered as in the search, as CSV (at most ${AUDIT_EXPORT_CAP} rows); the export is audited. Above the export-approval threshold: 409 export.approval_required (file POST /api/admin/audit/export-requests)`,
        querystring: AuditExportQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const auth = await requireAdministrator(req, deps, 'audit_admin');
      const filter = req.query as AuditExportFilter;
      await refuseAboveThreshold(deps, {
        user: auth.user,
        ip: requestMeta(req).ip,
        action: 'audit.export',
        rows: await countAuditEntries(deps, filter),
      });
      const { csv, rows, capped } = await exportAuditCsv(deps, auth.user, filter, {
        ip: requestMeta(req).ip,
        lang: langOf(req) === 'en' ? 'en' : 'zh-CN',
      });
      const stamp = deps.clock().toISOString().slice(0, 10);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="audit-${stamp}.csv"`);
      reply.header('cache-control', 'no-store');
      reply.header('x-export-rows', String(rows));
      if (capped) reply.header('x-export-capped', '1');
      return reply.send(csv);
    },
  );

  app.post(
    '/admin/audit/verify',
    {
      schema: {
        tags: ['admin'],
        summary: 'Seal pending records and re-verify the audit log’s whole hash chain (audit administrator)',
        response: {
          200: Type.Object({
            records: Type.Integer(),
            links: Type.Integer(),
            problem: Nullable(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
            unsealed: Type.Integer(),
            ok: Type.Boolean(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      await requireAdministrator(req, deps, 'audit_admin', {
        action: 'audit.verify',
        targetType: 'audit_log',
      });
      return verifyAuditLog(deps);
    },
  );
}
