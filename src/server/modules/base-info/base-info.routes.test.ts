import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../../core/base-info/credit-code.js';
import { makeIdNumber } from '../../../core/pii/validation.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

let t: TestApp;
let grid: Client;
let security: Client;
let clerk: Client;
let dispatcher: Client;
let leader: Client;
let countyClerk: Client;
let otherClerk: Client;
let sysadmin: Client;
let dept: Client;
/** grid.shentou's grid, another grid of 神头镇, a grid of another county */
let myGrid: string;
let otherGrid: string;
let foreignGrid: string;
let seq = 100;

/** A fresh valid ID number (born 1990-01-01 unless told), odd sequence = male. */
const idNo = (birth = '19900101') => makeIdNumber('371403', birth, String(seq++).padStart(3, '0'));

function patch(c: Client, url: string, payload: unknown, headers: Record<string, string> = {}) {
  return c.request({ method: 'PATCH', url, payload: payload as string, headers });
}

async function gridOf(prefix: string, except: string[] = []): Promise<string> {
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
  const clients = await Promise.all(
    [
      'grid.shentou',
      'security.shentou',
      'clerk.shentou',
      'dispatcher.shentou',
      'leader.shentou',
      'clerk.lingcheng',
      'clerk.xinhu',
      'sysadmin',
      'dept.shentou',
    ].map((u) => t.login(u)),
  );
  const at = (i: number) => clients[i]!;
  [grid, security, clerk, dispatcher, leader, countyClerk, otherClerk, sysadmin, dept] = [
    at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8),
  ]; // prettier-ignore
  myGrid = (await grid.get('/api/me')).json().user.scopeCode;
  otherGrid = await gridOf('371403105', [myGrid]);
  foreignGrid = await gridOf('371402001');
});
afterAll(async () => t?.close());

