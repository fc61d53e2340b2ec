import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistration, createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { DevSmsProvider, devSmsLogFile } from './providers.js';
import { startNotificationWorkers } from './workers.js';

let t: TestApp;
let dev: DevSmsProvider;

beforeAll(async () => {
  t = await createTestApp();
  dev = new DevSmsProvider(devSmsLogFile(t.deps.config), t.deps.clock, () => undefined);
  await startNotificationWorkers(t.deps, { sms: dev, mailer: null, fetch });
});
afterAll(async () => t?.close());

async function until<T>(what: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the workers on pg-boss', () => {
  it('deliver a one-time code and the SMS of a case step without anyone calling them', async () => {
    const otp = await t.anonymous().post('/api/resident/otp', { phone: '13811112222' });
    expect(otp.statusCode).toBe(202);
    const code = await until(async () =>
      (await dev.entries()).find((e) => e.to === '13811112222' && /验证码/.test(e.text)),
    );
    expect(code.dedupeKey).toMatch(/^otp:/);

    const clerk = await t.login('clerk.shentou');
    const c = (
      await clerk.post(
        '/api/cases',
        buildRegistration({ parties: [{ role: 'applicant', name: '张三', phone: '13811113333' }] }),
      )
    ).json();
    const step = await until(async () => (await dev.entries()).find((e) => e.text.includes(c.caseNo)));
    expect(step).toMatchObject({ to: '13811113333', dedupeKey: expect.stringMatching(/^case:.*:1:sms:/) });
    const row = await until(async () =>
      t.db.kysely
        .selectFrom('notifications')
        .select(['status'])
        .where('case_id', '=', c.id)
        .where('status', '=', 'sent')
        .executeTakeFirst(),
    );
    expect(row.status).toBe('sent');
  });
});
