// 身份鉴别 (issue 10, identity): the second factor (TOTP) required for the three administrators and
// the leaders and optional for everyone else, its set-up with an authenticator app and its recovery
// by the security administrator, the list of one's sessions and ending them, the password history,
// and the demo accounts (their second factor, no forced change, refused in production).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondFactorRequired } from '../../src/core/organization/second-factor.js';
import { base32, matchingSteps, totpCode } from '../../src/server/modules/auth/totp.js';
import { loadConfig } from '../../src/server/config.js';
import { refuseDemoAccountsInProduction } from '../../src/server/main.js';
import { DEMO_PASSWORD, demoTotpSecret, listDemoAccounts } from '../../src/server/seed/demo-accounts.js';
import { expectRefused, type Send } from '../helpers/expect-refused.js';
import { createTestApp, currentTotp, type Client, type TestApp } from '../helpers/test-app.js';

const STEP = 30_000;
let t: TestApp;
let ips = 0;
const ip = () => `10.61.${Math.floor(++ips / 250)}.${ips % 250}`;

beforeAll(async () => {
  // codes are good once here, as in production
  t = await createTestApp({ config: { totpSingleUse: true } });
});
afterAll(async () => t?.close());

const loginRaw = (body: Record<string, unknown>, from = ip(), headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: from, headers });

function clientOf(res: Awaited<ReturnType<typeof loginRaw>>): Client {
  expect(res.statusCode, res.body).toBe(200);
  const c: Client = {
    cookie: res.cookies.map((k) => `${k.name}=${k.value}`).join('; '),
    csrf: res.json().csrfToken,
    request: (opts) =>
      t.app.inject({
        ...opts,
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(opts.headers ?? {}) },
      }),
    get: (url, headers) => c.request({ method: 'GET', url, headers }),
    post: (url, payload, headers) => c.request({ method: 'POST', url, payload: payload as string, headers }),
  };
  return c;
}

const userRow = (username: string) =>
  t.db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

describe('the TOTP primitives', () => {
  it('match RFC 6238’s SHA-1 test vector (T = 59 s, last six digits of 94287082)', () => {
    const secret = base32(Buffer.from('12345678901234567890'));
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
    expect(totpCode(secret, new Date(1_111_111_109_000))).toBe('081804');
    // one step of drift either way, no more
    expect(matchingSteps(secret, '287082', new Date(59_000 + STEP))).toEqual([1]);
    expect(matchingSteps(secret, '287082', new Date(59_000 + 2 * STEP))).toEqual([]);
  });

  it('are required for the three administrators and leaders only', () => {
    expect(['sys_admin', 'security_admin', 'audit_admin', 'leader'].every(secondFactorRequired)).toBe(true);
    for (const r of ['clerk', 'dispatcher', 'supervisor', 'mediator', 'department_staff', 'grid_worker'])
      expect(secondFactorRequired(r), r).toBe(false);
  });
});

