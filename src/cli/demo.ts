import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';
import { listDemoAccounts } from '../server/seed/demo-accounts.js';

/** `yimen demo accounts [--json]` */
export async function demoAccountsCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const accounts = await listDemoAccounts(runtime.deps.db.kysely, runtime.deps.crypto);
    if (opts.json) console.log(JSON.stringify(accounts, null, 2));
    else
      for (const a of accounts)
        console.log(
          `${a.username}\t${a.password}\t${a.role}\t${a.scope_code}\t${a.scope_name}` +
            (a.totp_secret ? `\tTOTP ${a.totp_secret}` : ''),
        );
  } finally {
    await runtime.close();
  }
}
