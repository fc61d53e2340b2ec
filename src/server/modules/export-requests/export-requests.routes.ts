import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleMayApproveExports, type ExportKind } from '../../../core/pii/export-approval.js';
import type { Role } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, IdParams, Nullable, StringEnum, idOf } from '../../http/schemas.js';
import { AuditExportQuery } from '../audit/audit.routes.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import { ExportQuery } from '../cases/cases.schemas.js';
import {
  decideExportRequest,
  downloadExportRequest,
  fileExportRequest,
  listExportRequests,
} from './export-requests.service.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
const RequestView = Type.Object({
  id: Type.String(),
  kind: StringEnum(['cases', 'audit'] as const),
  requester: Type.Object({
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    scopeCode: Type.String(),
  }),
  filters: Type.Object({}, { additionalProperties: true }),
  rows: Type.Integer(),
  reason: Type.String(),
  requestedAt: Type.String(),
  status: StringEnum(['pending', 'approved', 'rejected', 'expired', 'used'] as const),
  expiresAt: Type.String(),
  decidedBy: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  downloads: Type.Integer(),
  maxDownloads: Type.Integer(),
});

/**
 * Bulk exports above the threshold (双人审批): the requester files a request with the export's
 * own query string and a reason; a second person of an approving role in scope decides it; the
 * requester alone downloads it while the approval lasts.
 */
export async function exportRequestsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const file = (kind: ExportKind) => async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = requireStaffOnly(req);
    const query = { ...(req.query as Record<string, unknown>) };
    // the audit log only grows: a request without an end is frozen at its filing, so the rows
    // downloaded are the rows approved
    if (kind === 'audit' && !query.to) query.to = deps.clock().toISOString();
    const view = await fileExportRequest(deps, auth, {
      kind,
      query,
      reason: (req.body as { reason: string }).reason,
      ip: requestMeta(req).ip,
    });
    return reply.status(201).send(view);
  };
  const filed = { 201: RequestView, ...errors };

  app.post(
    '/cases/export-requests',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Request an export of the case list above the approval threshold (the export’s query string, a reason); a leader in scope decides',
        querystring: ExportQuery,
        body: ReasonBody,
        response: filed,
      },
    },
    file('cases'),
  );

  app.post(
    '/admin/audit/export-requests',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Request an export of the audit log above the approval threshold (audit administrator); the security administrator decides',
        querystring: AuditExportQuery,
        body: ReasonBody,
        response: filed,
      },
    },
    file('audit'),
  );

  app.get(
    '/export-requests',
    {
      schema: {
        tags: ['export-requests'],
        summary: 'My export requests (box=mine, the default) or those waiting for my decision (box=decide)',
        querystring: Type.Object(
          { box: Type.Optional(StringEnum(['mine', 'decide'] as const)) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(RequestView) }), ...errors },
      },
    },
    async (req) => {
      const auth = requireStaffOnly(req);
      const box = (req.query as { box?: 'mine' | 'decide' }).box ?? 'mine';
      return { items: await listExportRequests(deps, auth, box) };
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/export-requests/:id/${decision}`,
      {
        schema: {
          tags: ['export-requests'],
          summary: `${decision === 'approve' ? 'Approve' : 'Reject'} an export request with a reason (another person than the requester, of an approving role in scope)`,
          params: IdParams,
          body: ReasonBody,
          response: { 200: RequestView, ...errors },
        },
      },
      async (req) => {
        const auth = requireStaffOnly(req);
        if (!roleMayApproveExports(auth.user.role as Role)) throw forbidden();
        return decideExportRequest(deps, auth, {
          id: idOf(req),
          decision,
          reason: (req.body as { reason: string }).reason,
          ip: requestMeta(req).ip,
        });
      },
    );
  }

  app.get(
    '/export-requests/:id/download',
    {
      schema: {
        tags: ['export-requests'],
        summary:
          'Download an approved export request (its requester only, within its window and number of downloads); the rows are counted again',
        params: IdParams,
        produces: ['text/csv'],
        response: errors,
      },
    },
    async (req, reply) => {
      const auth = requireStaffOnly(req);
      const out = await downloadExportRequest(deps, auth, {
        id: idOf(req),
        lang: langOf(req),
        ip: requestMeta(req).ip,
      });
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${out.filename}"`);
      reply.header('cache-control', 'no-store');
      return reply.send(out.body);
    },
  );
}
