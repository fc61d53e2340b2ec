// The list filters the console's inbox groups are built from (light, waits, a unit's relation),
// and what the case page reads to offer actions: allowedActions and the names of the units its
// timeline mentions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let units: { center: string; justice: string; mediation: string; countyHrss: string };

beforeAll(async () => {
  t = await createTestApp();
  units = {
    center: await t.unitId('371403105-center'),
    justice: await t.unitId('371403105-justice'),
    mediation: await t.unitId('371403105-people-mediation'),
    countyHrss: await t.unitId('371403-hrss'),
  };
});
afterAll(async () => t?.close());

// sessions idle out after 30 minutes of the test clock, and these tests move it by days
const as = (username: string) => t.login(username);

async function register(): Promise<string> {
  const res = await (await as('clerk.shentou')).post('/api/cases', buildRegistration());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function act(username: string, id: string, body: Record<string, unknown>) {
  const c = await as(username);
  const current = await c.get(`/api/cases/${id}`);
  const res = await c.post(`/api/cases/${id}/transitions`, { version: current.json().version, ...body });
  expect(res.statusCode, `${body.action}: ${res.body}`).toBe(200);
  return res.json();
}

async function ids(c: Client, query: string): Promise<string[]> {
  const res = await c.get(`/api/cases?limit=100&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((i) => i.id);
}

describe('list filters for the inbox', () => {
  it('light: each case is listed under the light its clock shows now', async () => {
    const old = await register();
    await act('dispatcher.shentou', old, { action: 'assign', unitId: units.justice });
    t.advance(60 * 24 * 3600_000);
    // four fifths of its time used: yellow
    const mid = await register();
    const assigned = await act('dispatcher.shentou', mid, { action: 'assign', unitId: units.justice });
    t.advance(Math.floor((Date.parse(assigned.deadlineAt) - t.deps.clock().getTime()) * 0.8));
    const fresh = await register();
    await act('dispatcher.shentou', fresh, { action: 'assign', unitId: units.justice });
    const leader = await as('leader.shentou');
    const all = (await leader.get('/api/cases?limit=100')).json().items as { id: string; light: string }[];
    for (const light of ['green', 'yellow', 'red']) {
      const listed = await ids(leader, `light=${light}`);
      expect(listed.sort()).toEqual(
        all
          .filter((i) => i.light === light)
          .map((i) => i.id)
          .sort(),
      );
    }
    expect(await ids(leader, 'light=red')).toContain(old);
    expect(await ids(leader, 'light=yellow')).toEqual([mid]);
    expect(await ids(leader, 'light=green')).toContain(fresh);
    expect(await ids(leader, 'light=red')).not.toContain(fresh);
  });

  it('awaitingRuling and extensionPending pick the cases waiting on a ruling or an approval', async () => {
    const rejected = await register();
    await act('dispatcher.shentou', rejected, { action: 'assign', unitId: units.mediation });
    await act('mediator.shentou', rejected, { action: 'reject', reason: '不属于本委员会受理范围' });
    const extended = await register();
    await act('dispatcher.shentou', extended, { action: 'assign', unitId: units.justice });
    await act('dept.shentou', extended, { action: 'accept' });
    await act('dept.shentou', extended, { action: 'request_extension', workingDays: 5, reason: '案情复杂' });

    const dispatcher = await as('dispatcher.shentou');
    expect(await ids(dispatcher, 'awaitingRuling=true')).toContain(rejected);
    expect(await ids(dispatcher, 'awaitingRuling=true')).not.toContain(extended);
    expect(await ids(dispatcher, 'state=assigned&awaitingRuling=false')).not.toContain(rejected);
    const supervisor = await as('supervisor.lingcheng');
    expect(await ids(supervisor, 'extensionPending=true')).toEqual(expect.arrayContaining([extended]));
    expect(await ids(supervisor, 'extensionPending=true')).not.toContain(rejected);
  });

  it('relation qualifies unit: lead, owner, summoned', async () => {
    const c = await register();
    const dispatcher = await as('dispatcher.shentou');
    expect(await ids(dispatcher, `unit=${units.center}&relation=owner&state=registered`)).toContain(c);
    expect(await ids(dispatcher, `unit=${units.center}&relation=lead`)).not.toContain(c);
    await act('dispatcher.shentou', c, { action: 'assign', unitId: units.justice });
    const justice = await as('dept.shentou');
    expect(await ids(justice, `unit=${units.justice}&relation=lead&state=assigned`)).toContain(c);
    expect(await ids(justice, `unit=${units.justice}&relation=summoned`)).not.toContain(c);
    await act('dept.shentou', c, { action: 'accept' });
    await act('dept.shentou', c, {
      action: 'escalate',
      departmentUnitIds: [units.countyHrss],
      reason: '需人社部门参与',
    });
    const hrss = await as('dept.lingcheng');
    expect(await ids(hrss, `unit=${units.countyHrss}&relation=summoned`)).toContain(c);
    expect(await ids(hrss, `unit=${units.countyHrss}&relation=lead&relation=co_handler`)).not.toContain(c);
  });

  it('refuses a relation without a unit and an unknown light, writing nothing', async () => {
    const c = await as('dispatcher.shentou');
    await expectRefused(t, (h) => c.get('/api/cases?relation=lead', h), {
      status: 400,
      zh: /unit/,
      en: /"unit" is required/,
    });
    await expectRefused(t, (h) => c.get('/api/cases?light=blue', h), { status: 400 });
  });
});

describe('the case detail tells the page what it may do', () => {
  it('allowedActions follow the caller, the state and the waits', async () => {
    const id = await register();
    const detail = async (username: string) => (await (await as(username)).get(`/api/cases/${id}`)).json();
    expect((await detail('dispatcher.shentou')).allowedActions).toEqual([
      'assign',
      'accept',
      'escalate',
      'decline',
    ]);
    expect((await detail('clerk.shentou')).allowedActions).toEqual([
      'accept',
      'escalate',
      'withdraw',
      'decline',
    ]);
    expect((await detail('leader.shentou')).allowedActions).toEqual([]);
    const assigned = await act('dispatcher.shentou', id, { action: 'assign', unitId: units.justice });
    // the answer to a transition is the detail as the actor now sees it
    expect(assigned.allowedActions).toEqual(['transfer', 'add_co_handler', 'escalate']);
    expect((await detail('dept.shentou')).allowedActions).toEqual([
      'accept',
      'reject',
      'transfer',
      'add_co_handler',
      'escalate',
    ]);
  });

  it('unitNames name the units the timeline mentions, also after they left the case', async () => {
    const id = await register();
    await act('dispatcher.shentou', id, { action: 'assign', unitId: units.mediation });
    await act('dispatcher.shentou', id, { action: 'transfer', unitId: units.justice, reason: '转司法所' });
    const d = (await (await as('dept.shentou')).get(`/api/cases/${id}`)).json();
    expect(d.unitNames[units.mediation]).toBe('神头镇人民调解委员会');
    expect(d.unitNames[units.justice]).toMatch(/司法所/);
    expect(d.units.map((u: { unitId: string }) => u.unitId)).not.toContain(units.mediation);
  });
});
