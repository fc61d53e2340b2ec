import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { checkPasswordPolicy } from '../auth/password-policy.js';

let t: TestApp;
let secadmin: Client;
let shentouCenter: string;
let shentouJustice: string;
let committee: { unitId: string; grid: string; village: string };

beforeAll(async () => {
  t = await createTestApp();
  secadmin = await t.login('secadmin');
  shentouCenter = await t.unitId('371403105-center');
  shentouJustice = await t.unitId('371403105-justice');
  const grid = await t.db.kysely
    .selectFrom('users')
    .select(['unit_id', 'scope_code'])
    .where('username', '=', 'grid.shentou')
    .executeTakeFirstOrThrow();
  committee = { unitId: grid.unit_id!, grid: grid.scope_code, village: grid.scope_code.slice(0, 12) };
});
afterAll(async () => t?.close());

const patch = (c: Client, url: string, payload: unknown, headers?: Record<string, string>) =>
  c.request({ method: 'PATCH', url, payload: payload as object, headers });

async function create(body: Record<string, unknown>) {
  const res = await secadmin.post('/api/admin/users', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    account: { id: string; username: string; scopeCode: string };
    oneTimePassword: string;
  };
}

const audits = (action: string) =>
  t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

describe('accounts: the security administrator creates one, the new user must change the password', () => {
  it('creates a clerk with a one-time password; scope follows the center; the user must change it first', async () => {
    const res = await secadmin.post('/api/admin/users', {
      username: 'clerk.new1',
      displayName: '新来的受理员',
      role: 'clerk',
      unitId: shentouCenter,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { account, oneTimePassword } = res.json();
    expect(account).toMatchObject({
      username: 'clerk.new1',
      role: 'clerk',
      unitId: shentouCenter,
      scopeCode: '371403105',
      scopeName: '神头镇',
      active: true,
      mustChangePassword: true,
      administrator: false,
    });
    expect(checkPasswordPolicy(oneTimePassword, 'clerk.new1')).toBeNull();
    // audited without personal data: the staff member's name stays out of the log
    const [entry] = await audits('account.create');
    expect(entry).toMatchObject({ actor_label: 'secadmin', target_id: account.id, result: 'success' });
    expect(JSON.stringify(entry!.detail)).not.toContain('新来的受理员');
    expect(JSON.stringify(entry!.detail)).not.toContain(oneTimePassword);
    const stored = await t.db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(oneTimePassword);

    const user = await t.login('clerk.new1', oneTimePassword);
    const me = (await user.get('/api/me')).json();
    expect(me.user.mustChangePassword).toBe(true);
    // nothing else opens until the password is changed
    await expectRefused(t, (h) => user.get('/api/cases', h), {
      status: 403,
      code: 'auth.must_change_password',
      zh: /修改初始密码/,
      en: /Change your initial/,
    });
    const other = await t.login('clerk.new1', oneTimePassword);

    await expectRefused(
      t,
      (h) =>
        user.post(
          '/api/auth/change-password',
          { currentPassword: 'wrong', newPassword: 'Another@Pass2026' },
          h,
        ),
      {
        status: 422,
        code: 'auth.wrong_current_password',
        en: /current password is wrong/,
        writes: { audit_log: 1 },
      },
    );
    await expectRefused(t, (h) => user.post('/api/auth/change-password', { newPassword: 'x' }, h), {
      status: 400,
      en: /currentPassword/,
    });

    const ok = await user.post('/api/auth/change-password', {
      currentPassword: oneTimePassword,
      newPassword: 'Fresh#Start2026',
    });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await user.get('/api/me')).json().user.mustChangePassword).toBe(false);
    expect((await user.get('/api/cases')).statusCode).toBe(200);
    // the other session of the account ended; the old password no longer works
    expect((await other.get('/api/me')).statusCode).toBe(401);
    await expect(t.login('clerk.new1', oneTimePassword)).rejects.toThrow(/401/);
    await t.login('clerk.new1', 'Fresh#Start2026');
    expect((await audits('auth.change_password')).map((a) => a.result)).toEqual([
      'failure',
      'failure',
      'success',
    ]);
  });

  it('holds a new password to the password policy', async () => {
    const { oneTimePassword } = await create({
      username: 'clerk.new2',
      displayName: '受理员二',
      role: 'clerk',
      unitId: shentouCenter,
    });
    const user = await t.login('clerk.new2', oneTimePassword);
    await expectRefused(
      t,
      (h) =>
        user.post('/api/auth/change-password', { currentPassword: oneTimePassword, newPassword: 'short' }, h),
      { status: 422, code: 'auth.password_too_short', zh: /12/ },
    );
    await expectRefused(
      t,
      (h) =>
        user.post(
          '/api/auth/change-password',
          { currentPassword: oneTimePassword, newPassword: 'alllowercaseletters' },
          h,
        ),
      { status: 422, code: 'auth.password_classes' },
    );
    await expectRefused(
      t,
      (h) =>
        user.post(
          '/api/auth/change-password',
          { currentPassword: oneTimePassword, newPassword: 'Clerk.New2-xyz9' },
          h,
        ),
      { status: 422, code: 'auth.password_contains_username' },
    );
    await expectRefused(
      t,
      (h) =>
        user.post(
          '/api/auth/change-password',
          { currentPassword: oneTimePassword, newPassword: oneTimePassword },
          h,
        ),
      { status: 422, code: 'auth.password_same' },
    );
  });

  it('refuses a change of password to residents and to the anonymous', async () => {
    const resident = await t.resident('13800000001');
    await expectRefused(
      t,
      (h) => resident.post('/api/auth/change-password', { currentPassword: 'a', newPassword: 'b' }, h),
      { status: 403 },
    );
    await expectRefused(
      t,
      (h) => t.anonymous().post('/api/auth/change-password', { currentPassword: 'a', newPassword: 'b' }, h),
      { status: 401 },
    );
  });

  it('creates a grid worker in a grid of the committee’s village, and department staff at their department', async () => {
    const gw = await create({
      username: 'grid.new1',
      displayName: '网格员甲',
      role: 'grid_worker',
      unitId: committee.unitId,
      scopeCode: committee.grid,
    });
    expect(gw.account.scopeCode).toBe(committee.grid);
    const dept = await create({
      username: 'dept.new1',
      displayName: '司法所乙',
      role: 'department_staff',
      unitId: shentouJustice,
    });
    expect(dept.account.scopeCode).toBe('371403105');
    // a grid worker made the village's mediator: the scope follows the committee to its village
    const med = await patch(secadmin, `/api/admin/users/${gw.account.id}`, { role: 'mediator' });
    expect(med.statusCode, med.body).toBe(200);
    expect(med.json()).toMatchObject({ role: 'mediator', scopeCode: committee.village });
    // and back: a grid must be named again
    await expectRefused(
      t,
      (h) => patch(secadmin, `/api/admin/users/${gw.account.id}`, { role: 'grid_worker' }, h),
      {
        status: 422,
        code: 'account.scope_not_grid_of_unit',
      },
    );
    const back = await patch(secadmin, `/api/admin/users/${gw.account.id}`, {
      role: 'grid_worker',
      scopeCode: committee.grid,
    });
    expect(back.json()).toMatchObject({ role: 'grid_worker', scopeCode: committee.grid });
  });
});

