// A signed-in user's own security: setting up the second factor (TOTP) with an authenticator app,
// turning it off where the role allows, and the list of their open sessions, any of which they
// can end (a phone left signed in at the window). Every change is audited.
import { secondFactorRequired } from '../../../core/organization/second-factor.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { qrSvg } from '../../documents/qr.js';
import { notFound, unprocessable } from '../../http/errors.js';
import { recordStaffAction } from '../audit/audit.service.js';
import type { StaffUser } from './auth.service.js';
import * as q from './account-security.queries.js';
import { matchingSteps, newTotpSecret, otpauthUrl } from './totp.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'newId' | 'crypto'>;
type Who = Pick<StaffUser, 'id' | 'username' | 'role'>;

export interface TotpStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** the role signs in only with a second factor */
  required: boolean;
  /** a set-up was started and waits for its first code */
  pending: boolean;
}

async function stateOf(deps: Deps, user: Who) {
  const row = await q.findTotpState(deps.db.kysely, user.id);
  if (!row) throw notFound();
  return row;
}

export async function totpStatus(deps: Deps, user: Who): Promise<TotpStatus> {
  const row = await stateOf(deps, user);
  return {
    enabled: row.totp_enabled_at !== null,
    enabledAt: row.totp_enabled_at?.toISOString() ?? null,
    required: secondFactorRequired(row.role),
    pending: row.totp_pending !== null,
  };
}

/**
 * Starts a set-up: a new secret, kept sealed as pending until a code confirms it. Answers the
 * secret, its otpauth:// URL and that URL as a QR code (SVG) for the app to scan.
 */
export async function startTotpEnrolment(
  deps: Deps,
  user: Who,
  ip: string | null,
): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const row = await stateOf(deps, user);
  if (row.totp_enabled_at) throw unprocessable('auth.totp_already_enabled');
  const secret = newTotpSecret();
  await withTransaction(deps.db, async (trx) => {
    await q.updateTotp(trx, user.id, { totp_pending: deps.crypto.encrypt('totp_secret', secret) });
    await recordStaffAction(trx, deps, {
      user,
      at: deps.clock(),
      ip,
      action: 'auth.totp_enrol_start',
      targetType: 'user',
      targetId: user.id,
      detail: {},
    });
  });
  const url = otpauthUrl(user.username, secret);
  return { secret, otpauthUrl: url, qrSvg: await qrSvg(url) };
}

/** Confirms a set-up with a first code from the app: from now on the account signs in with codes. */
export async function confirmTotpEnrolment(
  deps: Deps,
  user: Who,
  code: string,
  ip: string | null,
): Promise<TotpStatus> {
  const row = await stateOf(deps, user);
  if (row.totp_enabled_at) throw unprocessable('auth.totp_already_enabled');
  if (!row.totp_pending) throw unprocessable('auth.totp_not_pending');
  const secret = deps.crypto.decrypt('totp_secret', row.totp_pending);
  const steps = matchingSteps(secret, code, deps.clock());
  if (!steps.length) throw unprocessable('auth.bad_totp');
  await withTransaction(deps.db, async (trx) => {
    await q.updateTotp(trx, user.id, {
      totp_secret: row.totp_pending,
      totp_pending: null,
      totp_enabled_at: deps.clock(),
      totp_last_step: String(Math.max(...steps)),
    });
    await recordStaffAction(trx, deps, {
      user,
      at: deps.clock(),
      ip,
      action: 'auth.totp_enabled',
      targetType: 'user',
      targetId: user.id,
      detail: {},
    });
  });
  return totpStatus(deps, user);
}

/** Turns the second factor off, with a current code; refused for the roles that require one. */
export async function disableOwnTotp(
  deps: Deps,
  user: Who,
  code: string,
  ip: string | null,
): Promise<TotpStatus> {
  const row = await stateOf(deps, user);
  if (secondFactorRequired(row.role)) throw unprocessable('auth.totp_required_for_role');
  if (!row.totp_secret) throw unprocessable('auth.totp_not_enabled');
  const secret = deps.crypto.decrypt('totp_secret', row.totp_secret);
  if (!matchingSteps(secret, code, deps.clock()).length) throw unprocessable('auth.bad_totp');
  await withTransaction(deps.db, async (trx) => {
    await q.updateTotp(trx, user.id, {
      totp_secret: null,
      totp_pending: null,
      totp_enabled_at: null,
      totp_last_step: null,
    });
    await recordStaffAction(trx, deps, {
      user,
      at: deps.clock(),
      ip,
      action: 'auth.totp_disabled',
      targetType: 'user',
      targetId: user.id,
      detail: {},
    });
  });
  return totpStatus(deps, user);
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** the session this request came with */
  current: boolean;
}

/** The user's open sessions, most recently used first. */
export async function listOwnSessions(
  deps: Deps,
  user: Who,
  currentTokenHash: string,
): Promise<SessionView[]> {
  const rows = await q.findSessionsOf(deps.db.kysely, user.id, deps.clock());
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.token_hash === currentTokenHash,
  }));
}

/** Ends one of the user's own sessions (404 for anyone else's: existence does not leak). */
export async function endOwnSession(deps: Deps, user: Who, id: string, ip: string | null): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    if (!(await q.deleteSessionOf(trx, user.id, id))) throw notFound();
    await recordStaffAction(trx, deps, {
      user,
      at: deps.clock(),
      ip,
      action: 'auth.session_end',
      targetType: 'session',
      targetId: id,
      detail: {},
    });
  });
}
