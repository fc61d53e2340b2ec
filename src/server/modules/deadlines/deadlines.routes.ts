import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STAGES } from '../../../core/deadlines/time-limits.js';
import { HANDLING_LEVELS } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { forbidden, notFound, unprocessable } from '../../http/errors.js';
import { ErrorBody, Nullable, Uuid } from '../../http/schemas.js';
import { recordAudit } from '../audit/audit.service.js';
import { requestMeta, requireStaff } from '../auth/auth.plugin.js';
import { insertRule, listRules, updateRule } from './deadlines.queries.js';

const lit = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
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
  const admin = (req: FastifyRequest) => {
    const auth = requireStaff(req);
    if (auth.user.role !== 'sys_admin') throw forbidden();
    return auth;
  };
  const audit = (
    trx: Parameters<typeof recordAudit>[0],
    auth: ReturnType<typeof admin>,
    req: FastifyRequest,
    id: string,
    detail: Record<string, unknown>,
  ) =>
    recordAudit(trx, deps.newId(), {
      at: deps.clock(),
      actorId: auth.user.id,
      actorRole: auth.user.role,
      actorLabel: auth.user.username,
      ip: requestMeta(req).ip,
      action: 'config.time_limit',
      targetType: 'time_limit_rule',
      targetId: id,
      result: 'success',
      detail,
    });

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
      admin(req);
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
            stage: lit(STAGES),
            categoryCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
            level: Type.Optional(Nullable(lit(HANDLING_LEVELS))),
            mediationKind: Type.Optional(
              Nullable(lit(['people', 'industry', 'administrative', 'judicial'] as const)),
            ),
            workingDays: Type.Integer({ minimum: 0, maximum: 365 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = admin(req);
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
        await audit(trx, auth, req, id, { op: 'add', ...b });
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
      const auth = admin(req);
      const { id } = req.params as { id: string };
      const b = req.body as { workingDays?: number; active?: boolean };
      await withTransaction(deps.db, async (trx) => {
        if ((await updateRule(trx, id, { working_days: b.workingDays, active: b.active })) === 0)
          throw notFound();
        await audit(trx, auth, req, id, { op: 'update', ...b });
      });
      return reply.status(204).send();
    },
  );
}
