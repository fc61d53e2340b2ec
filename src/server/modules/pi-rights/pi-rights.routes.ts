// The resident's personal-information rights (PIPL arts. 45–47): 我的信息 export and requests
// on the resident channel; their answer by the security administrator within their scope.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { badRequest } from '../../http/errors.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, IdParams, Nullable, StringEnum, Uuid, idOf } from '../../http/schemas.js';
import type { PiRequestStatus } from '../../db/tables.js';
import { requireAdministrator } from '../admin/admin-guard.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import { requireResident } from '../resident/resident.routes.js';
import { renderMyDataPdf } from './my-data-pdf.js';
import { exportMyData } from './my-data.service.js';
import {
  decideRequest,
  fileRequest,
  listOwnRequests,
  listRequestsInScope,
  type NewPiRequest,
} from './pi-requests.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Field = StringEnum(['phone', 'id_number', 'address'] as const);
const Status = StringEnum(['pending', 'completed', 'restricted', 'rejected'] as const);
const OwnRequest = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  caseNo: Nullable(Type.String()),
  field: Nullable(Type.String()),
  newValue: Nullable(Type.String()),
  reason: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  dueAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  retainedUntil: Nullable(Type.String()),
});
const StaffRequest = Type.Intersect([
  OwnRequest,
  Type.Object({
    caseId: Nullable(Type.String()),
    partyName: Nullable(Type.String()),
    currentValue: Nullable(Type.String()),
    workingDaysLeft: Type.Integer(),
  }),
]);

type FiledBody = {
  kind: 'correction' | 'deletion';
  partyId?: string;
  caseId?: string;
  field?: 'phone' | 'id_number' | 'address';
  value?: string;
  reason: string;
};

/** The body as one of the two request shapes, or 400. */
function requestOf(b: FiledBody): NewPiRequest {
  if (b.kind === 'correction') {
    if (!b.partyId || !b.field || b.value === undefined || b.caseId) throw badRequest('pi.bad_request');
    return { kind: 'correction', partyId: b.partyId, field: b.field, value: b.value, reason: b.reason };
  }
  if (b.partyId || b.field || b.value !== undefined) throw badRequest('pi.bad_request');
  return { kind: 'deletion', caseId: b.caseId, reason: b.reason };
}

export async function piRightsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/resident/my-data',
    {
      schema: {
        tags: ['resident'],
        summary:
          '我的信息 (PIPL art. 45): everything held about me as JSON — my cases as any party, my own ' +
          'records in clear, others masked, accepted privacy notices, follow-ups, who viewed my records; audited',
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireResident(req);
      const data = await exportMyData(
        deps,
        { phoneBidx: auth.phoneBidx, ip: requestMeta(req).ip },
        langOf(req),
      );
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', 'attachment; filename="yimen-my-data.json"');
      return data;
    },
  );

  app.get(
    '/resident/my-data.pdf',
    {
      schema: {
        tags: ['resident'],
        summary: '我的信息 as a readable PDF (the same content as the JSON); audited',
        produces: ['application/pdf'],
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireResident(req);
      const lang = langOf(req);
      const data = await exportMyData(
        deps,
        { phoneBidx: auth.phoneBidx, ip: requestMeta(req).ip },
        lang,
        'pdf',
      );
      const pdf = await renderMyDataPdf(data, lang, deps.clock());
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', 'attachment; filename="yimen-my-data.pdf"');
      return reply.type('application/pdf').send(pdf);
    },
  );

  app.get(
    '/resident/pi-requests',
    {
      schema: {
        tags: ['resident'],
        summary: 'My correction and deletion requests and their answers',
        response: { 200: Type.Object({ items: Type.Array(OwnRequest) }), ...errors },
      },
    },
    async (req) => {
      const auth = requireResident(req);
      return { items: await listOwnRequests(deps, auth.phoneBidx) };
    },
  );

  app.post(
    '/resident/pi-requests',
    {
      schema: {
        tags: ['resident'],
        summary:
          'Ask to correct one of my records (partyId, field, value) or delete my data (caseId; without ' +
          'it, the channel traces — codes, their SMS, other sessions — are deleted at once). Due in 15 working days.',
        body: Type.Object(
          {
            kind: StringEnum(['correction', 'deletion'] as const),
            partyId: Type.Optional(Uuid),
            caseId: Type.Optional(Uuid),
            field: Type.Optional(Field),
            value: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: OwnRequest, ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireResident(req);
      const filed = await fileRequest(
        deps,
        { phoneBidx: auth.phoneBidx, tokenHash: auth.tokenHash, ip: requestMeta(req).ip },
        requestOf(req.body as FiledBody),
      );
      return reply.status(201).send(filed);
    },
  );

  app.get(
    '/pi-requests',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Residents’ correction and deletion requests within my scope, soonest due first (security administrator)',
        querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(StaffRequest) }), ...errors },
      },
    },
    async (req) => {
      requireStaffOnly(req);
      const auth = await requireAdministrator(req, deps, 'security_admin');
      const { status } = req.query as { status?: PiRequestStatus };
      return { items: await listRequestsInScope(deps, auth.user, status) };
    },
  );

  app.post(
    '/pi-requests/:id/decision',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Approve (a correction is applied; a deletion restricts records under retention, deletes the rest) ' +
          'or reject with a reason',
        params: IdParams,
        body: Type.Object(
          {
            decision: StringEnum(['approve', 'reject'] as const),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: StaffRequest, ...errors },
      },
    },
    async (req) => {
      requireStaffOnly(req);
      const auth = await requireAdministrator(req, deps, 'security_admin', {
        action: 'pi_request.decide',
        targetType: 'pi_request',
        targetId: idOf(req),
      });
      return decideRequest(
        deps,
        { user: auth.user, ip: requestMeta(req).ip },
        idOf(req),
        req.body as { decision: 'approve' | 'reject'; note?: string },
      );
    },
  );
}
