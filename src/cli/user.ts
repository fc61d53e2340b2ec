import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import { STAFF_ROLES } from '../core/workflow/case-model.js';
import type { StaffRole } from '../core/workflow/case-model.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';
import { checkPasswordPolicy } from '../server/modules/auth/password-policy.js';

/** `yimen user add`: a new staff account that must change its password at first log-in. */
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
  const problem = checkPasswordPolicy(password, opts.username);
  if (problem) throw new Error(`password rejected: ${problem}`);
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const db = runtime.deps.db.kysely;
    const region = await db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', opts.scope)
      .executeTakeFirst();
    if (!region) throw new Error(`unknown region code ${opts.scope}`);
    const unit = opts.unit
      ? await db.selectFrom('units').select('id').where('code', '=', opts.unit).executeTakeFirst()
      : undefined;
    if (opts.unit && !unit) throw new Error(`unknown unit code ${opts.unit}`);
    const id = uuidv7();
    await db
      .insertInto('users')
      .values({
        id,
        username: opts.username,
        password_hash: await hash(password),
        display_name: opts.name,
        role: opts.role as StaffRole,
        unit_id: unit?.id ?? null,
        scope_code: opts.scope,
        must_change_password: true,
        created_at: new Date(),
      })
      .execute();
    console.log(`Added ${opts.username} (${opts.role}, scope ${opts.scope}).`);
  } finally {
    await runtime.close();
  }
}
