import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  WARNING_KINDS,
  WARNING_SEVERITIES,
  WARNING_STATUSES,
  type WarningKind,
  type WarningSeverity,
  type WarningStatus,
} from '../../../core/analysis/warning-routing.js';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import { ErrorBody, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import {
  acknowledgeWarning,
  countOpenWarnings,
  getWarning,
  handleWarning,
  listWarnings,
  requireWarningReader,
} from './warnings.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Region = Type.String({ pattern: '^[0-9]{2,15}$' });

const Reason = Type.Object(
  {
    code: Type.String(),
    level: Type.Optional(Type.String()),
    words: Type.Optional(Type.Array(Type.String())),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  },
  { additionalProperties: false },
);

const Summary = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  severity: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  levelCode: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  caseNo: Nullable(Type.String()),
  categoryCode: Nullable(Type.String()),
  reasons: Type.Array(Reason),
  caseCount: Type.Integer(),
  occurrences: Type.Integer(),
  raisedAt: Type.String(),
  lastRaisedAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
  handledAt: Nullable(Type.String()),
  handledNote: Nullable(Type.String()),
  version: Type.Integer(),
});

const Detail = Type.Composite([
  Summary,
  Type.Object({
    evidence: Type.Object({}, { additionalProperties: true }),
    cases: Type.Array(
      Type.Object({
        id: Type.String(),
        caseNo: Type.String(),
        title: Type.String(),
        state: Type.String(),
        channel: Type.String(),
        regionCode: Type.String(),
        categoryCode: Type.String(),
        riskLevel: Type.String(),
        createdAt: Type.String(),
      }),
    ),
    hiddenCases: Type.Integer(),
    events: Type.Array(
      Type.Object({
        action: Type.String(),
        at: Type.String(),
        actorName: Nullable(Type.String()),
        note: Nullable(Type.String()),
      }),
    ),
    mayAct: Type.Boolean(),
  }),
]);

/** The region asked for, which must lie within the caller's scope (default: the scope itself). */
function regionWithin(scope: string, region: string | undefined): string {
  if (region === undefined) return scope;
  if (!region.startsWith(scope)) throw forbidden('warnings.region_out_of_scope');
  return region;
}

/** Warnings (预警): list, counts, detail, acknowledge, handle. */
export async function warningsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/warnings',
    {
      schema: {
        tags: ['warnings'],
        summary:
          'Warnings within the caller’s scope (centers’ clerks, dispatchers, leaders, supervisors), newest first; status "active" = open or acknowledged',
        querystring: Type.Object(
          {
            region: Type.Optional(Region),
            kind: Type.Optional(StringEnum(WARNING_KINDS)),
            status: Type.Optional(StringEnum([...WARNING_STATUSES, 'active'] as const)),
            severity: Type.Optional(StringEnum(WARNING_SEVERITIES)),
            case: Type.Optional(Uuid),
            cursor: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Summary), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireWarningReader(requireStaffOnly(req));
      const qs = req.query as {
        region?: string;
        kind?: WarningKind;
        status?: WarningStatus | 'active';
        severity?: WarningSeverity;
        case?: string;
        cursor?: string;
        limit?: number;
      };
      return listWarnings(deps.db.kysely, {
        regionCode: regionWithin(auth.user.scopeCode, qs.region),
        kind: qs.kind,
        status: qs.status,
        severity: qs.severity,
        caseId: qs.case,
        cursor: qs.cursor,
        limit: qs.limit ?? 20,
      });
    },
  );

  app.get(
    '/warnings/counts',
    {
      schema: {
        tags: ['warnings'],
        summary: 'Open (not yet handled) warnings under a region within the caller’s scope, by kind',
        querystring: Type.Object({ region: Type.Optional(Region) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            region: Type.String(),
            total: Type.Integer(),
            byKind: Type.Record(Type.String(), Type.Integer()),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireWarningReader(requireStaffOnly(req));
      const region = regionWithin(auth.user.scopeCode, (req.query as { region?: string }).region);
      return { region, ...(await countOpenWarnings(deps.db.kysely, region)) };
    },
  );

  app.get(
    '/warnings/:id',
    {
      schema: {
        tags: ['warnings'],
        summary:
          'One warning: its reasons, evidence, the cases behind it (those the caller may read) and its trail',
        params: IdParams,
        response: { 200: Detail, ...errors },
      },
    },
    async (req) => getWarning(deps, requireStaffOnly(req), (req.params as { id: string }).id),
  );

  app.post(
    '/warnings/:id/acknowledge',
    {
      schema: {
        tags: ['warnings'],
        summary: 'Acknowledge an open warning (签收): the level it is routed to, or one above; audited',
        params: IdParams,
        body: Type.Object(
          { note: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...errors },
      },
    },
    async (req) =>
      acknowledgeWarning(
        deps,
        requireStaffOnly(req),
        (req.params as { id: string }).id,
        req.body as { note?: string },
        requestMeta(req).ip,
      ),
  );

  app.post(
    '/warnings/:id/handle',
    {
      schema: {
        tags: ['warnings'],
        summary:
          'Handle a warning (处置) with a note of what was done; an open one is acknowledged with it; audited',
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...errors },
      },
    },
    async (req) =>
      handleWarning(
        deps,
        requireStaffOnly(req),
        (req.params as { id: string }).id,
        req.body as { note: string },
        requestMeta(req).ip,
      ),
  );
}
