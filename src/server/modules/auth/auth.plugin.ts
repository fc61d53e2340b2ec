import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../../deps.js';
import { HttpError } from '../../http/errors.js';
import type { AuthContext } from './auth.service.js';
import { SESSION_COOKIE, authenticate } from './auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    /** true when a session cookie came but had expired: the client is told to log in again */
    sessionExpired: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Log-in opens the session and so cannot carry a token yet; SameSite=Strict guards it.
const CSRF_EXEMPT = new Set(['/api/auth/login']);
// What a user who must change their password may still call.
const PASSWORD_CHANGE_PATHS = new Set([
  '/api/me',
  '/api/auth/logout',
  '/api/auth/login',
  '/api/auth/change-password',
]);
// What a user whose role requires a second factor, not yet set up, may still call.
const TOTP_ENROL_PATHS = new Set([
  ...PASSWORD_CHANGE_PATHS,
  '/api/auth/totp',
  '/api/auth/totp/enrol',
  '/api/auth/totp/confirm',
]);

/** Resolves the session cookie on every request and enforces CSRF on cookie-authenticated writes. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { deps: AppDeps }) => {
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionExpired', false);
  app.addHook('onRequest', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const result = await authenticate(opts.deps, token);
    if (result === 'expired') {
      req.sessionExpired = true;
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    req.auth = result;
  });
  // Runs after the hook above; the plugin answers 403 through the error handler on a bad token.
  app.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?')[0]!;
    if (req.auth && UNSAFE.has(req.method) && !CSRF_EXEMPT.has(path)) app.csrfProtection(req, reply, done);
    else done();
  });
  // A one-time password (new or reset account) opens nothing but the change of password.
  app.addHook('onRequest', async (req) => {
    if (req.auth?.kind !== 'staff' || !req.auth.user.mustChangePassword) return;
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/api/') && !PASSWORD_CHANGE_PATHS.has(path))
      throw new HttpError(403, 'auth.must_change_password');
  });
  // An administrator or leader without a second factor sets one up before anything else.
  app.addHook('onRequest', async (req) => {
    if (req.auth?.kind !== 'staff' || !req.auth.user.mustEnrolTotp) return;
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/api/') && !TOTP_ENROL_PATHS.has(path))
      throw new HttpError(403, 'auth.must_enrol_totp');
  });
});

/** The caller as a staff user, or a 401 telling them to (re-)log in. */
export function requireStaff(req: FastifyRequest): Extract<AuthContext, { kind: 'staff' }> {
  if (req.auth?.kind === 'staff') return req.auth;
  throw new HttpError(401, req.sessionExpired ? 'auth.session_expired' : 'auth.required');
}

/** The caller as a staff user: a resident session is refused (403), no session asked to log in (401). */
export function requireStaffOnly(req: FastifyRequest): Extract<AuthContext, { kind: 'staff' }> {
  if (req.auth && req.auth.kind !== 'staff') throw new HttpError(403, 'auth.forbidden');
  return requireStaff(req);
}

/** The caller as the system administrator, who alone changes system configuration (三员分立). */
export function requireSystemAdmin(req: FastifyRequest): Extract<AuthContext, { kind: 'staff' }> {
  const auth = requireStaff(req);
  if (auth.user.role !== 'sys_admin') throw new HttpError(403, 'auth.forbidden');
  return auth;
}

/** The caller as a staff user or resident. */
export function requireAuth(req: FastifyRequest): AuthContext {
  if (req.auth) return req.auth;
  throw new HttpError(401, req.sessionExpired ? 'auth.session_expired' : 'auth.required');
}

export function requestMeta(req: FastifyRequest) {
  return { ip: req.ip ?? null, userAgent: (req.headers['user-agent'] as string | undefined) ?? null };
}
