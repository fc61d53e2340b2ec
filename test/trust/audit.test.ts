// 三员分立 and 安全审计 (issue 10): the three administrators are separate accounts that no change can
// merge; only the audit administrator reads the audit log (their own actions included), searches
// and exports it; no route changes or deletes an audit record and the database refuses to (grants
// and a trigger, even for the owner outside a maintenance session); the log records log-ins,
// permission and configuration changes, exports, unmasking and case actions with who, when, from
// where, what and the result; its hash chain shows any change or removal.
import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { APPEND_ONLY_TABLES } from '../../src/server/db/roles.js';
import { sealAuditLog, verifyAuditLog } from '../../src/server/modules/audit/audit-chain.service.js';
import { recordAudit } from '../../src/server/modules/audit/audit.service.js';
import { expectRefused } from '../helpers/expect-refused.js';
import { buildRegistration, createTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const routes: { method: string; url: string }[] = [];
let auditor: Client;
let sysadmin: Client;
let secadmin: Client;

beforeAll(async () => {
  t = await createTestApp();
  const app = await buildApp(t.deps, {
    onRoute: (r: RouteOptions) => {
      for (const m of [r.method].flat()) routes.push({ method: String(m), url: r.url });
    },
  });
  await app.close();
  auditor = await t.login('auditor');
  sysadmin = await t.login('sysadmin');
  secadmin = await t.login('secadmin');
}, 120_000);
afterAll(async () => t?.close());

const sqlState = async (run: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await run();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('三员分立', () => {
  it('the three administrators are separate accounts with one role each, which no change merges', async () => {
    const admins = await t.db.kysely
      .selectFrom('users')
      .select(['username', 'role', 'unit_id'])
      .where('role', 'in', ['sys_admin', 'security_admin', 'audit_admin'])
      .orderBy('username')
      .execute();
    expect(admins).toEqual([
      { username: 'auditor', role: 'audit_admin', unit_id: null },
      { username: 'secadmin', role: 'security_admin', unit_id: null },
      { username: 'sysadmin', role: 'sys_admin', unit_id: null },
    ]);
    const clerk = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'clerk.shentou')
      .executeTakeFirstOrThrow();
    const auditorId = (
      await t.db.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'auditor')
        .executeTakeFirstOrThrow()
    ).id;
    // no administrator role is given through the console, not even by the security administrator
    for (const role of ['sys_admin', 'security_admin', 'audit_admin']) {
      await expectRefused(
        t,
        (h) =>
          secadmin.post(
            '/api/admin/users',
            { username: `x.${role.replace('_', '')}`, displayName: '某', role },
            h,
          ),
        { status: 422, code: 'account.admin_cli_only' },
      );
      await expectRefused(
        t,
        (h) =>
          secadmin.request({
            method: 'PATCH',
            url: `/api/admin/users/${clerk.id}`,
            payload: { role },
            headers: h,
          }),
        { status: 422, code: 'account.admin_cli_only' },
      );
    }
    // and an administrator's account is not changed there (its role least of all)
    await expectRefused(
      t,
      (h) =>
        secadmin.request({
          method: 'PATCH',
          url: `/api/admin/users/${auditorId}`,
          payload: { displayName: '审计' },
          headers: h,
        }),
      { status: 403, code: 'account.admin_cli_only' },
    );
    // one role column, checked by the database: an account cannot hold two
    expect(
      await sqlState(() =>
        sql`update users set role = 'sys_admin,audit_admin' where id = ${auditorId}`.execute(t.db.kysely),
      ),
    ).toBe('23514');
  });

  it('only the audit administrator reads, searches, exports and verifies the audit log', async () => {
    await sysadmin.post('/api/admin/categories', {
      code: 'trust_demo',
      nameZh: '信任测试',
      nameEn: 'Trust demo',
    });
    const others = [sysadmin, secadmin, await t.login('leader.dezhou'), await t.login('clerk.shentou')];
    for (const c of others) {
      for (const url of ['/api/admin/audit', '/api/admin/pii-access', '/api/admin/audit/export.csv']) {
        const res = await c.get(url);
        expect(res.statusCode, url).toBe(403);
      }
      expect((await c.post('/api/admin/audit/verify', {})).statusCode).toBe(403);
    }
    expect((await t.anonymous().get('/api/admin/audit')).statusCode).toBe(401);
    expect((await (await t.resident('13700001111')).get('/api/admin/audit')).statusCode).toBe(401);
    // the auditor sees the other administrators' work, and its own
    const page = await auditor.get('/api/admin/audit?actor=sysadmin&action=config.');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items.map((e: { action: string }) => e.action)).toContain('config.category');
    const csv = await auditor.get('/api/admin/audit/export.csv?actor=sysadmin', { 'accept-language': 'en' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe(
      '\uFEFFid,time (CST),actor,role,address,action,target type,target,result,detail',
    );
    expect(csv.body).toContain('config.category');
    expect(Number(csv.headers['x-export-rows'])).toBeGreaterThan(0);
    const own = (await auditor.get('/api/admin/audit?actor=auditor')).json().items;
    expect(own.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['audit.export', 'auth.login']),
    );
    // the refused attempts of the others are on file (writes are audited when denied)
    const denied = (await auditor.get('/api/admin/audit?result=denied&action=audit.verify')).json().items;
    expect(denied.map((e: { actorLabel: string }) => e.actorLabel).sort()).toEqual(
      ['clerk.shentou', 'leader.dezhou', 'secadmin', 'sysadmin'].sort(),
    );
  });

  it('no route changes or deletes an audit record', () => {
    const api = routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(api.length).toBeGreaterThan(100);
    const touching = api.filter((r) => /audit|pii-access/.test(r.url));
    expect(touching.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/admin/audit',
      'GET /api/admin/audit/export.csv',
      'GET /api/admin/pii-access',
      // files a request to export the log above the threshold: it appends, never changes, a record
      'POST /api/admin/audit/export-requests',
      'POST /api/admin/audit/verify',
    ]);
    expect(api.filter((r) => r.method === 'DELETE').map((r) => r.url)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/audit|ledger|events/)]),
    );
  });
});

