import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './deps.js';
import { HttpError } from './http/errors.js';
import { describeValidation, langOf, t } from './http/i18n.js';
import { packageRoot } from './paths.js';
import { authPlugin } from './modules/auth/auth.plugin.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { accountSecurityRoutes } from './modules/auth/account-security.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { routingRoutes } from './modules/routing/routing.routes.js';
import { deadlinesRoutes } from './modules/deadlines/deadlines.routes.js';
import { whistleRoutes } from './modules/whistle/whistle.routes.js';
import { accountabilityRoutes } from './modules/accountability/accountability.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { supervisionRoutes } from './modules/supervision/supervision.routes.js';
import { liveRoutes } from './modules/live/live.routes.js';
import { open311Routes } from './modules/open311/open311.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { baseInfoRoutes } from './modules/base-info/base-info.routes.js';
import { residentRoutes } from './modules/resident/resident.routes.js';
import { piRightsRoutes } from './modules/pi-rights/pi-rights.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { qrRoutes } from './modules/qr/qr.routes.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { gridRoutes } from './modules/grid/grid.routes.js';
import { metricsRoutes } from './modules/metrics/metrics.routes.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { mediationPublicRoutes, mediationRoutes } from './modules/mediation/mediation.routes.js';
import { appointmentRoutes, queueRoutes, stationingRoutes } from './modules/stationing/stationing.routes.js';
import { triageRoutes } from './modules/triage/triage.routes.js';
import { warningsRoutes } from './modules/warnings/warnings.routes.js';
import { meetingsRoutes } from './modules/meetings/meetings.routes.js';
import { qualityChecksRoutes } from './modules/quality-checks/quality-checks.routes.js';
import { exportRequestsRoutes } from './modules/export-requests/export-requests.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';

export interface BuildOptions {
  logger?: boolean;
  /** sees every route as it is added (the suites that sweep all routes enumerate them so) */
  onRoute?: (route: RouteOptions) => void;
  /** adds routes before the app is sealed: the bench's bare insert route (bench/bench-serve.mjs) */
  extend?: (app: FastifyInstance) => Promise<void>;
}

/**
 * A query or path number written as 1e309 coerces to Infinity and slips past `maximum` (found by
 * the fuzz suite: GET /api/calendar/years/1e309 answered 500). Refused here as a type error.
 */
function finiteOnly(validate: ValidateFunction): ValidateFunction {
  const check = ((data: unknown) => {
    if (!validate(data)) {
      check.errors = validate.errors;
      return false;
    }
    for (const [key, value] of Object.entries((data ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        check.errors = [
          { instancePath: `/${key}`, schemaPath: '#/type', keyword: 'type', params: { type: 'number' } },
        ];
        return false;
      }
    }
    check.errors = null;
    return true;
  }) as ValidateFunction;
  return check;
}

/** Builds the HTTP application from its dependencies; main.ts and the tests both use it. */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  // Query strings and path parameters are text, so their numbers and booleans are coerced; a JSON
  // body is typed already, so a number sent for a text field is refused rather than converted.
  const validators = {
    body: addFormats.default(
      new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false }),
    ),
    other: addFormats.default(
      new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false }),
    ),
  };
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? validators.body.compile(schema) : finiteOnly(validators.other.compile(schema)),
  );

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
      },
    },
  });
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: {
      path: '/',
      sameSite: 'strict',
      httpOnly: true,
      secure: deps.config.secureCookies,
      signed: false,
    },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 10, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Yimen API', description: '一门 · 矛盾纠纷多元化解平台 API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yimen_sid' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = langOf(req);
    if (err instanceof HttpError) {
      return reply
        .status(err.statusCode)
        .send({ error: { code: err.code, message: t(lang, err.messageKey, err.params) } });
    }
    if (err.validation) {
      const message = describeValidation(lang, err.validation, err.validationContext ?? 'body');
      return reply.status(400).send({ error: { code: 'validation', message } });
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const key =
        status === 429
          ? 'common.too_many_requests'
          : status === 413
            ? 'common.payload_too_large'
            : status === 415
              ? 'common.unsupported_media_type'
              : err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
                ? 'common.bad_json'
                : err.code?.startsWith('FST_CSRF')
                  ? 'auth.csrf'
                  : 'validation.invalid';
      const statusOut = err.code?.startsWith('FST_CSRF') ? 403 : status;
      return reply
        .status(statusOut)
        .send({ error: { code: err.code ?? key, message: t(lang, key, { field: 'body' }) } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: t(lang, 'common.internal') } });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: t(langOf(req), 'common.not_found') } });
    }
    // client-side routes fall back to their app's page: the resident H5 under /m/, the grid worker
    // H5 under /g/, the wall screen at /screen, else the console
    const pathname = req.url.split('?')[0]!;
    const under = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
    const page = under('/m')
      ? 'm/index.html'
      : under('/g')
        ? 'g/index.html'
        : under('/screen')
          ? 'screen/index.html'
          : 'index.html';
    return reply.type('text/html').sendFile(page);
  });

  // first of the routes: its timing hook must see every route added after it
  await metricsRoutes(app, deps);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', db: deps.db.engine }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { deps });
  await app.register(
    async (api) => {
      await authRoutes(api, deps);
      await accountSecurityRoutes(api, deps);
      await regionsRoutes(api, deps);
      await casesRoutes(api, deps);
      await routingRoutes(api, deps);
      await deadlinesRoutes(api, deps);
      await whistleRoutes(api, deps);
      await accountabilityRoutes(api, deps);
      await calendarRoutes(api, deps);
      await supervisionRoutes(api, deps);
      await liveRoutes(api, deps);
      await residentRoutes(api, deps);
      await piRightsRoutes(api, deps);
      await notificationsRoutes(api, deps);
      await qrRoutes(api, deps);
      await usersRoutes(api, deps);
      await adminRoutes(api, deps);
      await auditRoutes(api, deps);
      await importsRoutes(api, deps);
      await baseInfoRoutes(api, deps);
      await gridRoutes(api, deps);
      await analyticsRoutes(api, deps);
      await mediationRoutes(api, deps);
      await stationingRoutes(api, deps);
      await queueRoutes(api, deps);
      await appointmentRoutes(api, deps);
      // issue 8: triage suggestions, warnings (预警), quality call-backs (抽查回访)
      await triageRoutes(api, deps);
      await warningsRoutes(api, deps);
      await qualityChecksRoutes(api, deps);
      await exportRequestsRoutes(api, deps);
      // issue 8: the periodic statistics report (定期统计报表), on demand and as scheduled
      await reportsRoutes(api, deps);
      // weekly meetings (工作例会) with their situation report and decisions
      await meetingsRoutes(api, deps);
    },
    { prefix: '/api' },
  );
  await app.register(async (o) => open311Routes(o, deps), { prefix: '/open311/v2' });
  await mediationPublicRoutes(app, deps);

  const webRoot = [path.join(packageRoot, 'web', 'dist'), path.join(packageRoot, 'web', 'public')].find((p) =>
    fs.existsSync(path.join(p, 'index.html')),
  );
  if (webRoot) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  if (opts.extend) await app.register(opts.extend);

  await app.ready();
  return app;
}
