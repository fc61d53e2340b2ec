// 三员分立: each of the three administrators does their own work and nothing of the others'.
// A refused write is itself audited (who tried what), in its own small transaction, so the
// audit administrator sees attempts as well as changes.
import type { FastifyRequest } from 'fastify';
import type { AdminRole } from '../../../core/organization/account-shape.js';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { requestMeta, requireStaff } from '../auth/auth.plugin.js';

export type StaffAuth = ReturnType<typeof requireStaff>;

export interface DeniedAction {
  action: string;
  targetType: string;
  targetId?: string;
}

/** The caller as the given administrator, or a 403 (audited for writes). */
export async function requireAdministrator(
  req: FastifyRequest,
  deps: Pick<AppDeps, 'db' | 'clock' | 'newId'>,
  role: AdminRole,
  denied?: DeniedAction,
): Promise<StaffAuth> {
  const auth = requireStaff(req);
  if (auth.user.role === role) return auth;
  if (denied && req.method !== 'GET') {
    await recordAudit(deps.db.kysely, deps.newId(), {
      at: deps.clock(),
      actorId: auth.user.id,
      actorRole: auth.user.role,
      actorLabel: auth.user.username,
      ip: requestMeta(req).ip,
      action: denied.action,
      targetType: denied.targetType,
      targetId: denied.targetId,
      result: 'denied',
    });
  }
  throw forbidden();
}

/** Who made a configuration change, as recordConfigChange takes it. */
export const configActor = (auth: StaffAuth, req: FastifyRequest) => ({
  user: auth.user,
  ip: requestMeta(req).ip,
});
