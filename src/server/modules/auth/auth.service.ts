import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../../../core/workflow/relations.js';
import type { StaffRole } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { HttpError } from '../../http/errors.js';
import { withTransaction } from '../../db/transaction.js';
import { acceptableStep, secondFactorRequired } from '../../../core/organization/second-factor.js';
import { recordAudit } from '../audit/audit.service.js';
import * as q from './auth.queries.js';
import { matchingSteps } from './totp.js';

export const SESSION_COOKIE = 'yimen_sid';

/** The signed-in staff user as the rest of the server sees it. */
export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  unitId: string | null;
  unitName: string | null;
  scopeCode: string;
  scopeName: string | null;
  mustChangePassword: boolean;
  /** signs in with a TOTP code (set for a signed-in user; absent on internal actors) */
  totpEnabled?: boolean;
  /** the role requires a second factor and none is set up: the session opens only its set-up */
  mustEnrolTotp?: boolean;
}

/** Who is behind a request: a staff user or a phone-verified resident. */
export type AuthContext =
  | { kind: 'staff'; user: StaffUser; actor: Actor; tokenHash: string; sessionId?: string }
  | { kind: 'resident'; phoneBidx: string; actor: Actor; tokenHash: string; sessionId?: string };

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

// A real hash to verify against when the username is unknown, so timing does not reveal it.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hash(randomBytes(16).toString('hex')));

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Checks the password and, for an account with a second factor, the TOTP code (once each); applies
 * the lockout policy (a wrong code counts as a failed log-in); opens a session. Every attempt is
 * audited, a missing code too (the client then asks for it: 401 auth.totp_required).
 */
export async function login(
  deps: AppDeps,
  input: { username: string; password: string; totpCode?: string },
  meta: RequestMeta,
): Promise<{ token: string; user: StaffUser }> {
  const { db, config, clock } = deps;
  const now = clock();
  const user = await q.findUserByUsername(db.kysely, input.username);
  const audit = (result: 'success' | 'failure', reason: string, actorId: string | null) =>
    recordAudit(db.kysely, deps.newId(), {
      at: now,
      actorId,
      actorRole: user?.role ?? null,
      actorLabel: input.username.slice(0, 64),
      ip: meta.ip,
      action: 'auth.login',
      result,
      detail: { reason },
    });

  if (!user) {
    await verify(await getDummyHash(), input.password).catch(() => false);
    await audit('failure', 'unknown_user', null);
    throw new HttpError(401, 'auth.bad_credentials');
  }
  if (user.locked_until && user.locked_until > now) {
    await audit('failure', 'locked', user.id);
    const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60000);
    throw new HttpError(423, 'auth.locked', { minutes });
  }
  const ok = await verify(user.password_hash, input.password).catch(() => false);
  if (!ok) {
    const lockUntil = new Date(now.getTime() + config.lockoutMinutes * 60000);
    const after = await q.recordFailedLogin(db.kysely, user.id, config.lockoutThreshold, lockUntil);
    const locked = after.locked_until !== null && after.locked_until > now;
    await audit('failure', locked ? 'bad_password_locked' : 'bad_password', user.id);
    if (locked) throw new HttpError(423, 'auth.locked', { minutes: config.lockoutMinutes });
    throw new HttpError(401, 'auth.bad_credentials');
  }
  if (!user.active) {
    await audit('failure', 'inactive', user.id);
    throw new HttpError(403, 'auth.inactive');
  }
  let totpStep: number | undefined;
  if (user.totp_secret) {
    if (!input.totpCode) {
      await audit('failure', 'totp_required', user.id);
      throw new HttpError(401, 'auth.totp_required');
    }
    const secret = deps.crypto.decrypt('totp_secret', user.totp_secret);
    const matched = matchingSteps(secret, input.totpCode, now);
    const last = user.totp_last_step === null ? null : Number(user.totp_last_step);
    const step = acceptableStep(matched, config.totpSingleUse ? last : null);
    if (step === null) {
      const lockUntil = new Date(now.getTime() + config.lockoutMinutes * 60000);
      const after = await q.recordFailedLogin(db.kysely, user.id, config.lockoutThreshold, lockUntil);
      const locked = after.locked_until !== null && after.locked_until > now;
      await audit('failure', matched.length ? 'totp_reused' : 'bad_totp', user.id);
      if (locked) throw new HttpError(423, 'auth.locked', { minutes: config.lockoutMinutes });
      throw new HttpError(401, 'auth.bad_totp');
    }
    totpStep = step;
  }

  const token = newSessionToken();
  const expires = new Date(now.getTime() + config.sessionAbsoluteHours * 3600_000);
  await withTransaction(db, async (trx) => {
    await q.resetFailedLogins(trx, user.id, totpStep);
    await q.insertSession(trx, {
      id: deps.newId(),
      token_hash: deps.crypto.sm3Hex(token),
      user_id: user.id,
      resident_phone_bidx: null,
      now,
      expires_at: expires,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: user.id,
      actorRole: user.role,
      actorLabel: user.username,
      ip: meta.ip,
      action: 'auth.login',
      result: 'success',
      ...(totpStep !== undefined ? { detail: { secondFactor: 'totp' } } : {}),
    });
  });
  const session = await q.findSession(db.kysely, deps.crypto.sm3Hex(token));
  return { token, user: toStaffUser(session!) };
}

