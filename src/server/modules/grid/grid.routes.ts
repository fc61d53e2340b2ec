import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { HttpError } from '../../http/errors.js';
import { ErrorBody, IdParams, Nullable, Uuid } from '../../http/schemas.js';
import { requestMeta, requireAuth } from '../auth/auth.plugin.js';
import { createPlan, deletePlan, listPlans } from './grid-plans.service.js';
import {
  assignReport,
  concludeReport,
  createReport,
  getReport,
  listReports,
} from './grid-reports.service.js';
import { gridCoverage, gridStats, workerActivity } from './grid-stats.service.js';
import { createWorkItem, listWorkItems, readPhoto, tasksToday, uploadPhoto } from './grid-work.service.js';
import {
  AssignBody,
  ConcludeBody,
  PeriodQuery,
  Plan,
  PlanBody,
  ReportBody,
  ReportDetail,
  ReportListItem,
  ReportQuery,
  Task,
  WorkItem,
  WorkItemBody,
  WorkItemQuery,
  type PeriodQueryT,
  type PlanBodyT,
  type ReportBodyT,
  type ReportQueryT,
  type WorkItemBodyT,
  type WorkItemQueryT,
} from './grid.schemas.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
// statistics evolve with the console pages; documented loosely, serialized as is
const Loose = Type.Object({}, { additionalProperties: true });
const tags = ['grid'];

