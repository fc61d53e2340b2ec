import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, IdParams, Nullable } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from './auth.plugin.js';
import { SESSION_COOKIE } from './auth.service.js';
import {
  confirmTotpEnrolment,
  disableOwnTotp,
  endOwnSession,
  listOwnSessions,
  startTotpEnrolment,
  totpStatus,
} from './account-security.service.js';

const TotpStatus = Type.Object({
  enabled: Type.Boolean(),
  enabledAt: Nullable(Type.String()),
  required: Type.Boolean(),
  pending: Type.Boolean(),
});
const Code = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
// guessing a 6-digit code is slowed per account, not per address
const perUser = {
  rateLimit: {
    max: 10,
    timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => (req.auth?.kind === 'staff' ? `totp:${req.auth.user.id}` : req.ip),
  },
};
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** A staff user's own second factor and sessions (身份鉴别). */
export async function accountSecurityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/auth/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether one’s account signs in with a TOTP code, and whether its role requires one',
        response: { 200: TotpStatus, ...errors },
      },
    },
    async (req) => totpStatus(deps, requireStaffOnly(req).user),
  );

  app.post(
    '/auth/totp/enrol',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Start setting up an authenticator app: a new secret, its otpauth:// URL and a QR code to scan ' +
          '(confirmed by the first code)',
        response: {
          200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrSvg: Type.String() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const auth = requireStaffOnly(req);
      noStore(reply);
      return startTotpEnrolment(deps, auth.user, requestMeta(req).ip);
    },
  );

  app.post(
    '/auth/totp/confirm',
    {
      config: perUser,
      schema: {
        tags: ['auth'],
        summary: 'Confirm the set-up with the app’s first code; from then on log-in asks for a code',
        body: Code,
        response: { 200: TotpStatus, ...errors },
      },
    },
    async (req) => {
      const auth = requireStaffOnly(req);
      return confirmTotpEnrolment(deps, auth.user, (req.body as { code: string }).code, requestMeta(req).ip);
    },
  );

  app.post(
    '/auth/totp/disable',
    {
      config: perUser,
      schema: {
        tags: ['auth'],
        summary: 'Turn the second factor off with a current code (not for roles that require it)',
        body: Code,
        response: { 200: TotpStatus, ...errors },
      },
    },
    async (req) => {
      const auth = requireStaffOnly(req);
      return disableOwnTotp(deps, auth.user, (req.body as { code: string }).code, requestMeta(req).ip);
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'One’s open sessions (where and when signed in), most recently used first',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                createdAt: Type.String(),
                lastSeenAt: Type.String(),
                expiresAt: Type.String(),
                ip: Nullable(Type.String()),
                userAgent: Nullable(Type.String()),
                current: Type.Boolean(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireStaffOnly(req);
      return { items: await listOwnSessions(deps, auth.user, auth.tokenHash) };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'End one of one’s sessions (the current one too: that is a log-out)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaffOnly(req);
      const { id } = req.params as { id: string };
      await endOwnSession(deps, auth.user, id, requestMeta(req).ip);
      if (id === auth.sessionId) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
}
