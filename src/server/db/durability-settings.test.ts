import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { checkDurabilitySettings, settingReader, type SettingReader } from './durability-settings.js';

const fake =
  (values: Record<string, string>): SettingReader =>
  async (name) =>
    values[name] ?? 'on';

describe('the PostgreSQL durability settings', () => {
  it('accepts fsync, synchronous_commit and full_page_writes on (synchronous_commit local or remote too)', async () => {
    await expect(checkDurabilitySettings(fake({}))).resolves.toBeUndefined();
    for (const v of ['local', 'remote_write', 'remote_apply'])
      await expect(checkDurabilitySettings(fake({ synchronous_commit: v }))).resolves.toBeUndefined();
  });

  it('refuses to start naming each setting that is off', async () => {
    await expect(checkDurabilitySettings(fake({ fsync: 'off' }))).rejects.toThrow(/fsync is off/);
    await expect(checkDurabilitySettings(fake({ synchronous_commit: 'off' }))).rejects.toThrow(
      /synchronous_commit is off/,
    );
    await expect(checkDurabilitySettings(fake({ full_page_writes: 'off' }))).rejects.toThrow(
      /full_page_writes is off/,
    );
    await expect(checkDurabilitySettings(fake({ fsync: 'off', full_page_writes: 'off' }))).rejects.toThrow(
      /fsync is off .*; full_page_writes is off/,
    );
  });
});

describe.skipIf(!process.env.DATABASE_URL)('on the PostgreSQL server', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ engine: 'postgres' });
  });
  afterAll(async () => db?.close());

  it('reads the real settings (the shared test server keeps them on)', async () => {
    const read = settingReader(db);
    expect(await read('fsync')).toBe('on');
    await expect(checkDurabilitySettings(read)).resolves.toBeUndefined();
  });
});
