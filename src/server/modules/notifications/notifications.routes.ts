import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { langOf } from '../../http/i18n.js';
import { ErrorBody, IdParams, Nullable } from '../../http/schemas.js';
import { requestMeta, requireStaff, requireSystemAdmin } from '../auth/auth.plugin.js';
import { listBell, markAllBellRead, markBellRead } from './bell.service.js';
import { outboxEnabled, readOutbox } from './outbox.service.js';
import type { WebhookInput } from './webhooks.service.js';
import { createWebhook, deleteWebhook, listWebhooks, updateWebhook } from './webhooks.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

const BellItem = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  caseId: Nullable(Type.String()),
  caseNo: Nullable(Type.String()),
  text: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
});

const Webhook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  regionPrefix: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Events = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 40 });
const WebhookFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  url: Type.String({ minLength: 8, maxLength: 500 }),
  events: Events,
  regionPrefix: Type.String({ maxLength: 15 }),
  active: Type.Boolean(),
};

/** The staff bell, webhook subscriptions (system administrator) and the development outbox. */
export async function notificationsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My in-app notifications (the bell): for me or my unit, newest first, and the unread count',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
          unread: Type.Boolean({ default: false }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(BellItem), unreadCount: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (req) => {
      const auth = requireStaff(req);
      const { limit, unread } = req.query as { limit: number; unread: boolean };
      return listBell(deps, auth.user, langOf(req), { limit, unreadOnly: unread });
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification read',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireStaff(req);
      await markBellRead(deps, auth.user, (req.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: Type.Object({ marked: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const auth = requireStaff(req);
      return { marked: await markAllBellRead(deps, auth.user) };
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook subscriptions (system administrator); secrets are never listed',
        response: { 200: Type.Array(Webhook), ...errors },
      },
    },
    async (req) => {
      requireSystemAdmin(req);
      return listWebhooks(deps);
    },
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe a URL to case events ("*" or actions such as register, assign, conclude). Calls are ' +
          'signed: X-Yimen-Signature: sha256=HMAC-SHA256(secret, "<X-Yimen-Timestamp>.<body>"). ' +
          'The answer carries the secret, shown only this once.',
        body: Type.Object(
          {
            name: WebhookFields.name,
            url: WebhookFields.url,
            events: WebhookFields.events,
            regionPrefix: Type.Optional(WebhookFields.regionPrefix),
            active: Type.Optional(WebhookFields.active),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([Webhook, Type.Object({ secret: Type.String() })]), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      const created = await createWebhook(deps, auth.user, req.body as WebhookInput, requestMeta(req).ip);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Change a subscription (name, url, events, region prefix, active)',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(WebhookFields.name),
            url: Type.Optional(WebhookFields.url),
            events: Type.Optional(WebhookFields.events),
            regionPrefix: Type.Optional(WebhookFields.regionPrefix),
            active: Type.Optional(WebhookFields.active),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Webhook, ...errors },
      },
    },
    async (req) => {
      const auth = requireSystemAdmin(req);
      return updateWebhook(
        deps,
        auth.user,
        (req.params as { id: string }).id,
        req.body as Partial<WebhookInput>,
        requestMeta(req).ip,
      );
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a subscription; its pending calls are skipped',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireSystemAdmin(req);
      await deleteWebhook(deps, auth.user, (req.params as { id: string }).id, requestMeta(req).ip);
      return reply.status(204).send();
    },
  );

  if (outboxEnabled(deps)) {
    app.get(
      '/dev/outbox',
      {
        schema: {
          tags: ['development'],
          summary:
            'DEVELOPMENT ONLY (absent in production or with a real SMS gateway): the latest SMS to a phone, ' +
            'with one-time codes',
          querystring: Type.Object({
            phone: Type.String({ minLength: 5, maxLength: 20 }),
            limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
          }),
          response: {
            200: Type.Object({
              messages: Type.Array(
                Type.Object({
                  id: Type.String(),
                  at: Type.String(),
                  template: Type.String(),
                  text: Type.String(),
                  status: Type.String(),
                  code: Nullable(Type.String()),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const { phone, limit } = req.query as { phone: string; limit: number };
        return { messages: await readOutbox(deps, phone, limit) };
      },
    );
  }
}
