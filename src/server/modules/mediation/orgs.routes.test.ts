// The mediation organizations' directory (四调联动): organizations in scope and those above that
// serve it, the roster of mediators (specialties, contact, active) with their live workload, who
// may keep it (401/403/404), and bad input (4xx in both languages, nothing written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let township: string;
let countyLabor: string;

beforeAll(async () => {
  t = await createTestApp();
  township = await t.unitId('371403105-people-mediation');
  countyLabor = await t.unitId('371403-labor-mediation');
});
afterAll(async () => t?.close());

const patch = (c: Client, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  c.request({ method: 'PATCH', url, payload: payload as object, headers });
const put = (c: Client, url: string, payload: unknown) =>
  c.request({ method: 'PUT', url, payload: payload as object });

async function userId(username: string): Promise<string> {
  const u = await t.db.kysely
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return u.id;
}

type Mediator = {
  id: string | null;
  userId: string | null;
  name: string;
  openCases: number;
  leading: number;
};
async function roster(c: Client, org: string): Promise<Mediator[]> {
  const res = await c.get(`/api/mediation-orgs/${org}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().mediators;
}

/** A labor case of 神头镇 handled by its people's mediation committee. */
async function handledCase(): Promise<string> {
  const clerk = await t.login('clerk.shentou');
  const dispatcher = await t.login('dispatcher.shentou');
  const mediator = await t.login('mediator.shentou');
  const created = await clerk.post(
    '/api/cases',
    buildRegistration({ categoryCode: 'labor', regionCode: '371403105' }),
  );
  expect(created.statusCode, created.body).toBe(201);
  const id: string = created.json().id;
  for (const [who, body] of [
    [dispatcher, { action: 'assign', unitId: township }],
    [mediator, { action: 'accept' }],
  ] as const) {
    const { version } = (await who.get(`/api/cases/${id}`)).json();
    expect((await who.post(`/api/cases/${id}/transitions`, { version, ...body })).statusCode).toBe(200);
  }
  return id;
}

describe('the directory of mediation organizations', () => {
  it('lists the township’s own organizations and the county’s and city’s that serve it, not another county’s', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const res = await dispatcher.get('/api/mediation-orgs?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const items: { id: string; code: string; regionCode: string; mediationKind: string }[] = res.json().items;
    const codes = items.map((i) => i.code);
    expect(codes).toContain('371403105-people-mediation');
    expect(codes).toContain('371403-labor-mediation');
    expect(codes).toContain('3714-joint-mediation');
    expect(items.every((i) => ['3714', '371403', '371403105'].includes(i.regionCode))).toBe(true);
    // the four kinds of 四调联动 are all there
    expect(new Set(items.map((i) => i.mediationKind))).toEqual(
      new Set(['people', 'industry', 'administrative', 'judicial']),
    );
    const judicial = await dispatcher.get('/api/mediation-orgs?kind=judicial');
    expect(
      judicial.json().items.every((i: { mediationKind: string }) => i.mediationKind === 'judicial'),
    ).toBe(true);

    // pages by code
    const first = (await dispatcher.get('/api/mediation-orgs?limit=3')).json();
    expect(first.items).toHaveLength(3);
    const next = (await dispatcher.get(`/api/mediation-orgs?limit=3&cursor=${first.nextCursor}`)).json();
    expect(next.items[0].code > first.items[2].code).toBe(true);

    // a mediator reads their own organization only
    const mediator = await t.login('mediator.shentou');
    expect((await mediator.get('/api/mediation-orgs')).json().items.map((i: { id: string }) => i.id)).toEqual(
      [township],
    );
  });

  it('shows each mediator’s live workload: open cases led and as a team member', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const before = await roster(dispatcher, township);
    const leadId = await userId('mediator.shentou');
    const lead = before.find((m) => m.userId === leadId)!;
    expect(lead).toMatchObject({ id: null, name: expect.any(String) });

    // a mediator without an account joins the roster and the team of a new case
    const added = await dispatcher.post(`/api/mediation-orgs/${township}/mediators`, {
      name: '王秀英',
      specialties: ['labor', 'marriage_family'],
      phone: '13905340111',
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = await handledCase();
    const assigned = await put(dispatcher, `/api/cases/${id}/mediation`, {
      orgUnitId: township,
      leadMediatorId: await userId('mediator.shentou'),
      members: [{ mediatorId: added.json().id, role: '兼职调解员' }],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().mediation.members[0]).toMatchObject({
      name: '王秀英',
      mediatorId: added.json().id,
      unitId: township,
    });

    const after = await roster(dispatcher, township);
    const leadAfter = after.find((m) => m.userId === lead.userId)!;
    expect(leadAfter.openCases).toBe(lead.openCases + 1);
    expect(leadAfter.leading).toBe(lead.leading + 1);
    expect(after.find((m) => m.id === added.json().id)).toMatchObject({
      openCases: 1,
      leading: 0,
      specialties: ['labor', 'marriage_family'],
      phoneMasked: '139****0111',
      active: true,
      accountActive: null,
    });
    // the list counts the organization's roster and its open cases
    const org = (await dispatcher.get('/api/mediation-orgs?limit=200'))
      .json()
      .items.find((i: { id: string }) => i.id === township);
    expect(org.mediators).toBe(after.length);
    expect(org.openCases).toBeGreaterThanOrEqual(1);

    // suggestions offer the specialist first among the members; only an account may lead
    const sug = (await dispatcher.get(`/api/cases/${id}/mediation/suggestions`)).json();
    const own = sug.items.find((i: { unitId: string }) => i.unitId === township);
    expect(own.mediators[0]).toMatchObject({ name: '王秀英', specialist: true, canLead: false });
    expect(own.mediators.find((m: { userId: string | null }) => m.userId === lead.userId).canLead).toBe(true);
  });

  it('keeps the roster: an account joins once, an inactive mediator neither leads nor is suggested', async () => {
    const mediator = await t.login('mediator.shentou');
    const me = await userId('mediator.shentou');
    const joined = await mediator.post(`/api/mediation-orgs/${township}/mediators`, {
      userId: me,
      specialties: ['neighbor'],
    });
    expect(joined.statusCode, joined.body).toBe(201);
    const entry = (await roster(mediator, township)).find((m) => m.userId === me)!;
    expect(entry.id).toBe(joined.json().id);
    await expectRefused(
      t,
      (h) => mediator.post(`/api/mediation-orgs/${township}/mediators`, { userId: me, specialties: [] }, h),
      { status: 409, code: 'mediation.mediator_exists', en: /already on the roster/ },
    );
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('target_id', '=', joined.json().id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['mediation.mediator_add']);

    // taken off duty: not offered as a lead, and refused as one
    const off = await patch(mediator, `/api/mediators/${entry.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    const id = await handledCase();
    const dispatcher = await t.login('dispatcher.shentou');
    const sug = (await dispatcher.get(`/api/cases/${id}/mediation/suggestions`)).json();
    const own = sug.items.find((i: { unitId: string }) => i.unitId === township);
    expect(own.mediators.some((m: { userId: string | null }) => m.userId === me)).toBe(false);
    await expectRefused(
      t,
      (h) =>
        dispatcher.request({
          method: 'PUT',
          url: `/api/cases/${id}/mediation`,
          payload: { orgUnitId: township, leadMediatorId: me, members: [] },
          headers: h,
        }),
      { status: 422, code: 'mediation.not_mediator' },
    );
    expect(
      (await patch(mediator, `/api/mediators/${entry.id}`, { active: true, phone: '' })).statusCode,
    ).toBe(200);
    const again = await put(dispatcher, `/api/cases/${id}/mediation`, {
      orgUnitId: township,
      leadMediatorId: me,
      members: [],
    });
    expect(again.statusCode, again.body).toBe(200);
  });
});

