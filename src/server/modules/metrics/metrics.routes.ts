import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { HttpError, notFound } from '../../http/errors.js';
import {
  UNMATCHED_ROUTE,
  addressAllowList,
  createMetrics,
  loginFailureReason,
  statusClass,
  tokenMatches,
} from './metrics.service.js';

const LOGIN_ROUTE = '/api/auth/login';

/**
 * GET /metrics and the hooks that feed it. Registered on the root instance before any route, so
 * the timing hook sees every route. Disabled (the default), /metrics answers 404 and nothing is
 * measured. Enabled, it answers to a client address in the allow-list or a valid bearer token.
 */
export async function metricsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { enabled, allow, token } = deps.config.metrics;
  if (!enabled) {
    app.get('/metrics', { schema: { hide: true } }, async () => {
      throw notFound();
    });
    return;
  }
  const metrics = createMetrics(deps);
  const allowed = addressAllowList(allow);
  // Without trusted proxies req.ip is the socket's address: a request a proxy forwarded would
  // look like the proxy's own (often loopback) address, so it may pass by token only.
  const trustsProxy = deps.config.trustProxy.length > 0;

  app.addHook('onResponse', async (req, reply) => {
    // the route pattern (`/api/cases/:id`), never the URL: one series per route, not per case
    const route = req.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.httpDuration.observe(
      { method: req.method, route, status_class: statusClass(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route === LOGIN_ROUTE && req.method === 'POST' && reply.statusCode >= 400) {
      metrics.loginFailures.inc({ reason: loginFailureReason(reply.statusCode) });
    }
  });
  app.addHook('onClose', async () => {
    metrics.registry.clear();
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const forwarded = req.headers['x-forwarded-for'] !== undefined;
    const byAddress = (trustsProxy || !forwarded) && allowed(req.ip);
    if (!byAddress && !tokenMatches(req.headers.authorization, token)) {
      throw new HttpError(403, 'metrics.forbidden');
    }
    const body = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(body);
  });
}