describe('accounts: listing', () => {
  it('filters by text, role, unit, scope and active, and pages by username without gaps or repeats', async () => {
    const list = async (query: string) => {
      const res = await secadmin.get(`/api/admin/users${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        items: { username: string; role: string; administrator: boolean }[];
        nextCursor: string | null;
      };
    };
    const clerks = await list('?role=clerk&scope=371403');
    expect(clerks.items.map((u) => u.username).sort()).toEqual([
      'clerk.lingcheng',
      'clerk.new1',
      'clerk.new2',
      'clerk.shentou',
    ]);
    expect((await list('?q=SHENTOU')).items.every((u) => u.username.includes('shentou'))).toBe(true);
    expect((await list(`?unit=${shentouCenter}`)).items.map((u) => u.username)).toContain(
      'dispatcher.shentou',
    );
    const admins = await list('?q=admin');
    expect(admins.items.find((u) => u.username === 'sysadmin')?.administrator).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pageRes = await list(
        `?scope=371403&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...pageRes.items.map((u) => u.username));
      cursor = pageRes.nextCursor;
    } while (cursor);
    const all = (await list('?scope=371403&limit=200')).items.map((u) => u.username);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);

    await expectRefused(t, (h) => secadmin.get('/api/admin/users?role=king', h), { status: 400 });
    await expectRefused(t, (h) => secadmin.get('/api/admin/users?limit=0', h), { status: 400 });
    await expectRefused(t, (h) => secadmin.get('/api/admin/users?unit=not-a-uuid', h), { status: 400 });
  });
});

