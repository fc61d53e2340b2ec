import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody } from '../../http/schemas.js';
import { requestMeta, requireAuth } from './auth.plugin.js';
import { SESSION_COOKIE, login, logout } from './auth.service.js';

const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  scopeCode: Type.String(),
  scopeName: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  mustEnrolTotp: Type.Boolean(),
});

const Me = Type.Object({
  kind: Type.Union([Type.Literal('staff'), Type.Literal('resident')]),
  user: Type.Union([User, Type.Null()]),
  csrfToken: Type.String(),
});

/** Log-in, log-out and "who am I". */
export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const cookieOpts = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.secureCookies,
    maxAge: deps.config.sessionAbsoluteHours * 3600,
  };

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Log in with username, password and, where the account has a second factor, the TOTP code ' +
          '(without it: 401 auth.totp_required); sets the session cookie',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: User, csrfToken: Type.String() }),
          401: ErrorBody,
          423: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { username: string; password: string; totpCode?: string };
      const { token, user } = await login(deps, body, requestMeta(req));
      reply.setCookie(SESSION_COOKIE, token, cookieOpts);
      return { user, csrfToken: reply.generateCsrf() };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: Type.Null(), 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      await logout(deps, auth, requestMeta(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current user and a CSRF token for writes',
        response: { 200: Me, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      return {
        kind: auth.kind,
        user: auth.kind === 'staff' ? auth.user : null,
        csrfToken: reply.generateCsrf(),
      };
    },
  );
}
