// Open311 GeoReport v2 at /open311/v2 (outside /api: its own error shape, form bodies, API keys
// instead of sessions). Every resource in both formats: `….json` and `….xml`.
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { HttpError } from '../../http/errors.js';
import { langOf, t } from '../../http/i18n.js';
import type { ApiKeyInfo } from '../api-keys/api-keys.service.js';
import { authenticateApiKey } from '../api-keys/api-keys.service.js';
import type { Format } from './open311.format.js';
import { formatOfUrl, open311Error, sendList, sendObject, splitFormat } from './open311.format.js';
import type { RequestParams, RequestQuery } from './open311.service.js';
import {
  createServiceRequest,
  findServiceRequest,
  findServiceRequests,
  listServices,
  serviceDefinition,
} from './open311.service.js';

const FORMATS: readonly Format[] = ['json', 'xml'];
const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** When this API last changed (discovery's changeset). */
const CHANGESET = '2026-03-20T00:00:00Z';

/** Requests per minute: per API key for requests, per address for the public lists. */
/** Budgets per minute: requests per API key (YIMEN_OPEN311_RATE_PER_MINUTE), public lists per address. */
export const RATE = { post: 60, read: 120, public: 120 } as const;

const schema = (summary: string) => ({ tags: ['open311'], summary });

/** The key's digest names its rate-limit bucket (the key itself is not kept, even in memory). */
function rateKeyOf(deps: AppDeps, req: FastifyRequest): string {
  const fromBody = (req.body as Record<string, unknown> | undefined)?.api_key;
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.api_key;
  const key = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : null;
  return key ? `key:${deps.crypto.sm3Hex(key)}` : `ip:${req.ip}`;
}

/** Form fields as single strings: a field sent twice is ambiguous and refused. */
function formFields(body: unknown): RequestParams {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object') throw open311Error(400, 'open311.bad_body');
  const out: RequestParams = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(v)) throw open311Error(400, 'open311.repeated_field', { field: k.slice(0, 64) });
    if (v === undefined || v === null) continue;
    if (typeof v === 'object') throw open311Error(400, 'open311.bad_body');
    out[k] = String(v);
  }
  return out;
}

function single(query: unknown, name: string): string | undefined {
  const v = (query as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw open311Error(400, 'open311.repeated_field', { field: name });
  return v;
}

async function requireKey(deps: AppDeps, key: string | undefined): Promise<ApiKeyInfo> {
  const found = await authenticateApiKey(deps, key);
  if (!found) throw open311Error(403, 'open311.bad_api_key');
  return found;
}

export async function open311Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = langOf(req);
    const format = formatOfUrl(req.url);
    let status: number;
    let description: string;
    if (err instanceof HttpError) {
      status = err.statusCode;
      description = t(lang, err.messageKey, err.params);
    } else if ((err.statusCode ?? 500) < 500) {
      status = err.statusCode!;
      const key =
        status === 429
          ? 'common.too_many_requests'
          : status === 413
            ? 'common.payload_too_large'
            : status === 415
              ? 'open311.bad_content_type'
              : 'open311.bad_body';
      description = t(lang, key);
    } else {
      req.log.error({ err }, 'open311: unhandled error');
      status = 500;
      description = t(lang, 'common.internal');
    }
    return sendList(reply, format, 'errors', 'error', [{ code: status, description }], status);
  });
  app.setNotFoundHandler((req, reply) =>
    sendList(
      reply,
      formatOfUrl(req.url),
      'errors',
      'error',
      [{ code: 404, description: t(langOf(req), 'open311.no_such_resource') }],
      404,
    ),
  );

  // Budgets shared by both formats of an endpoint (a route's own rate-limit config would count
  // `.json` and `.xml` apart): per API key for requests, per address for the public lists.
  const limiter = (max: number, byKey: boolean) => {
    const check = app.createRateLimit({
      max,
      timeWindow: 60_000,
      ...(byKey ? { keyGenerator: (req: FastifyRequest) => rateKeyOf(deps, req) } : {}),
    });
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const r = await check(req);
      if (!r.isAllowed && r.isExceeded) {
        reply.header('retry-after', String(r.ttlInSeconds));
        throw open311Error(429, 'common.too_many_requests');
      }
    };
  };
  const publicLimit = limiter(RATE.public, false);
  const postLimit = limiter(deps.config.open311PostPerMinute, true);
  const readLimit = limiter(2 * deps.config.open311PostPerMinute, true);

  for (const format of FORMATS) {
    app.get(
      `/discovery.${format}`,
      { schema: schema('Service discovery'), preHandler: publicLimit },
      async (req, reply) => {
        const base = `${req.protocol}://${req.host}/open311/v2`;
        const en = langOf(req) === 'en';
        const endpoint = {
          specification: SPEC,
          url: base,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        };
        return sendObject(reply, format, 'discovery', {
          changeset: CHANGESET,
          contact: en
            ? 'The governance center (综治中心) running this server; see the administrator.'
            : '本服务由综治中心提供，请联系系统管理员。',
          key_service: en
            ? 'API keys are issued by the system administrator (npx yimen api-key create NAME --region CODE).'
            : 'API 密钥由系统管理员签发（npx yimen api-key create 名称 --region 区划代码）。',
          endpoints:
            format === 'json'
              ? [endpoint]
              : { endpoint: [{ ...endpoint, formats: { format: endpoint.formats } }] },
        });
      },
    );

    app.get(
      `/services.${format}`,
      { schema: schema('Services: the dispute categories'), preHandler: publicLimit },
      async (req, reply) => {
        single(req.query, 'jurisdiction_id');
        return sendList(reply, format, 'services', 'service', await listServices(deps, langOf(req)));
      },
    );

    app.post(
      `/requests.${format}`,
      { schema: schema('Create a service request (a case with channel api)'), preHandler: postLimit },
      async (req, reply) => {
        const p = formFields(req.body);
        const key = await requireKey(deps, p.api_key);
        const created = await createServiceRequest(deps, key, p, { ip: req.ip ?? null, lang: langOf(req) });
        return sendList(reply, format, 'service_requests', 'request', [created], 201);
      },
    );

    app.get(
      `/requests.${format}`,
      { schema: schema('Service requests of the API key’s region'), preHandler: readLimit },
      async (req, reply) => {
        const key = await requireKey(deps, single(req.query, 'api_key'));
        const query: RequestQuery = {};
        for (const name of [
          'service_request_id',
          'service_code',
          'start_date',
          'end_date',
          'status',
        ] as const) {
          const v = single(req.query, name);
          if (v !== undefined) query[name] = v;
        }
        single(req.query, 'jurisdiction_id');
        const rows = await findServiceRequests(deps, key, query, langOf(req));
        return sendList(reply, format, 'service_requests', 'request', rows);
      },
    );
  }

  app.get(
    '/services/:file',
    { schema: schema('A service definition: its attributes'), preHandler: publicLimit },
    async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw open311Error(404, 'open311.no_such_resource');
      const def = await serviceDefinition(deps, f.name, langOf(req));
      return sendObject(reply, f.format, 'service_definition', {
        service_code: def.service_code,
        attributes:
          f.format === 'json'
            ? def.attributes
            : { attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })) },
      });
    },
  );

  app.get(
    '/requests/:file',
    { schema: schema('One service request'), preHandler: readLimit },
    async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw open311Error(404, 'open311.no_such_resource');
      const key = await requireKey(deps, single(req.query, 'api_key'));
      const rows = await findServiceRequest(deps, key, f.name, langOf(req));
      return sendList(reply, f.format, 'service_requests', 'request', rows);
    },
  );
}
