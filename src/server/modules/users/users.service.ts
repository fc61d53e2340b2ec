// Staff accounts (the security administrator's work, 三员分立): create with a one-time password,
// change role / unit / scope / active, reset the password, lift a lockout; and a user changing
// their own password. The console, the command line (`yimen user add`) and the tests all come
// through here, so the rules that make an account coherent live in one place.
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import {
  checkAccountShape,
  isAdminRole,
  scopeFollowsUnit,
  scopeFromUnit,
  type AccountShapeProblem,
} from '../../../core/organization/account-shape.js';
import { passwordProblem } from '../../../core/organization/password-rule.js';
import type { StaffRole } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import type { Database, UserRole } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import type { HttpError } from '../../http/errors.js';
import { conflict, forbidden, notFound, unprocessable } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { oneTimePassword } from './one-time-password.js';
import * as q from './users.queries.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'newId'> & { config?: Pick<AppDeps['config'], 'passwordHistory'> };

/** Who made a change, for the audit log: a signed-in user, or the command line. */
export interface ChangeActor {
  id: string | null;
  role: string | null;
  label: string;
  ip: string | null;
}

export const CLI_ACTOR: ChangeActor = { id: null, role: 'system', label: 'cli', ip: null };

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  unitId: string | null;
  unitName: string | null;
  unitCode: string | null;
  scopeCode: string;
  scopeName: string | null;
  active: boolean;
  /** locked after repeated failed log-ins, until lockedUntil */
  locked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  mustChangePassword: boolean;
  /** signs in with a TOTP code */
  totpEnabled: boolean;
  isDemo: boolean;
  /** one of the three administrators: maintained with the command line only */
  administrator: boolean;
  createdAt: string;
}

function toView(r: q.AccountRow, now: Date): AccountView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    unitId: r.unit_id,
    unitName: r.unit_name ?? null,
    unitCode: r.unit_code ?? null,
    scopeCode: r.scope_code,
    scopeName: r.scope_name ?? null,
    active: r.active,
    locked: r.locked_until !== null && r.locked_until > now,
    lockedUntil: r.locked_until?.toISOString() ?? null,
    failedLogins: r.failed_logins,
    mustChangePassword: r.must_change_password,
    totpEnabled: r.totp_enabled_at !== null,
    isDemo: r.is_demo,
    administrator: isAdminRole(r.role),
    createdAt: r.created_at.toISOString(),
  };
}

/** The password rule as a refusal the user reads in their language; null when the password is fine. */
export function passwordPolicyError(password: string, username: string): HttpError | null {
  const problem = passwordProblem(password, username);
  return problem === null ? null : unprocessable(`auth.password_${problem}`);
}

function shapeError(p: AccountShapeProblem): HttpError {
  switch (p.code) {
    case 'unit_required':
      return unprocessable('account.unit_required');
    case 'unit_not_allowed':
      return unprocessable('account.unit_not_allowed');
    case 'unit_kind':
      return unprocessable(`account.unit_kind.${p.kinds[0]}`);
    case 'unit_inactive':
      return unprocessable('account.unit_inactive');
    case 'scope_not_unit_region':
      return unprocessable('account.scope_not_unit_region', { expected: p.expected });
    case 'scope_not_grid_of_unit':
      return unprocessable('account.scope_not_grid_of_unit', { village: p.village });
  }
}

/** Checks that role, unit and scope agree; fills in the scope when it follows from the unit. */
async function resolveShape(
  db: Kysely<Database>,
  role: StaffRole,
  unitId: string | null,
  scopeCode: string | null | undefined,
): Promise<{ unitId: string | null; scopeCode: string }> {
  const unit = unitId ? await q.findUnitFacts(db, unitId) : undefined;
  if (unitId && !unit) throw unprocessable('case.unknown_unit', { id: unitId });
  const facts = unit ? { kind: unit.kind, regionCode: unit.region_code, active: unit.active } : null;
  const scope = scopeCode ?? scopeFromUnit(role, facts);
  if (!scope) throw unprocessable(facts ? 'account.scope_required' : 'account.unit_required');
  const region = await q.findRegionFacts(db, scope);
  if (!region) throw unprocessable('case.unknown_region', { code: scope });
  const problem = checkAccountShape(role, facts, {
    code: region.code,
    level: region.level,
    parentCode: region.parent_code,
  });
  if (problem) throw shapeError(problem);
  return { unitId: unit?.id ?? null, scopeCode: scope };
}

