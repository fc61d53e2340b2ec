// Test helpers of the whistle suites: a grid-level case escalated to its township naming two
// departments (吹哨), the demo actors involved, and re-logging in after the clock moved by days.
import { expect } from 'vitest';
import { buildRegistration, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { verifyLedger } from '../cases/verify-ledger.js';

/** A grid of 神头镇 where grid.shentou works. */
export const GRID = '371403105200001';

export interface Actors {
  grid: Client;
  justice: Client; // dept.shentou: 司法所, a department of the township center
  clerk: Client;
  dispatcher: Client;
  mediator: Client;
  supervisor: Client;
  countySupervisor: Client;
  otherSupervisor: Client; // supervisor.xinhu: another county's township
  otherGrid: Client; // grid.xinhu
  leader: Client;
  sysadmin: Client;
}

/** Logs every actor in again: sessions idle out after 30 minutes of the test clock. */
export async function loginAll(t: TestApp): Promise<Actors> {
  return {
    grid: await t.login('grid.shentou'),
    justice: await t.login('dept.shentou'),
    clerk: await t.login('clerk.shentou'),
    dispatcher: await t.login('dispatcher.shentou'),
    mediator: await t.login('mediator.shentou'),
    supervisor: await t.login('supervisor.shentou'),
    countySupervisor: await t.login('supervisor.lingcheng'),
    otherSupervisor: await t.login('supervisor.xinhu'),
    otherGrid: await t.login('grid.xinhu'),
    leader: await t.login('leader.shentou'),
    sysadmin: await t.login('sysadmin'),
  };
}

/** Acts with the version the actor sees now, as a client would. */
export async function act(t: TestApp, by: Client, id: string, body: Record<string, unknown>) {
  const current = await by.get(`/api/cases/${id}`);
  expect(current.statusCode, current.body).toBe(200);
  const res = await by.post(`/api/cases/${id}/transitions`, { version: current.json().version, ...body });
  expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
  t.advance(1000);
  return res.json();
}

export async function departments(t: TestApp) {
  return {
    justice: await t.unitId('371403105-justice'),
    police: await t.unitId('371403105-police'),
  };
}

/** A grid-level case of grid.shentou, taken on by the grid and escalated to the township (two departments). */
export async function whistledCase(t: TestApp, a: Actors) {
  const res = await a.grid.post('/api/cases', buildRegistration({ channel: 'grid', regionCode: GRID }));
  expect(res.statusCode, res.body).toBe(201);
  const c = res.json() as { id: string; caseNo: string };
  await act(t, a.grid, c.id, { action: 'accept', note: '村级先行调处' });
  const d = await departments(t);
  const whistled = await act(t, a.grid, c.id, {
    action: 'escalate',
    departmentUnitIds: [d.justice, d.police],
    reason: '村级调处未果，请司法所、派出所报到',
  });
  expect(whistled.handlingLevel).toBe('township');
  expect(whistled.pendingReportIns).toBe(2);
  return { ...c, ...d };
}

export async function expectLedgerOk(t: TestApp) {
  const report = await verifyLedger(t.db.kysely, (s) => t.deps.crypto.sm3Hex(s));
  expect(report.problems).toEqual([]);
  return report;
}

/** Moves the clock to just past an instant. */
export function advancePast(t: TestApp, at: Date | string) {
  const ms = new Date(at).getTime() - t.deps.clock().getTime() + 60_000;
  if (ms > 0) t.advance(ms);
}