describe('accounts: changes', () => {
  it('moves, renames, deactivates (ending sessions) and reactivates an account', async () => {
    const { account, oneTimePassword } = await create({
      username: 'clerk.move1',
      displayName: '调动人员',
      role: 'clerk',
      unitId: shentouCenter,
    });
    const user = await t.login('clerk.move1', oneTimePassword);
    // to the county center: the scope follows the unit
    const moved = await patch(secadmin, `/api/admin/users/${account.id}`, {
      role: 'dispatcher',
      unitId: await t.unitId('371403-center'),
      displayName: '调动人员二',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      role: 'dispatcher',
      scopeCode: '371403',
      displayName: '调动人员二',
    });
    const entry = (await audits('account.update')).find((a) => a.target_id === account.id);
    expect(entry!.detail).toMatchObject({ role: 'dispatcher', previousRole: 'clerk', scopeCode: '371403' });
    expect(JSON.stringify(entry!.detail)).not.toContain('调动人员');

    const off = await patch(secadmin, `/api/admin/users/${account.id}`, { active: false });
    expect(off.json().active).toBe(false);
    const inactive = (await secadmin.get('/api/admin/users?active=false&q=clerk.move1')).json().items;
    expect(inactive.map((u: { username: string }) => u.username)).toEqual(['clerk.move1']);
    expect((await secadmin.get('/api/admin/users?active=true&q=clerk.move1')).json().items).toEqual([]);
    expect((await user.get('/api/me')).statusCode).toBe(401);
    await expect(t.login('clerk.move1', oneTimePassword)).rejects.toThrow(/403/);
    const on = await patch(secadmin, `/api/admin/users/${account.id}`, { active: true });
    expect(on.json().active).toBe(true);
  });

  it('resets a password: a new one-time password, sessions ended, must change again', async () => {
    const { account, oneTimePassword } = await create({
      username: 'clerk.reset1',
      displayName: '重置人员',
      role: 'clerk',
      unitId: shentouCenter,
    });
    const user = await t.login('clerk.reset1', oneTimePassword);
    await user.post('/api/auth/change-password', {
      currentPassword: oneTimePassword,
      newPassword: 'Mine#Own2026x',
    });
    const res = await secadmin.post(`/api/admin/users/${account.id}/reset-password`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const fresh = res.json().oneTimePassword as string;
    expect(checkPasswordPolicy(fresh, 'clerk.reset1')).toBeNull();
    expect((await user.get('/api/me')).statusCode).toBe(401);
    const again = await t.login('clerk.reset1', fresh);
    expect((await again.get('/api/me')).json().user.mustChangePassword).toBe(true);
    expect((await audits('account.reset_password')).at(-1)).toMatchObject({ target_id: account.id });
  });

  it('lifts a lockout', async () => {
    const { account, oneTimePassword } = await create({
      username: 'clerk.lock1',
      displayName: '锁定人员',
      role: 'clerk',
      unitId: shentouCenter,
    });
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'clerk.lock1', password: 'Wrong#Pass2026' },
        remoteAddress: '10.99.0.1',
      });
    }
    const listed = (await secadmin.get('/api/admin/users?q=clerk.lock1')).json().items[0];
    expect(listed).toMatchObject({ locked: true, failedLogins: 5 });
    await expect(t.login('clerk.lock1', oneTimePassword)).rejects.toThrow(/423/);
    const res = await secadmin.post(`/api/admin/users/${account.id}/unlock`, {});
    expect(res.statusCode, res.body).toBe(204);
    await t.login('clerk.lock1', oneTimePassword);
    expect((await audits('account.unlock')).at(-1)!.detail).toMatchObject({
      wasLocked: true,
      failedLogins: 5,
    });
  });
});

describe('accounts: 三员分立 and staff roles', () => {
  it('lets only the security administrator in; refused writes are audited', async () => {
    const { account } = await create({
      username: 'clerk.target1',
      displayName: '目标',
      role: 'clerk',
      unitId: shentouCenter,
    });
    for (const username of [
      'sysadmin',
      'auditor',
      'clerk.shentou',
      'dispatcher.dezhou',
      'leader.dezhou',
      'dept.shentou',
    ]) {
      const c = await t.login(username);
      await expectRefused(t, (h) => c.get('/api/admin/users', h), { status: 403, code: 'auth.forbidden' });
      await expectRefused(
        t,
        (h) =>
          c.post(
            '/api/admin/users',
            { username: 'x.y.z', displayName: 'x', role: 'clerk', unitId: shentouCenter },
            h,
          ),
        { status: 403, writes: { audit_log: 1 } },
      );
      await expectRefused(t, (h) => patch(c, `/api/admin/users/${account.id}`, { active: false }, h), {
        status: 403,
        writes: { audit_log: 1 },
      });
      await expectRefused(t, (h) => c.post(`/api/admin/users/${account.id}/reset-password`, {}, h), {
        status: 403,
        writes: { audit_log: 1 },
      });
      await expectRefused(t, (h) => c.post(`/api/admin/users/${account.id}/unlock`, {}, h), {
        status: 403,
        writes: { audit_log: 1 },
      });
    }
    const denied = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_label', 'action', 'target_id'])
      .where('result', '=', 'denied')
      .where('actor_label', '=', 'auditor')
      .execute();
    expect(denied.map((d) => d.action).sort()).toEqual([
      'account.create',
      'account.create',
      'account.reset_password',
      'account.reset_password',
      'account.unlock',
      'account.unlock',
      'account.update',
      'account.update',
    ]);
    await expectRefused(t, (h) => t.anonymous().get('/api/admin/users', h), { status: 401 });
  });

  it('keeps administrator accounts out of the console: they are made and recovered with the command line', async () => {
    const sysadminId = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'sysadmin')
        .executeTakeFirstOrThrow()
    ).id;
    const clerkId = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'clerk.shentou')
        .executeTakeFirstOrThrow()
    ).id;
    for (const role of ['sys_admin', 'security_admin', 'audit_admin']) {
      await expectRefused(
        t,
        (h) =>
          secadmin.post(
            '/api/admin/users',
            { username: 'admin.four', displayName: '第四员', role, scopeCode: '3714' },
            h,
          ),
        { status: 422, code: 'account.admin_cli_only', en: /command line/ },
      );
      await expectRefused(t, (h) => patch(secadmin, `/api/admin/users/${clerkId}`, { role }, h), {
        status: 422,
        code: 'account.admin_cli_only',
      });
    }
    await expectRefused(t, (h) => patch(secadmin, `/api/admin/users/${sysadminId}`, { active: false }, h), {
      status: 403,
      code: 'account.admin_cli_only',
    });
    await expectRefused(t, (h) => secadmin.post(`/api/admin/users/${sysadminId}/reset-password`, {}, h), {
      status: 403,
      code: 'account.admin_cli_only',
    });
    await expectRefused(t, (h) => secadmin.post(`/api/admin/users/${sysadminId}/unlock`, {}, h), {
      status: 403,
      code: 'account.admin_cli_only',
    });
  });
});