const audit = (
  db: Kysely<Database>,
  deps: Deps,
  actor: ChangeActor,
  action: string,
  targetId: string,
  detail: Record<string, unknown>,
) =>
  recordAudit(db, deps.newId(), {
    at: deps.clock(),
    actorId: actor.id,
    actorRole: actor.role,
    actorLabel: actor.label,
    ip: actor.ip,
    action,
    targetType: 'user',
    targetId,
    result: 'success',
    detail,
  });

const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === '23505';

export interface ListAccountsFilter {
  text?: string;
  role?: UserRole;
  unitId?: string;
  scopePrefix?: string;
  active?: boolean;
  cursor?: string;
  limit?: number;
}

/** A page of accounts ordered by username; nextCursor continues after the last one. */
export async function listAccounts(
  deps: Deps,
  f: ListAccountsFilter,
): Promise<{ items: AccountView[]; nextCursor: string | null }> {
  const limit = f.limit ?? 50;
  const rows = await q.findAccounts(deps.db.kysely, {
    text: f.text?.trim() || undefined,
    role: f.role,
    unitId: f.unitId,
    scopePrefix: f.scopePrefix,
    active: f.active,
    after: f.cursor,
    limit: limit + 1,
  });
  const now = deps.clock();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => toView(r, now)),
    nextCursor: rows.length > limit ? page[page.length - 1]!.username : null,
  };
}

/** The account's id by username (the command line names accounts by username). */
export async function accountIdOf(deps: Deps, username: string): Promise<string | null> {
  return (await q.findUserByUsername(deps.db.kysely, username))?.id ?? null;
}

export async function getAccount(deps: Deps, id: string): Promise<AccountView> {
  const row = await q.findAccount(deps.db.kysely, id);
  if (!row) throw notFound();
  return toView(row, deps.clock());
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  unitId: string | null;
  /** may be left out when the role's scope is its unit's node */
  scopeCode?: string | null;
}

/**
 * Creates an account that must change its password at first log-in. The password is the one
 * given (the command line) or a fresh one-time password, returned once and never stored in clear.
 * Administrator accounts only when `allowAdminRoles` (the command line).
 */
export async function createAccount(
  deps: Deps,
  input: NewAccount,
  opts: { actor: ChangeActor; password?: string; allowAdminRoles?: boolean },
): Promise<{ account: AccountView; password: string }> {
  if (isAdminRole(input.role) && !opts.allowAdminRoles) throw unprocessable('account.admin_cli_only');
  const password = opts.password ?? oneTimePassword(input.username);
  const weak = passwordPolicyError(password, input.username);
  if (weak) throw weak;
  // hashing is slow on purpose; done before the transaction holds anything
  const passwordHash = await hash(password);
  const id = deps.newId();
  try {
    await withTransaction(deps.db, async (trx) => {
      if (await q.usernameTaken(trx, input.username))
        throw conflict('account.username_taken', { username: input.username });
      const shape = await resolveShape(trx, input.role, input.unitId, input.scopeCode);
      await q.insertUser(trx, {
        id,
        username: input.username,
        password_hash: passwordHash,
        display_name: input.displayName,
        role: input.role,
        unit_id: shape.unitId,
        scope_code: shape.scopeCode,
        created_at: deps.clock(),
      });
      await audit(trx, deps, opts.actor, 'account.create', id, {
        username: input.username,
        role: input.role,
        unitId: shape.unitId,
        scopeCode: shape.scopeCode,
      });
    });
  } catch (err) {
    // two creations of one username at once: the unique index decides
    if (isUniqueViolation(err)) throw conflict('account.username_taken', { username: input.username });
    throw err;
  }
  return { account: await getAccount(deps, id), password };
}

