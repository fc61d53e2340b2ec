import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, Nullable } from '../../http/schemas.js';
import { suggestUnit } from '../routing/routing.service.js';
import { categories, listUnits, renameCategoryNames } from '../units/units.service.js';
import { withTransaction } from '../../db/transaction.js';
import { notFound } from '../../http/errors.js';
import { recordConfigChange } from '../audit/audit.service.js';
import { requestMeta, requireSystemAdmin } from '../auth/auth.plugin.js';
import { fullName, getRegion, listChildren, pathOf, searchRegions } from './regions.service.js';

const Code = Type.String({ pattern: '^[0-9]{2,15}$' });
const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
});
const toRegion = (r: { code: string; name: string; level: string; parent_code: string | null }) => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
});

/**
 * The region tree, units, categories and the routing suggestion. Public reference data (GB/T 2260
 * codes, unit names): the resident form needs it before any log-in.
 */
export async function regionsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const db = () => deps.db.kysely;

  app.get(
    '/regions',
    {
      schema: {
        tags: ['regions'],
        summary: 'Children of a region node (the provinces without `parent`), or a search by `q`',
        querystring: Type.Object(
          { parent: Type.Optional(Code), q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Region), 400: ErrorBody },
      },
    },
    async (req) => {
      const { parent, q } = req.query as { parent?: string; q?: string };
      const rows = q ? await searchRegions(deps.db, q, 50) : await listChildren(deps.db, parent ?? null);
      return rows.map(toRegion);
    },
  );

  app.get(
    '/regions/:code',
    {
      schema: {
        tags: ['regions'],
        summary: 'One region node with its path from the province',
        params: Type.Object({ code: Code }),
        response: {
          200: Type.Object({ ...Region.properties, fullName: Type.String(), path: Type.Array(Region) }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const { code } = req.params as { code: string };
      const region = await getRegion(deps.db, code);
      if (!region) throw notFound();
      const path = await pathOf(deps.db, code);
      return { ...toRegion(region), fullName: fullName(path), path: path.map(toRegion) };
    },
  );

  app.get(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Units at a region node (`region`) or under it (`under`), optionally of one kind',
        querystring: Type.Object(
          {
            region: Type.Optional(Code),
            under: Type.Optional(Code),
            kind: Type.Optional(
              Type.Union(
                ['center', 'department', 'mediation_org', 'village_committee'].map((k) => Type.Literal(k)),
              ),
            ),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 400: ErrorBody },
      },
    },
    async (req) => {
      const qs = req.query as {
        region?: string;
        under?: string;
        kind?: 'center';
        q?: string;
        limit?: number;
      };
      return listUnits(db(), {
        region: qs.region,
        under: qs.under,
        kind: qs.kind,
        text: qs.q,
        limit: qs.limit,
      });
    },
  );

  app.get(
    '/categories',
    { schema: { tags: ['cases'], summary: 'Dispute categories (codes fixed, names editable)' } },
    async () => categories(db()),
  );

  app.patch(
    '/categories/:code',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Rename, reorder or retire (active: false) a dispute category (system administrator); the code stays',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z_]{1,40}$' }) }),
        body: Type.Object(
          {
            nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      const { code } = req.params as { code: string };
      const body = req.body as { nameZh?: string; nameEn?: string; sort?: number; active?: boolean };
      await withTransaction(deps.db, async (trx) => {
        if ((await renameCategoryNames(trx, code, body)) === 0) throw notFound();
        await recordConfigChange(trx, deps, {
          user: auth.user,
          ip: requestMeta(req).ip,
          action: 'config.category',
          targetType: 'category',
          targetId: code,
          detail: body,
        });
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/routing/suggest',
    {
      schema: {
        tags: ['routing'],
        summary: 'The unit the routing rules suggest for a category at a place (first match)',
        querystring: Type.Object(
          { category: Type.String({ minLength: 1, maxLength: 40 }), region: Code },
          { additionalProperties: false },
        ),
        response: { 400: ErrorBody },
      },
    },
    async (req) => {
      const { category, region } = req.query as { category: string; region: string };
      return { suggestion: await suggestUnit(db(), category, region) };
    },
  );
}
