import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, Nullable, Uuid } from '../../http/schemas.js';
import { requireAuth } from '../auth/auth.plugin.js';
import { listAccountability, requireOversight } from './accountability.service.js';
import { periodOf } from './period.js';
import { scorecards } from './scorecards.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const AccountabilityRecord = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  kind: Type.String(),
  caseId: Nullable(Type.String()),
  caseNo: Nullable(Type.String()),
  sourceType: Nullable(Type.String()),
  sourceId: Nullable(Type.String()),
  reason: Type.String(),
  dueAt: Nullable(Type.String()),
  occurredAt: Type.String(),
  recordedByRole: Type.String(),
  detail: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String(),
});

const Rate = Nullable(Type.Number());
const Scorecard = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  kind: Type.String(),
  regionCode: Type.String(),
  departmentType: Nullable(Type.String()),
  casesLed: Type.Integer(),
  assignmentsReceived: Type.Integer(),
  concluded: Type.Integer(),
  concludedOnTime: Type.Integer(),
  onTimeRate: Rate,
  rejections: Type.Integer(),
  bounceBackRate: Rate,
  overruled: Type.Integer(),
  overruledRate: Rate,
  reportIns: Type.Object({
    summoned: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    missed: Type.Integer(),
    open: Type.Integer(),
    cancelled: Type.Integer(),
    timelinessRate: Rate,
  }),
  ratings: Type.Object({ count: Type.Integer(), average: Rate }),
});

/** Accountability records (问责记录) for the level above, and department scorecards. */
export async function accountabilityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/accountability',
    {
      schema: {
        tags: ['accountability'],
        summary:
          'Accountability records of units within the caller’s scope (supervisors, leaders); newest first',
        querystring: Type.Object(
          {
            unit: Type.Optional(Uuid),
            kind: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{2,39}$' })),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            cursor: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AccountabilityRecord), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      // who may look comes before what they asked for
      const auth = requireOversight(requireAuth(req));
      const q = req.query as {
        unit?: string;
        kind?: string;
        from?: string;
        to?: string;
        cursor?: string;
        limit?: number;
      };
      const period = periodOf(q.from, q.to);
      return listAccountability(deps, auth, {
        unitId: q.unit,
        kind: q.kind,
        from: period.from,
        to: period.to,
        after: q.cursor,
        limit: q.limit ?? 20,
      });
    },
  );

  app.get(
    '/scorecards',
    {
      schema: {
        tags: ['accountability'],
        summary:
          'Department scorecards over a period of CST days (default: the last 90): on-time, bounce-back, overruled, report-in timeliness, ratings',
        querystring: Type.Object(
          {
            region: Type.Optional(Type.String({ pattern: '^[0-9]{2,15}$' })),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            region: Nullable(Type.String()),
            from: Type.String(),
            to: Type.String(),
            items: Type.Array(Scorecard),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const q = req.query as { region?: string; from?: string; to?: string };
      return scorecards(deps, requireAuth(req), q);
    },
  );
}