describe('log-in with a second factor', () => {
  it('asks a leader for the code after the right password, refuses a wrong one, accepts the current one once', async () => {
    const from = ip();
    const send =
      (body: Record<string, unknown>): Send =>
      (h) =>
        loginRaw({ username: 'leader.dezhou', password: DEMO_PASSWORD, ...body }, from, h);
    await expectRefused(t, send({}), {
      status: 401,
      code: 'auth.totp_required',
      zh: /6 位动态验证码/,
      en: /6-digit code/,
      writes: { audit_log: 1 },
    });
    const good = (await currentTotp(t, 'leader.dezhou'))!;
    const wrong = good === '000000' ? '111111' : '000000';
    await expectRefused(t, send({ totpCode: wrong }), {
      status: 401,
      code: 'auth.bad_totp',
      en: /code is wrong/,
      writes: { audit_log: 1, users: 0 }, // the failed-log-in counter
    });
    // a wrong password with a right code is a wrong password: the code is not even looked at
    expect(
      (await loginRaw({ username: 'leader.dezhou', password: 'Wrong@Pass2026', totpCode: good })).json().error
        .code,
    ).toBe('auth.bad_credentials');
    const res = await loginRaw({ username: 'leader.dezhou', password: DEMO_PASSWORD, totpCode: good }, from);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ totpEnabled: true, mustEnrolTotp: false });
    expect((await userRow('leader.dezhou')).failed_logins).toBe(0);
    // the same code again, within its 30 seconds: refused (RFC 6238 §5.2)
    const again = await loginRaw(
      { username: 'leader.dezhou', password: DEMO_PASSWORD, totpCode: good },
      from,
    );
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('auth.bad_totp');
    const reasons = await t.db.kysely
      .selectFrom('audit_log')
      .select(['result', 'detail'])
      .where('actor_label', '=', 'leader.dezhou')
      .where('action', '=', 'auth.login')
      .orderBy('id')
      .execute();
    expect(reasons.map((r) => `${r.result}:${String(r.detail.reason ?? r.detail.secondFactor)}`)).toEqual([
      'failure:totp_required',
      'failure:totp_required',
      'failure:bad_totp',
      'failure:bad_totp',
      'failure:bad_password',
      'success:totp',
      'failure:totp_reused',
    ]);
    // the next code works
    t.advance(STEP);
    const next = (await currentTotp(t, 'leader.dezhou'))!;
    expect(
      (await loginRaw({ username: 'leader.dezhou', password: DEMO_PASSWORD, totpCode: next })).statusCode,
    ).toBe(200);
  });

  it('counts wrong codes toward the lockout', async () => {
    const from = ip();
    for (let i = 1; i <= 4; i++) {
      const r = await loginRaw(
        { username: 'leader.xiajin', password: DEMO_PASSWORD, totpCode: '999999' },
        from,
      );
      expect(r.statusCode).toBe(401);
    }
    const fifth = await loginRaw(
      { username: 'leader.xiajin', password: DEMO_PASSWORD, totpCode: '999999' },
      from,
    );
    expect(fifth.statusCode).toBe(423);
    const code = (await currentTotp(t, 'leader.xiajin'))!;
    expect(
      (await loginRaw({ username: 'leader.xiajin', password: DEMO_PASSWORD, totpCode: code }, from))
        .statusCode,
    ).toBe(423);
  });
});

