import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, idOf, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import { agreementFile, createAgreement, verifyAgreement } from './agreements.service.js';
import { followupRoutes } from './followup.routes.js';
import { assignMediation, getMediationView, suggestMediation } from './mediation.service.js';
import { orgsRoutes } from './orgs.routes.js';
import { recordSession, scheduleSession } from './sessions.service.js';
import { Referral, Term } from './mediation.schemas.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });

const Member = Type.Object({
  id: Type.String(),
  userId: Nullable(Type.String()),
  mediatorId: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  name: Type.String(),
  role: Type.String(),
});
const Participant = Type.Object(
  { memberId: Type.Optional(Uuid), partyId: Type.Optional(Uuid), name: Text(100), role: Text(100) },
  { additionalProperties: false },
);
const Session = Type.Object({
  id: Type.String(),
  n: Type.Integer(),
  scheduledAt: Type.String(),
  place: Nullable(Type.String()),
  videoUrl: Nullable(Type.String()),
  participants: Type.Array(
    Type.Object({
      memberId: Type.Optional(Type.String()),
      partyId: Type.Optional(Type.String()),
      name: Type.String(),
      role: Type.String(),
    }),
  ),
  status: StringEnum(['scheduled', 'held'] as const),
  attendance: Nullable(Type.Array(Type.Object({ name: Type.String(), present: Type.Boolean() }))),
  minutes: Nullable(Type.String()),
  outcome: Nullable(StringEnum(['agreement', 'continue', 'failed'] as const)),
  heldAt: Nullable(Type.String()),
});
const AgreementRef = Type.Object({
  id: Type.String(),
  digest: Type.String(),
  pdfDigest: Type.String(),
  createdAt: Type.String(),
  verifyUrl: Type.String(),
});
const AgreementView = Type.Intersect([
  AgreementRef,
  Type.Object({ terms: Type.Array(Term), judicialConfirmations: Type.Array(Referral) }),
]);
const Mediation = Type.Object({
  mediation: Nullable(
    Type.Object({
      id: Type.String(),
      orgUnitId: Type.String(),
      orgName: Type.String(),
      mediationKind: Nullable(Type.String()),
      leadMediatorId: Type.String(),
      leadMediatorName: Type.String(),
      assignedAt: Type.String(),
      members: Type.Array(Member),
      sessions: Type.Array(Session),
      agreements: Type.Array(AgreementView),
      conclusion: Nullable(
        Type.Object({ outcome: Type.String(), guidance: Nullable(Type.String()), at: Type.String() }),
      ),
    }),
  ),
});

