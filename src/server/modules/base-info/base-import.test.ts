// Bulk import of base information through the imports module (POST /api/imports, kinds
// residents, houses, organizations): validation reasons, scope, duplicates, who may import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../../core/base-info/credit-code.js';
import { COLUMNS } from '../../../core/imports/columns.js';
import { makeIdNumber } from '../../../core/pii/validation.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import { multipart, type Part } from '../../../../test/helpers/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { readTable, toCsv } from '../imports/table-file.js';

let t: TestApp;
let clerk: Client;
let grid: Client;
let myGrid: string;
let otherGrid: string;
let foreignGrid: string;

function upload(
  c: Client,
  fields: Record<string, string>,
  csv: Buffer,
  headers: Record<string, string> = {},
) {
  const parts: Part[] = Object.entries(fields).map(([name, data]) => ({ name, data }));
  parts.push({ name: 'file', filename: 'base.csv', type: 'text/csv', data: csv });
  const body = multipart(parts);
  return c.request({
    method: 'POST',
    url: '/api/imports',
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}

async function finished(c: Client, id: string) {
  for (;;) {
    const res = await c.get(`/api/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function gridOf(prefix: string, except: string[] = []) {
  const row = await t.db.kysely
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 'grid')
    .where('code', 'like', `${prefix}%`)
    .where('code', 'not in', except.length ? except : [''])
    .orderBy('code')
    .executeTakeFirstOrThrow();
  return row.code;
}

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  grid = await t.login('grid.shentou');
  myGrid = (await grid.get('/api/me')).json().user.scopeCode;
  otherGrid = await gridOf('371403105', [myGrid]);
  foreignGrid = await gridOf('371402001');
});
afterAll(async () => t?.close());

const HEAD = ['姓名', '公民身份号码', '性别', '民族', '联系方式', '现住址', '人户状态', '所属网格'];
const id = (n: number) => makeIdNumber('371403', '19800101', String(n).padStart(3, '0'));
const wrongCheck = (v: string) => v.slice(0, 17) + (v.endsWith('0') ? '1' : '0');
type Problem = { code: string; column: string; zh: string; en: string };
const reasons = (job: { report: { rejected: { row: number; problems: Problem[] }[] } }) =>
  Object.fromEntries(job.report.rejected.map((r) => [r.row, r.problems.map((p) => p.code)]));

describe('importing residents', () => {
  it('writes the good rows masked and encrypted, and reports each bad row with its row and reason', async () => {
    const csv = toCsv([
      HEAD,
      ['张一', id(1), '男', '汉族', '13811110001', '神头镇东街 1 号', '人户一致', myGrid],
      ['张二', id(2), '', '回', '', '', '人在户不在', otherGrid],
      ['张三', wrongCheck(id(3)), '', '', '', '', '', myGrid],
      ['张四', id(4), '', '', '1381111', '', '', myGrid],
      ['张一', id(1).toLowerCase(), '', '', '', '', '', myGrid],
      ['张六', id(6), '', '', '', '', '', foreignGrid],
      ['张七', id(7), '', '', '', '', '', myGrid.slice(0, 12)],
      ['张八', id(8), '男', '', '', '', '', myGrid],
      ['', id(9), '', '', '', '', '', myGrid],
    ]);
    const res = await upload(clerk, { kind: 'residents', mode: 'skip-bad' }, csv);
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(clerk, res.json().id);
    expect(job).toMatchObject({
      status: 'done',
      total: 9,
      processed: 9,
      accepted: 2,
      rejected: 7,
      alreadyImported: 0,
    });
    expect(reasons(job)).toEqual({
      4: ['import.bad_id_number'],
      5: ['import.bad_phone'],
      6: ['import.duplicate_in_file'],
      7: ['import.region_out_of_scope'],
      8: ['import.not_grid'],
      9: ['import.id_mismatch'],
      10: ['import.required'],
    });
    const dup = job.report.rejected.find((r: { row: number }) => r.row === 6).problems[0];
    expect(dup).toMatchObject({ column: '公民身份号码', zh: '“公民身份号码”与第 2 行重复' });
    expect(dup.en).toMatch(/repeats row 2/);
    expect(JSON.stringify(job)).not.toContain(id(1));
    const rows = await t.db.kysely.selectFrom('base_residents').selectAll().orderBy('name').execute();
    expect(rows.map((r) => [r.name, r.region_code, r.gender, r.ethnicity, r.residence_status])).toEqual([
      ['张一', myGrid, 'male', '01', 'consistent'],
      ['张二', otherGrid, 'female', '03', 'here_not_registered'],
    ]);
    expect(rows[0]).toMatchObject({
      phone_masked: '138****0001',
      id_number_masked: `371***********${id(1).slice(-4)}`,
    });
    expect(t.deps.crypto.decrypt('id_number', rows[0]!.id_number_enc)).toBe(id(1));
    expect(rows[0]!.created_by).toBeTruthy();

    // the same people again: refused as duplicates of the database, with the reason
    const again = await finished(
      clerk,
      (await upload(clerk, { kind: 'residents', mode: 'skip-bad' }, csv)).json().id,
    );
    expect(again).toMatchObject({ accepted: 0, rejected: 9 });
    expect(reasons(again)[2]).toEqual(['import.duplicate_in_db']);
    expect(again.report.rejected[0].problems[0].en).toMatch(/already in the system/);
  });

  it('lets a grid worker import into their own grid by default, and nowhere else', async () => {
    const csv = toCsv([
      ['姓名', '身份证号', '手机'],
      ['李一', id(21), '13822220001'],
      ['李二', id(22), '13822220002'],
    ]);
    const job = await finished(grid, (await upload(grid, { kind: 'residents' }, csv)).json().id);
    expect(job).toMatchObject({ status: 'done', accepted: 2 });
    const placed = await t.db.kysely
      .selectFrom('base_residents')
      .select('region_code')
      .where('name', 'like', '李%')
      .execute();
    expect(placed.map((p) => p.region_code)).toEqual([myGrid, myGrid]);
    const elsewhere = toCsv([HEAD, ['李三', id(23), '', '', '', '', '', otherGrid]]);
    const refused = await finished(grid, (await upload(grid, { kind: 'residents' }, elsewhere)).json().id);
    expect(refused).toMatchObject({ status: 'refused', accepted: 0, rejected: 1 });
    expect(reasons(refused)).toEqual({ 2: ['import.region_out_of_scope'] });
  });

  it('writes nothing all-or-nothing when a row is bad', async () => {
    const csv = toCsv([
      HEAD,
      ['王一', id(31), '', '', '', '', '', myGrid],
      ['王二', wrongCheck(id(32)), '', '', '', '', '', myGrid],
    ]);
    const before = await t.db.kysely.selectFrom('base_residents').select('id').execute();
    const job = await finished(clerk, (await upload(clerk, { kind: 'residents' }, csv)).json().id);
    expect(job).toMatchObject({ status: 'refused', accepted: 0, rejected: 1 });
    expect(await t.db.kysely.selectFrom('base_residents').select('id').execute()).toHaveLength(before.length);
  });

  it('is refused to roles without the base-information import, in both languages', async () => {
    const csv = toCsv([HEAD, ['赵一', id(41), '', '', '', '', '', myGrid]]);
    for (const user of ['leader.shentou', 'security.shentou', 'sysadmin', 'dept.shentou']) {
      const c = await t.login(user);
      await expectRefused(t, (h) => upload(c, { kind: 'residents' }, csv, h), { status: 403 });
    }
  });

  it('offers the templates with the Chinese headers', async () => {
    for (const kind of ['residents', 'houses', 'organizations'] as const) {
      const res = await clerk.get(`/api/imports/templates/${kind}.csv`);
      expect(res.statusCode).toBe(200);
      expect((await readTable(res.rawPayload, 'csv')).headers).toEqual(COLUMNS[kind].map((c) => c.zh));
    }
  });
});

describe('importing houses and organizations', () => {
  it('checks addresses, owners and credit codes, and refuses duplicates', async () => {
    const houses = toCsv([
      ['房屋地址', '房屋用途', '产权人', '产权人证件号码', '产权人联系方式', '居住人数', '所属网格'],
      ['神头镇南街 1 号', '住宅', '孙一', id(51), '13833330001', '3', myGrid],
      ['神头镇南街1号', '商业', '', '', '', '', myGrid],
      ['神头镇南街 2 号', '城堡', '', wrongCheck(id(52)), '', 'x', myGrid],
    ]);
    const h = await finished(
      clerk,
      (await upload(clerk, { kind: 'houses', mode: 'skip-bad' }, houses)).json().id,
    );
    expect(h).toMatchObject({ status: 'done', accepted: 1, rejected: 2 });
    expect(reasons(h)).toEqual({
      3: ['import.duplicate_in_file'],
      4: ['import.not_allowed', 'import.bad_id_number', 'import.bad_count'],
    });
    const code = makeCreditCode('91371403MA3C00009');
    const orgs = toCsv([
      ['单位名称', '统一社会信用代码', '单位类型', '法定代表人', '联系电话', '单位地址', '所属网格'],
      ['神头机械厂', code, '企业', '钱一', '0534-2345678', '工业园 1 号', myGrid],
      ['神头饭店', code.slice(0, 17) + (code.endsWith('0') ? '1' : '0'), '个体工商户', '', '', '', myGrid],
      ['神头小卖部', '', '个体', '', '', '', myGrid],
    ]);
    const o = await finished(
      clerk,
      (await upload(clerk, { kind: 'organizations', mode: 'skip-bad' }, orgs)).json().id,
    );
    expect(o).toMatchObject({ status: 'done', accepted: 2, rejected: 1 });
    expect(reasons(o)).toEqual({ 3: ['import.bad_credit_code'] });
    const listed = (await clerk.get(`/api/base/organizations?q=${code}`)).json().items;
    expect(listed).toMatchObject([{ name: '神头机械厂', phone: '053****5678', kind: 'enterprise' }]);
    const snap = await takeSnapshot(t.db);
    const again = await finished(
      clerk,
      (await upload(clerk, { kind: 'organizations', mode: 'skip-bad' }, orgs)).json().id,
    );
    expect(reasons(again)[2]).toEqual(['import.duplicate_in_db']);
    // the refused duplicate wrote nothing; the one without a code is recorded again (no key)
    expect((await snap.changes()).base_organizations).toBe(1);
  });
});
