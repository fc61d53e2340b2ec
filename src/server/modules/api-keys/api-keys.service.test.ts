import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

let t: TestApp;
const by = { actorId: null, actorRole: 'system', actorLabel: 'cli:root', ip: null };
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('API keys', () => {
  it('are shown once, stored as their SM3 digest, scoped to a region, and audited', async () => {
    const { id, key, prefix } = await createApiKey(t.deps, { name: '12345 热线', regionCode: '371403' }, by);
    expect(key).toMatch(/^ym_[A-Za-z0-9_-]{32}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const row = await t.db.kysely
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(t.deps.crypto.sm3Hex(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(await authenticateApiKey(t.deps, key)).toEqual({ id, name: '12345 热线', regionCode: '371403' });
    expect(await authenticateApiKey(t.deps, `${key}x`)).toBeNull();
    expect(await authenticateApiKey(t.deps, undefined)).toBeNull();
    const listed = await listApiKeys(t.deps);
    expect(listed).toEqual([
      expect.objectContaining({
        name: '12345 热线',
        regionName: '陵城区',
        prefix,
        revokedAt: null,
        lastUsedAt: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', id).execute();
    expect(audit.map((a) => [a.action, a.actor_label, a.detail.op])).toEqual([
      ['config.api_key', 'cli:root', 'create'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('refuse a second key of the same name, an unknown region and a bad name', async () => {
    await expect(createApiKey(t.deps, { name: '12345 热线', regionCode: '3714' }, by)).rejects.toThrow(
      /exists already/,
    );
    await expect(createApiKey(t.deps, { name: 'x', regionCode: '999999' }, by)).rejects.toThrow(
      /unknown region/,
    );
    await expect(createApiKey(t.deps, { name: '<script>', regionCode: '3714' }, by)).rejects.toThrow(
      /invalid key name/,
    );
  });

  it('once revoked (by name or id), no longer authenticate', async () => {
    const { id, key } = await createApiKey(t.deps, { name: 'wechat', regionCode: '3714' }, by);
    expect(await revokeApiKey(t.deps, id, by)).toMatchObject({ name: 'wechat' });
    expect(await authenticateApiKey(t.deps, key)).toBeNull();
    await expect(revokeApiKey(t.deps, 'wechat', by)).rejects.toThrow(/revoked already/);
    await expect(revokeApiKey(t.deps, 'nobody', by)).rejects.toThrow(/no API key/);
    const ops = await t.db.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('target_id', '=', id)
      .execute();
    expect(ops.map((o) => o.detail.op)).toEqual(['create', 'revoke']);
  });
});
