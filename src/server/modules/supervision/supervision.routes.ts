import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_ORDER_WORKING_DAYS } from '../../../core/supervision/supervision-rules.js';
import type { AppDeps } from '../../deps.js';
import { ErrorBody, idOf, IdParams, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireStaffOnly } from '../auth/auth.plugin.js';
import {
  addInstruction,
  answerOrder,
  issueOrder,
  listCaseOrders,
  listInstructions,
  listOrders,
} from './supervision.service.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

const Order = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseNo: Type.String(),
  caseTitle: Type.String(),
  kind: StringEnum(['manual', 'automatic'] as const),
  status: StringEnum(['open', 'answered', 'escalated'] as const),
  instructions: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  issuedAt: Type.String(),
  issuedById: Nullable(Type.String()),
  issuedByName: Nullable(Type.String()),
  issuerRole: Type.String(),
  levelCode: Type.String({ description: 'region node of the level that follows the order up now' }),
  levelName: Type.String(),
  issuedLevelCode: Type.String(),
  escalations: Type.Integer(),
  escalatedAt: Nullable(Type.String()),
  addressedUnitId: Type.String(),
  addressedUnitName: Type.String(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  answeredByName: Nullable(Type.String()),
});

const Instruction = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  text: Type.String(),
  authorId: Type.String(),
  authorName: Type.String(),
  authorUnitName: Nullable(Type.String()),
  createdAt: Type.String(),
});

const IssueBody = Type.Object(
  {
    instructions: Type.String({ minLength: 1, maxLength: 2000 }),
    dueWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ORDER_WORKING_DAYS })),
    dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
const AnswerBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
const InstructionBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(['open', 'answered', 'escalated'] as const)),
    mine: Type.Optional(StringEnum(['issued', 'received'] as const)),
    cursor: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

// oversight and mediation are internal: a resident session is refused
const staff = requireStaffOnly;

/** Supervision orders (督办单) and leaders' instructions (批示). */
export async function supervisionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/cases/:id/supervision-orders',
    {
      schema: {
        tags: ['supervision'],
        summary:
          'Issue a supervision order (督办单) on a case in scope: instructions and a due time (dueWorkingDays or dueAt, one of them)',
        params: IdParams,
        body: IssueBody,
        response: { 201: Order, ...errors },
      },
    },
    async (req, reply) => {
      const order = await issueOrder(
        deps,
        staff(req),
        idOf(req),
        req.body as Static<typeof IssueBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(order);
    },
  );

  app.get(
    '/cases/:id/supervision-orders',
    {
      schema: {
        tags: ['supervision'],
        summary: 'The supervision orders of a case',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Order) }), ...errors },
      },
    },
    async (req) => listCaseOrders(deps, staff(req), idOf(req)),
  );

  app.post(
    '/supervision-orders/:id/answer',
    {
      schema: {
        tags: ['supervision'],
        summary: 'The lead unit answers a supervision order (also after it escalated)',
        params: IdParams,
        body: AnswerBody,
        response: { 200: Order, ...errors },
      },
    },
    async (req) =>
      answerOrder(deps, staff(req), idOf(req), req.body as Static<typeof AnswerBody>, requestMeta(req).ip),
  );

  app.get(
    '/supervision-orders',
    {
      schema: {
        tags: ['supervision'],
        summary:
          'Orders you work with: mine=issued (issued by you or followed up at your level, escalations included), mine=received (your unit must answer); without mine, supervisors see all in scope',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Order), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const qs = req.query as Static<typeof ListQuery>;
      return listOrders(deps, staff(req), {
        status: qs.status,
        mine: qs.mine,
        cursor: qs.cursor,
        limit: qs.limit ?? 50,
      });
    },
  );

  app.post(
    '/cases/:id/instructions',
    {
      schema: {
        tags: ['supervision'],
        summary: 'A leader’s instruction (批示) on a case in scope',
        params: IdParams,
        body: InstructionBody,
        response: { 201: Instruction, ...errors },
      },
    },
    async (req, reply) => {
      const created = await addInstruction(
        deps,
        staff(req),
        idOf(req),
        req.body as Static<typeof InstructionBody>,
        requestMeta(req).ip,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/cases/:id/instructions',
    {
      schema: {
        tags: ['supervision'],
        summary: 'The leaders’ instructions on a case, oldest first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Instruction) }), ...errors },
      },
    },
    async (req) => listInstructions(deps, staff(req), idOf(req)),
  );
}
