import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { HttpError } from '../../http/errors.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, Nullable, Uuid } from '../../http/schemas.js';
import type { AuthContext } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/auth.service.js';
import { requestMeta } from '../auth/auth.plugin.js';
import { openResidentSession, requestOtp } from './otp.service.js';
import { PRIVACY_NOTICE } from './privacy-notice.js';
import { getResidentCase, listResidentCases } from './resident-cases.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const Phone = Type.String({ minLength: 5, maxLength: 20 });

const Step = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  text: Type.String(),
  unitName: Nullable(Type.String()),
});
const ResidentCase = Type.Object({
  id: Type.String(),
  caseNo: Type.String(),
  title: Type.String(),
  categoryCode: Type.String(),
  categoryName: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  state: Type.String(),
  stateText: Type.String(),
  satisfaction: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  progress: Type.Array(Step),
  can: Type.Object({ followUp: Type.Boolean(), withdraw: Type.Boolean(), attach: Type.Boolean() }),
  link: Type.String(),
  qrSvg: Type.String(),
});

/** The caller as a phone-verified resident: staff get 403, nobody 401. */
export function requireResident(req: FastifyRequest): Extract<AuthContext, { kind: 'resident' }> {
  if (req.auth?.kind === 'resident') return req.auth;
  if (req.auth) throw new HttpError(403, 'resident.only');
  throw new HttpError(401, req.sessionExpired ? 'auth.session_expired' : 'resident.phone_check_required');
}

/** The resident channel: privacy notice, phone check (one-time code), own cases. */
export async function residentRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/resident/privacy-notice',
    {
      schema: {
        tags: ['resident'],
        summary: 'The privacy notice shown before submitting; registration must carry its version',
        response: {
          200: Type.Object({
            version: Type.String(),
            text: Type.Object({ zh: Type.String(), en: Type.String() }),
          }),
        },
      },
    },
    async () => ({ version: PRIVACY_NOTICE.version, text: { zh: PRIVACY_NOTICE.zh, en: PRIVACY_NOTICE.en } }),
  );

  app.post(
    '/resident/otp',
    {
      schema: {
        tags: ['resident'],
        summary:
          'Send a six-digit one-time code by SMS (valid 5 minutes). Limits: 1 a minute and 5 an hour per ' +
          'phone, 20 an hour per address; 429 with Retry-After beyond them.',
        body: Type.Object({ phone: Phone }, { additionalProperties: false }),
        response: {
          202: Type.Object({ expiresInSeconds: Type.Integer(), resendAfterSeconds: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      try {
        const issued = await requestOtp(deps, (req.body as { phone: string }).phone, requestMeta(req));
        return reply.status(202).send(issued);
      } catch (err) {
        if (err instanceof HttpError && err.statusCode === 429 && err.params.seconds) {
          reply.header('retry-after', String(err.params.seconds));
        }
        throw err;
      }
    },
  );

  app.post(
    '/resident/session',
    {
      schema: {
        tags: ['resident'],
        summary:
          'Check the one-time code and open a resident session (cookie); answers a CSRF token for writes',
        body: Type.Object(
          { phone: Phone, code: Type.String({ pattern: '^[0-9]{6}$' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ phone: Type.String(), csrfToken: Type.String(), expiresAt: Type.String() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const s = await openResidentSession(
        deps,
        req.body as { phone: string; code: string },
        requestMeta(req),
      );
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.secureCookies,
        maxAge: deps.config.sessionAbsoluteHours * 3600,
      });
      return { phone: s.phoneMasked, csrfToken: reply.generateCsrf(), expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.get(
    '/resident/cases',
    {
      schema: {
        tags: ['resident'],
        summary:
          '我的诉求: cases whose applicant has my verified phone, with a resident-readable progress line',
        response: { 200: Type.Object({ items: Type.Array(ResidentCase) }), ...errors },
      },
    },
    async (req) => {
      const auth = requireResident(req);
      return { items: await listResidentCases(deps, auth.phoneBidx, langOf(req)) };
    },
  );

  app.get(
    '/resident/cases/:id',
    {
      schema: {
        tags: ['resident'],
        summary: 'One of my cases (404 for anyone else’s)',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Intersect([
            ResidentCase,
            Type.Object({ description: Type.String(), attachmentCount: Type.Integer() }),
          ]),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireResident(req);
      return getResidentCase(deps, auth.phoneBidx, (req.params as { id: string }).id, langOf(req));
    },
  );
}