/** Grid work (网格化): work items, photos, reports, plans and tasks, statistics. */
export async function gridRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/grid/uploads',
    {
      schema: {
        tags,
        summary:
          'Upload one photo (multipart: field `file`, an image; field `clientKey`, a UUID). The same clientKey again answers 200 with the first id.',
        consumes: ['multipart/form-data'],
        response: {
          200: Type.Object({ id: Type.String() }),
          201: Type.Object({ id: Type.String() }),
          ...errors,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      if (!req.isMultipart()) throw new HttpError(415, 'common.unsupported_media_type');
      const saved = await uploadPhoto(deps, auth, req.parts());
      return reply.status(saved.replayed ? 200 : 201).send({ id: saved.id });
    },
  );

  app.get(
    '/grid/uploads/:id',
    { schema: { tags, summary: 'A photo, for those who may see what it shows', params: IdParams } },
    async (req, reply) => {
      const photo = await readPhoto(deps, requireAuth(req), (req.params as { id: string }).id);
      reply.header('content-type', photo.contentType);
      reply.header('cache-control', 'private, max-age=86400');
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(photo.stream);
    },
  );

  app.post(
    '/grid/work-items',
    {
      schema: {
        tags,
        summary:
          'Log a routine work item (走访 visit, 巡查 patrol, 宣传 outreach, 信息采集 collection). The same clientKey from the same user answers 200 with the first item.',
        body: WorkItemBody,
        response: { 200: WorkItem, 201: WorkItem, ...errors },
      },
    },
    async (req, reply) => {
      const { item, replayed } = await createWorkItem(deps, requireAuth(req), req.body as WorkItemBodyT);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(replayed ? 200 : 201).send(item);
    },
  );

  app.get(
    '/grid/work-items',
    {
      schema: {
        tags,
        summary:
          'Work items within the caller’s scope, newest first (keyset `cursor`). A grid worker without filters sees their own.',
        querystring: WorkItemQuery,
        response: { 200: page(WorkItem), ...errors },
      },
    },
    async (req) => listWorkItems(deps, requireAuth(req), req.query as WorkItemQueryT),
  );

  app.post(
    '/grid/reports',
    {
      schema: {
        tags,
        summary:
          'Report (上报) by type. A dispute becomes a case (channel grid, at the village) in the same transaction; the others run reported → assigned → concluded within their time limit.',
        body: ReportBody,
        response: { 200: ReportDetail, 201: ReportDetail, ...errors },
      },
    },
    async (req, reply) => {
      const { report, replayed } = await createReport(
        deps,
        requireAuth(req),
        req.body as ReportBodyT,
        requestMeta(req).ip,
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(replayed ? 200 : 201).send(report);
    },
  );

  app.get(
    '/grid/reports',
    {
      schema: {
        tags,
        summary: 'Reports the caller may see (their scope’s, and those assigned to their unit), newest first',
        querystring: ReportQuery,
        response: { 200: page(ReportListItem), ...errors },
      },
    },
    async (req) => listReports(deps, requireAuth(req), req.query as ReportQueryT),
  );

  app.get(
    '/grid/reports/:id',
    {
      schema: {
        tags,
        summary: 'One report with photos, position and timeline',
        params: IdParams,
        response: { 200: ReportDetail, ...errors },
      },
    },
    async (req) => getReport(deps, requireAuth(req), (req.params as { id: string }).id),
  );

  app.post(
    '/grid/reports/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign a report to the responsible unit (the dispatcher of the place)',
        params: IdParams,
        body: AssignBody,
        response: { 200: ReportDetail, ...errors },
      },
    },
    async (req) =>
      assignReport(
        deps,
        requireAuth(req),
        (req.params as { id: string }).id,
        req.body as { unitId: string; note?: string },
        requestMeta(req).ip,
      ),
  );

  app.post(
    '/grid/reports/:id/conclude',
    {
      schema: {
        tags,
        summary: 'Conclude a report with its result (the assigned unit, or the dispatcher)',
        params: IdParams,
        body: ConcludeBody,
        response: { 200: ReportDetail, ...errors },
      },
    },
    async (req) =>
      concludeReport(
        deps,
        requireAuth(req),
        (req.params as { id: string }).id,
        req.body as { result: string },
        requestMeta(req).ip,
      ),
  );

  app.post(
    '/grid/plans',
    {
      schema: {
        tags,
        summary: 'A visit plan or patrol schedule for a grid, or for every grid under a village or township',
        body: PlanBody,
        response: { 201: Plan, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createPlan(deps, requireAuth(req), req.body as PlanBodyT, requestMeta(req).ip)),
  );

  app.get(
    '/grid/plans',
    {
      schema: {
        tags,
        summary: 'Plans within a region (default: the caller’s scope) and those above it that cover it',
        querystring: Type.Object(
          { region: Type.Optional(Type.String({ pattern: '^[0-9]{2,15}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Plan), ...errors },
      },
    },
    async (req) => listPlans(deps, requireAuth(req), (req.query as { region?: string }).region),
  );

  app.delete(
    '/grid/plans/:id',
    { schema: { tags, summary: 'Delete a plan', params: IdParams, response: { ...errors } } },
    async (req, reply) => {
      await deletePlan(deps, requireAuth(req), (req.params as { id: string }).id, requestMeta(req).ip);
      return reply.status(204).send();
    },
  );

  app.get(
    '/grid/tasks/today',
    {
      schema: {
        tags,
        summary:
          'Today’s tasks of a grid worker or security member: each plan covering their grid, required and done',
        response: { 200: Type.Array(Task), ...errors },
      },
    },
    async (req) => tasksToday(deps, requireAuth(req)),
  );

  app.get(
    '/grid/stats',
    {
      schema: {
        tags,
        summary:
          'Work items, workers and reports per child region within a period (from/to: CST days or instants; default the last 30 days)',
        querystring: PeriodQuery,
        response: { 200: Loose, ...errors },
      },
    },
    async (req) => gridStats(deps, requireAuth(req), req.query as PeriodQueryT),
  );

  app.get(
    '/grid/coverage',
    {
      schema: {
        tags,
        summary: 'Grids per child region, with and without a grid worker, and visits in the period',
        querystring: PeriodQuery,
        response: { 200: Loose, ...errors },
      },
    },
    async (req) => gridCoverage(deps, requireAuth(req), req.query as PeriodQueryT),
  );

  app.get(
    '/grid/workers/:userId/activity',
    {
      schema: {
        tags,
        summary: 'A grid worker’s items and reports per day, and their latest ones',
        params: Type.Object({ userId: Uuid }),
        querystring: Type.Object(
          { from: PeriodQuery.properties.from, to: PeriodQuery.properties.to },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors },
      },
    },
    async (req) =>
      workerActivity(
        deps,
        requireAuth(req),
        (req.params as { userId: string }).userId,
        req.query as { from?: string; to?: string },
      ),
  );
}
