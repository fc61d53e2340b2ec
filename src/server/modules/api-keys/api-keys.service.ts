// API keys of Open311 clients. A key is random, shown once when created, and stored as its SM3
// digest only; each is scoped to a region node. Creating and revoking are audited.
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  findApiKeyByHash,
  findApiKeyByNameOrId,
  insertApiKey,
  listApiKeyRows,
  regionExists,
  revokeApiKeyRow,
  touchApiKey,
} from './api-keys.queries.js';

/** Who creates or revokes a key, for the audit log (the CLI has no user: actorId null). */
export interface KeyAdmin {
  actorId: string | null;
  actorRole: string | null;
  actorLabel: string;
  ip: string | null;
}

export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  regionCode: string;
}

const KEY_PREFIX = 'ym_';
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;

/** Creates a key for a region node; returns the key itself, which nothing else will ever show. */
export async function createApiKey(
  deps: AppDeps,
  input: { name: string; regionCode: string },
  by: KeyAdmin,
): Promise<{ id: string; key: string; prefix: string }> {
  const name = input.name.trim();
  if (!NAME.test(name))
    throw new ApiKeyError(`invalid key name "${input.name}" (1–64 letters, digits, . _ - or spaces)`);
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const id = deps.newId();
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    if (!(await regionExists(trx, input.regionCode)))
      throw new ApiKeyError(`unknown region code ${input.regionCode}`);
    if (await findApiKeyByNameOrId(trx, name)) throw new ApiKeyError(`a key named "${name}" exists already`);
    await insertApiKey(trx, {
      id,
      name,
      region_code: input.regionCode,
      key_hash: deps.crypto.sm3Hex(key),
      prefix,
      created_at: now,
    });
    await recordAudit(trx, deps.newId(), {
      ...by,
      at: now,
      action: 'config.api_key',
      targetType: 'api_key',
      targetId: id,
      result: 'success',
      detail: { op: 'create', name, region_code: input.regionCode, prefix },
    });
  });
  return { id, key, prefix };
}

/** Revokes a key by name or id; a revoked key is refused from the next request on. */
export async function revokeApiKey(deps: AppDeps, nameOrId: string, by: KeyAdmin): Promise<ApiKeyInfo> {
  const now = deps.clock();
  return withTransaction(deps.db, async (trx) => {
    const row = await findApiKeyByNameOrId(trx, nameOrId);
    if (!row) throw new ApiKeyError(`no API key named "${nameOrId}"`);
    if ((await revokeApiKeyRow(trx, row.id, now)) === 0)
      throw new ApiKeyError(`the key "${row.name}" is revoked already`);
    await recordAudit(trx, deps.newId(), {
      ...by,
      at: now,
      action: 'config.api_key',
      targetType: 'api_key',
      targetId: row.id,
      result: 'success',
      detail: { op: 'revoke', name: row.name, prefix: row.prefix },
    });
    return { id: row.id, name: row.name, regionCode: row.region_code };
  });
}

export async function listApiKeys(deps: AppDeps) {
  return (await listApiKeyRows(deps.db.kysely)).map((r) => ({
    id: r.id,
    name: r.name,
    regionCode: r.region_code,
    regionName: r.region_name,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

/** The active key a client presented, or null (unknown, malformed or revoked). */
export async function authenticateApiKey(deps: AppDeps, key: string | undefined): Promise<ApiKeyInfo | null> {
  if (!key || !key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const row = await findApiKeyByHash(deps.db.kysely, deps.crypto.sm3Hex(key));
  if (!row || row.revoked_at) return null;
  await touchApiKey(deps.db.kysely, row.id, deps.clock());
  return { id: row.id, name: row.name, regionCode: row.region_code };
}