export interface AccountChange {
  displayName?: string;
  role?: StaffRole;
  unitId?: string | null;
  scopeCode?: string;
  active?: boolean;
}

/** Changes an account (not an administrator's). A deactivated account's sessions end at once. */
export async function updateAccount(
  deps: Deps,
  id: string,
  change: AccountChange,
  actor: ChangeActor,
): Promise<AccountView> {
  if (change.role && isAdminRole(change.role)) throw unprocessable('account.admin_cli_only');
  await withTransaction(deps.db, async (trx) => {
    const current = await q.findAccount(trx, id);
    if (!current) throw notFound();
    if (isAdminRole(current.role)) throw forbidden('account.admin_cli_only');
    const role = (change.role ?? current.role) as StaffRole;
    const placement =
      change.role !== undefined || change.unitId !== undefined || change.scopeCode !== undefined;
    const set: Parameters<typeof q.updateUser>[2] = {};
    if (placement || change.active === true) {
      const unitId = change.unitId !== undefined ? change.unitId : current.unit_id;
      // the scope follows the unit for most roles; a grid worker keeps their grid unless moved
      const unitMoved = change.unitId !== undefined && change.unitId !== current.unit_id;
      const scope =
        change.scopeCode ?? (scopeFollowsUnit(role) || unitMoved ? undefined : current.scope_code);
      const shape = await resolveShape(trx, role, unitId, scope);
      set.role = role;
      set.unit_id = shape.unitId;
      set.scope_code = shape.scopeCode;
    }
    if (change.displayName !== undefined) set.display_name = change.displayName;
    if (change.active !== undefined) set.active = change.active;
    await q.updateUser(trx, id, set);
    if (change.active === false) await q.deleteSessionsOf(trx, id);
    await audit(trx, deps, actor, 'account.update', id, {
      username: current.username,
      ...(set.role !== undefined && set.role !== current.role
        ? { role: set.role, previousRole: current.role }
        : {}),
      ...(set.unit_id !== undefined && set.unit_id !== current.unit_id ? { unitId: set.unit_id } : {}),
      ...(set.scope_code !== undefined && set.scope_code !== current.scope_code
        ? { scopeCode: set.scope_code }
        : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      // a staff member's name is personal data: only the fact that it changed is logged
      ...(change.displayName !== undefined ? { displayNameChanged: true } : {}),
    });
  });
  return getAccount(deps, id);
}

/** A new one-time password: the account must change it at next log-in; its sessions end now. */
export async function resetPassword(
  deps: Deps,
  id: string,
  actor: ChangeActor,
  opts: { allowAdminRoles?: boolean } = {},
): Promise<{ password: string }> {
  const target = await q.findAccount(deps.db.kysely, id);
  if (!target) throw notFound();
  if (isAdminRole(target.role) && !opts.allowAdminRoles) throw forbidden('account.admin_cli_only');
  const password = oneTimePassword(target.username);
  const passwordHash = await hash(password);
  await withTransaction(deps.db, async (trx) => {
    await q.updateUser(trx, id, {
      password_hash: passwordHash,
      must_change_password: true,
      failed_logins: 0,
      locked_until: null,
    });
    const ended = await q.deleteSessionsOf(trx, id);
    await audit(trx, deps, actor, 'account.reset_password', id, {
      username: target.username,
      sessionsEnded: ended,
    });
  });
  return { password };
}

/**
 * Recovery of a lost authenticator: the account's second factor is removed and its sessions end;
 * at next log-in (password only) a role that requires one sets up a new app before anything else.
 * Administrators' accounts only from the command line (`yimen user reset-totp`).
 */
export async function resetSecondFactor(
  deps: Deps,
  id: string,
  actor: ChangeActor,
  opts: { allowAdminRoles?: boolean } = {},
): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    const target = await q.findAccount(trx, id);
    if (!target) throw notFound();
    if (isAdminRole(target.role) && !opts.allowAdminRoles) throw forbidden('account.admin_cli_only');
    await q.updateUser(trx, id, {
      totp_secret: null,
      totp_pending: null,
      totp_enabled_at: null,
      totp_last_step: null,
    });
    const ended = await q.deleteSessionsOf(trx, id);
    await audit(trx, deps, actor, 'account.reset_totp', id, {
      username: target.username,
      sessionsEnded: ended,
    });
  });
}

