import os from 'node:os';
import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';
import type { KeyAdmin } from '../server/modules/api-keys/api-keys.service.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../server/modules/api-keys/api-keys.service.js';

/** The audit actor of a command-line change: no user account, the operating-system user named. */
export function cliActor(): KeyAdmin {
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    // no passwd entry (containers): stay anonymous
  }
  return { actorId: null, actorRole: 'system', actorLabel: `cli:${who}`.slice(0, 64), ip: null };
}

/** `yimen api-key create NAME --region CODE`: prints the key once. */
export async function apiKeyCreateCommand(name: string, opts: { region: string }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const { id, key } = await createApiKey(runtime.deps, { name, regionCode: opts.region }, cliActor());
    console.log(`Created API key "${name}" (${id}) for region ${opts.region}.`);
    console.log('The key is shown this once; store it now:');
    console.log(key);
  } finally {
    await runtime.close();
  }
}

/** `yimen api-key revoke NAME|ID` */
export async function apiKeyRevokeCommand(nameOrId: string): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const k = await revokeApiKey(runtime.deps, nameOrId, cliActor());
    console.log(`Revoked API key "${k.name}" (${k.id}).`);
  } finally {
    await runtime.close();
  }
}

/** `yimen api-key list [--json]` */
export async function apiKeyListCommand(opts: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { jobs: false });
  try {
    const keys = await listApiKeys(runtime.deps);
    if (opts.json) {
      console.log(JSON.stringify(keys, null, 2));
      return;
    }
    if (keys.length === 0) console.log('No API keys.');
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
      console.log(
        `${k.name}\t${k.prefix}…\t${k.regionCode} ${k.regionName}\t${state}\tlast used ${k.lastUsedAt ?? 'never'}\t${k.id}`,
      );
    }
  } finally {
    await runtime.close();
  }
}