/** Resolves a session cookie into who is calling; null when absent, expired or idle too long. */
export async function authenticate(deps: AppDeps, token: string): Promise<AuthContext | 'expired' | null> {
  const tokenHash = deps.crypto.sm3Hex(token);
  const s = await q.findSession(deps.db.kysely, tokenHash);
  if (!s) return null;
  const now = deps.clock();
  const idleLimit = new Date(s.last_seen_at.getTime() + deps.config.sessionIdleMinutes * 60000);
  if (s.expires_at <= now || idleLimit <= now || (s.user_id && !s.active)) {
    await q.deleteSession(deps.db.kysely, tokenHash);
    return 'expired';
  }
  // slide the idle window, at most once a minute per session
  if (now.getTime() - s.last_seen_at.getTime() > 60_000) await q.touchSession(deps.db.kysely, tokenHash, now);
  if (s.user_id) {
    const user = toStaffUser(s);
    return {
      kind: 'staff',
      user,
      sessionId: s.id,
      tokenHash,
      actor: { role: user.role, userId: user.id, unitId: user.unitId, scopeCode: user.scopeCode },
    };
  }
  return {
    kind: 'resident',
    phoneBidx: s.resident_phone_bidx!,
    sessionId: s.id,
    tokenHash,
    actor: { role: 'resident', userId: null, unitId: null, scopeCode: null },
  };
}

export async function logout(deps: AppDeps, auth: AuthContext, meta: RequestMeta): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    await q.deleteSession(trx, auth.tokenHash);
    await recordAudit(trx, deps.newId(), {
      at: deps.clock(),
      actorId: auth.kind === 'staff' ? auth.user.id : null,
      actorRole: auth.actor.role,
      actorLabel: auth.kind === 'staff' ? auth.user.username : 'resident',
      ip: meta.ip,
      action: 'auth.logout',
      result: 'success',
    });
  });
}

function toStaffUser(s: NonNullable<Awaited<ReturnType<typeof q.findSession>>>): StaffUser {
  return {
    id: s.user_id!,
    username: s.username!,
    displayName: s.display_name!,
    role: s.role as StaffRole,
    unitId: s.unit_id ?? null,
    unitName: s.unit_name ?? null,
    scopeCode: s.scope_code!,
    scopeName: s.scope_name ?? null,
    mustChangePassword: Boolean(s.must_change_password),
    totpEnabled: s.totp_enabled_at != null,
    mustEnrolTotp: s.totp_enabled_at == null && secondFactorRequired(s.role!),
  };
}