describe('setting up and recovering the second factor', () => {
  it('a leader whose factor was reset signs in with the password, may only set one up, then needs codes', async () => {
    const secadmin = await t.login('secadmin');
    const leader = await userRow('leader.qihe');
    const before = clientOf(
      await loginRaw({
        username: 'leader.qihe',
        password: DEMO_PASSWORD,
        totpCode: await currentTotp(t, 'leader.qihe'),
      }),
    );
    // only the security administrator resets, and not an administrator's (that is the command line)
    const sysadmin = await t.login('sysadmin');
    expect((await sysadmin.post(`/api/admin/users/${leader.id}/reset-totp`, {})).statusCode).toBe(403);
    const auditor = await userRow('auditor');
    expect((await secadmin.post(`/api/admin/users/${auditor.id}/reset-totp`, {})).statusCode).toBe(403);
    const reset = await secadmin.post(`/api/admin/users/${leader.id}/reset-totp`, {});
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await before.get('/api/me')).statusCode).toBe(401); // its sessions ended
    expect(await userRow('leader.qihe')).toMatchObject({ totp_secret: null, totp_enabled_at: null });

    const res = await loginRaw({ username: 'leader.qihe', password: DEMO_PASSWORD });
    const c = clientOf(res);
    expect(res.json().user).toMatchObject({ mustEnrolTotp: true, totpEnabled: false });
    await expectRefused(t, (h) => c.get('/api/cases', h), {
      status: 403,
      code: 'auth.must_enrol_totp',
      zh: /双因素认证/,
      en: /second factor/,
    });
    expect((await c.get('/api/auth/totp')).json()).toEqual({
      enabled: false,
      enabledAt: null,
      required: true,
      pending: false,
    });
    await expectRefused(t, (h) => c.post('/api/auth/totp/confirm', { code: '123456' }, h), {
      status: 422,
      code: 'auth.totp_not_pending',
    });
    const enrol = await c.post('/api/auth/totp/enrol', {});
    expect(enrol.statusCode, enrol.body).toBe(200);
    expect(enrol.headers['cache-control']).toBe('no-store');
    const { secret, otpauthUrl, qrSvg } = enrol.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(new RegExp(`^otpauth://totp/.*leader\\.qihe\\?secret=${secret}&`));
    expect(qrSvg).toMatch(/^<svg/);
    // the secret is stored sealed, never in clear
    const pending = (await userRow('leader.qihe')).totp_pending!;
    expect(pending.toString('latin1')).not.toContain(secret);
    const now = t.deps.clock();
    const wrong = totpCode(secret, new Date(now.getTime() + 5 * STEP));
    await expectRefused(t, (h) => c.post('/api/auth/totp/confirm', { code: wrong }, h), {
      status: 422,
      code: 'auth.bad_totp',
    });
    const ok = await c.post('/api/auth/totp/confirm', { code: totpCode(secret, now) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ enabled: true, required: true, pending: false });
    expect((await c.get('/api/cases')).statusCode).toBe(200);
    // a leader may not turn it off
    t.advance(STEP);
    await expectRefused(
      t,
      (h) => c.post('/api/auth/totp/disable', { code: totpCode(secret, t.deps.clock()) }, h),
      { status: 422, code: 'auth.totp_required_for_role', en: /cannot be turned off/ },
    );
    // from now on log-in asks for the new app's code
    expect((await loginRaw({ username: 'leader.qihe', password: DEMO_PASSWORD })).json().error.code).toBe(
      'auth.totp_required',
    );
    t.advance(STEP);
    const code = totpCode(secret, t.deps.clock());
    expect(
      (await loginRaw({ username: 'leader.qihe', password: DEMO_PASSWORD, totpCode: code })).statusCode,
    ).toBe(200);
    const actions = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'result'])
      .where('target_id', '=', leader.id)
      .where('action', 'in', ['account.reset_totp', 'auth.totp_enrol_start', 'auth.totp_enabled'])
      .orderBy('id')
      .execute();
    expect(actions).toEqual([
      { action: 'account.reset_totp', actor_label: 'sysadmin', result: 'denied' },
      { action: 'account.reset_totp', actor_label: 'secadmin', result: 'success' },
      { action: 'auth.totp_enrol_start', actor_label: 'leader.qihe', result: 'success' },
      { action: 'auth.totp_enabled', actor_label: 'leader.qihe', result: 'success' },
    ]);
  });

  it('is optional for a clerk: set up, then asked for at log-in, and turned off with a code', async () => {
    const c = await t.login('clerk.qihe');
    expect((await c.get('/api/auth/totp')).json()).toMatchObject({ enabled: false, required: false });
    const { secret } = (await c.post('/api/auth/totp/enrol', {})).json();
    expect(
      (await c.post('/api/auth/totp/confirm', { code: totpCode(secret, t.deps.clock()) })).statusCode,
    ).toBe(200);
    expect((await loginRaw({ username: 'clerk.qihe', password: DEMO_PASSWORD })).json().error.code).toBe(
      'auth.totp_required',
    );
    t.advance(STEP);
    const off = await c.post('/api/auth/totp/disable', { code: totpCode(secret, t.deps.clock()) });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().enabled).toBe(false);
    expect((await loginRaw({ username: 'clerk.qihe', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });
});

describe('one’s sessions', () => {
  it('lists a user’s open sessions and ends one of them; another user’s session is a 404', async () => {
    const a = clientOf(await loginRaw({ username: 'clerk.xinhu', password: DEMO_PASSWORD }, '10.62.0.1'));
    const b = clientOf(
      await loginRaw({ username: 'clerk.xinhu', password: DEMO_PASSWORD }, '10.62.0.2', {
        'user-agent': 'phone',
      }),
    );
    const list = (await a.get('/api/auth/sessions')).json().items as {
      id: string;
      ip: string;
      current: boolean;
    }[];
    expect(list.map((s) => [s.ip, s.current]).sort()).toEqual([
      ['10.62.0.1', true],
      ['10.62.0.2', false],
    ]);
    const other = list.find((s) => !s.current)!;
    const stranger = await t.login('dispatcher.xinhu');
    await expectRefused(
      t,
      (h) => stranger.request({ method: 'DELETE', url: `/api/auth/sessions/${other.id}`, headers: h }),
      {
        status: 404,
        code: 'common.not_found',
      },
    );
    await expectRefused(
      t,
      (h) => a.request({ method: 'DELETE', url: '/api/auth/sessions/not-a-uuid', headers: h }),
      {
        status: 400,
      },
    );
    const end = await a.request({ method: 'DELETE', url: `/api/auth/sessions/${other.id}` });
    expect(end.statusCode, end.body).toBe(204);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await a.get('/api/auth/sessions')).json().items).toHaveLength(1);
    // ending the current one is a log-out
    const mine = (await a.get('/api/auth/sessions')).json().items[0].id;
    const out = await a.request({ method: 'DELETE', url: `/api/auth/sessions/${mine}` });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((k) => k.name === 'yimen_sid')?.value).toBe('');
    expect((await a.get('/api/me')).statusCode).toBe(401);
    const ended = await t.db.kysely
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'auth.session_end')
      .where('actor_label', '=', 'clerk.xinhu')
      .execute();
    expect(ended.map((e) => e.target_id)).toEqual([other.id, mine]);
  });

  it('idle and absolute timeouts are 30 minutes and 12 hours', () => {
    expect(t.deps.config.sessionIdleMinutes).toBe(30);
    expect(t.deps.config.sessionAbsoluteHours).toBe(12);
  });
});