const AssignBody = Type.Object(
  {
    orgUnitId: Uuid,
    leadMediatorId: Uuid,
    members: Type.Array(
      Type.Object(
        {
          userId: Type.Optional(Uuid),
          mediatorId: Type.Optional(Uuid),
          name: Type.Optional(Text(100)),
          unitId: Type.Optional(Uuid),
          role: Text(100),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
const ScheduleBody = Type.Object(
  {
    scheduledAt: Type.String({ format: 'date-time' }),
    place: Type.Optional(Type.String({ maxLength: 200 })),
    videoUrl: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://' })),
    participants: Type.Array(Participant, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
const RecordBody = Type.Object(
  {
    attendance: Type.Array(
      Type.Object({ name: Text(100), present: Type.Boolean() }, { additionalProperties: false }),
      { minItems: 1, maxItems: 50 },
    ),
    minutes: Text(20000),
    outcome: StringEnum(['agreement', 'continue', 'failed'] as const),
  },
  { additionalProperties: false },
);
const AgreementBody = Type.Object(
  {
    parties: Type.Array(
      Type.Object(
        {
          role: StringEnum(['applicant', 'respondent', 'third_party'] as const),
          name: Text(200),
          representative: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 20 },
    ),
    facts: Text(5000),
    terms: Type.Array(Text(2000), { minItems: 1, maxItems: 30 }),
    termDueDays: Type.Optional(Type.Array(Nullable(Day), { maxItems: 30 })),
    performanceDeadline: Day,
    place: Text(200),
  },
  { additionalProperties: false },
);
const Suggestions = Type.Object({
  items: Type.Array(
    Type.Object({
      unitId: Type.String(),
      name: Type.String(),
      mediationKind: Nullable(Type.String()),
      regionCode: Type.String(),
      byCategory: Type.Boolean(),
      handlesCase: Type.Boolean(),
      mediators: Type.Array(
        Type.Object({
          userId: Nullable(Type.String()),
          mediatorId: Nullable(Type.String()),
          name: Type.String(),
          openCases: Type.Integer(),
          specialist: Type.Boolean(),
          canLead: Type.Boolean(),
        }),
      ),
    }),
  ),
});
const VerifyQuery = Type.Object({ d: Type.String({ maxLength: 128 }) }, { additionalProperties: false });
const Verification = Type.Object({
  genuine: Type.Boolean(),
  caseNo: Nullable(Type.String()),
  date: Nullable(Type.String()),
});

// oversight and mediation are internal: a resident session is refused
const staff = requireStaffOnly;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mediation on a case: team, suggestions, sessions, agreements; the public agreement check (JSON). */
export async function mediationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // the organizations' directory and statistics; performance, judicial confirmation, dossier
  await orgsRoutes(app, deps);
  await followupRoutes(app, deps);
  app.get(
    '/cases/:id/mediation',
    {
      schema: {
        tags: ['mediation'],
        summary: 'The case’s mediation: organization, lead mediator, team, sessions, agreements',
        params: IdParams,
        response: { 200: Mediation, ...errors },
      },
    },
    async (req) => getMediationView(deps, staff(req), idOf(req)),
  );

  app.get(
    '/cases/:id/mediation/suggestions',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Mediation organizations and lead mediators for the case: by category (routing rules), place and load (open cases per mediator)',
        params: IdParams,
        response: { 200: Suggestions, ...errors },
      },
    },
    async (req) => suggestMediation(deps, staff(req), idOf(req)),
  );

  app.put(
    '/cases/:id/mediation',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Assign the case’s mediation: an organization handling the case, its lead mediator, and a joint team (users of other units, or outside members by name and role)',
        params: IdParams,
        body: AssignBody,
        response: { 200: Mediation, ...errors },
      },
    },
    async (req) =>
      assignMediation(
        deps,
        staff(req),
        idOf(req),
        req.body as Static<typeof AssignBody>,
        requestMeta(req).ip,
      ),
  );

  app.post(
    '/cases/:id/mediation/sessions',
    {
      schema: {
        tags: ['mediation'],
        summary: 'Schedule a mediation session: time, place or video link, participants (the team)',
        params: IdParams,
        body: ScheduleBody,
        response: {
          201: Type.Intersect([
            Session,
            Type.Object({ notified: Type.Object({ inapp: Type.Integer(), sms: Type.Integer() }) }),
          ]),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const s = await scheduleSession(
        deps,
        staff(req),
        idOf(req),
        req.body as Static<typeof ScheduleBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(s);
    },
  );

  app.post(
    '/mediation-sessions/:id/record',
    {
      schema: {
        tags: ['mediation'],
        summary: 'Record a held session: attendance, minutes (调解笔录) and outcome (the team)',
        params: IdParams,
        body: RecordBody,
        response: { 200: Session, ...errors },
      },
    },
    async (req) =>
      recordSession(deps, staff(req), idOf(req), req.body as Static<typeof RecordBody>, requestMeta(req).ip),
  );

  app.post(
    '/cases/:id/mediation/agreements',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Generate the mediation agreement (调解协议书) PDF after a session that reached agreement; its SM3 digests go on the ledger',
        params: IdParams,
        body: AgreementBody,
        response: { 201: Type.Intersect([AgreementRef, Type.Object({ caseId: Type.String() })]), ...errors },
      },
    },
    async (req, reply) => {
      const a = await createAgreement(
        deps,
        staff(req),
        idOf(req),
        req.body as Static<typeof AgreementBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(a);
    },
  );

  app.get(
    '/mediation-agreements/:id/pdf',
    {
      schema: {
        tags: ['mediation'],
        summary: 'The agreement’s PDF as issued (whoever may read the case)',
        params: IdParams,
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const file = await agreementFile(deps, staff(req), idOf(req));
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.pdf);
    },
  );

  app.get(
    '/verify/agreements/:id',
    {
      schema: {
        tags: ['mediation'],
        summary:
          'Public, no log-in: whether an agreement with this digest is genuine and unchanged (its ledger entry and the case’s chain re-verified); the case number and date only when genuine',
        params: IdParams,
        querystring: VerifyQuery,
        response: { 200: Verification, ...errors },
      },
    },
    async (req) => verifyAgreement(deps, idOf(req), (req.query as Static<typeof VerifyQuery>).d),
  );
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page the agreement's QR code opens (outside /api, no log-in, no script): a phone shows at
 * once whether the document is genuine, with nothing personal on it.
 */
export async function mediationPublicRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/verify/agreements/:id', { schema: { hide: true } }, async (req, reply) => {
    const id = idOf(req);
    const d = (req.query as { d?: unknown }).d;
    const v =
      UUID_RE.test(id) && typeof d === 'string' && d.length <= 128
        ? await verifyAgreement(deps, id, d)
        : { genuine: false, caseNo: null, date: null };
    const en = langOf(req) === 'en';
    const title = en ? 'Mediation agreement check' : '调解协议书核验';
    const verdict = v.genuine
      ? en
        ? 'Genuine and unchanged'
        : '真实有效，未被改动'
      : en
        ? 'Not genuine, or altered: this document cannot be verified'
        : '无法核验：文书不真实或已被改动';
    const rows = v.genuine
      ? `<p>${en ? 'Case number' : '案件编号'}：${escapeHtml(v.caseNo!)}</p><p>${en ? 'Date' : '签订日期'}：${escapeHtml(v.date!)}</p>`
      : '';
    const html = `<!doctype html><html lang="${en ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:sans-serif;margin:2em"><h1>${title}</h1><p data-genuine="${v.genuine}" style="font-size:1.4em;color:${v.genuine ? '#1b5e20' : '#b71c1c'}">${verdict}</p>${rows}</body></html>`;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(html);
  });
}