describe('organizations of the four kinds', () => {
  it('are the units the system administrator creates and closes (admin/units), in the directory at once', async () => {
    const sysadmin = await t.login('sysadmin');
    const created = await sysadmin.post('/api/admin/units', {
      code: '371403105-property-mediation',
      name: '神头镇物业纠纷调解委员会',
      kind: 'mediation_org',
      regionCode: '371403105',
      centerId: await t.unitId('371403105-center'),
      mediationKind: 'industry',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id: string = created.json().id;
    const dispatcher = await t.login('dispatcher.shentou');
    const listed = (await dispatcher.get('/api/mediation-orgs?kind=industry&limit=200')).json().items;
    expect(listed.find((i: { id: string }) => i.id === id)).toMatchObject({
      name: '神头镇物业纠纷调解委员会',
      mediationKind: 'industry',
      active: true,
      mediators: 0,
      openCases: 0,
    });
    // its roster starts here, by the township's dispatcher
    const added = await dispatcher.post(`/api/mediation-orgs/${id}/mediators`, {
      name: '周物业',
      specialties: ['property'],
    });
    expect(added.statusCode, added.body).toBe(201);
    const closed = await sysadmin.request({
      method: 'PATCH',
      url: `/api/admin/units/${id}`,
      payload: { active: false },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const detail = (await dispatcher.get(`/api/mediation-orgs/${id}`)).json();
    expect(detail).toMatchObject({ active: false, mediators: [expect.objectContaining({ name: '周物业' })] });
  });
});

describe('who may', () => {
  it('needs a log-in; hides another county’s organizations; the admins and grid workers have no directory', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/mediation-orgs')).statusCode).toBe(401);
    expect((await anon.get(`/api/mediation-orgs/${township}`)).statusCode).toBe(401);
    const qihe = await t.login('dispatcher.qihe');
    expect((await qihe.get(`/api/mediation-orgs/${township}`)).statusCode).toBe(404);
    await expectRefused(
      t,
      (h) => qihe.post(`/api/mediation-orgs/${township}/mediators`, { name: '张某', specialties: [] }, h),
      { status: 404 },
    );
    for (const u of ['sysadmin', 'auditor', 'grid.shentou']) {
      const c = await t.login(u);
      expect((await c.get('/api/mediation-orgs')).statusCode, u).toBe(403);
      expect((await c.get(`/api/mediation-orgs/${township}`)).statusCode, u).toBe(404);
    }
    // a resident session is refused outright
    const resident = await t.resident('13800000001');
    expect((await resident.get('/api/mediation-orgs')).statusCode).toBe(403);
  });

  it('lets the dispatcher keep the rosters in scope only, and a mediator their own organization’s', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const body = { name: '李调解', specialties: ['labor'] };
    // the county's committee serves the township: readable, but kept by the county
    const county = (await dispatcher.get(`/api/mediation-orgs/${countyLabor}`)).json();
    expect(county.canManage).toBe(false);
    await expectRefused(t, (h) => dispatcher.post(`/api/mediation-orgs/${countyLabor}/mediators`, body, h), {
      status: 403,
    });
    const clerk = await t.login('clerk.shentou');
    expect((await clerk.get(`/api/mediation-orgs/${township}`)).json().canManage).toBe(false);
    await expectRefused(t, (h) => clerk.post(`/api/mediation-orgs/${township}/mediators`, body, h), {
      status: 403,
    });
    const lingcheng = await t.login('mediator.lingcheng');
    expect((await lingcheng.get(`/api/mediation-orgs/${township}`)).statusCode).toBe(404);
    const countyDispatcher = await t.login('dispatcher.lingcheng');
    const added = await countyDispatcher.post(`/api/mediation-orgs/${countyLabor}/mediators`, body);
    expect(added.statusCode, added.body).toBe(201);
    // the township mediator may not edit the county's entry
    const mediator = await t.login('mediator.shentou');
    await expectRefused(
      t,
      (h) => patch(mediator, `/api/mediators/${added.json().id}`, { active: false }, h),
      {
        status: 404,
      },
    );
    await expectRefused(
      t,
      (h) => patch(dispatcher, `/api/mediators/${added.json().id}`, { active: false }, h),
      {
        status: 403,
      },
    );
  });
});

describe('bad input', () => {
  it('refuses unknown specialties, bad phones, blank names, foreign accounts and empty changes', async () => {
    const dispatcher = await t.login('dispatcher.shentou');
    const url = `/api/mediation-orgs/${township}/mediators`;
    await expectRefused(t, (h) => dispatcher.post(url, { name: '张某', specialties: ['astrology'] }, h), {
      status: 422,
      code: 'mediation.unknown_specialty',
      en: /Unknown specialty/,
    });
    await expectRefused(
      t,
      (h) => dispatcher.post(url, { name: '张某', specialties: [], phone: '12345' }, h),
      {
        status: 400,
        code: 'mediation.bad_phone',
        en: /phone is not valid/,
      },
    );
    await expectRefused(t, (h) => dispatcher.post(url, { name: '  ', specialties: [] }, h), {
      status: 400,
      code: 'mediation.blank',
    });
    await expectRefused(
      t,
      async (h) => dispatcher.post(url, { userId: await userId('dept.shentou'), specialties: [] }, h),
      { status: 422, code: 'mediation.mediator_account', en: /not a mediator of this organization/ },
    );
    await expectRefused(
      t,
      async (h) => dispatcher.post(url, { userId: await userId('mediator.lingcheng'), specialties: [] }, h),
      { status: 422, code: 'mediation.mediator_account' },
    );
    await expectRefused(t, (h) => dispatcher.post(url, { name: '张某' }, h), { status: 400 });
    const added = await dispatcher.post(url, { name: '赵某', specialties: [] });
    expect(added.statusCode).toBe(201);
    const m = `/api/mediators/${added.json().id}`;
    await expectRefused(t, (h) => patch(dispatcher, m, {}, h), { status: 400 });
    await expectRefused(t, (h) => patch(dispatcher, m, { specialties: ['labor', 'nope'] }, h), {
      status: 422,
      code: 'mediation.unknown_specialty',
    });
    await expectRefused(t, (h) => patch(dispatcher, m, { name: ' ' }, h), {
      status: 400,
      code: 'mediation.blank',
    });
    await expectRefused(t, (h) => patch(dispatcher, `/api/mediators/not-an-id`, { active: false }, h), {
      status: 400,
    });
    await expectRefused(t, (h) => dispatcher.get('/api/mediation-orgs?kind=nope', h), { status: 400 });
  });
});