async function newResident(c: Client = grid, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/base/residents', {
    name: '张三丰',
    idNumber: idNo(),
    phone: '13812345678',
    address: '德州市陵城区神头镇某村 12 号',
    ethnicity: '01',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('residents', () => {
  it('a grid worker records a resident in their grid; every read is masked', async () => {
    const id = makeIdNumber('371403', '19851231', '021');
    const res = await grid.post('/api/base/residents', {
      name: '王小明',
      idNumber: id,
      phone: '+86 139-1234-5678',
      address: '德州市陵城区神头镇前街 8 号',
      residenceStatus: 'here_not_registered',
      domicileCode: '371402',
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      name: '王**',
      idNumber: `${id.slice(0, 3)}***********${id.slice(-4)}`,
      phone: '139****5678',
      address: '德州市陵城区****',
      gender: 'male',
      birthYear: 1985,
      residenceStatus: 'here_not_registered',
      regionCode: myGrid,
    });
    expect(r).not.toHaveProperty('keyGroups');
    expect(res.body).not.toContain(id);
    // at rest: ciphertext, a mask and a blind index, never the clear number
    const { rows } = await sql<{
      t: string;
    }>`select row_to_json(r)::text as t from base_residents r where id = ${r.id}`.execute(t.db.kysely);
    expect(rows[0]!.t).not.toContain(id);
    expect(rows[0]!.t).not.toContain('13912345678');
    const got = await clerk.get(`/api/base/residents/${r.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().idNumber).toBe(r.idNumber);
  });

  it('refuses bad input in both languages and writes nothing', async () => {
    const good = { name: '李四', idNumber: idNo(), phone: '13800001111' };
    const send = (body: unknown) => (h: Record<string, string>) => grid.post('/api/base/residents', body, h);
    await expectRefused(
      t,
      send({ ...good, idNumber: good.idNumber.slice(0, 17) + (good.idNumber.endsWith('0') ? '1' : '0') }),
      {
        status: 400,
        code: 'base.bad_id_number',
        zh: /身份证号码/,
        en: /ID number/,
      },
    );
    await expectRefused(t, send({ ...good, phone: '1381234' }), { status: 400, code: 'base.bad_phone' });
    await expectRefused(
      t,
      send({ ...good, gender: 'male', idNumber: makeIdNumber('371403', '19900101', '002') }),
      {
        status: 400,
        code: 'base.id_mismatch',
      },
    );
    await expectRefused(t, send({ ...good, ethnicity: '77' }), { status: 400, code: 'base.bad_ethnicity' });
    await expectRefused(t, send({ ...good, regionCode: myGrid.slice(0, 12) + '999' }), {
      status: 400,
      code: 'base.unknown_region',
    });
    await expectRefused(t, (h) => clerk.post('/api/base/residents', good, h), {
      status: 400,
      code: 'base.region_required',
    });
    await expectRefused(
      t,
      (h) => clerk.post('/api/base/residents', { ...good, regionCode: '371403105' }, h),
      {
        status: 400,
      },
    );
    await expectRefused(t, send({ ...good, houseRelation: 'owner' }), {
      status: 400,
      code: 'base.house_relation_without_house',
    });
    await expectRefused(t, send({ name: '李四' }), { status: 400, en: /idNumber/ });
    await expectRefused(t, send({ ...good, extra: 1 }), { status: 400 });
    const taken = await newResident();
    const existing = await t.db.kysely
      .selectFrom('base_residents')
      .select('id_number_enc')
      .where('id', '=', taken.id)
      .executeTakeFirstOrThrow();
    const clear = t.deps.crypto.decrypt('id_number', existing.id_number_enc);
    await expectRefused(t, send({ ...good, idNumber: clear.toLowerCase() }), {
      status: 409,
      code: 'base.duplicate_id_number',
    });
  });

  it('keeps each role to its scope and to what the policy allows', async () => {
    const body = { name: '赵六', idNumber: idNo(), regionCode: otherGrid };
    await expectRefused(t, (h) => grid.post('/api/base/residents', body, h), {
      status: 403,
      code: 'base.region_out_of_scope',
    });
    await expectRefused(
      t,
      (h) => clerk.post('/api/base/residents', { ...body, regionCode: foreignGrid }, h),
      {
        status: 403,
      },
    );
    for (const c of [leader, security, sysadmin, dept]) {
      await expectRefused(t, (h) => c.post('/api/base/residents', { ...body, regionCode: myGrid }, h), {
        status: 403,
      });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/base/residents', h), { status: 401 });
    for (const c of [sysadmin, dept]) {
      await expectRefused(t, (h) => c.get('/api/base/residents', h), { status: 403 });
    }
    // township staff record in any grid of the township, the county clerk too
    const byClerk = await clerk.post('/api/base/residents', body);
    expect(byClerk.statusCode, byClerk.body).toBe(201);
    expect((await countyClerk.get(`/api/base/residents/${byClerk.json().id}`)).statusCode).toBe(200);
    // the grid worker of another grid, and another township, do not see it exist
    await expectRefused(t, (h) => grid.get(`/api/base/residents/${byClerk.json().id}`, h), { status: 404 });
    await expectRefused(t, (h) => otherClerk.get(`/api/base/residents/${byClerk.json().id}`, h), {
      status: 404,
    });
    const list = (await otherClerk.get('/api/base/residents')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(byClerk.json().id);
    // the security member reads masked in the grid, the leader in the township
    expect((await security.get('/api/base/residents')).statusCode).toBe(200);
    expect((await leader.get(`/api/base/residents/${byClerk.json().id}`)).statusCode).toBe(200);
  });

  it('searches by exact ID number or phone (blind index) and name prefix, pages by keyset', async () => {
    const id = idNo('19700505');
    const a = await newResident(grid, { name: '欧阳修文', idNumber: id, phone: '13711112222' });
    await newResident(grid, { name: '欧阳锋', phone: '13711112222' });
    await newResident(grid, { name: '欧阳克' });
    const ids = async (qs: string, c: Client = grid) => {
      const res = await c.get(`/api/base/residents?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { id: string }) => i.id) as string[];
    };
    expect(await ids(`q=${id}`)).toEqual([a.id]);
    expect(await ids(`q=${id.toLowerCase()}`)).toEqual([a.id]);
    expect(await ids(`q=${encodeURIComponent('137-1111-2222')}`)).toHaveLength(2);
    expect(await ids(`q=${encodeURIComponent('欧阳')}`)).toHaveLength(3);
    expect(await ids(`q=${encodeURIComponent('欧阳修')}`)).toEqual([a.id]);
    expect(await ids(`q=${id}`, otherClerk)).toEqual([]);
    // keyset: newest first, pages join up without gaps or repeats
    const all = await ids('limit=100');
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const res = (await grid.get(`/api/base/residents?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...res.items.map((i: { id: string }) => i.id));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(await ids(`region=${otherGrid}`, clerk)).not.toContain(a.id);
    expect(await ids(`region=${myGrid}`, clerk)).toContain(a.id);
    await expectRefused(t, (h) => grid.get('/api/base/residents?limit=101', h), { status: 400 });
    await expectRefused(t, (h) => grid.get('/api/base/residents?cursor=nope', h), { status: 400 });
  });

  it('edits in place: null clears, the ID number stays unique, the county stays', async () => {
    const r = await newResident();
    const res = await patch(grid, `/api/base/residents/${r.id}`, { phone: '13599998888', address: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ phone: '135****8888', address: null, name: r.name });
    const other = await newResident();
    const otherClear = t.deps.crypto.decrypt(
      'id_number',
      (
        await t.db.kysely
          .selectFrom('base_residents')
          .select('id_number_enc')
          .where('id', '=', other.id)
          .executeTakeFirstOrThrow()
      ).id_number_enc,
    );
    const url = `/api/base/residents/${r.id}`;
    await expectRefused(t, (h) => patch(grid, url, { idNumber: otherClear }, h), {
      status: 409,
      code: 'base.duplicate_id_number',
    });
    await expectRefused(t, (h) => patch(clerk, url, { regionCode: foreignGrid }, h), { status: 403 });
    const cityClerk = await t.login('clerk.dezhou');
    await expectRefused(t, (h) => patch(cityClerk, url, { regionCode: foreignGrid }, h), {
      status: 400,
      code: 'base.other_county',
    });
    await expectRefused(t, (h) => patch(grid, url, {}, h), { status: 400 });
    await expectRefused(t, (h) => patch(security, url, { name: '改名' }, h), { status: 403 });
    await expectRefused(t, (h) => patch(otherClerk, url, { name: '改名' }, h), { status: 404 });
    const moved = await patch(clerk, url, { regionCode: otherGrid });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().regionCode).toBe(otherGrid);
    // now outside the grid worker's grid
    await expectRefused(t, (h) => patch(grid, url, { name: '改名' }, h), { status: 404 });
  });
});

describe('key groups (重点人群)', () => {
  it('are flagged with a reason by a dispatcher or leader and seen only by those roles', async () => {
    const r = await newResident();
    const url = `/api/base/residents/${r.id}/key-groups`;
    const body = { groups: ['community_correction', 'drug_user'], reason: '司法所通报' };
    for (const c of [grid, clerk, security, sysadmin]) {
      await expectRefused(t, (h) => c.post(url, body, h), { status: 403 });
    }
    await expectRefused(t, (h) => dispatcher.post(url, { ...body, groups: ['pirate'] }, h), { status: 400 });
    await expectRefused(t, (h) => dispatcher.post(url, { ...body, reason: '' }, h), { status: 400 });
    await expectRefused(t, (h) => otherClerk.post(url, body, h), { status: 403 });
    const set = await dispatcher.post(url, body);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().keyGroups).toEqual(['community_correction', 'drug_user']);
    const cleared = await leader.post(url, { groups: ['drug_user'], reason: '矫正期满' });
    expect(cleared.json().keyGroups).toEqual(['drug_user']);
    expect(cleared.json().keyGroupHistory).toHaveLength(2);
    expect(
      cleared.json().keyGroupHistory.find((h: { group: string }) => h.group === 'community_correction'),
    ).toMatchObject({
      clearReason: '矫正期满',
      reason: '司法所通报',
    });
    // who may not see them never learns of them, in a page or a record
    for (const c of [grid, clerk]) {
      expect((await c.get(`/api/base/residents/${r.id}`)).json()).not.toHaveProperty('keyGroups');
      const page = (await c.get('/api/base/residents?limit=100')).body;
      expect(page).not.toContain('drug_user');
      await expectRefused(t, (h) => c.get('/api/base/residents?keyGroup=drug_user', h), {
        status: 403,
        code: 'base.key_groups_hidden',
      });
    }
    const flagged = (await dispatcher.get('/api/base/residents?keyGroup=drug_user')).json();
    expect(flagged.items.map((i: { id: string }) => i.id)).toEqual([r.id]);
    expect(flagged.items[0].keyGroups).toEqual(['drug_user']);
    const sup = await t.login('supervisor.shentou');
    expect((await sup.get(`/api/base/residents/${r.id}`)).json().keyGroups).toEqual(['drug_user']);
    await expectRefused(t, (h) => sup.post(url, body, h), { status: 403 });
  });
});

describe('unmasking', () => {
  it('gives the clear value with a reason, logged in the same transaction', async () => {
    const id = idNo('19660606');
    const r = await newResident(grid, { idNumber: id, phone: '13344445555' });
    const snap = await takeSnapshot(t.db);
    const res = await grid.post(`/api/base/residents/${r.id}/unmask`, {
      field: 'id_number',
      reason: '入户核实',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'id_number', value: id });
    expect(await snap.changes()).toEqual({ pii_access_log: 1, audit_log: 1 });
    const log = await t.db.kysely
      .selectFrom('pii_access_log')
      .selectAll()
      .where('subject_id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(log).toMatchObject({ subject_type: 'resident', field: 'id_number', reason: '入户核实' });
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', r.id)
      .where('action', '=', 'pii.unmask')
      .execute();
    expect(audit.map((a) => a.result)).toEqual(['success']);
    expect(JSON.stringify(audit)).not.toContain(id);
    const phone = await clerk.post(`/api/base/residents/${r.id}/unmask`, {
      field: 'phone',
      reason: '联系本人',
    });
    expect(phone.json().value).toBe('13344445555');
  });

  it('refuses without a reason, audits a denial, hides records out of scope', async () => {
    const r = await newResident();
    const url = `/api/base/residents/${r.id}/unmask`;
    await expectRefused(t, (h) => grid.post(url, { field: 'phone', reason: '   ' }, h), {
      status: 400,
      code: 'pii.unmask_reason',
    });
    for (const c of [leader, security, sysadmin, dept]) {
      await expectRefused(t, (h) => c.post(url, { field: 'phone', reason: '看看' }, h), {
        status: 403,
        writes: { audit_log: 1 },
      });
    }
    await expectRefused(t, (h) => otherClerk.post(url, { field: 'phone', reason: '看看' }, h), {
      status: 404,
    });
    const denied = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_label', 'result'])
      .where('target_id', '=', r.id)
      .where('action', '=', 'pii.unmask')
      .execute();
    expect(denied.every((d) => d.result === 'denied')).toBe(true);
    expect(new Set(denied.map((d) => d.actor_label))).toEqual(
      new Set(['leader.shentou', 'security.shentou', 'sysadmin', 'dept.shentou']),
    );
  });

  it('shows the access log to the auditor with its subject', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/admin/pii-access?field=id_number');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.find((i: { subjectType: string }) => i.subjectType === 'resident')).toMatchObject(
      {
        partyId: null,
        caseNo: null,
        actorUsername: 'grid.shentou',
      },
    );
  });
});

describe('houses', () => {
  it('records a house, refuses a duplicate address, lists its residents, unmasks its address', async () => {
    const address = '德州市陵城区神头镇后街 21 号';
    const res = await grid.post('/api/base/houses', {
      address,
      use: 'residential',
      ownerName: '孙大圣',
      ownerIdNumber: idNo(),
      ownerPhone: '13655556666',
      occupants: 3,
    });
    expect(res.statusCode, res.body).toBe(201);
    const house = res.json();
    expect(house).toMatchObject({
      address: '德州市陵城区****',
      ownerName: '孙**',
      ownerPhone: '136****6666',
      occupants: 3,
      residents: [],
    });
    expect(res.body).not.toContain('13655556666');
    await expectRefused(
      t,
      (h) => grid.post('/api/base/houses', { address: '德州市陵城区神头镇后街21号', use: 'office' }, h),
      {
        status: 409,
        code: 'base.duplicate_address',
      },
    );
    await expectRefused(t, (h) => grid.post('/api/base/houses', { address, ownerIdNumber: '123' }, h), {
      status: 400,
      code: 'base.bad_id_number',
    });
    await expectRefused(t, (h) => grid.post('/api/base/houses', { address: 'x2', use: 'castle' }, h), {
      status: 400,
    });
    const r = await newResident(grid, { houseId: house.id, houseRelation: 'owner' });
    expect(r).toMatchObject({ houseId: house.id, houseRelation: 'owner' });
    const got = (await clerk.get(`/api/base/houses/${house.id}`)).json();
    expect(got.residents.map((x: { id: string }) => x.id)).toEqual([r.id]);
    const list = (await grid.get(`/api/base/houses?q=${encodeURIComponent(address)}`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: house.id, residentCount: 1 });
    const clear = await grid.post(`/api/base/houses/${house.id}/unmask`, {
      field: 'address',
      reason: '上门走访',
    });
    expect(clear.json().value).toBe(address);
    const edited = await patch(grid, `/api/base/houses/${house.id}`, { occupants: 4, ownerPhone: null });
    expect(edited.json()).toMatchObject({ occupants: 4, ownerPhone: null });
    // a resident cannot move into a house out of the caller's scope
    const foreign = await otherClerk.post('/api/base/houses', {
      address: '德州市德城区新湖街道 1 号',
      regionCode: foreignGrid,
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    await expectRefused(
      t,
      (h) =>
        grid.post('/api/base/residents', { name: '周七', idNumber: idNo(), houseId: foreign.json().id }, h),
      {
        status: 400,
        code: 'base.unknown_house',
      },
    );
  });
});

describe('organizations', () => {
  it('records an organization with a checked credit code; phone and address masked', async () => {
    const creditCode = makeCreditCode('91371403MA3C00001');
    const res = await clerk.post('/api/base/organizations', {
      regionCode: myGrid,
      name: '德州某某机械有限公司',
      creditCode: creditCode.toLowerCase(),
      kind: 'enterprise',
      legalRepresentative: '钱多多',
      phone: '0534-2345678',
      address: '德州市陵城区神头镇工业园 3 号',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: '德州某某机械有限公司',
      creditCode,
      legalRepresentative: '钱**',
      phone: '053****5678',
      address: '德州市陵城区****',
    });
    const send = (body: unknown) => (h: Record<string, string>) =>
      clerk.post('/api/base/organizations', body, h);
    await expectRefused(t, send({ regionCode: myGrid, name: '另一家', creditCode }), {
      status: 409,
      code: 'base.duplicate_credit_code',
    });
    await expectRefused(
      t,
      send({
        regionCode: myGrid,
        name: '错码',
        creditCode: creditCode.slice(0, 17) + (creditCode.endsWith('0') ? '1' : '0'),
      }),
      {
        status: 400,
        code: 'base.bad_credit_code',
        zh: /统一社会信用代码/,
      },
    );
    const found = (await grid.get(`/api/base/organizations?q=${creditCode}`)).json();
    expect(found.items.map((o: { id: string }) => o.id)).toEqual([res.json().id]);
    const url = `/api/base/organizations/${res.json().id}/unmask`;
    expect((await grid.post(url, { field: 'phone', reason: '联系单位' })).json().value).toBe('05342345678');
    await expectRefused(t, (h) => grid.post(url, { field: 'id_number', reason: '联系单位' }, h), {
      status: 400,
      code: 'base.field_not_applicable',
    });
    const edited = await patch(clerk, `/api/base/organizations/${res.json().id}`, {
      kind: 'individual_business',
      creditCode: null,
    });
    expect(edited.json()).toMatchObject({ kind: 'individual_business', creditCode: null });
  });
});
