import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { OTP_POLICY } from './otp.service.js';
import { PRIVACY_NOTICE } from './privacy-notice.js';

let t: TestApp;
let ipCounter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(() => {
  // a quiet hour between tests: earlier codes no longer count against any limit
  t.advance(2 * 3600_000);
});

/** An anonymous client from its own address (the per-address limit is a test of its own). */
function visitor(ip = `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`) {
  const c = t.anonymous();
  const request: Client['request'] = (opts) => c.request({ remoteAddress: ip, ...opts });
  return {
    ...c,
    request,
    get: (url: string, headers?: Record<string, string>) => request({ method: 'GET', url, headers }),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) =>
      request({ method: 'POST', url, payload: payload as never, headers }),
  };
}

async function latestCode(phone: string): Promise<string> {
  const res = await t.anonymous().get(`/api/dev/outbox?phone=${phone}&limit=1`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().messages[0].code;
}

async function notifyJobs(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(`${t.db.jobSchema}.job`)} where name = 'notify'`.execute(
    t.db.kysely,
  );
  return rows[0]!.n;
}

describe('the privacy notice', () => {
  it('has a version and both languages', async () => {
    const res = await t.anonymous().get('/api/resident/privacy-notice');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      version: PRIVACY_NOTICE.version,
      text: { zh: expect.stringContaining('加密'), en: expect.stringContaining('encrypted') },
    });
  });
});

describe('phone check: a one-time code by SMS opens a resident session', () => {
  it('sends a code (SMS enqueued with its job), and the code opens a session', async () => {
    const v = visitor();
    const jobsBefore = await notifyJobs();
    const sent = await v.post('/api/resident/otp', { phone: '138 1234 5678' });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    expect(await notifyJobs()).toBe(jobsBefore + 1);

    const code = await latestCode('13812345678');
    expect(code).toMatch(/^\d{6}$/);
    // the code is kept only as a keyed hash; the SMS's text only sealed
    const row = await t.db.kysely
      .selectFrom('resident_otps')
      .selectAll()
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.code_hmac).not.toContain(code);
    expect(row.code_hmac).toMatch(/^[0-9a-f]{64}$/);
    const n = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('dedupe_key', '=', `otp:${row.id}`)
      .executeTakeFirstOrThrow();
    expect(n.sealed.toString('latin1')).not.toContain(code);
    expect(n.sealed.toString('latin1')).not.toContain('13812345678');

    const session = await v.post('/api/resident/session', { phone: '13812345678', code });
    expect(session.statusCode, session.body).toBe(200);
    expect(session.json()).toMatchObject({ phone: '138****5678', csrfToken: expect.any(String) });
    const resident = t.anonymous();
    resident.cookie = session.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
    resident.csrf = session.json().csrfToken;
    const me = await resident.get('/api/me');
    expect(me.json()).toMatchObject({ kind: 'resident', user: null });
    expect((await resident.get('/api/resident/cases')).json()).toEqual({ items: [] });
    // a code works once
    const again = await v.post('/api/resident/session', { phone: '13812345678', code });
    expect(again.statusCode).toBe(401);
    const audited = await t.db.kysely
      .selectFrom('audit_log')
      .select(['result'])
      .where('action', '=', 'auth.resident_login')
      .execute();
    expect(audited.map((a) => a.result).sort()).toEqual(['failure', 'success']);
  });

  it('limits codes per phone: one a minute, five an hour (429 with Retry-After, both languages)', async () => {
    const v = visitor();
    const phone = '13900000001';
    expect((await v.post('/api/resident/otp', { phone })).statusCode).toBe(202);
    await expectRefused(t, (h) => v.post('/api/resident/otp', { phone }, h), {
      status: 429,
      code: 'otp.too_soon',
      zh: /60 秒后/,
      en: /60 seconds/,
    });
    const early = await v.post('/api/resident/otp', { phone });
    expect(early.headers['retry-after']).toBe('60');
    t.advance(30_000);
    expect((await v.post('/api/resident/otp', { phone })).json().error.message).toMatch(/30 秒/);
    for (let i = 2; i <= OTP_POLICY.perPhonePerHour; i++) {
      t.advance(31_000);
      expect((await v.post('/api/resident/otp', { phone })).statusCode).toBe(202);
      t.advance(30_000);
    }
    t.advance(61_000);
    await expectRefused(t, (h) => visitor().post('/api/resident/otp', { phone }, h), {
      status: 429,
      code: 'otp.phone_hourly',
      zh: /一小时内/,
      en: /this hour/,
    });
    // another phone from the same address is not held back
    expect((await v.post('/api/resident/otp', { phone: '13900000002' })).statusCode).toBe(202);
    // an hour after the first code, a slot frees
    t.advance(3600_000);
    expect((await v.post('/api/resident/otp', { phone })).statusCode).toBe(202);
  });

  it('limits codes per address: twenty an hour', async () => {
    const v = visitor('10.99.0.1');
    for (let i = 0; i < OTP_POLICY.perIpPerHour; i++) {
      const res = await v.post('/api/resident/otp', { phone: `1370000${String(i).padStart(4, '0')}` });
      expect(res.statusCode, res.body).toBe(202);
    }
    await expectRefused(t, (h) => v.post('/api/resident/otp', { phone: '13799999999' }, h), {
      status: 429,
      code: 'otp.ip_hourly',
      en: /network/,
    });
    expect((await visitor('10.99.0.2').post('/api/resident/otp', { phone: '13799999999' })).statusCode).toBe(
      202,
    );
  });

  it('holds the limit under concurrent requests for one phone (enforced in the database)', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => visitor().post('/api/resident/otp', { phone: '13600000077' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([202, 429, 429, 429, 429, 429]);
  });

  it('a code expires after five minutes', async () => {
    const v = visitor();
    const phone = '13500000001';
    expect((await v.post('/api/resident/otp', { phone })).statusCode).toBe(202);
    const code = await latestCode(phone);
    t.advance(OTP_POLICY.ttlSeconds * 1000);
    await expectRefused(t, (h) => v.post('/api/resident/session', { phone, code }, h), {
      status: 401,
      code: 'otp.expired',
      en: /expired/,
      writes: { audit_log: 1 },
    });
  });

  it('allows five attempts per code, counting each; a new code starts afresh', async () => {
    const v = visitor();
    const phone = '13500000002';
    await v.post('/api/resident/otp', { phone });
    const code = await latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    await expectRefused(t, (h) => v.post('/api/resident/session', { phone, code: wrong }, h), {
      status: 401,
      code: 'otp.wrong_code',
      zh: /还可尝试 4 次/,
      en: /3 attempts left/,
      writes: { audit_log: 1, resident_otps: 0 },
    });
    const third = await v.post('/api/resident/session', { phone, code: wrong });
    expect(third.json().error.message).toMatch(/2 次/);
    const fourth = await v.post('/api/resident/session', { phone, code: wrong });
    expect(fourth.json().error.message).toMatch(/1 次/);
    const fifth = await v.post('/api/resident/session', { phone, code: wrong });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('otp.too_many_attempts');
    // even the right code is refused now
    const right = await v.post('/api/resident/session', { phone, code });
    expect(right.statusCode).toBe(429);
    t.advance(61_000);
    await v.post('/api/resident/otp', { phone });
    const fresh = await latestCode(phone);
    expect((await v.post('/api/resident/session', { phone, code: fresh })).statusCode).toBe(200);
  });

  it('refuses bad input in both languages and writes nothing', async () => {
    const v = visitor();
    await expectRefused(t, (h) => v.post('/api/resident/otp', { phone: 'abcdef12' }, h), {
      status: 400,
      code: 'otp.bad_phone',
      en: /mobile phone number/,
    });
    // a landline cannot receive an SMS
    await expectRefused(t, (h) => v.post('/api/resident/otp', { phone: '0534-2345678' }, h), {
      status: 400,
      code: 'otp.bad_phone',
    });
    await expectRefused(t, (h) => v.post('/api/resident/otp', {}, h), { status: 400, en: /phone/ });
    await expectRefused(
      t,
      (h) => v.post('/api/resident/session', { phone: '13812345678', code: '12ab' }, h),
      {
        status: 400,
        en: /code/,
      },
    );
    await expectRefused(t, (h) => t.anonymous().get('/api/dev/outbox?phone=12345678', h), {
      status: 400,
      code: 'otp.bad_phone',
    });
  });

  it('a staff session may not read the resident channel, nor may a visitor', async () => {
    const clerk = await t.login('clerk.shentou');
    expect((await clerk.get('/api/resident/cases')).statusCode).toBe(403);
    const anon = await t.anonymous().get('/api/resident/cases', { 'accept-language': 'en' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.message).toMatch(/verify your phone/);
  });
});
