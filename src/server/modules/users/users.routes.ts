import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STAFF_ROLES, type StaffRole } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import type { UserRole } from '../../db/tables.js';
import { forbidden } from '../../http/errors.js';
import { ErrorBody, Nullable, StringEnum, Uuid } from '../../http/schemas.js';
import { requestMeta, requireAuth } from '../auth/auth.plugin.js';
import { requireAdministrator, type StaffAuth } from '../admin/admin-guard.js';
import {
  changeOwnPassword,
  createAccount,
  listAccounts,
  resetPassword,
  resetSecondFactor,
  unlockAccount,
  updateAccount,
  type ChangeActor,
} from './users.service.js';

const Code = Type.String({ pattern: '^[0-9]{2,15}$' });
const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$' });
const DisplayName = Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' });
const Role = StringEnum(STAFF_ROLES);
const Account = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  unitCode: Nullable(Type.String()),
  scopeCode: Type.String(),
  scopeName: Nullable(Type.String()),
  active: Type.Boolean(),
  locked: Type.Boolean(),
  lockedUntil: Nullable(Type.String()),
  failedLogins: Type.Integer(),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  isDemo: Type.Boolean(),
  administrator: Type.Boolean(),
  createdAt: Type.String(),
});
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

const actorOf = (auth: StaffAuth, req: FastifyRequest): ChangeActor => ({
  id: auth.user.id,
  role: auth.user.role,
  label: auth.user.username,
  ip: requestMeta(req).ip,
});
/** One-time passwords must not linger in a cache between the server and the administrator. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/**
 * Accounts are the security administrator's work alone (三员分立): neither the system nor the
 * audit administrator, nor any staff role, may read or change them. Refused writes are audited.
 */
export async function usersRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const securityAdmin = (req: FastifyRequest, action: string, targetId: string | null) =>
    requireAdministrator(req, deps, 'security_admin', {
      action,
      targetType: 'user',
      targetId: targetId ?? undefined,
    });

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Staff accounts (security administrator), by username; keyset paging with `cursor`',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            role: Type.Optional(Role),
            unit: Type.Optional(Uuid),
            scope: Type.Optional(Code),
            active: Type.Optional(Type.Boolean()),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Account), nextCursor: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      await securityAdmin(req, 'account.list', null);
      const f = req.query as {
        q?: string;
        role?: UserRole;
        unit?: string;
        scope?: string;
        active?: boolean;
        cursor?: string;
        limit?: number;
      };
      return listAccounts(deps, {
        text: f.q,
        role: f.role,
        unitId: f.unit,
        scopePrefix: f.scope,
        active: f.active,
        cursor: f.cursor,
        limit: f.limit,
      });
    },
  );

  app.post(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Create a staff account; answers its one-time password once (it must be changed at first log-in). ' +
          'Administrator accounts are made with `yimen user add` only.',
        body: Type.Object(
          {
            username: Username,
            displayName: DisplayName,
            role: Role,
            unitId: Type.Optional(Nullable(Uuid)),
            scopeCode: Type.Optional(Code),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ account: Account, oneTimePassword: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const auth = await securityAdmin(req, 'account.create', null);
      const body = req.body as {
        username: string;
        displayName: string;
        role: StaffRole;
        unitId?: string | null;
        scopeCode?: string;
      };
      const { account, password } = await createAccount(
        deps,
        {
          username: body.username,
          displayName: body.displayName.trim(),
          role: body.role,
          unitId: body.unitId ?? null,
          scopeCode: body.scopeCode,
        },
        { actor: actorOf(auth, req) },
      );
      noStore(reply);
      return reply.status(201).send({ account, oneTimePassword: password });
    },
  );

  app.patch(
    '/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change an account’s name, role, unit, scope or active flag (not an administrator’s)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            displayName: Type.Optional(DisplayName),
            role: Type.Optional(Role),
            unitId: Type.Optional(Nullable(Uuid)),
            scopeCode: Type.Optional(Code),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Account, ...errors },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const auth = await securityAdmin(req, 'account.update', id);
      const body = req.body as {
        displayName?: string;
        role?: StaffRole;
        unitId?: string | null;
        scopeCode?: string;
        active?: boolean;
      };
      return updateAccount(deps, id, { ...body, displayName: body.displayName?.trim() }, actorOf(auth, req));
    },
  );

  app.post(
    '/admin/users/:id/reset-password',
    {
      schema: {
        tags: ['admin'],
        summary: 'A new one-time password (answered once); the account’s sessions end',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ oneTimePassword: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const auth = await securityAdmin(req, 'account.reset_password', id);
      const { password } = await resetPassword(deps, id, actorOf(auth, req));
      noStore(reply);
      return { oneTimePassword: password };
    },
  );

  app.post(
    '/admin/users/:id/reset-totp',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Remove an account’s second factor (a lost phone); its sessions end and, where the role ' +
          'requires one, a new authenticator is set up at next log-in',
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const auth = await securityAdmin(req, 'account.reset_totp', id);
      await resetSecondFactor(deps, id, actorOf(auth, req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/admin/users/:id/unlock',
    {
      schema: {
        tags: ['admin'],
        summary: 'Lift the lockout after repeated failed log-ins',
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const auth = await securityAdmin(req, 'account.unlock', id);
      await unlockAccount(deps, id, actorOf(auth, req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/change-password',
    {
      // per account, not per address: a whole township office may sit behind one address
      config: {
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) =>
            req.auth?.kind === 'staff' ? `change-password:${req.auth.user.id}` : req.ip,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password (required after a one-time password); other sessions end',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
            newPassword: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      if (auth.kind !== 'staff') throw forbidden();
      await changeOwnPassword(deps, auth.user, req.body as { currentPassword: string; newPassword: string }, {
        ip: requestMeta(req).ip,
        tokenHash: auth.tokenHash,
      });
      return reply.status(204).send();
    },
  );
}