describe('append-only tables', () => {
  it('refuse UPDATE and DELETE to the server, and to the owner outside a maintenance session', async () => {
    await recordAudit(t.db.kysely, t.deps.newId(), {
      at: t.deps.clock(),
      actorId: null,
      actorRole: 'system',
      actorLabel: 'test',
      ip: null,
      action: 'test.row',
      result: 'success',
    });
    for (const table of APPEND_ONLY_TABLES) {
      const id = sql.table(table);
      const { rows } = await sql<{ column: string }>`
        select column_name as column from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} order by ordinal_position limit 1`.execute(
        t.db.kysely,
      );
      const col = sql.ref(rows[0]!.column);
      // even when no row matches (the statement trigger), and when one does (the row trigger)
      for (const stmt of [
        sql`update ${id} set ${col} = ${col}`,
        sql`delete from ${id}`,
        sql`truncate ${id}`,
      ]) {
        const code = await sqlState(() => stmt.execute(t.db.kysely));
        // PostgreSQL: the grant stops the app role first; PGlite: the trigger
        expect([code, table]).toEqual(['42501', table]);
      }
    }
    // the trigger binds whoever connects, grants or not: on PGlite the server is the owner itself
    const triggers = await sql<{ table: string }>`
      select c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid
      where g.tgname like '%append_only%' and not g.tgisinternal and g.tgparentid = 0
        and c.relnamespace = current_schema()::regnamespace`.execute(t.db.kysely);
    for (const table of APPEND_ONLY_TABLES)
      expect(
        triggers.rows.filter((r) => r.table === table),
        table,
      ).toHaveLength(2);
  });

  it('keep audit records 180 days even in a maintenance session', async () => {
    // the database's own clock decides, so the record is dated by it
    await recordAudit(t.db.kysely, t.deps.newId(), {
      at: new Date(),
      actorId: null,
      actorRole: 'system',
      actorLabel: 'test',
      ip: null,
      action: 'test.recent',
      result: 'success',
    });
    const code = await t.db.asOwner((owner) =>
      sqlState(() => sql`delete from audit_log where action = 'test.recent'`.execute(owner.kysely)),
    );
    expect(code).toBe('42501');
    expect(
      await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'test.recent').execute(),
    ).toHaveLength(1);
  });
});

