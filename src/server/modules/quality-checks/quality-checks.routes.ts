import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SATISFACTIONS, type Satisfaction } from '../../../core/workflow/case-model.js';
import { isAnalysisAllowed } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import { ErrorBody, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { closedPeriodOf } from '../accountability/period.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import {
  getCheck,
  listChecks,
  qualityCheckRates,
  recordCheck,
  requireQualityReader,
  type CheckResult,
} from './quality-checks.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const STATUSES = ['pending', 'done', 'unreachable'] as const;

const Check = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNo: Type.String(),
  title: Type.String(),
  categoryCode: Type.String(),
  outcome: Nullable(Type.String()),
  caseSatisfaction: Nullable(Type.String()),
  caseState: Type.String(),
  weekStart: Type.String(),
  regionCode: Type.String(),
  concludedAt: Type.String(),
  assignedTo: Type.String(),
  assigneeName: Type.String(),
  status: Type.String(),
  satisfaction: Nullable(Type.String()),
  reopenNeeded: Nullable(Type.Boolean()),
  note: Nullable(Type.String()),
  recordedAt: Nullable(Type.String()),
  mine: Type.Boolean(),
});

const Rate = Nullable(Type.Number());

/** Quality call-backs (抽查回访): the checks, their results, their rates. */
export async function qualityChecksRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/quality-checks',
    {
      schema: {
        tags: ['quality-checks'],
        summary:
          'Quality call-backs: scope "mine" (assigned to the caller, default) or "scope" (all under the caller’s scope: dispatchers, leaders, supervisors); newest first',
        querystring: Type.Object(
          {
            scope: Type.Optional(StringEnum(['mine', 'scope'] as const)),
            status: Type.Optional(StringEnum(STATUSES)),
            cursor: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Check), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const qs = req.query as {
        scope?: 'mine' | 'scope';
        status?: (typeof STATUSES)[number];
        cursor?: string;
        limit?: number;
      };
      return listChecks(deps, requireStaffOnly(req), {
        scope: qs.scope ?? 'mine',
        status: qs.status,
        cursor: qs.cursor,
        limit: qs.limit ?? 20,
      });
    },
  );

  app.get(
    '/quality-checks/rates',
    {
      schema: {
        tags: ['quality-checks'],
        summary:
          'Satisfaction and reopen rates of the call-backs of cases concluded in a period of CST days (default: the last 28) under a region within the caller’s scope',
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
            region: Type.String(),
            from: Type.String(),
            to: Type.String(),
            rule: Type.Object({ rate: Type.Number(), min: Type.Integer() }),
            sampled: Type.Integer(),
            pending: Type.Integer(),
            unreachable: Type.Integer(),
            reached: Type.Integer(),
            satisfied: Type.Integer(),
            basicallySatisfied: Type.Integer(),
            unsatisfied: Type.Integer(),
            satisfactionRate: Rate,
            reopenNeeded: Type.Integer(),
            reopenRate: Rate,
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireQualityReader(requireStaffOnly(req));
      if (!isAnalysisAllowed(auth.user.role, 'read_quality', ['in_scope'])) throw forbidden();
      const qs = req.query as { region?: string; from?: string; to?: string };
      const region = qs.region ?? auth.user.scopeCode;
      if (!region.startsWith(auth.user.scopeCode)) throw forbidden('warnings.region_out_of_scope');
      const period = closedPeriodOf(deps.clock(), qs.from, qs.to, 28);
      return qualityCheckRates(deps.db.kysely, region, period.from, period.to);
    },
  );

  app.get(
    '/quality-checks/:id',
    {
      schema: {
        tags: ['quality-checks'],
        summary: 'One quality call-back',
        params: IdParams,
        response: { 200: Check, ...errors },
      },
    },
    async (req) => getCheck(deps, requireStaffOnly(req), (req.params as { id: string }).id),
  );

  app.post(
    '/quality-checks/:id/result',
    {
      schema: {
        tags: ['quality-checks'],
        summary:
          'Record a call-back (the one it is assigned to, once): reached with satisfaction and whether the problem needs reopening, or unreachable; audited',
        params: IdParams,
        body: Type.Object(
          {
            reached: Type.Boolean(),
            satisfaction: Type.Optional(StringEnum(SATISFACTIONS)),
            reopenNeeded: Type.Optional(Type.Boolean()),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Check, ...errors },
      },
    },
    async (req) =>
      recordCheck(
        deps,
        requireStaffOnly(req),
        (req.params as { id: string }).id,
        req.body as CheckResult & { satisfaction?: Satisfaction },
        requestMeta(req).ip,
      ),
  );
}