/** Lifts a lockout after repeated failed log-ins. */
export async function unlockAccount(deps: Deps, id: string, actor: ChangeActor): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    const target = await q.findAccount(trx, id);
    if (!target) throw notFound();
    if (isAdminRole(target.role)) throw forbidden('account.admin_cli_only');
    const wasLocked = target.locked_until !== null && target.locked_until > deps.clock();
    await q.updateUser(trx, id, { failed_logins: 0, locked_until: null });
    await audit(trx, deps, actor, 'account.unlock', id, {
      username: target.username,
      wasLocked,
      failedLogins: target.failed_logins,
    });
  });
}

/**
 * A signed-in user changes their own password (required after a one-time password). The current
 * password is checked again; other sessions of the account end, the caller's stays.
 */
export async function changeOwnPassword(
  deps: Deps,
  user: { id: string; username: string; role: string },
  input: { currentPassword: string; newPassword: string },
  meta: { ip: string | null; tokenHash: string },
): Promise<void> {
  const row = await q.findUserForPassword(deps.db.kysely, user.id);
  if (!row) throw notFound();
  const actor: ChangeActor = { id: user.id, role: user.role, label: user.username, ip: meta.ip };
  if (!(await verify(row.password_hash, input.currentPassword).catch(() => false))) {
    await recordAudit(deps.db.kysely, deps.newId(), {
      at: deps.clock(),
      actorId: user.id,
      actorRole: user.role,
      actorLabel: user.username,
      ip: meta.ip,
      action: 'auth.change_password',
      targetType: 'user',
      targetId: user.id,
      result: 'failure',
      detail: { reason: 'wrong_current_password' },
    });
    throw unprocessable('auth.wrong_current_password');
  }
  const weak = passwordPolicyError(input.newPassword, row.username);
  if (weak) throw weak;
  if (input.newPassword === input.currentPassword) throw unprocessable('auth.password_same');
  // not one of the last N passwords (the current one is the first of them)
  const keep = deps.config?.passwordHistory ?? 5;
  if (keep > 1) {
    for (const old of await q.findPasswordHistory(deps.db.kysely, user.id, keep - 1)) {
      if (await verify(old.password_hash, input.newPassword).catch(() => false))
        throw unprocessable('auth.password_reused', { n: keep });
    }
  }
  const passwordHash = await hash(input.newPassword);
  await withTransaction(deps.db, async (trx) => {
    await q.updateUser(trx, user.id, {
      password_hash: passwordHash,
      must_change_password: false,
      failed_logins: 0,
      locked_until: null,
    });
    if (keep > 1)
      await q.pushPasswordHistory(
        trx,
        { id: deps.newId(), user_id: user.id, password_hash: row.password_hash, replaced_at: deps.clock() },
        keep - 1,
      );
    const ended = await q.deleteSessionsOf(trx, user.id, meta.tokenHash);
    await recordAudit(trx, deps.newId(), {
      at: deps.clock(),
      actorId: actor.id,
      actorRole: actor.role,
      actorLabel: actor.label,
      ip: actor.ip,
      action: 'auth.change_password',
      targetType: 'user',
      targetId: user.id,
      result: 'success',
      detail: { otherSessionsEnded: ended },
    });
  });
}
