import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { notFound, unprocessable } from '../../http/errors.js';
import { ErrorBody, Nullable, Uuid } from '../../http/schemas.js';
import { recordConfigChange } from '../audit/audit.service.js';
import { requestMeta, requireSystemAdmin } from '../auth/auth.plugin.js';
import { addRoutingRules, defaultRulePriority } from './routing.service.js';
import { listRules, unitExists, updateRule } from './routing.queries.js';

const Code = Type.String({ pattern: '^[0-9]{2,15}$' });
const Rule = Type.Object({
  id: Type.String(),
  priority: Type.Integer(),
  categoryCode: Nullable(Type.String()),
  regionPrefix: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  active: Type.Boolean(),
});
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

/**
 * Routing rules are system configuration (三员分立: the system administrator's work); every
 * change is audited. Dispatchers read the suggestion through /api/routing/suggest.
 */
export async function routingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/routing/rules',
    {
      schema: {
        tags: ['routing'],
        summary: 'Routing rules (system administrator), optionally under a region prefix',
        querystring: Type.Object(
          { region: Type.Optional(Code), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Rule), ...errors },
      },
    },
    async (req) => {
      requireSystemAdmin(req);
      const { region, limit } = req.query as { region?: string; limit?: number };
      const rows = await listRules(deps.db.kysely, region, limit ?? 200);
      return rows.map((r) => ({
        id: r.id,
        priority: r.priority,
        categoryCode: r.category_code,
        regionPrefix: r.region_prefix,
        unitId: r.unit_id,
        unitName: r.unit_name,
        active: r.active,
      }));
    },
  );

  app.post(
    '/routing/rules',
    {
      schema: {
        tags: ['routing'],
        summary: 'Add a routing rule: category (or any) at a region prefix goes to a unit',
        body: Type.Object(
          {
            categoryCode: Nullable(Type.String({ minLength: 1, maxLength: 40 })),
            regionPrefix: Code,
            unitId: Uuid,
            priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), priority: Type.Integer() }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      const body = req.body as {
        categoryCode: string | null;
        regionPrefix: string;
        unitId: string;
        priority?: number;
      };
      const id = deps.newId();
      const priority = body.priority ?? defaultRulePriority(body.regionPrefix, body.categoryCode);
      await withTransaction(deps.db, async (trx) => {
        if (!(await unitExists(trx, body.unitId)))
          throw unprocessable('case.unknown_unit', { id: body.unitId });
        if (body.categoryCode) {
          const cat = await trx
            .selectFrom('categories')
            .select('code')
            .where('code', '=', body.categoryCode)
            .executeTakeFirst();
          if (!cat) throw unprocessable('case.unknown_category', { code: body.categoryCode });
        }
        const region = await trx
          .selectFrom('regions')
          .select('code')
          .where('code', '=', body.regionPrefix)
          .executeTakeFirst();
        if (!region) throw unprocessable('case.unknown_region', { code: body.regionPrefix });
        await addRoutingRules(
          trx,
          [
            {
              id,
              priority,
              categoryCode: body.categoryCode,
              regionPrefix: body.regionPrefix,
              unitId: body.unitId,
            },
          ],
          deps.clock(),
        );
        await recordConfigChange(trx, deps, {
          user: auth.user,
          ip: requestMeta(req).ip,
          action: 'config.routing_rule',
          targetType: 'routing_rule',
          targetId: id,
          detail: { op: 'add', ...body, priority },
        });
      });
      return reply.status(201).send({ id, priority });
    },
  );

  app.patch(
    '/routing/rules/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Change a rule’s priority, unit or active flag',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
            active: Type.Optional(Type.Boolean()),
            unitId: Type.Optional(Uuid),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      const { id } = req.params as { id: string };
      const body = req.body as { priority?: number; active?: boolean; unitId?: string };
      await withTransaction(deps.db, async (trx) => {
        if (body.unitId && !(await unitExists(trx, body.unitId)))
          throw unprocessable('case.unknown_unit', { id: body.unitId });
        const n = await updateRule(trx, id, {
          priority: body.priority,
          active: body.active,
          unit_id: body.unitId,
        });
        if (n === 0) throw notFound();
        await recordConfigChange(trx, deps, {
          user: auth.user,
          ip: requestMeta(req).ip,
          action: 'config.routing_rule',
          targetType: 'routing_rule',
          targetId: id,
          detail: { op: 'update', ...body },
        });
      });
      return reply.status(204).send();
    },
  );
}
