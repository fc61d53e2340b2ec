// The warnings' routes: who may list, read, acknowledge and handle (the level a warning is routed
// to, or above), the filters, the counts the dashboards read, and refusals that write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { countOpenWarnings } from './warnings.service.js';

let t: TestApp;
/** an orange warning of 神头镇 (routed to the township) and a red one (routed to the county) */
let orange: string;
let red: string;

const login = (u: string) => t.login(u);

beforeAll(async () => {
  t = await createTestApp();
  const clerk = await login('clerk.shentou');
  const register = async (description: string, name: string, phone: string) => {
    const res = await clerk.post(
      '/api/cases',
      buildRegistration({ description, parties: [{ role: 'applicant', name, phone }] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const a = await register(
    '村里二十多户村民因土地调整方案不满，准备明天一起去县政府上访。',
    '赵敏',
    '13511110001',
  );
  const b = await register('对方扬言要报复，说要砍死我。', '孙立', '13511110002');
  const rows = await t.db.kysely.selectFrom('warnings').select(['id', 'case_id', 'severity']).execute();
  orange = rows.find((r) => r.case_id === a)!.id;
  red = rows.find((r) => r.case_id === b)!.id;
  expect(rows.find((r) => r.case_id === a)!.severity).toBe('orange');
});
afterAll(async () => t?.close());

const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((w) => w.id);

describe('GET /api/warnings', () => {
  it('lists the warnings of the caller’s scope, newest first, with filters and paging', async () => {
    const township = await login('dispatcher.shentou');
    expect(ids(await township.get('/api/warnings'))).toEqual([red, orange]);
    expect(ids(await township.get('/api/warnings?severity=red'))).toEqual([red]);
    expect(ids(await township.get('/api/warnings?kind=high_risk&status=open'))).toEqual([red, orange]);
    expect(ids(await township.get('/api/warnings?kind=spike'))).toEqual([]);
    expect(ids(await township.get('/api/warnings?status=handled'))).toEqual([]);
    const first = (await township.get('/api/warnings?limit=1')).json();
    expect(first.items.map((w: { id: string }) => w.id)).toEqual([red]);
    const second = (await township.get(`/api/warnings?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [expect.objectContaining({ id: orange })], nextCursor: null });
    // the clerk and the leaders of the area see them; another county sees none
    for (const u of ['clerk.shentou', 'leader.lingcheng', 'supervisor.dezhou']) {
      expect(ids(await (await login(u)).get('/api/warnings')), u).toEqual([red, orange]);
    }
    expect(ids(await (await login('dispatcher.decheng')).get('/api/warnings'))).toEqual([]);
    expect(ids(await (await login('leader.dezhou')).get('/api/warnings?region=371402'))).toEqual([]);
  });

  it('counts the open warnings by kind, as the dashboards do', async () => {
    const res = await (await login('leader.lingcheng')).get('/api/warnings/counts');
    expect(res.json()).toEqual({
      region: '371403',
      total: 2,
      byKind: { high_risk: 2, repeat: 0, spike: 0, stuck: 0 },
    });
    expect(await countOpenWarnings(t.db.kysely, '371403105')).toEqual(
      expect.objectContaining({ total: 2, byKind: expect.objectContaining({ high_risk: 2 }) }),
    );
    expect(await countOpenWarnings(t.db.kysely, '371402')).toEqual({
      total: 0,
      byKind: { high_risk: 0, repeat: 0, spike: 0, stuck: 0 },
    });
  });

  it('refuses other roles, residents, anonymous callers and regions outside the scope', async () => {
    for (const u of ['dept.shentou', 'mediator.shentou', 'grid.shentou', 'sysadmin', 'auditor']) {
      const who = await login(u);
      await expectRefused(t, (h) => who.get('/api/warnings', h), { status: 403, code: 'auth.forbidden' });
    }
    const resident = await t.resident('13511110001');
    await expectRefused(t, (h) => resident.get('/api/warnings', h), { status: 403 });
    await expectRefused(t, (h) => t.anonymous().get('/api/warnings', h), { status: 401 });
    const township = await login('dispatcher.shentou');
    await expectRefused(t, (h) => township.get('/api/warnings?region=371403', h), {
      status: 403,
      code: 'warnings.region_out_of_scope',
      en: /outside your scope/,
    });
    await expectRefused(t, (h) => township.get('/api/warnings/counts?region=3714', h), { status: 403 });
    for (const q of ['kind=fire', 'status=closed', 'limit=0', 'region=abc', 'cursor=x', 'colour=red']) {
      await expectRefused(t, (h) => township.get(`/api/warnings?${q}`, h), { status: 400 });
    }
  });
});

describe('acknowledging and handling', () => {
  it('lets the township acknowledge and then handle its orange warning, with a trail and an audit', async () => {
    const township = await login('dispatcher.shentou');
    const ack = await township.post(`/api/warnings/${orange}/acknowledge`, { note: '已安排网格员了解情况' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: t.deps.clock().toISOString(),
    });
    await expectRefused(t, (h) => township.post(`/api/warnings/${orange}/acknowledge`, {}, h), {
      status: 409,
      code: 'warnings.not_open',
      en: /only an open warning/,
    });
    const done = await township.post(`/api/warnings/${orange}/handle`, {
      note: '已联合司法所上门化解，群众情绪稳定',
    });
    expect(done.json()).toMatchObject({
      status: 'handled',
      handledNote: '已联合司法所上门化解，群众情绪稳定',
    });
    await expectRefused(t, (h) => township.post(`/api/warnings/${orange}/handle`, { note: '再处置' }, h), {
      status: 409,
      code: 'warnings.already_handled',
    });
    const detail = (await township.get(`/api/warnings/${orange}`)).json();
    expect(detail.events).toEqual([
      expect.objectContaining({ action: 'raised', actorName: null, note: null }),
      expect.objectContaining({
        action: 'acknowledged',
        actorName: expect.any(String),
        note: '已安排网格员了解情况',
      }),
      expect.objectContaining({ action: 'handled', note: '已联合司法所上门化解，群众情绪稳定' }),
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_role'])
      .where('target_id', '=', orange)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { action: 'warning.acknowledge', actor_role: 'dispatcher' },
      { action: 'warning.handle', actor_role: 'dispatcher' },
    ]);
    expect(ids(await township.get('/api/warnings?status=active'))).toEqual([red]);
    expect((await countOpenWarnings(t.db.kysely, '371403')).total).toBe(1);
  });

  it('leaves a red warning to the county: the township reads it, may not act; the county handles it at once', async () => {
    const township = await login('dispatcher.shentou');
    await expectRefused(t, (h) => township.post(`/api/warnings/${red}/acknowledge`, {}, h), {
      status: 403,
      code: 'auth.forbidden',
    });
    const clerk = await login('clerk.lingcheng');
    await expectRefused(t, (h) => clerk.post(`/api/warnings/${red}/handle`, { note: '处理' }, h), {
      status: 403,
    });
    const county = await login('supervisor.lingcheng');
    const res = await county.post(`/api/warnings/${red}/handle`, { note: '县综治中心已会同派出所稳控' });
    expect(res.statusCode, res.body).toBe(200);
    // handled from open: acknowledged with it
    expect(res.json()).toMatchObject({ status: 'handled', acknowledgedAt: expect.any(String) });
  });

  it('answers 404 for a warning outside the scope or unknown, and 400 for bad input, writing nothing', async () => {
    const other = await login('dispatcher.decheng');
    for (const path of [`/api/warnings/${red}`]) {
      await expectRefused(t, (h) => other.get(path, h), { status: 404, code: 'common.not_found' });
    }
    await expectRefused(t, (h) => other.post(`/api/warnings/${red}/handle`, { note: '越权' }, h), {
      status: 404,
    });
    const county = await login('dispatcher.lingcheng');
    await expectRefused(t, (h) => county.get(`/api/warnings/${t.deps.newId()}`, h), { status: 404 });
    await expectRefused(t, (h) => county.get('/api/warnings/not-a-uuid', h), { status: 400 });
    // a fresh warning to act on
    const clerk = await login('clerk.shentou');
    const c = await clerk.post(
      '/api/cases',
      buildRegistration({
        description: '对方威胁说要报复',
        parties: [{ role: 'applicant', name: '钱多', phone: '13511110003' }],
      }),
    );
    const w = (await county.get(`/api/warnings?case=${c.json().id}`)).json().items[0].id as string;
    for (const body of [
      {},
      { note: '' },
      { note: '   ' },
      { note: 'x'.repeat(1001) },
      { note: 3 },
      { note: '好', extra: 1 },
    ]) {
      await expectRefused(t, (h) => county.post(`/api/warnings/${w}/handle`, body, h), { status: 400 });
    }
    await expectRefused(
      t,
      (h) => county.post(`/api/warnings/${w}/acknowledge`, { note: 'x'.repeat(1001) }, h),
      {
        status: 400,
      },
    );
    const resident = await t.resident('13511110003');
    await expectRefused(t, (h) => resident.post(`/api/warnings/${w}/acknowledge`, {}, h), { status: 403 });
    await expectRefused(t, (h) => t.anonymous().post(`/api/warnings/${w}/acknowledge`, {}, h), {
      status: 401,
    });
    expect((await county.get(`/api/warnings/${w}`)).json().status).toBe('open');
  });
});

describe('POST /api/triage', () => {
  const text = '腊月了，包工头拖欠我们二十多个农民工的工资，大家说明天去县政府门口拉横幅。';

  it('suggests the category and risk for the registration form, with its reasons, writing nothing', async () => {
    for (const u of ['clerk.shentou', 'dispatcher.lingcheng', 'grid.shentou']) {
      const who: Client = await login(u);
      const res = await who.post('/api/triage', { description: text, partyCount: 1 });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ category: 'labor', risk: 'red' });
      expect(body.reasons.map((r: { rule: string }) => r.rule)).toEqual([
        'category',
        'gathering',
        'group',
        'wage_arrears_year_end',
      ]);
      expect(body.reasons[0].words).toEqual(expect.arrayContaining(['工资', '包工头']));
    }
  });

  it('refuses roles that do not register, residents, anonymous callers and bad input', async () => {
    for (const u of ['leader.shentou', 'dept.shentou', 'sysadmin']) {
      const who = await login(u);
      await expectRefused(t, (h) => who.post('/api/triage', { description: text }, h), { status: 403 });
    }
    const resident = await t.resident('13511110001');
    await expectRefused(t, (h) => resident.post('/api/triage', { description: text }, h), { status: 403 });
    await expectRefused(t, (h) => t.anonymous().post('/api/triage', { description: text }, h), {
      status: 401,
    });
    const clerk = await login('clerk.shentou');
    for (const body of [
      {},
      { description: '' },
      { description: '  ' },
      { description: 'x'.repeat(4001) },
      { description: text, partyCount: -1 },
      { description: text, other: 1 },
    ]) {
      await expectRefused(t, (h) => clerk.post('/api/triage', body, h), { status: 400 });
    }
  });
});
