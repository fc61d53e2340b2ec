// Units, the region tree and the categories: system configuration, the system administrator's
// work alone (三员分立).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let sysadmin: Client;
let shentouCenter: string;
let others: Record<string, Client>;

beforeAll(async () => {
  t = await createTestApp();
  sysadmin = await t.login('sysadmin');
  shentouCenter = await t.unitId('371403105-center');
  others = {};
  for (const u of ['secadmin', 'auditor', 'clerk.shentou', 'dispatcher.dezhou', 'leader.dezhou'])
    others[u] = await t.login(u);
});
afterAll(async () => t?.close());

const patch = (c: Client, url: string, payload: unknown, headers?: Record<string, string>) =>
  c.request({ method: 'PATCH', url, payload: payload as object, headers });
const unitRow = (id: string) =>
  t.db.kysely.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const lastAudit = (action: string) =>
  t.db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirst();

describe('units', () => {
  it('lists units of a region, active or not, filtered and paged in region order', async () => {
    const res = await sysadmin.get('/api/admin/units?under=371403105&limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json() as {
      items: { code: string; kind: string; activeUsers: number; centerName: string | null }[];
    };
    const center = items.find((u) => u.code === '371403105-center')!;
    expect(center.kind).toBe('center');
    // clerk, dispatcher, leader and supervisor of 神头镇 work at its center
    expect(center.activeUsers).toBe(4);
    expect(items.find((u) => u.code === '371403105-justice')!.centerName).toContain('神头镇');
    expect(items.some((u) => u.kind === 'village_committee')).toBe(true);

    const depts = (await sysadmin.get('/api/admin/units?under=371403105&kind=department')).json().items;
    expect(depts.every((u: { kind: string }) => u.kind === 'department')).toBe(true);
    const exact = (await sysadmin.get('/api/admin/units?region=371403105')).json().items;
    expect(exact.every((u: { regionCode: string }) => u.regionCode === '371403105')).toBe(true);
    const text = (
      await sysadmin.get(`/api/admin/units?q=${encodeURIComponent('司法所')}&under=371403`)
    ).json().items;
    expect(text.length).toBeGreaterThan(0);
    expect(text.every((u: { name: string }) => u.name.includes('司法所'))).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = (
        await sysadmin.get(`/api/admin/units?under=371403105&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      ).json() as { items: { code: string }[]; nextCursor: string | null };
      seen.push(...p.items.map((u) => u.code));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(items.map((u) => u.code));

    await expectRefused(t, (h) => sysadmin.get('/api/admin/units?cursor=garbage', h), {
      status: 400,
      code: 'case.bad_cursor',
    });
    await expectRefused(t, (h) => sysadmin.get('/api/admin/units?kind=castle', h), { status: 400 });
  });

  it('adds a department stationed at a center and a mediation organization, audited', async () => {
    const res = await sysadmin.post('/api/admin/units', {
      code: '371403105-housing',
      name: '神头镇住建办',
      kind: 'department',
      regionCode: '371403105',
      centerId: shentouCenter,
      departmentType: '住建',
      stationing: 'rotation',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: '371403105-housing',
      active: true,
      activeUsers: 0,
      stationing: 'rotation',
    });
    const entry = await lastAudit('config.unit');
    expect(entry).toMatchObject({ actor_label: 'sysadmin', target_id: res.json().id, result: 'success' });

    const org = await sysadmin.post('/api/admin/units', {
      code: '371403105-property-mediation',
      name: '神头镇物业纠纷调解委员会',
      kind: 'mediation_org',
      regionCode: '371403105',
      mediationKind: 'industry',
    });
    expect(org.statusCode, org.body).toBe(201);
    // public reference data shows it at once
    const pub = (await t.anonymous().get('/api/units?region=371403105&kind=mediation_org')).json();
    expect(pub.map((u: { code: string }) => u.code)).toContain('371403105-property-mediation');
  });

  it('refuses incoherent units and writes nothing', async () => {
    const dept = {
      code: '371403105-x1',
      name: '某部门',
      kind: 'department',
      regionCode: '371403105',
      centerId: shentouCenter,
      departmentType: '公安',
      stationing: 'permanent',
    };
    const cases: [Record<string, unknown>, number, string, RegExp?][] = [
      [{ ...dept, code: '371403105-justice' }, 409, 'unit.code_taken', /taken/],
      [
        { ...dept, kind: 'center', centerId: null, departmentType: null, stationing: null },
        409,
        'unit.center_exists',
      ],
      [
        {
          ...dept,
          kind: 'center',
          regionCode: '371403105200',
          centerId: null,
          departmentType: null,
          stationing: null,
        },
        422,
        'unit.level.center',
      ],
      [{ ...dept, centerId: null }, 422, 'unit.field_required.center', /stationed/],
      [{ ...dept, stationing: null }, 422, 'unit.field_required.stationing'],
      [{ ...dept, departmentType: undefined }, 422, 'unit.field_required.departmentType'],
      [{ ...dept, mediationKind: 'people' }, 422, 'unit.field_not_allowed.mediationKind'],
      [{ ...dept, centerId: await t.unitId('371403105-justice') }, 422, 'unit.center_not_center'],
      [{ ...dept, centerId: await t.unitId('371402001-center') }, 422, 'unit.center_out_of_region'],
      [{ ...dept, centerId: '01900000-0000-7000-8000-000000000000' }, 422, 'case.unknown_unit'],
      [{ ...dept, regionCode: '371403999' }, 422, 'case.unknown_region'],
      [
        { ...dept, kind: 'mediation_org', centerId: null, departmentType: null, stationing: null },
        422,
        'unit.field_required.mediationKind',
      ],
    ];
    for (const [body, status, code, en] of cases) {
      await expectRefused(t, (h) => sysadmin.post('/api/admin/units', body, h), { status, code, en });
    }
    for (const body of [
      { ...dept, code: 'Bad Code' },
      { ...dept, name: ' ' },
      { ...dept, kind: 'castle' },
      { ...dept, stationing: 'sometimes' },
      { ...dept, extra: true },
      { code: 'abc-1' },
    ]) {
      await expectRefused(t, (h) => sysadmin.post('/api/admin/units', body, h), { status: 400 });
    }
  });

  it('renames, restations and deactivates a unit; refuses to close one that people or units still depend on', async () => {
    const id = (
      await sysadmin.post('/api/admin/units', {
        code: '371403105-health',
        name: '神头镇卫生院',
        kind: 'department',
        regionCode: '371403105',
        centerId: shentouCenter,
        departmentType: '卫健',
        stationing: 'on_call',
      })
    ).json().id as string;
    const res = await patch(sysadmin, `/api/admin/units/${id}`, {
      name: '神头镇卫生院（调解）',
      stationing: 'permanent',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '神头镇卫生院（调解）', stationing: 'permanent' });
    const off = await patch(sysadmin, `/api/admin/units/${id}`, { active: false });
    expect(off.json().active).toBe(false);
    expect(
      (await t.anonymous().get('/api/units?region=371403105&kind=department'))
        .json()
        .map((u: { id: string }) => u.id),
    ).not.toContain(id);
    expect((await patch(sysadmin, `/api/admin/units/${id}`, { active: true })).json().active).toBe(true);

    // the 神头镇 center has four accounts; its row stays as it was
    const before = await unitRow(shentouCenter);
    await expectRefused(
      t,
      (h) => patch(sysadmin, `/api/admin/units/${shentouCenter}`, { active: false, name: 'x' }, h),
      {
        status: 422,
        code: 'unit.has_active_users',
        en: /4 active accounts/,
      },
    );
    expect(await unitRow(shentouCenter)).toEqual(before);

    // 新湖街道 without its accounts still has departments stationed at its center
    const xinhu = await t.unitId('371402001-center');
    await t.db.kysely.updateTable('users').set({ active: false }).where('unit_id', '=', xinhu).execute();
    await expectRefused(t, (h) => patch(sysadmin, `/api/admin/units/${xinhu}`, { active: false }, h), {
      status: 422,
      code: 'unit.has_active_units',
    });

    const justice = await t.unitId('371403105-justice');
    await expectRefused(t, (h) => patch(sysadmin, `/api/admin/units/${justice}`, { stationing: null }, h), {
      status: 422,
      code: 'unit.field_required.stationing',
    });
    await expectRefused(t, (h) => patch(sysadmin, `/api/admin/units/${justice}`, { centerId: xinhu }, h), {
      status: 422,
      code: 'unit.center_out_of_region',
    });
    await expectRefused(t, (h) => patch(sysadmin, `/api/admin/units/${justice}`, {}, h), { status: 400 });
    await expectRefused(t, (h) => patch(sysadmin, `/api/admin/units/${justice}`, { kind: 'center' }, h), {
      status: 400,
    });
    await expectRefused(
      t,
      (h) => patch(sysadmin, '/api/admin/units/01900000-0000-7000-8000-000000000000', { name: '无' }, h),
      { status: 404 },
    );
  });
});

describe('the region tree', () => {
  it('adds numbered grids under a village and renames nodes, audited', async () => {
    const village = '371403105200';
    const before = (await t.anonymous().get(`/api/regions?parent=${village}`)).json() as {
      code: string;
      name: string;
    }[];
    const res = await sysadmin.post('/api/admin/regions', { parentCode: village });
    expect(res.statusCode, res.body).toBe(201);
    const grid = res.json();
    const n = before.length + 1;
    expect(grid).toMatchObject({
      code: village + String(n).padStart(3, '0'),
      level: 'grid',
      parentCode: village,
    });
    expect(grid.name).toMatch(new RegExp(`第${n}网格$`));
    const named = (
      await sysadmin.post('/api/admin/regions', { parentCode: village, name: '东区网格' })
    ).json();
    expect(named.code).toBe(village + String(n + 1).padStart(3, '0'));
    const after = (await t.anonymous().get(`/api/regions?parent=${village}`)).json();
    expect(after).toHaveLength(before.length + 2);

    expect(
      (await patch(sysadmin, `/api/admin/regions/${named.code}`, { name: '东区一网格' })).statusCode,
    ).toBe(204);
    expect((await t.anonymous().get(`/api/regions/${named.code}`)).json().name).toBe('东区一网格');
    expect((await lastAudit('config.region'))!.detail).toMatchObject({ op: 'rename', to: '东区一网格' });
    // a grid worker can now be placed in the new grid
    const secadmin = others.secadmin!;
    const committee = await t.unitId(`${village}-committee`);
    const created = await secadmin.post('/api/admin/users', {
      username: 'grid.east1',
      displayName: '东区网格员',
      role: 'grid_worker',
      unitId: committee,
      scopeCode: named.code,
    });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('refuses grids elsewhere than under a village, and bad names', async () => {
    await expectRefused(t, (h) => sysadmin.post('/api/admin/regions', { parentCode: '371403105' }, h), {
      status: 422,
      code: 'region.not_village',
    });
    await expectRefused(t, (h) => sysadmin.post('/api/admin/regions', { parentCode: '371403105999' }, h), {
      status: 422,
      code: 'case.unknown_region',
    });
    await expectRefused(t, (h) => sysadmin.post('/api/admin/regions', { parentCode: 'abc' }, h), {
      status: 400,
    });
    await expectRefused(
      t,
      (h) => sysadmin.post('/api/admin/regions', { parentCode: '371403105200', name: '' }, h),
      {
        status: 400,
      },
    );
    await expectRefused(t, (h) => patch(sysadmin, '/api/admin/regions/371403105', { name: '  ' }, h), {
      status: 400,
    });
    await expectRefused(t, (h) => patch(sysadmin, '/api/admin/regions/371403105999', { name: '无' }, h), {
      status: 404,
    });
  });
});

describe('categories', () => {
  it('lists every category, adds one, retires one (no longer offered for registration)', async () => {
    const list = (await sysadmin.get('/api/admin/categories')).json() as {
      code: string;
      sort: number;
      active: boolean;
    }[];
    expect(list.length).toBe(13);
    const res = await sysadmin.post('/api/admin/categories', {
      code: 'education',
      nameZh: '教育纠纷',
      nameEn: 'Education dispute',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'education',
      active: true,
      sort: Math.max(...list.map((c) => c.sort)) + 1,
    });
    expect(
      (await t.anonymous().get('/api/categories')).json().map((c: { code: string }) => c.code),
    ).toContain('education');
    expect((await lastAudit('config.category'))!.target_id).toBe('education');

    const clerk = others['clerk.shentou']!;
    expect(
      (await clerk.post('/api/cases', buildRegistration({ categoryCode: 'education' }))).statusCode,
    ).toBe(201);
    expect((await patch(sysadmin, '/api/categories/education', { active: false, sort: 1 })).statusCode).toBe(
      204,
    );
    expect(
      (await t.anonymous().get('/api/categories')).json().map((c: { code: string }) => c.code),
    ).not.toContain('education');
    expect(
      (await sysadmin.get('/api/admin/categories'))
        .json()
        .find((c: { code: string }) => c.code === 'education'),
    ).toMatchObject({
      active: false,
      sort: 1,
    });
    await expectRefused(
      t,
      (h) => clerk.post('/api/cases', buildRegistration({ categoryCode: 'education' }), h),
      {
        status: 422,
        code: 'case.unknown_category',
      },
    );
  });

  it('refuses duplicates and malformed categories', async () => {
    await expectRefused(
      t,
      (h) => sysadmin.post('/api/admin/categories', { code: 'labor', nameZh: '劳动', nameEn: 'Labor' }, h),
      { status: 409, code: 'category.code_taken', en: /exists/ },
    );
    for (const body of [
      { code: 'Bad-Code', nameZh: '某', nameEn: 'X' },
      { code: 'ok_code', nameZh: '', nameEn: 'X' },
      { code: 'ok_code', nameZh: '某' },
      { code: 'ok_code', nameZh: '某', nameEn: 'X', sort: -1 },
      { code: 'ok_code', nameZh: '某', nameEn: 'X', keywords: ['x'] },
    ]) {
      await expectRefused(t, (h) => sysadmin.post('/api/admin/categories', body, h), { status: 400 });
    }
    await expectRefused(t, (h) => patch(sysadmin, '/api/categories/labor', { active: 'no' }, h), {
      status: 400,
    });
    await expectRefused(t, (h) => patch(sysadmin, '/api/categories/nope', { active: false }, h), {
      status: 404,
    });
  });
});

describe('三员分立: only the system administrator configures', () => {
  it('refuses the other administrators and staff, auditing refused writes', async () => {
    const justice = await t.unitId('371403105-justice');
    for (const [username, c] of Object.entries(others)) {
      await expectRefused(t, (h) => c.get('/api/admin/units', h), { status: 403, code: 'auth.forbidden' });
      await expectRefused(t, (h) => c.get('/api/admin/categories', h), { status: 403 });
      const writes: [string, (h: Record<string, string>) => ReturnType<Client['get']>][] = [
        [
          'POST units',
          (h) =>
            c.post('/api/admin/units', { code: 'x-unit', name: 'x', kind: 'center', regionCode: '3714' }, h),
        ],
        ['PATCH unit', (h) => patch(c, `/api/admin/units/${justice}`, { name: 'x' }, h)],
        ['POST regions', (h) => c.post('/api/admin/regions', { parentCode: '371403105200' }, h)],
        ['PATCH region', (h) => patch(c, '/api/admin/regions/371403105', { name: 'x' }, h)],
        [
          'POST categories',
          (h) => c.post('/api/admin/categories', { code: 'x', nameZh: 'x', nameEn: 'x' }, h),
        ],
      ];
      for (const [what, send] of writes) {
        await expectRefused(t, send, { status: 403, writes: { audit_log: 1 } }).catch((err: Error) => {
          throw new Error(`${username} ${what}: ${err.message}`);
        });
      }
    }
    const denied = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action'])
      .where('result', '=', 'denied')
      .where('actor_label', '=', 'auditor')
      .execute();
    expect(new Set(denied.map((d) => d.action))).toEqual(
      new Set(['config.unit', 'config.region', 'config.category']),
    );
    await expectRefused(t, (h) => t.anonymous().get('/api/admin/units', h), { status: 401 });
    await expectRefused(
      t,
      (h) => t.anonymous().post('/api/admin/categories', { code: 'x', nameZh: 'x', nameEn: 'x' }, h),
      { status: 401 },
    );
  });
});
