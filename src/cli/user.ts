import { STAFF_ROLES } from '../core/workflow/case-model.js';
import type { StaffRole } from '../core/workflow/case-model.js';
import { loadConfig } from '../server/config.js';
import { HttpError } from '../server/http/errors.js';
import { t } from '../server/http/i18n.js';
import { openRuntime } from '../server/runtime.js';
import {
  CLI_ACTOR,
  accountIdOf,
  createAccount,
  resetPassword,
  resetSecondFactor,
} from '../server/modules/users/users.service.js';

/** A refusal of the accounts service as a sentence for the operator's terminal. */
function explained(err: unknown): unknown {
  return err instanceof HttpError ? new Error(t('en', err.messageKey, err.params)) : err;
}

/**
 * `yimen user add`: a new staff account that must change its password at first log-in. The
 * same service as the console's account page (users.service.ts); the command line alone may
 * create the three administrators' accounts (三员分立).
 */
export async function userAddCommand(opts: {
  username: string;
  role: string;
  scope: string;
  name: string;
  unit?: string;
  password?: string;
}): Promise<void> {
  if (!(STAFF_ROLES as readonly string[]).includes(opts.role)) {
    throw new Error(`unknown role "${opts.role}"; one of: ${STAFF_ROLES.join(', ')}`);
  }
  const password = opts.password ?? process.env.YIMEN_NEW_PASSWORD;
  if (!password) throw new Error('give --password or set YIMEN_NEW_PASSWORD');
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const db = runtime.deps.db.kysely;
    const unit = opts.unit
      ? await db.selectFrom('units').select('id').where('code', '=', opts.unit).executeTakeFirst()
      : undefined;
    if (opts.unit && !unit) throw new Error(`unknown unit code ${opts.unit}`);
    await createAccount(
      runtime.deps,
      {
        username: opts.username,
        displayName: opts.name,
        role: opts.role as StaffRole,
        unitId: unit?.id ?? null,
        scopeCode: opts.scope,
      },
      { actor: CLI_ACTOR, password, allowAdminRoles: true },
    );
    console.log(`Added ${opts.username} (${opts.role}, scope ${opts.scope}).`);
  } catch (err) {
    throw explained(err);
  } finally {
    await runtime.close();
  }
}

/** `yimen user reset-password`: a one-time password for any account, administrators included. */
export async function userResetPasswordCommand(opts: { username: string }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const id = await accountIdOf(runtime.deps, opts.username);
    if (!id) throw new Error(`unknown user ${opts.username}`);
    const { password } = await resetPassword(runtime.deps, id, CLI_ACTOR, { allowAdminRoles: true });
    console.log(`One-time password for ${opts.username} (must be changed at the next log-in): ${password}`);
  } catch (err) {
    throw explained(err);
  } finally {
    await runtime.close();
  }
}

/** `yimen user reset-totp`: removes an account's second factor (administrators too); its sessions end. */
export async function userResetTotpCommand(opts: { username: string }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const id = await accountIdOf(runtime.deps, opts.username);
    if (!id) throw new Error(`unknown user ${opts.username}`);
    await resetSecondFactor(runtime.deps, id, CLI_ACTOR, { allowAdminRoles: true });
    console.log(
      `Second factor of ${opts.username} removed; a new authenticator is set up at the next log-in.`,
    );
  } catch (err) {
    throw explained(err);
  } finally {
    await runtime.close();
  }
}