describe('what the audit log records', () => {
  it('log-ins, permission and configuration changes, exports, unmasking and case actions: who, when, where, what, result', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'clerk.shentou', password: 'Wrong#Pass2026' },
      remoteAddress: '10.66.0.1',
    });
    const clerk = await t.login('clerk.shentou');
    const reg = await clerk.post('/api/cases', buildRegistration());
    expect(reg.statusCode, reg.body).toBe(201);
    const id = reg.json().id as string;
    const party = (await clerk.get(`/api/cases/${id}`)).json().parties[0].id;
    expect(
      (await clerk.post(`/api/cases/${id}/parties/${party}/unmask`, { field: 'phone', reason: '回访' }))
        .statusCode,
    ).toBe(200);
    expect((await clerk.get('/api/cases/export.csv')).statusCode).toBe(200);
    const dispatcher = await t.login('dispatcher.shentou');
    const version = (await dispatcher.get(`/api/cases/${id}`)).json().version;
    const assigned = await dispatcher.post(`/api/cases/${id}/transitions`, {
      action: 'assign',
      version,
      unitId: await t.unitId('371403105-people-mediation'),
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const target = (await secadmin.get('/api/admin/users?q=clerk.xiajin')).json().items[0].id;
    expect(
      (
        await secadmin.request({
          method: 'PATCH',
          url: `/api/admin/users/${target}`,
          payload: { role: 'dispatcher' },
        })
      ).statusCode,
    ).toBe(200);

    const entries = (await auditor.get('/api/admin/audit?limit=200')).json().items as {
      action: string;
      actorLabel: string;
      at: string;
      ip: string | null;
      result: string;
      targetId: string | null;
      detail: Record<string, unknown>;
    }[];
    const find = (action: string, pred: (e: (typeof entries)[number]) => boolean = () => true) =>
      entries.find((e) => e.action === action && pred(e));
    const expectations: [string, string, string, ((e: (typeof entries)[number]) => boolean)?][] = [
      ['auth.login', 'clerk.shentou', 'failure', (e) => e.ip === '10.66.0.1'],
      ['auth.login', 'clerk.shentou', 'success'],
      ['case.register', 'clerk.shentou', 'success', (e) => e.targetId === id],
      ['pii.unmask', 'clerk.shentou', 'success'],
      ['case.export', 'clerk.shentou', 'success'],
      ['case.assign', 'dispatcher.shentou', 'success', (e) => e.targetId === id],
      ['account.update', 'secadmin', 'success', (e) => e.detail.role === 'dispatcher'],
      ['config.category', 'sysadmin', 'success'],
    ];
    for (const [action, who, result, pred] of expectations) {
      const e = find(action, (x) => x.actorLabel === who && x.result === result && (!pred || pred(x)));
      expect(e, `${action} by ${who} (${result})`).toBeDefined();
      expect(e!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(e!.ip, `${action} address`).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    // personal data never goes into the audit log
    expect(JSON.stringify(entries)).not.toContain('13812345678');
  });
});

describe('the hash chain', () => {
  it('seals every record, verifies, and names the first link changed or removed', async () => {
    expect((await verifyAuditLog(t.deps)).ok).toBe(true);
    const verified = await auditor.post('/api/admin/audit/verify', {});
    expect(verified.statusCode).toBe(200);
    const report = verified.json();
    expect(report).toMatchObject({ ok: true, problem: null, unsealed: 0 });
    expect(report.links).toBe(report.records);
    expect(report.records).toBeGreaterThan(10);
    expect((await sealAuditLog(t.deps)).sealed).toBe(0); // everything was sealed by the verification

    // an old record (years ago), then a change to a sealed record: the chain names it
    const oldId = t.deps.newId();
    await recordAudit(t.db.kysely, oldId, {
      at: new Date('2020-01-01T00:00:00Z'),
      actorId: null,
      actorRole: 'system',
      actorLabel: 'old',
      ip: null,
      action: 'test.old',
      result: 'success',
    });
    await sealAuditLog(t.deps);
    const link = async (auditId: string) =>
      Number(
        (
          await t.db.kysely
            .selectFrom('audit_chain')
            .select('seq')
            .where('audit_id', '=', auditId)
            .executeTakeFirstOrThrow()
        ).seq,
      );
    const { id: victim, detail: original } = await t.db.kysely
      .selectFrom('audit_log')
      .select(['id', 'detail'])
      .where('action', '=', 'config.category')
      .executeTakeFirstOrThrow();
    await t.db.asOwner((owner) =>
      sql`update audit_log set detail = '{"forged":true}'::jsonb where id = ${victim}`.execute(owner.kysely),
    );
    expect((await verifyAuditLog(t.deps)).problem).toEqual({
      seq: await link(victim),
      problem: 'hash_mismatch',
    });
    await t.db.asOwner((owner) =>
      sql`update audit_log set detail = ${JSON.stringify(original)}::jsonb where id = ${victim}`.execute(
        owner.kysely,
      ),
    );
    expect((await verifyAuditLog(t.deps)).ok).toBe(true);
    // removal of a record past its retention is possible in maintenance, and the chain shows it
    const oldSeq = await link(oldId);
    await t.db.asOwner((owner) => sql`delete from audit_log where id = ${oldId}`.execute(owner.kysely));
    const after = await verifyAuditLog(t.deps);
    expect(after.ok).toBe(false);
    expect(after.problem).toEqual({ seq: oldSeq, problem: 'record_missing' });
  });
});
