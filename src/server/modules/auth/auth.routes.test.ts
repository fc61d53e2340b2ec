// Log-in, log-out, "who am I" and the session rules over HTTP: cookie flags, lockout, rate limit,
// idle and absolute expiry, the audit trail of every attempt, CSRF on log-out, security headers.
// Each test logs in from its own address, so the per-IP rate limit of one never trips another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, type Send } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { DEMO_PASSWORD } from '../../seed/demo-accounts.js';

const MINUTE = 60_000;
let t: TestApp;
let lastIp = 0;
/** A fresh client address for each test. */
const newIp = () => `10.1.${Math.floor(++lastIp / 250)}.${lastIp % 250}`;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const login = (ip: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: ip, headers });
const loginAs =
  (ip: string, username: string, password = DEMO_PASSWORD): Send =>
  (h) =>
    login(ip, { username, password }, h);

/** Logs in and returns the cookie header and the CSRF token. */
async function session(username: string) {
  const res = await login(newIp(), { username, password: DEMO_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return {
    cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    csrf: res.json().csrfToken as string,
    res,
  };
}
const me = (cookie: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie, ...headers } });
const loginAudits = (label: string) =>
  t.db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'auth.login')
    .where('actor_label', '=', label)
    .orderBy('id')
    .execute();

