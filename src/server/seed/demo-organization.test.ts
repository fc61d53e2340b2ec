import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/test-db.js';
import { DEFAULT_CATEGORIES, STAFF_ROLES } from '../../core/workflow/case-model.js';
import { suggestUnit } from '../modules/routing/routing.service.js';
import { DEMO_PASSWORD, listDemoAccounts } from './demo-accounts.js';
import { seedDemoOrganization, type SeedCounts } from './demo-organization.js';

const now = new Date('2026-03-15T08:00:00+08:00');
const DEMO_TOWNSHIPS = ['371403105', '371425002', '371427104', '371402001'];
let db: TestDb;
let first: SeedCounts;
let seedMs = 0;

beforeAll(async () => {
  db = await createTestDb();
  const started = performance.now();
  first = await seedDemoOrganization(db, { now });
  seedMs = performance.now() - started;
});

afterAll(async () => {
  await db?.close();
});

describe('the Dezhou demo organization', () => {
  it('seeds the whole city in a few seconds', () => {
    console.info(`seedDemoOrganization on ${db.engine}: ${Math.round(seedMs)} ms`, JSON.stringify(first));
    expect(first.seeded).toBe(true);
    expect(first.regions).toMatchObject({ city: 1, county: 12, township: 135, village: 5307 });
    expect(first.regions.grid).toBeGreaterThan(13_500);
    expect(first.categories).toBe(DEFAULT_CATEGORIES.length);
    expect(first.units).toMatchObject({ center: 1 + 12 + 135, village_committee: 5307 });
    expect(seedMs).toBeLessThan(20_000);
  });

  it('does nothing the second time', async () => {
    const second = await seedDemoOrganization(db, { now });
    expect(second).toEqual({ ...first, seeded: false });
  });

  it('stations departments at the city and county centers, and 派出所 / 司法所 at each township center', async () => {
    const rows = await db.kysely
      .selectFrom('units as d')
      .innerJoin('units as c', 'c.id', 'd.center_id')
      .select([
        'd.code',
        'd.name',
        'd.department_type',
        'd.stationing',
        'd.region_code',
        'c.region_code as center_region',
        'c.kind as center_kind',
      ])
      .where('d.kind', '=', 'department')
      .execute();
    expect(
      rows.every(
        (r) => r.center_kind === 'center' && r.center_region === r.region_code && r.stationing !== null,
      ),
    ).toBe(true);
    const at = (region: string) => rows.filter((r) => r.region_code === region);
    expect(
      at('3714')
        .map((r) => r.department_type)
        .sort(),
    ).toEqual(
      ['人社', '住建', '信访', '公安', '卫健', '司法', '市场监管', '检察', '法院', '自然资源'].sort(),
    );
    expect(at('371403').find((r) => r.code === '371403-police')).toMatchObject({
      name: '陵城区公安分局',
      stationing: 'permanent',
    });
    expect(at('371403').find((r) => r.code === '371403-procuratorate')?.stationing).toBe('on_call');
    expect(at('371403105').map((r) => r.name)).toEqual(
      expect.arrayContaining(['陵城区公安分局神头派出所', '陵城区司法局神头司法所']),
    );
  });

  it('has the four kinds of mediation organizations (四调联动)', async () => {
    const rows = await db.kysely
      .selectFrom('units')
      .select(['mediation_kind', 'name', 'region_code'])
      .where('kind', '=', 'mediation_org')
      .execute();
    expect(new Set(rows.map((r) => r.mediation_kind))).toEqual(
      new Set(['people', 'industry', 'administrative', 'judicial']),
    );
    expect(rows.filter((r) => r.region_code.length === 9 && r.mediation_kind === 'people')).toHaveLength(135);
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        '神头镇人民调解委员会',
        '齐河县劳动争议人民调解委员会',
        '夏津县人民法院诉调对接中心',
      ]),
    );
  });

  it('has a demo account for every staff role, at the city, the demo counties and the demo townships', async () => {
    const accounts = await listDemoAccounts(db.kysely);
    const roles = (prefix: string) =>
      new Set(
        accounts
          .filter((a) => a.scope_code.startsWith(prefix) && a.scope_code.length >= Math.min(prefix.length, 9))
          .map((a) => a.role),
      );
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(STAFF_ROLES));
    for (const role of [
      'clerk',
      'dispatcher',
      'leader',
      'supervisor',
      'department_staff',
      'mediator',
      'sys_admin',
      'security_admin',
      'audit_admin',
    ]) {
      expect(accounts.some((a) => a.role === role && a.scope_code === '3714')).toBe(true);
    }
    for (const county of ['371403', '371425']) {
      const here = accounts.filter((a) => a.scope_code === county).map((a) => a.role);
      expect(new Set(here)).toEqual(
        new Set(['clerk', 'dispatcher', 'leader', 'supervisor', 'department_staff', 'mediator']),
      );
    }
    for (const township of DEMO_TOWNSHIPS) {
      expect(roles(township)).toEqual(
        new Set([
          'grid_worker',
          'security_member',
          'clerk',
          'dispatcher',
          'leader',
          'supervisor',
          'department_staff',
          'mediator',
        ]),
      );
    }
    expect(accounts.every((a) => a.password === DEMO_PASSWORD)).toBe(true);
  });

  it('puts the story grid workers and security members in the grids of 胜利社区 and 阳光社区', async () => {
    const accounts = await listDemoAccounts(db.kysely);
    expect(accounts.find((a) => a.username === 'security.xinhu')).toMatchObject({
      scope_code: '371402001021001',
      scope_name: '德州市德城区新湖街道胜利社区第1网格',
    });
    expect(accounts.find((a) => a.username === 'grid.yanbei')).toMatchObject({
      role: 'grid_worker',
      scope_code: '371425002004001',
    });
    const shi = await db.kysely
      .selectFrom('users')
      .innerJoin('units', 'units.id', 'users.unit_id')
      .select(['display_name', 'units.name'])
      .where('username', '=', 'security.xinhu')
      .executeTakeFirstOrThrow();
    expect(shi).toEqual({ display_name: '石浩', name: '胜利社区居委会' });
  });

  it('stores one argon2id hash of the demo password, usable for log-in, with no forced change', async () => {
    const users = await db.kysely
      .selectFrom('users')
      .select(['password_hash', 'must_change_password', 'is_demo', 'unit_id', 'role'])
      .execute();
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    expect(users[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await verify(users[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(users.every((u) => u.is_demo && !u.must_change_password)).toBe(true);
    expect(
      users
        .filter((u) => u.unit_id === null)
        .map((u) => u.role)
        .sort(),
    ).toEqual(['audit_admin', 'security_admin', 'sys_admin']);
  });

  it('routes every category to a unit in each demo township, specific ones to the county', async () => {
    for (const township of DEMO_TOWNSHIPS) {
      for (const category of DEFAULT_CATEGORIES) {
        const unit = await suggestUnit(db.kysely, category.code, township + '001');
        expect(unit, `${category.code} in ${township}`).not.toBeNull();
      }
    }
    expect((await suggestUnit(db.kysely, 'labor', '371403105'))?.unitName).toBe(
      '陵城区劳动争议人民调解委员会',
    );
    expect((await suggestUnit(db.kysely, 'neighbor', '371425002004001'))?.unitName).toBe(
      '晏北街道人民调解委员会',
    );
    expect((await suggestUnit(db.kysely, 'medical', '3714'))?.unitName).toBe('德州市医疗纠纷人民调解委员会');
  });
});