describe('the password history', () => {
  it('refuses any of the last 5 passwords, accepts an older one', async () => {
    const c = await t.login('mediator.xinhu');
    const passwords = ['Xinhu#Media2026a', 'Xinhu#Media2026b', 'Xinhu#Media2026c', 'Xinhu#Media2026d'];
    let current = DEMO_PASSWORD;
    for (const p of passwords) {
      const r = await c.post('/api/auth/change-password', { currentPassword: current, newPassword: p });
      expect(r.statusCode, r.body).toBe(204);
      current = p;
    }
    // history now: the demo password and a, b, c (and d is current); the route allows 10 a minute
    await expectRefused(
      t,
      (h) => c.post('/api/auth/change-password', { currentPassword: current, newPassword: DEMO_PASSWORD }, h),
      { status: 422, code: 'auth.password_reused', zh: /最近 5 次/, en: /last 5 passwords/ },
    );
    for (const old of [passwords[0], passwords[2]]) {
      const r = await c.post('/api/auth/change-password', { currentPassword: current, newPassword: old });
      expect(r.json().error.code).toBe('auth.password_reused');
    }
    const fifth = 'Xinhu#Media2026e';
    expect(
      (await c.post('/api/auth/change-password', { currentPassword: current, newPassword: fifth }))
        .statusCode,
    ).toBe(204);
    // the demo password is now six changes back: allowed again
    const back = await c.post('/api/auth/change-password', {
      currentPassword: fifth,
      newPassword: DEMO_PASSWORD,
    });
    expect(back.statusCode, back.body).toBe(204);
    const user = await userRow('mediator.xinhu');
    const kept = await t.db.kysely
      .selectFrom('password_history')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(kept).toHaveLength(4);
  });
});

describe('demo accounts', () => {
  it('skip the forced change, and those that need one have their demo second factor', async () => {
    const accounts = await listDemoAccounts(t.db.kysely, t.deps.crypto);
    expect(accounts.length).toBeGreaterThan(60);
    const rows = await t.db.kysely
      .selectFrom('users')
      .select(['username', 'must_change_password'])
      .where('is_demo', '=', true)
      .where('active', '=', true)
      .execute();
    expect(rows.filter((r) => r.must_change_password)).toEqual([]);
    for (const a of accounts) {
      if (a.username === 'leader.qihe') continue; // re-enrolled above
      if (secondFactorRequired(a.role)) expect(a.totp_secret, a.username).toBe(demoTotpSecret(a.username));
      else if (a.username !== 'clerk.qihe') expect(a.totp_secret, a.username).toBeUndefined();
    }
    expect(accounts.filter((a) => a.totp_secret).map((a) => a.username)).toEqual(
      expect.arrayContaining(['sysadmin', 'secadmin', 'auditor', 'leader.dezhou', 'leader.shentou']),
    );
  });

  it('keep codes single-use: the suites’ switch is refused in production', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv)).toMatchObject({ totpSingleUse: true, passwordHistory: 5 });
    expect(loadConfig({ YIMEN_TOTP_SINGLE_USE: '0' } as NodeJS.ProcessEnv).totpSingleUse).toBe(false);
    expect(() =>
      loadConfig({ YIMEN_TOTP_SINGLE_USE: '0', NODE_ENV: 'production' } as NodeJS.ProcessEnv),
    ).toThrow(/refused in production/);
  });

  it('stop a production start', async () => {
    await expect(refuseDemoAccountsInProduction({ production: true }, t.db.kysely)).rejects.toThrow(
      /Demo accounts exist but NODE_ENV=production/,
    );
    await expect(refuseDemoAccountsInProduction({ production: false }, t.db.kysely)).resolves.toBeUndefined();
  });
});
