import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { verifyLedger } from './verify-ledger.js';
import { PNG, multipart } from '../../../../test/helpers/multipart.js';

let t: TestApp;
let clerk: Client;
let dispatcher: Client;
let mediator: Client;
let justice: Client;
let countyLabor: Client;
let countyHrss: Client;
let grid: Client;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  dispatcher = await t.login('dispatcher.shentou');
  mediator = await t.login('mediator.shentou');
  justice = await t.login('dept.shentou');
  countyLabor = await t.login('mediator.lingcheng');
  countyHrss = await t.login('dept.lingcheng');
  grid = await t.login('grid.shentou');
});
afterAll(async () => t?.close());

async function register(by: Client = clerk, overrides: Record<string, unknown> = {}) {
  const res = await by.post('/api/cases', buildRegistration(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; caseNo: string; state: string };
}

/** Acts with the version the actor sees now, as a client would. */
async function act(by: Client, id: string, body: Record<string, unknown>) {
  const current = await by.get(`/api/cases/${id}`);
  expect(current.statusCode, current.body).toBe(200);
  const res = await by.post(`/api/cases/${id}/transitions`, { version: current.json().version, ...body });
  expect(res.statusCode, `${body.action}: ${res.body}`).toBe(200);
  t.advance(10_000); // sessions idle out after 30 minutes: keep the whole file well within
  return res.json();
}

async function ledgerOk() {
  const report = await verifyLedger(t.db.kysely, (s) => t.deps.crypto.sm3Hex(s));
  expect(report.problems).toEqual([]);
  return report;
}

describe('the closed loop over HTTP', () => {
  it('walks a case from registration to archive, with a timeline and an intact ledger', async () => {
    const c = await register();
    expect(c.caseNo).toMatch(/^371403105-20260315-\d{4}$/);
    expect(c.state).toBe('registered');
    const people = await t.unitId('371403105-people-mediation');
    const suggestion = await dispatcher.get(`/api/routing/suggest?category=neighbor&region=371403105200`);
    expect(suggestion.json().suggestion.unitId).toBe(people);

    await act(dispatcher, c.id, { action: 'assign', unitId: people, note: '分流交办' });
    const accepted = await act(mediator, c.id, { action: 'accept' });
    expect(accepted.state).toBe('in_progress');
    expect(accepted.ownerReleased).toBe(true);
    await act(mediator, c.id, { action: 'handle', note: '上门调解', method: 'visit' });
    await act(mediator, c.id, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
    await act(clerk, c.id, { action: 'follow_up', satisfaction: 'satisfied' });
    const archived = await act(clerk, c.id, { action: 'archive' });

    expect(archived.state).toBe('archived');
    expect(archived.version).toBe(7);
    expect(archived.timeline.map((e: { action: string }) => e.action)).toEqual([
      'register',
      'assign',
      'accept',
      'handle',
      'conclude',
      'follow_up',
      'archive',
    ]);
    expect(archived.timeline.map((e: { toState: string }) => e.toState)).toEqual([
      'registered',
      'assigned',
      'in_progress',
      'in_progress',
      'concluded',
      'followed_up',
      'archived',
    ]);
    expect(archived.timeline[1].actorUnitName).toBe('陵城区神头镇综治中心');
    const events = await t.db.kysely
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', c.id)
      .orderBy('seq')
      .execute();
    expect(events).toHaveLength(7);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prev_hash).toBe(events[i - 1]!.hash);
    await ledgerOk();
  });

  it('rejection (退回): the dispatcher upholds it and reassigns, or overrules it so the unit must handle', async () => {
    const a = await register();
    await act(dispatcher, a.id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    const rejected = await act(mediator, a.id, { action: 'reject', reason: '不属于本委员会受理范围' });
    expect(rejected.awaitingRuling).toBe(true);
    const upheld = await act(dispatcher, a.id, {
      action: 'rule_rejection',
      decision: 'uphold',
      unitId: await t.unitId('371403105-justice'),
      note: '改派司法所',
    });
    expect(upheld.state).toBe('assigned');
    expect(upheld.leadUnitId).toBe(await t.unitId('371403105-justice'));
    expect((await act(justice, a.id, { action: 'accept' })).state).toBe('in_progress');

    const b = await register();
    await act(dispatcher, b.id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    await act(mediator, b.id, { action: 'reject', reason: '人手不足' });
    const overruled = await act(dispatcher, b.id, {
      action: 'rule_rejection',
      decision: 'overrule',
      note: '属于职责范围，须办理',
    });
    expect(overruled.state).toBe('in_progress');
    expect(overruled.awaitingRuling).toBe(false);
    await ledgerOk();
  });

  it('transfer (转办) and co-handling (联办)', async () => {
    const c = await register(clerk, { categoryCode: 'labor' });
    await act(dispatcher, c.id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    await act(mediator, c.id, { action: 'accept' });
    const moved = await act(mediator, c.id, {
      action: 'transfer',
      unitId: await t.unitId('371403-labor-mediation'),
      reason: '劳动争议',
    });
    // the former lead is told the result, and nothing more: the case is no longer theirs
    expect(moved).toMatchObject({ state: 'assigned', visible: false });
    await act(countyLabor, c.id, { action: 'accept' });
    const joint = await act(dispatcher, c.id, {
      action: 'add_co_handler',
      unitId: await t.unitId('371403105-justice'),
    });
    expect(joint.units.map((u: { relation: string }) => u.relation).sort()).toEqual(['co_handler', 'lead']);
    await act(justice, c.id, { action: 'handle', note: '司法所协助释法' });
    // the former lead has no part in the case any more
    expect((await mediator.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    await ledgerOk();
  });

  it('escalation (吹哨): the village whistles to the township, summoned departments report in', async () => {
    const c = await register(grid, { channel: 'grid', regionCode: '371403105200001' });
    expect(c.state).toBe('registered');
    const v = await act(grid, c.id, { action: 'accept', note: '村级先行调处' });
    expect(v.handlingLevel).toBe('village');
    const whistled = await act(grid, c.id, {
      action: 'escalate',
      departmentUnitIds: [await t.unitId('371403105-justice'), await t.unitId('371403105-police')],
      reason: '村级调处未果',
    });
    expect(whistled.handlingLevel).toBe('township');
    expect(whistled.pendingReportIns).toBe(2);
    const reported = await act(justice, c.id, { action: 'report_in' });
    expect(reported.pendingReportIns).toBe(1);
    await act(justice, c.id, { action: 'handle', note: '司法所报到后参与调解' });

    // from township to county, naming a department stationed at the county center
    const d = await register();
    await act(dispatcher, d.id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    await act(mediator, d.id, { action: 'accept' });
    const up = await act(mediator, d.id, {
      action: 'escalate',
      departmentUnitIds: [await t.unitId('371403-hrss')],
      reason: '需县人社局参与',
    });
    expect(up.handlingLevel).toBe('county');
    await act(countyHrss, d.id, { action: 'report_in' });
    await ledgerOk();
  });

  it('adds evidence: the grid worker who registered, the handler; a leader only reads', async () => {
    const c = await register(grid, { channel: 'grid', regionCode: '371403105200001' });
    const upload = (by: Client) => {
      const { payload, headers } = multipart([
        { name: 'file', filename: '现场照片.png', type: 'image/png', data: PNG },
      ]);
      return by.request({ method: 'POST', url: `/api/cases/${c.id}/attachments`, payload, headers });
    };
    expect((await upload(grid)).statusCode).toBe(201);
    const leader = await t.login('leader.shentou');
    expect((await upload(leader)).statusCode).toBe(403);
    const detail = (await leader.get(`/api/cases/${c.id}`)).json();
    expect(detail.attachments).toHaveLength(1);
    const file = await leader.get(`/api/cases/${c.id}/attachments/${detail.attachments[0].id}`);
    expect(file.rawPayload.equals(PNG)).toBe(true);
  });

  it('withdrawal (撤回), decline (不予受理) and reopening (重办) after an unsatisfied follow-up', async () => {
    const w = await register();
    expect((await act(clerk, w.id, { action: 'withdraw', reason: '申请人自行和解' })).state).toBe(
      'withdrawn',
    );

    const d = await register();
    const declined = await act(clerk, d.id, {
      action: 'decline',
      legalGround: '已进入诉讼程序',
      guidance: 'litigation',
    });
    expect(declined.state).toBe('declined');
    const closed = await clerk.post(`/api/cases/${d.id}/transitions`, {
      version: declined.version,
      action: 'archive',
    });
    expect(closed.statusCode).toBe(409);

    const r = await register(clerk, {
      parties: [
        {
          role: 'applicant',
          name: '王五',
          phone: '13700001111',
          idNumber: makeIdNumber('371403', '19800202', '021'),
        },
      ],
    });
    await act(dispatcher, r.id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
    await act(mediator, r.id, { action: 'accept' });
    await act(mediator, r.id, {
      action: 'conclude',
      outcome: 'mediation_failed',
      summary: '调解不成',
      guidance: 'arbitration',
    });
    await act(clerk, r.id, { action: 'follow_up', satisfaction: 'unsatisfied', note: '不满意' });
    const reopened = await act(dispatcher, r.id, { action: 'reopen', reason: '重新办理' });
    expect(reopened.state).toBe('in_progress');
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.outcome).toBeNull();
    await ledgerOk();
  });
});
