import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { STAGES } from '../../../core/deadlines/time-limits.js';
import { HANDLING_LEVELS } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { notFound, unprocessable } from '../../http/errors.js';
import { ErrorBody, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { recordConfigChange } from '../audit/audit.service.js';
import { requestMeta, requireSystemAdmin } from '../auth/auth.plugin.js';
import { insertRule, listRules, updateRule } from './deadlines.queries.js';

const Rule = Type.Object({
  id: Type.String(),
  stage: Type.String(),
  categoryCode: Nullable(Type.String()),
  level: Nullable(Type.String()),
  mediationKind: Nullable(Type.String()),
  workingDays: Type.Integer(),
  active: Type.Boolean(),
});
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

/** Time-limit rules are system configuration (the system administrator's); changes are audited. */
export async function deadlinesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/time-limits',
    {
      schema: {
        tags: ['time limits'],
        summary: 'Time-limit rules in working days (system administrator)',
        response: { 200: Type.Array(Rule), ...errors },
      },
    },
    async (req) => {
      requireSystemAdmin(req);
      return (await listRules(deps.db.kysely)).map((r) => ({
        id: r.id,
        stage: r.stage,
        categoryCode: r.category_code,
        level: r.level,
        mediationKind: r.mediation_kind,
        workingDays: r.working_days,
        active: r.active,
      }));
    },
  );

  app.post(
    '/time-limits',
    {
      schema: {
        tags: ['time limits'],
        summary: 'Add a rule: a stage, optionally narrowed to a category, level or mediation kind',
        body: Type.Object(
          {
            stage: StringEnum(STAGES),
            categoryCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
            level: Type.Optional(Nullable(StringEnum(HANDLING_LEVELS))),
            mediationKind: Type.Optional(
              Nullable(StringEnum(['people', 'industry', 'administrative', 'judicial'] as const)),
            ),
            workingDays: Type.Integer({ minimum: 0, maximum: 365 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      const b = req.body as {
        stage: (typeof STAGES)[number];
        categoryCode?: string | null;
        level?: (typeof HANDLING_LEVELS)[number] | null;
        mediationKind?: 'people' | 'industry' | 'administrative' | 'judicial' | null;
        workingDays: number;
      };
      const id = deps.newId();
      await withTransaction(deps.db, async (trx) => {
        if (b.categoryCode) {
          const cat = await trx
            .selectFrom('categories')
            .select('code')
            .where('code', '=', b.categoryCode)
            .executeTakeFirst();
          if (!cat) throw unprocessable('case.unknown_category', { code: b.categoryCode });
        }
        await insertRule(trx, {
          id,
          stage: b.stage,
          category_code: b.categoryCode ?? null,
          level: b.level ?? null,
          mediation_kind: b.mediationKind ?? null,
          working_days: b.workingDays,
          created_at: deps.clock(),
        });
        await recordConfigChange(trx, deps, {
          user: auth.user,
          ip: requestMeta(req).ip,
          action: 'config.time_limit',
          targetType: 'time_limit_rule',
          targetId: id,
          detail: { op: 'add', ...b },
        });
      });
      return reply.status(201).send({ id });
    },
  );

  app.patch(
    '/time-limits/:id',
    {
      schema: {
        tags: ['time limits'],
        summary: 'Change a rule’s working days or switch it off (applies to clocks started from now on)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            workingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      const { id } = req.params as { id: string };
      const b = req.body as { workingDays?: number; active?: boolean };
      await withTransaction(deps.db, async (trx) => {
        if ((await updateRule(trx, id, { working_days: b.workingDays, active: b.active })) === 0)
          throw notFound();
        await recordConfigChange(trx, deps, {
          user: auth.user,
          ip: requestMeta(req).ip,
          action: 'config.time_limit',
          targetType: 'time_limit_rule',
          targetId: id,
          detail: { op: 'update', ...b },
        });
      });
      return reply.status(204).send();
    },
  );
}
