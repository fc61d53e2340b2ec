import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Command } from '../../../core/workflow/workflow.js';
import type { AppDeps } from '../../deps.js';
import { HttpError, badRequest } from '../../http/errors.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, IdParams, Uuid } from '../../http/schemas.js';
import { requestMeta, requireAuth } from '../auth/auth.plugin.js';
import { addAttachment, readAttachment } from './attachments.js';
import type { ExportQueryT, ListQueryT, RegisterBodyT, TransitionBodyT } from './cases.schemas.js';
import {
  CaseListItem,
  ExportQuery,
  ListQuery,
  REQUIRED_FIELDS,
  RegisterBody,
  TransitionBody,
  UnmaskBody,
} from './cases.schemas.js';
import { refuseAboveThreshold } from '../export-requests/export-gate.js';
import { EXPORT_CAP, countCaseExport, exportCases } from './export-cases.js';
import { chinaTime } from './export-csv.js';
import { filtersOf } from './list-filters.js';
import { getCaseDetail, listCases } from './read-case.js';
import { knownPartiesRoutes } from './known-parties.js';
import { registerCase, registeredDetail } from './register-case.js';
import { transitionCase } from './transition-case.js';
import { unmaskParty } from './unmask-party.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
// the detail is large and evolves with later issues; documented loosely, serialized as is
const CaseDetail = Type.Object(
  { id: Type.String(), caseNo: Type.String(), version: Type.Integer() },
  { additionalProperties: true },
);

/** Cases: register, list, read, act on, attach files, unmask a party's data. */
export async function casesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await knownPartiesRoutes(app, deps);
  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Register a case (登记). Honours Idempotency-Key: a retried request creates one case.',
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
        }),
        body: RegisterBody,
        response: { 200: CaseDetail, 201: CaseDetail, ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const body = req.body as RegisterBodyT;
      const created = await registerCase(deps, auth, body, {
        ip: requestMeta(req).ip,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      const detail = created.written
        ? await registeredDetail(deps, auth, created.written)
        : await getCaseDetail(deps, auth, created.id);
      if (created.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(created.replayed ? 200 : 201).send(detail);
    },
  );

  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Inbox and search within the caller’s scope; keyset paging by `cursor`',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(CaseListItem),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            total: Type.Optional(Type.Integer({ description: 'with count=true: how many match in all' })),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const qs = req.query as ListQueryT;
      return listCases(
        deps,
        auth,
        { ...filtersOf(qs), after: qs.cursor, limit: qs.limit ?? 20 },
        { count: qs.count === true },
      );
    },
  );

  app.get(
    '/cases/export.csv',
    {
      schema: {
        tags: ['cases'],
        summary: `The filtered list as CSV (UTF-8 with BOM, headers in the request's language), at most ${EXPORT_CAP} rows; audited. Above the export-approval threshold: 409 export.approval_required (file POST /api/cases/export-requests)`,
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: errors,
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const filters = filtersOf(req.query as ExportQueryT);
      const rows = await countCaseExport(deps, auth, filters);
      if (auth.kind === 'staff') {
        await refuseAboveThreshold(deps, {
          user: auth.user,
          ip: requestMeta(req).ip,
          action: 'case.export',
          rows,
        });
      }
      const stream = await exportCases(deps, auth, filters, {
        lang: langOf(req),
        ip: requestMeta(req).ip,
      });
      const stamp = chinaTime(deps.clock()).replace(/[-: ]/g, '');
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="cases-${stamp}.csv"`);
      reply.header('cache-control', 'no-store');
      reply.header('x-export-cap', String(EXPORT_CAP));
      return reply.send(stream);
    },
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'A case: summary, parties (masked), units, timeline',
        params: IdParams,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => getCaseDetail(deps, requireAuth(req), (req.params as { id: string }).id),
  );

  app.post(
    '/cases/:id/transitions',
    {
      schema: {
        tags: ['cases'],
        summary: 'Act on a case (assign, accept, reject, …); `version` must be the one you saw, else 409',
        params: IdParams,
        body: TransitionBody,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const id = (req.params as { id: string }).id;
      const body = req.body as TransitionBodyT;
      for (const field of REQUIRED_FIELDS[body.action]) {
        if (body[field] === undefined) throw badRequest('validation.required', { field });
      }
      const { version, ...rest } = body;
      const done = await transitionCase(deps, {
        auth,
        caseId: id,
        expectedVersion: version,
        command: rest as Exclude<Command, { action: 'register' }>,
        ip: requestMeta(req).ip,
      });
      try {
        return await getCaseDetail(deps, auth, id);
      } catch (err) {
        // e.g. after a transfer the former lead no longer sees the case: say what happened, no more
        if (err instanceof HttpError && err.statusCode === 404) return { ...done, visible: false };
        throw err;
      }
    },
  );

  app.post(
    '/cases/:id/parties/:partyId/unmask',
    {
      schema: {
        tags: ['cases'],
        summary: 'See one personal-data field of a party in clear, with a reason; every call is logged',
        params: Type.Object({ id: Uuid, partyId: Uuid }),
        body: UnmaskBody,
        response: {
          200: Type.Object({ field: Type.String(), value: Type.Union([Type.String(), Type.Null()]) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { id, partyId } = req.params as { id: string; partyId: string };
      const body = req.body as { field: 'phone' | 'id_number' | 'address'; reason: string };
      const value = await unmaskParty(
        deps,
        requireAuth(req),
        { caseId: id, partyId, ...body },
        requestMeta(req).ip,
      );
      return { field: body.field, value };
    },
  );

  app.post(
    '/cases/:id/attachments',
    {
      schema: {
        tags: ['cases'],
        summary: 'Attach a file (multipart field `file`): images, PDF, Office documents',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: {
          201: Type.Object({ id: Type.String(), fileName: Type.String(), sizeBytes: Type.Integer() }),
          ...errors,
          413: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const file = await req.file();
      if (!file) throw badRequest('validation.required', { field: 'file' });
      const saved = await addAttachment(
        deps,
        auth,
        (req.params as { id: string }).id,
        file,
        requestMeta(req).ip,
      );
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/cases/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['cases'],
        summary: 'Download an attachment',
        params: Type.Object({ id: Uuid, attachmentId: Uuid }),
      },
    },
    async (req, reply) => {
      const { id, attachmentId } = req.params as { id: string; attachmentId: string };
      const a = await readAttachment(deps, requireAuth(req), id, attachmentId);
      reply.header('content-type', a.contentType);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(a.stream);
    },
  );
}