describe('accounts: bad input writes nothing', () => {
  const base = () => ({ username: 'clerk.bad1', displayName: '某人', role: 'clerk', unitId: shentouCenter });

  it('refuses malformed bodies', async () => {
    for (const body of [
      { ...base(), username: 'A' },
      { ...base(), username: 'Has Space' },
      { ...base(), displayName: '   ' },
      { ...base(), role: 'emperor' },
      { ...base(), unitId: 'nope' },
      { ...base(), scopeCode: 'abc' },
      { ...base(), extra: 1 },
      { username: 'clerk.bad1' },
    ]) {
      await expectRefused(t, (h) => secadmin.post('/api/admin/users', body, h), { status: 400 });
    }
    await expectRefused(t, (h) => patch(secadmin, `/api/admin/users/${shentouCenter}`, {}, h), {
      status: 400,
    });
    await expectRefused(t, (h) => patch(secadmin, '/api/admin/users/nope', { active: true }, h), {
      status: 400,
    });
  });

  it('refuses accounts whose role, unit and scope disagree, duplicates and unknown references', async () => {
    const cases: [Record<string, unknown>, number, string, RegExp?][] = [
      [{ ...base(), username: 'clerk.shentou' }, 409, 'account.username_taken', /taken/],
      [{ ...base(), unitId: '01900000-0000-7000-8000-000000000000' }, 422, 'case.unknown_unit'],
      [{ ...base(), unitId: null }, 422, 'account.unit_required', /needs a unit/],
      [{ ...base(), unitId: shentouJustice }, 422, 'account.unit_kind.center', /governance center/],
      [{ ...base(), scopeCode: '371403' }, 422, 'account.scope_not_unit_region', /371403105/],
      [{ ...base(), scopeCode: '371403999' }, 422, 'case.unknown_region'],
      [{ ...base(), role: 'grid_worker', unitId: committee.unitId }, 422, 'account.scope_required'],
      [
        { ...base(), role: 'grid_worker', unitId: committee.unitId, scopeCode: committee.village },
        422,
        'account.scope_not_grid_of_unit',
      ],
      [{ ...base(), role: 'mediator', unitId: shentouCenter }, 422, 'account.unit_kind.mediation_org'],
    ];
    for (const [body, status, code, en] of cases) {
      await expectRefused(t, (h) => secadmin.post('/api/admin/users', body, h), { status, code, en });
    }
    const clerkId = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'clerk.shentou')
        .executeTakeFirstOrThrow()
    ).id;
    await expectRefused(
      t,
      (h) => patch(secadmin, `/api/admin/users/${clerkId}`, { unitId: shentouJustice }, h),
      {
        status: 422,
        code: 'account.unit_kind.center',
      },
    );
    await expectRefused(t, (h) => patch(secadmin, `/api/admin/users/${clerkId}`, { scopeCode: '3714' }, h), {
      status: 422,
      code: 'account.scope_not_unit_region',
    });
    await expectRefused(
      t,
      (h) => patch(secadmin, '/api/admin/users/01900000-0000-7000-8000-000000000000', { active: false }, h),
      { status: 404 },
    );
    await expectRefused(
      t,
      (h) => secadmin.post('/api/admin/users/01900000-0000-7000-8000-000000000000/reset-password', {}, h),
      { status: 404 },
    );
  });
});
