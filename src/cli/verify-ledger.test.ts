import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeIdNumber } from '../core/pii/validation.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/connection.js';
import type { AuthContext } from '../server/modules/auth/auth.service.js';
import { registerCase } from '../server/modules/cases/register-case.js';
import { openRuntime, pgliteDir } from '../server/runtime.js';
import { seedDemoOrganization } from '../server/seed/demo-organization.js';
import { verifyLedgerCommand } from './verify-ledger.js';

// The command as an operator runs it: on the embedded data folder named by YIMEN_DATA_DIR.
describe.skipIf(Boolean(process.env.DATABASE_URL))('yimen verify-ledger', () => {
  const env = { YIMEN_DATA_DIR: '', YIMEN_MASTER_KEY: randomBytes(32).toString('hex') };
  let caseNo = '';

  beforeAll(async () => {
    env.YIMEN_DATA_DIR = await mkdtemp(path.join(tmpdir(), 'yimen-verify-'));
    const runtime = await openRuntime(loadConfig(env as NodeJS.ProcessEnv), { jobs: false });
    try {
      const { deps } = runtime;
      await seedDemoOrganization(deps.db, { now: new Date() });
      const clerk = await deps.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'clerk.shentou')
        .executeTakeFirstOrThrow();
      const auth: AuthContext = {
        kind: 'staff',
        tokenHash: '',
        user: {
          ...clerk,
          displayName: clerk.display_name,
          unitId: clerk.unit_id,
          unitName: null,
          scopeCode: clerk.scope_code,
          scopeName: null,
          mustChangePassword: false,
        },
        actor: { role: 'clerk', userId: clerk.id, unitId: clerk.unit_id, scopeCode: clerk.scope_code },
      };
      const created = await registerCase(
        deps,
        auth,
        {
          categoryCode: 'neighbor',
          channel: 'window',
          regionCode: '371403105200',
          description: '邻里纠纷',
          parties: [
            {
              role: 'applicant',
              name: '张三',
              phone: '13812345678',
              idNumber: makeIdNumber('371403', '19900101', '123'),
            },
          ],
        },
        { ip: null },
      );
      caseNo = created.caseNo;
    } finally {
      await runtime.close();
    }
    Object.assign(process.env, env);
  }, 120_000);

  afterAll(async () => {
    delete process.env.YIMEN_DATA_DIR;
    delete process.env.YIMEN_MASTER_KEY;
    process.exitCode = 0;
    await rm(env.YIMEN_DATA_DIR, { recursive: true, force: true });
  });

  async function run(): Promise<{ out: string; exitCode: number | undefined }> {
    const lines: string[] = [];
    const spy = vi
      .spyOn(console, 'log')
      .mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      process.exitCode = undefined;
      await verifyLedgerCommand({});
      return { out: lines.join('\n'), exitCode: process.exitCode };
    } finally {
      spy.mockRestore();
      process.exitCode = 0;
    }
  }

  it('passes on intact chains, then fails naming the case after an event row is tampered with', async () => {
    const ok = await run();
    expect(ok.out).toMatch(/Ledger OK: 1 cases, 1 events/);
    expect(ok.exitCode).toBe(0);

    const db = await openDatabase({ dataDir: pgliteDir(loadConfig(env as NodeJS.ProcessEnv)) });
    try {
      // a tamperer with the owner's rights, past the append-only trigger (migration 0015)
      await db.kysely.transaction().execute(async (trx) => {
        await sql`set local yimen.maintenance = 'on'`.execute(trx);
        await sql`update case_events set to_state = 'archived'`.execute(trx);
      });
    } finally {
      await db.close();
    }
    const broken = await run();
    expect(broken.out).toContain(`BROKEN case ${caseNo}`);
    expect(broken.out).toContain('at event 1');
    expect(broken.exitCode).toBe(1);
  }, 120_000);
});