describe('POST /api/auth/login', () => {
  it('opens a session: an HttpOnly SameSite=Strict cookie, the user and a CSRF token, no secret in the body', async () => {
    const { res, cookie } = await session('clerk.shentou');
    const sid = res.cookies.find((c) => c.name === 'yimen_sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 });
    expect(res.cookies.find((c) => c.name === '_csrf')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const body = res.json();
    expect(body.user).toMatchObject({
      username: 'clerk.shentou',
      role: 'clerk',
      scopeCode: '371403105',
      unitName: '陵城区神头镇综治中心',
    });
    expect(body.csrfToken).toMatch(/\S{16,}/);
    const { password_hash } = await t.db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'clerk.shentou')
      .executeTakeFirstOrThrow();
    expect(res.body).not.toContain(password_hash);
    expect(res.body).not.toMatch(/\$argon2|password_?hash|"password"/i);
    // the database keeps a hash of the token, never the token
    expect(
      await t.db.kysely.selectFrom('sessions').selectAll().where('token_hash', '=', sid!.value).execute(),
    ).toEqual([]);
    expect((await me(cookie)).json()).toMatchObject({ kind: 'staff', user: { username: 'clerk.shentou' } });
  });

  it('answers a wrong password and an unknown user alike (401, same code and message), auditing both', async () => {
    const ip = newIp();
    const wrong = await expectRefused(t, loginAs(ip, 'clerk.decheng', 'Wrong@Password1'), {
      status: 401,
      code: 'auth.bad_credentials',
      zh: /用户名或密码错误/,
      en: /Wrong username or password/,
      writes: { audit_log: 1, users: 0 }, // users: the failed-login counter, updated in place
    });
    const unknown = await expectRefused(t, loginAs(ip, 'nobody.here'), {
      status: 401,
      code: 'auth.bad_credentials',
      writes: { audit_log: 1 },
    });
    expect(unknown).toEqual(wrong);
    const audits = [...(await loginAudits('clerk.decheng')), ...(await loginAudits('nobody.here'))];
    expect(audits.map((a) => [a.result, a.detail.reason, a.ip])).toEqual([
      ['failure', 'bad_password', ip],
      ['failure', 'bad_password', ip],
      ['failure', 'unknown_user', ip],
      ['failure', 'unknown_user', ip],
    ]);
  });

  it('refuses missing, empty, mistyped or unknown fields (400) without touching the database', async () => {
    const ip = newIp();
    const send =
      (body: Record<string, unknown>): Send =>
      (h) =>
        login(ip, body, h);
    await expectRefused(t, send({ username: 'clerk.shentou' }), {
      status: 400,
      code: 'validation',
      zh: /缺少必填项“password”/,
      en: /"password" is required/,
    });
    await expectRefused(t, send({ password: DEMO_PASSWORD }), { status: 400, en: /"username" is required/ });
    await expectRefused(t, send({ username: '', password: DEMO_PASSWORD }), {
      status: 400,
      en: /"username" must be at least 1 characters/,
    });
    await expectRefused(t, send({ username: { $ne: '' }, password: DEMO_PASSWORD }), {
      status: 400,
      en: /"username" must be of type string/,
    });
    await expectRefused(t, send({ username: 'clerk.shentou', password: DEMO_PASSWORD, remember: true }), {
      status: 400,
      en: /unknown field "remember"/,
    });
  });

  it('locks the account after 5 failures (423, even with the right password) and unlocks it after the lockout', async () => {
    const ip = newIp();
    const attempt = (password: string) =>
      loginAs(ip, 'dispatcher.qihe', password)({ 'accept-language': 'en' });
    for (let i = 1; i <= 4; i++) expect((await attempt('Wrong@Password1')).statusCode).toBe(401);
    const fifth = await attempt('Wrong@Password1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error).toEqual({
      code: 'auth.locked',
      message: expect.stringMatching(/locked .* try again in 15 minutes/),
    });
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(423);
    t.advance(14 * MINUTE);
    const still = await attempt(DEMO_PASSWORD);
    expect(still.statusCode).toBe(423);
    expect(still.json().error.message).toMatch(/in 1 minutes/);
    t.advance(2 * MINUTE);
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(200);
    const user = await t.db.kysely
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('username', '=', 'dispatcher.qihe')
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ failed_logins: 0, locked_until: null });
    // every attempt is on file, the refused ones with their reason
    expect((await loginAudits('dispatcher.qihe')).map((a) => `${a.result}:${a.detail.reason ?? ''}`)).toEqual(
      [
        ...Array(4).fill('failure:bad_password'),
        'failure:bad_password_locked',
        'failure:locked',
        'failure:locked',
        'success:',
      ],
    );
  });

  it('rate-limits log-ins to 10 a minute per address (429, even with the right password), other addresses unaffected', async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i++) expect((await loginAs(ip, 'nobody.limited', 'x')({})).statusCode).toBe(401);
    await expectRefused(t, loginAs(ip, 'clerk.shentou'), {
      status: 429,
      code: 'common.too_many_requests',
      zh: /请求过于频繁/,
      en: /Too many requests/,
    });
    expect(await loginAudits('nobody.limited')).toHaveLength(10);
    expect((await loginAs(newIp(), 'clerk.shentou')({})).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('GET /api/me without a session is 401 (auth.required)', async () => {
    await expectRefused(t, (h) => t.app.inject({ method: 'GET', url: '/api/me', headers: h }), {
      status: 401,
      code: 'auth.required',
      zh: /请先登录/,
      en: /Please log in/,
    });
  });

  it('logs out (204, audited) and the cookie no longer works; log-out needs the CSRF token', async () => {
    const s = await session('mediator.shentou');
    const logout = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, ...headers } });
    await expectRefused(t, (h) => logout(h), { status: 403, code: /^FST_CSRF/ });
    expect((await me(s.cookie)).statusCode).toBe(200);

    const out = await logout({ 'x-csrf-token': s.csrf });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'yimen_sid')?.value).toBe('');
    const after = await me(s.cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.required');
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.logout')
      .execute();
    expect(audit.map((a) => a.actor_label)).toEqual(['mediator.shentou']);
    await expectRefused(t, (h) => t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h }), {
      status: 401,
      code: 'auth.required',
    });
  });

  it('idles out after 30 minutes without a request (401 auth.session_expired), sliding while in use', async () => {
    const s = await session('clerk.lingcheng');
    t.advance(29 * MINUTE);
    expect((await me(s.cookie)).statusCode).toBe(200);
    t.advance(29 * MINUTE);
    expect((await me(s.cookie)).statusCode).toBe(200);
    t.advance(31 * MINUTE);
    const gone = await me(s.cookie, { 'accept-language': 'en' });
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error).toEqual({
      code: 'auth.session_expired',
      message: 'Your session has expired; please log in again.',
    });
    expect(gone.cookies.find((c) => c.name === 'yimen_sid')?.value).toBe('');
    expect((await me(s.cookie)).json().error.code).toBe('auth.required'); // the row is gone too
  });

  it('expires 12 hours after log-in however busy the session is', async () => {
    const s = await session('clerk.xiajin');
    let elapsed = 0;
    while (elapsed + 25 * MINUTE < 12 * 60 * MINUTE) {
      t.advance(25 * MINUTE);
      elapsed += 25 * MINUTE;
      expect((await me(s.cookie)).statusCode, `after ${elapsed / MINUTE} min`).toBe(200);
    }
    t.advance(12 * 60 * MINUTE - elapsed);
    const res = await me(s.cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.session_expired');
  });
});

describe('security headers', () => {
  it.each(['/healthz', '/api/me', '/api/regions/371403105'])('are on %s', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
