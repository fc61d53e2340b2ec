import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../core/imports/columns.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { multipart, type Part } from '../../../../test/helpers/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { readTable, toCsv } from './table-file.js';

let t: TestApp;
let clerk: Client;
let sysadmin: Client;
let secadmin: Client;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  sysadmin = await t.login('sysadmin');
  secadmin = await t.login('secadmin');
});
afterAll(async () => t?.close());

function upload(
  c: Client,
  fields: Record<string, string>,
  file?: { name: string; data: Buffer | string },
  headers: Record<string, string> = {},
) {
  const parts: Part[] = Object.entries(fields).map(([name, data]) => ({ name, data }));
  if (file)
    parts.push({ name: 'file', filename: file.name, type: 'application/octet-stream', data: file.data });
  const body = multipart(parts);
  return c.request({
    method: 'POST',
    url: '/api/imports',
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}

async function finished(c: Client, id: string) {
  for (let i = 0; i < 600; i++) {
    const res = await c.get(`/api/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

const HOTLINE = ['工单编号', '来电时间', '诉求人', '电话', '诉求内容', '区划代码', '类别'];
const hotline = toCsv([
  HOTLINE,
  ['RX-1', '2026-03-15 08:00', '张三', '13812345678', '邻居堆放杂物', '371403105200', '邻里纠纷'],
  ['RX-2', '2026-03-15 08:10', '李四', '1381234', '欠薪三个月', '371403105207', '劳动争议'],
  ['RX-3', '2026-03-15 08:20', '王五', '13912345678', '物业费争议', '371403105', 'property'],
  ['RX-4', '2026-03-15 08:30', '赵六', '13712345678', '邻里噪音', '371402001021', '邻里纠纷'],
  ['RX-5', '', '孙七', '', '婚姻家庭矛盾', '371403105200', '婚姻家庭'],
]);

describe('templates', () => {
  it('are generated for every kind as .xlsx and .csv with the documented headers', async () => {
    for (const [name, kind] of [
      ['cases', 'cases'],
      ['users', 'users'],
      ['units', 'units'],
      ['mediation-orgs', 'mediation_orgs'],
    ] as const) {
      const x = await clerk.get(`/api/imports/templates/${name}.xlsx`);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toMatch(/spreadsheetml/);
      expect(x.headers['content-disposition']).toBe(`attachment; filename="yimen-import-${name}.xlsx"`);
      expect((await readTable(x.rawPayload, 'xlsx')).headers).toEqual(COLUMNS[kind].map((c) => c.zh));
      const c = await clerk.get(`/api/imports/templates/${name}.csv`);
      expect(c.headers['content-type']).toMatch(/text\/csv/);
      expect((await readTable(c.rawPayload, 'csv')).headers).toEqual(COLUMNS[kind].map((col) => col.zh));
    }
  });

  it('need a log-in; unknown names are not found', async () => {
    expect((await t.anonymous().get('/api/imports/templates/cases.xlsx')).statusCode).toBe(401);
    expect((await clerk.get('/api/imports/templates/cases.pdf')).statusCode).toBe(404);
    expect((await clerk.get('/api/imports/templates/secrets.csv')).statusCode).toBe(404);
  });
});

describe('importing hotline work orders', () => {
  it('registers the good rows as the clerk, reports the bad ones, and is idempotent', async () => {
    const res = await upload(
      clerk,
      { kind: 'cases', mode: 'skip-bad', source: '12345' },
      { name: '热线.csv', data: hotline },
    );
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ id: expect.any(String), status: 'running', total: 5 });
    const job = await finished(clerk, res.json().id);
    expect(job).toMatchObject({
      kind: 'cases',
      mode: 'skip_bad',
      source: '12345',
      fileName: '热线.csv',
      status: 'done',
      total: 5,
      processed: 5,
      accepted: 3,
      rejected: 2,
      alreadyImported: 0,
    });
    expect(job.report.rejected).toEqual([
      {
        row: 3,
        problems: [
          expect.objectContaining({
            column: '电话',
            field: 'phone',
            code: 'import.bad_phone',
            en: '"电话" is not a valid phone number',
          }),
        ],
      },
      {
        row: 5,
        problems: [expect.objectContaining({ column: '区划代码', code: 'import.region_out_of_scope' })],
      },
    ]);
    expect(job.passwords).toBeUndefined();
    const me = (await clerk.get('/api/me')).json();
    const cases = await t.db.kysely
      .selectFrom('cases')
      .select(['channel', 'registered_by', 'owner_unit_id', 'state'])
      .execute();
    expect(cases).toHaveLength(3);
    for (const c of cases) {
      expect(c).toEqual({
        channel: 'hotline',
        registered_by: me.user.id,
        owner_unit_id: await t.unitId('371403105-center'),
        state: 'registered',
      });
    }
    // the cases are the clerk's like any registration: visible in the case list
    expect((await clerk.get('/api/cases?channel=hotline')).json().items).toHaveLength(3);

    const again = await upload(
      clerk,
      { kind: 'cases', mode: 'skip-bad', source: '12345' },
      { name: '热线.csv', data: hotline },
    );
    const second = await finished(clerk, again.json().id);
    expect(second).toMatchObject({ status: 'done', accepted: 0, rejected: 2, alreadyImported: 3 });
    expect(second.report.alreadyImported.map((r: { key: string }) => r.key)).toEqual([
      'RX-1',
      'RX-3',
      'RX-5',
    ]);
    expect(await t.db.kysely.selectFrom('cases').select('id').execute()).toHaveLength(3);

    // all-or-nothing with bad rows writes nothing at all
    const strict = await upload(
      clerk,
      { kind: 'cases', mode: 'all-or-nothing', source: 'other' },
      { name: 'x.csv', data: hotline },
    );
    expect(await finished(clerk, strict.json().id)).toMatchObject({
      status: 'refused',
      accepted: 0,
      rejected: 2,
    });
    expect(await t.db.kysely.selectFrom('cases').select('id').execute()).toHaveLength(3);
  });

  it('shows a job to the one who started it only', async () => {
    const res = await upload(
      clerk,
      { kind: 'cases', source: 'mine' },
      { name: 'x.csv', data: toCsv([HOTLINE, ['A-1', '', '甲', '', '诉求', '371403105', 'other']]) },
    );
    const id = res.json().id;
    await finished(clerk, id);
    for (const other of ['clerk.yanbei', 'dispatcher.shentou', 'auditor']) {
      expect((await (await t.login(other)).get(`/api/imports/${id}`)).statusCode).toBe(404);
    }
    expect((await t.anonymous().get(`/api/imports/${id}`)).statusCode).toBe(401);
    expect((await clerk.get('/api/imports/01900000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('who may import what', () => {
  const file = { name: 'x.csv', data: hotline };
  it('refuses roles outside the policy for each kind, writing nothing', async () => {
    const cases: [string, string][] = [
      ['leader.lingcheng', 'cases'],
      ['dept.lingcheng', 'cases'],
      ['sysadmin', 'cases'],
      ['clerk.shentou', 'users'],
      ['sysadmin', 'users'],
      ['secadmin', 'units'],
      ['dispatcher.lingcheng', 'mediation-orgs'],
    ];
    for (const [user, kind] of cases) {
      const c = await t.login(user);
      await expectRefused(t, (h) => upload(c, { kind }, file, h), { status: 403, en: /not allowed/ });
    }
    expect((await upload(t.anonymous(), { kind: 'cases' }, file)).statusCode).toBe(401);
  });
});

describe('bad uploads', () => {
  const cases: [
    string,
    Record<string, string>,
    { name: string; data: Buffer | string } | undefined,
    RegExp,
  ][] = [
    ['no file', { kind: 'cases' }, undefined, /"file" is required/],
    ['no kind', {}, { name: 'x.csv', data: hotline }, /"kind" is required/],
    ['unknown kind', { kind: 'votes' }, { name: 'x.csv', data: hotline }, /Unsupported import kind "votes"/],
    [
      'unknown mode',
      { kind: 'cases', mode: 'some' },
      { name: 'x.csv', data: hotline },
      /all-or-nothing or skip-bad/,
    ],
    [
      'bad region',
      { kind: 'cases', region: 'abc' },
      { name: 'x.csv', data: hotline },
      /"region" is not in the right format/,
    ],
    [
      'unknown region',
      { kind: 'cases', region: '371499' },
      { name: 'x.csv', data: hotline },
      /default region "371499" does not exist/,
    ],
    ['bad source', { kind: 'cases', source: '../x' }, { name: 'x.csv', data: hotline }, /source name/],
    ['a text file', { kind: 'cases' }, { name: 'x.txt', data: 'hello' }, /Only .xlsx and .csv/],
    [
      'a broken xlsx',
      { kind: 'cases' },
      { name: 'x.xlsx', data: Buffer.from('PK\u0003\u0004 not really') },
      /cannot be read/,
    ],
    ['an empty file', { kind: 'cases' }, { name: 'x.csv', data: '' }, /no header row or no data rows/],
    [
      'unknown columns',
      { kind: 'cases' },
      {
        name: 'x.csv',
        data: toCsv([
          [...HOTLINE, '颜色'],
          ['1', '', 'a', '', 'b', '371403105', 'other', 'red'],
        ]),
      },
      /Unknown columns: "颜色"/,
    ],
    [
      'missing columns',
      { kind: 'cases' },
      {
        name: 'x.csv',
        data: toCsv([
          ['工单编号', '诉求人'],
          ['1', 'a'],
        ]),
      },
      /Required columns missing: "诉求内容", "区划代码", "类别"/,
    ],
  ];
  for (const [what, fields, file, en] of cases) {
    it(`refuses ${what} in both languages, writing nothing`, async () => {
      await expectRefused(t, (h) => upload(clerk, fields, file, h), { status: 400, en });
    });
  }
});

describe('importing accounts, units and mediation organizations', () => {
  it('lets the security administrator import accounts, with initial passwords shown once', async () => {
    const file = toCsv([
      ['用户名', '姓名', '角色', '单位编码', '管辖区划'],
      ['clerk.new1', '新受理员', '窗口受理员', '371403105-center', ''],
      ['mediator.new2', '新调解员', 'mediator', '371403105-people-mediation', ''],
      ['root.new3', '想当管理员', 'sys_admin', '', '3714'],
      ['clerk.shentou', '重名', '窗口受理员', '371403105-center', ''],
    ]);
    const res = await upload(
      secadmin,
      { kind: 'users', mode: 'skip-bad' },
      { name: 'users.csv', data: file },
    );
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(secadmin, res.json().id);
    expect(job).toMatchObject({ status: 'done', accepted: 2, rejected: 1, alreadyImported: 1 });
    expect(job.report.rejected[0]).toMatchObject({ row: 4, problems: [{ code: 'import.admin_role' }] });
    expect(job.passwords.map((p: { username: string }) => p.username)).toEqual([
      'clerk.new1',
      'mediator.new2',
    ]);
    expect((await secadmin.get(`/api/imports/${job.id}`)).json().passwords).toBeUndefined();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'clerk.new1', password: job.passwords[0].password },
      remoteAddress: '10.250.0.1',
    });
    expect(login.statusCode, login.body).toBe(200);
    const row = await t.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'clerk.new1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'clerk', scope_code: '371403105', must_change_password: true });
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('action', 'in', ['user.create', 'import.users'])
      .execute();
    expect(audit.filter((a) => a.action === 'user.create')).toHaveLength(2);
    expect(audit.every((a) => a.actor_label === 'secadmin')).toBe(true);
  });

  it('lets the system administrator import units and mediation organizations', async () => {
    const units = toCsv([
      ['单位编码', '单位名称', '单位类型', '区划代码', '所属中心编码', '部门类别', '入驻方式'],
      ['371403105-housing', '神头镇住建办', '部门', '371403105', '371403105-center', '住建', '轮驻'],
      ['371403105-bad', '没有中心的部门', '部门', '371403105', '', '住建', '轮驻'],
    ]);
    const u = await finished(
      sysadmin,
      (await upload(sysadmin, { kind: 'units', mode: 'skip-bad' }, { name: 'u.csv', data: units })).json().id,
    );
    expect(u).toMatchObject({ status: 'done', accepted: 1, rejected: 1 });
    expect(u.report.rejected[0].problems[0]).toMatchObject({
      column: '所属中心编码',
      code: 'import.required',
    });
    const housing = await t.db.kysely
      .selectFrom('units')
      .selectAll()
      .where('code', '=', '371403105-housing')
      .executeTakeFirstOrThrow();
    expect(housing).toMatchObject({
      kind: 'department',
      center_id: await t.unitId('371403105-center'),
      stationing: 'rotation',
      department_type: '住建',
    });

    const orgs = toCsv([
      ['组织编码', '组织名称', '调解类型', '区划代码', '所属中心编码'],
      [
        '371403105-property-mediation',
        '神头镇物业纠纷调解委员会',
        '行业性专业性调解',
        '371403105',
        '371403105-center',
      ],
    ]);
    const o = await finished(
      sysadmin,
      (await upload(sysadmin, { kind: 'mediation-orgs' }, { name: 'o.csv', data: orgs })).json().id,
    );
    expect(o).toMatchObject({ status: 'done', accepted: 1, rejected: 0 });
    const again = await finished(
      sysadmin,
      (await upload(sysadmin, { kind: 'mediation-orgs' }, { name: 'o.csv', data: orgs })).json().id,
    );
    expect(again).toMatchObject({ status: 'done', accepted: 0, alreadyImported: 1 });
    const org = await t.db.kysely
      .selectFrom('units')
      .selectAll()
      .where('code', '=', '371403105-property-mediation')
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ kind: 'mediation_org', mediation_kind: 'industry' });
  });
});
