// What follows an agreement: performance of its terms (履行), referral for judicial confirmation
// (司法确认), the dossier (卷宗) of an archived case, and mediation statistics.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { JUDICIAL_STEPS } from '../../../core/mediation/judicial.js';
import { PERFORMANCE_MARKS } from '../../../core/mediation/performance.js';
import type { AppDeps } from '../../deps.js';
import { idOf, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import { dossierFile } from './dossier.service.js';
import { courtsFor, referAgreement, updateReferral } from './judicial.service.js';
import { errors, Referral, Term } from './mediation.schemas.js';
import { markTerm } from './performance.service.js';
import { mediationStats } from './stats.service.js';

const Note = Type.Optional(Type.String({ maxLength: 1000 }));
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });

const MarkBody = Type.Object(
  { mark: StringEnum(PERFORMANCE_MARKS), note: Note },
  { additionalProperties: false },
);
const ReferBody = Type.Object({ courtUnitId: Uuid, note: Note }, { additionalProperties: false });
const StepBody = Type.Object(
  {
    step: StringEnum(JUDICIAL_STEPS),
    rulingNo: Type.Optional(Type.String({ maxLength: 100 })),
    note: Note,
  },
  { additionalProperties: false },
);
const StatsQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    kind: Type.Optional(StringEnum(['people', 'industry', 'administrative', 'judicial'] as const)),
  },
  { additionalProperties: false },
);
const Figures = {
  cases: Type.Integer(),
  concluded: Type.Integer(),
  agreements: Type.Integer(),
  failed: Type.Integer(),
  open: Type.Integer(),
  durationSeconds: Type.Integer(),
  successRate: Nullable(Type.Number()),
  averageDays: Nullable(Type.Number()),
};
const Stats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  total: Type.Object(Figures),
  orgs: Type.Array(
    Type.Object({
      orgId: Type.String(),
      name: Type.String(),
      mediationKind: Nullable(Type.String()),
      regionCode: Type.String(),
      ...Figures,
    }),
  ),
  mediators: Type.Array(
    Type.Object({
      userId: Type.String(),
      name: Type.String(),
      orgId: Type.String(),
      orgName: Type.String(),
      ...Figures,
    }),
  ),
});

export async function followupRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/agreement-terms/:id/performance',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Record a term of an agreement performed (已履行) or breached (未履行): the handling units, or the center that follows the case up',
        params: IdParams,
        body: MarkBody,
        response: { 200: Term, ...errors },
      },
    },
    async (req) =>
      markTerm(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof MarkBody>,
        requestMeta(req).ip,
      ),
  );

  app.get(
    '/cases/:id/mediation/courts',
    {
      schema: {
        tags: ['mediation'],
        summary: 'The courts an agreement of the case may be referred to (法院 units on its place’s path)',
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ unitId: Type.String(), name: Type.String(), regionCode: Type.String() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => courtsFor(deps, requireStaffOnly(req), idOf(req)),
  );

  app.post(
    '/mediation-agreements/:id/judicial-confirmations',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Refer the agreement for judicial confirmation (司法确认) to a court, within 30 days of signing (the team)',
        params: IdParams,
        body: ReferBody,
        response: { 201: Referral, ...errors },
      },
    },
    async (req, reply) => {
      const r = await referAgreement(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof ReferBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/judicial-confirmations/:id/steps',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Record the court’s step on a referral: accepted, confirmed (with its ruling number), rejected; or its withdrawal (the team)',
        params: IdParams,
        body: StepBody,
        response: { 200: Referral, ...errors },
      },
    },
    async (req) =>
      updateReferral(
        deps,
        requireStaffOnly(req),
        idOf(req),
        req.body as Static<typeof StepBody>,
        requestMeta(req).ip,
      ),
  );

  app.get(
    '/cases/:id/dossier.pdf',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'The dossier (卷宗) of an archived case as one PDF with a table of contents: registration, ledger, minutes, agreement, follow-up (whoever may read the case; audited)',
        params: IdParams,
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const file = await dossierFile(deps, requireStaffOnly(req), idOf(req), requestMeta(req).ip);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.pdf);
    },
  );

  app.get(
    '/mediation-stats',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Mediation statistics per organization and lead mediator for a period (teams formed from `from` to `to`, CST days): cases, concluded, success rate, average days',
        querystring: StatsQuery,
        response: { 200: Stats, ...errors },
      },
    },
    async (req) => mediationStats(deps, requireStaffOnly(req), req.query as Static<typeof StatsQuery>),
  );
}
