import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireAuth } from '../auth/auth.plugin.js';
import { listCaseReportIns, listUnitReportIns, rateResponse } from './report-in.service.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const STATUSES = ['open', 'done', 'missed', 'cancelled'] as const;

const Task = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  escalationSeq: Type.Integer(),
  escalatedByUnitId: Nullable(Type.String()),
  fromLevel: Type.String(),
  toLevel: Type.String(),
  summonedAt: Type.String(),
  dueAt: Type.String(),
  status: Type.String(),
  overdue: Type.Boolean(),
  reportedAt: Nullable(Type.String()),
  onTime: Nullable(Type.Boolean()),
  missedAt: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  ratedAt: Nullable(Type.String()),
});
const CaseTask = Type.Intersect([Task, Type.Object({ rateable: Type.Boolean() })]);
const UnitTask = Type.Intersect([
  Task,
  Type.Object({ caseNo: Type.String(), title: Type.String(), caseState: Type.String() }),
]);

/** Whistle and report-in (吹哨报到): tasks of a case, a department's task list, rating responses. */
export async function whistleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/cases/:id/report-ins',
    {
      schema: {
        tags: ['whistle'],
        summary: 'Report-in tasks (报到) of a case: deadline, status, rating',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            caseId: Type.String(),
            whistleClosed: Type.Boolean(),
            items: Type.Array(CaseTask),
          }),
          ...errors,
        },
      },
    },
    async (req) => listCaseReportIns(deps, requireAuth(req), (req.params as { id: string }).id),
  );

  app.get(
    '/report-ins',
    {
      schema: {
        tags: ['whistle'],
        summary: 'The report-in task list of the caller’s unit (department staff, mediators); newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(StringEnum(STATUSES)),
            cursor: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(UnitTask), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const q = req.query as { status?: (typeof STATUSES)[number]; cursor?: string; limit?: number };
      return listUnitReportIns(deps, requireAuth(req), {
        status: q.status,
        after: q.cursor,
        limit: q.limit ?? 20,
      });
    },
  );

  app.post(
    '/cases/:id/report-ins/:unitId/rating',
    {
      schema: {
        tags: ['whistle'],
        summary:
          'The escalating level rates a summoned department’s response (1–5 stars) once the case is concluded',
        params: Type.Object({ id: Uuid, unitId: Uuid }),
        body: Type.Object(
          {
            stars: Type.Integer({ minimum: 1, maximum: 5 }),
            comment: Type.Optional(Type.String({ maxLength: 500 })),
            version: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ version: Type.Integer(), task: Task }), ...errors },
      },
    },
    async (req) => {
      const p = req.params as { id: string; unitId: string };
      const b = req.body as { stars: number; comment?: string; version?: number };
      return rateResponse(deps, {
        auth: requireAuth(req),
        caseId: p.id,
        unitId: p.unitId,
        stars: b.stars,
        comment: b.comment,
        expectedVersion: b.version,
        ip: requestMeta(req).ip,
      });
    },
  );
}
