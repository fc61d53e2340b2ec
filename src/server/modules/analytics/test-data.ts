// Test data for the analytics suites: staff acting through the services (no session, so the test
// clock may move by days), and a small hand-made month of cases and grid reports in 陵城区 whose
// figures the suites compute by hand. Not a test file itself.
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../../../test/helpers/test-app.js';
import { buildRegistration } from '../../../../test/helpers/test-app.js';
import type { AuthContext } from '../auth/auth.service.js';
import { registerCase } from '../cases/register-case.js';
import { transitionCase } from '../cases/transition-case.js';
import { concludeReport, createReport } from '../grid/grid-reports.service.js';

export type StaffContext = Extract<AuthContext, { kind: 'staff' }>;

/** A staff member as the services see one, read from the demo accounts. */
export async function staff(t: TestApp, username: string): Promise<StaffContext> {
  const u = await t.db.kysely
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'unit_id', 'scope_code'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return {
    kind: 'staff',
    tokenHash: '',
    user: {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      unitId: u.unit_id,
      unitName: null,
      scopeCode: u.scope_code,
      scopeName: null,
      mustChangePassword: false,
    },
    actor: { role: u.role, userId: u.id, unitId: u.unit_id, scopeCode: u.scope_code },
  };
}

/** Moves the test clock to an instant (the script below only goes forward). */
export function setNow(t: TestApp, iso: string): void {
  t.advance(new Date(iso).getTime() - t.deps.clock().getTime());
}

/** 10:00 CST of a March (or other) 2026 day given as MM-DD. */
const at = (mmdd: string, hhmm = '10:00') => `2026-${mmdd}T${hhmm}:00+08:00`;

export const VILLAGE_A = '371403105200'; // 神头镇神头街村
export const VILLAGE_B = '371403105207'; // 神头镇祖家屯村
export const OTHER_TOWNSHIP_VILLAGE = '371403001003'; // 陵城区安德街道
export const OTHER_COUNTY_VILLAGE = '371402001001'; // 德城区新湖街道
export const GRID = '371403105200001';
/** The end of the script, when "now" figures are read. */
export const NOW = at('04-30');

export interface HandMade {
  ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I', string>;
  units: { people: string; justice: string; shentouCenter: string; countyCenter: string };
}

/**
 * The month (March 2026) the figures are computed by hand from:
 * - G: registered 02-27 (神头街), concluded 03-03 with an agreement, on time (people's mediation)
 * - A: registered 03-02 00:30 CST (神头街), agreement 03-05 on time, satisfied 03-06, archived
 * - B: labor, hotline, 03-03 (神头街), justice office, mediation failed 03-30 (late), basically satisfied
 * - C: petition, 03-10 (祖家屯), other resolution 03-12, unsatisfied, reopened 03-14, agreement 03-18
 * - D: 03-15 (祖家屯), withdrawn 03-16; E: 03-20 (神头街), declined the same day
 * - F: labor, 03-25 (神头街), justice office accepted, open and past its deadline at NOW
 * - H: property, 03-05, registered by the county center at 安德街道, open without a clock
 * - I: 德城区, 03-05: outside 陵城区
 * Grid reports at 神头街第1网格: fire 03-04 resolved on the spot; traffic 03-06 concluded 03-09;
 * environment 03-10 concluded 04-20 (late); other 03-28 still open at NOW (overdue).
 */
export async function seedHandMade(t: TestApp): Promise<HandMade> {
  const clerk = await staff(t, 'clerk.shentou');
  const dispatcher = await staff(t, 'dispatcher.shentou');
  const mediator = await staff(t, 'mediator.shentou');
  const justice = await staff(t, 'dept.shentou');
  const countyClerk = await staff(t, 'clerk.lingcheng');
  const dechengClerk = await staff(t, 'clerk.decheng');
  const grid = await staff(t, 'grid.shentou');
  const units = {
    people: mediator.user.unitId!,
    justice: justice.user.unitId!,
    shentouCenter: clerk.user.unitId!,
    countyCenter: countyClerk.user.unitId!,
  };
  const versions = new Map<string, number>();
  const register = async (auth: AuthContext, o: Record<string, unknown>) => {
    const c = await registerCase(t.deps, auth, buildRegistration(o) as never, { ip: null });
    versions.set(c.id, 1);
    return c.id;
  };
  const act = async (auth: AuthContext, id: string, command: Record<string, unknown>) => {
    const r = await transitionCase(t.deps, {
      auth,
      caseId: id,
      expectedVersion: versions.get(id)!,
      command: command as never,
      ip: null,
    });
    versions.set(id, r.version);
  };
  const handle = async (id: string, unit: 'people' | 'justice') => {
    await act(dispatcher, id, { action: 'assign', unitId: units[unit] });
    await act(unit === 'people' ? mediator : justice, id, { action: 'accept' });
  };
  const report = async (type: string, onSite = false) => {
    const r = await createReport(
      t.deps,
      grid,
      {
        clientKey: randomUUID(),
        type: type as never,
        regionCode: GRID,
        description: '巡查发现隐患',
        ...(onSite ? { resolvedOnSite: true } : {}),
      },
      null,
    );
    return r.report.id;
  };
  const ids = {} as HandMade['ids'];

  setNow(t, at('02-27'));
  ids.G = await register(clerk, { regionCode: VILLAGE_A });
  await handle(ids.G, 'people');
  setNow(t, at('03-02', '00:30'));
  ids.A = await register(clerk, { regionCode: VILLAGE_A });
  setNow(t, at('03-02'));
  await handle(ids.A, 'people');
  setNow(t, at('03-03'));
  ids.B = await register(clerk, { regionCode: VILLAGE_A, categoryCode: 'labor', channel: 'hotline' });
  await handle(ids.B, 'justice');
  setNow(t, at('03-03', '11:00'));
  await act(mediator, ids.G, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
  setNow(t, at('03-04'));
  await report('fire', true);
  setNow(t, at('03-05'));
  await act(mediator, ids.A, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
  setNow(t, at('03-05', '11:00'));
  ids.H = await register(countyClerk, { regionCode: OTHER_TOWNSHIP_VILLAGE, categoryCode: 'property' });
  ids.I = await register(dechengClerk, { regionCode: OTHER_COUNTY_VILLAGE });
  setNow(t, at('03-06'));
  await act(clerk, ids.A, { action: 'follow_up', satisfaction: 'satisfied' });
  const traffic = await report('traffic');
  setNow(t, at('03-07'));
  await act(clerk, ids.A, { action: 'archive' });
  setNow(t, at('03-09'));
  await concludeReport(t.deps, dispatcher, traffic, { result: '已疏导' }, null);
  setNow(t, at('03-10'));
  ids.C = await register(clerk, { regionCode: VILLAGE_B, channel: 'petition' });
  await handle(ids.C, 'people');
  const environment = await report('environment');
  setNow(t, at('03-12'));
  await act(mediator, ids.C, { action: 'conclude', outcome: 'other_resolution', summary: '说明解释' });
  setNow(t, at('03-13'));
  await act(clerk, ids.C, { action: 'follow_up', satisfaction: 'unsatisfied' });
  setNow(t, at('03-14'));
  await act(dispatcher, ids.C, { action: 'reopen', reason: '群众不满意，重新办理' });
  setNow(t, at('03-15'));
  ids.D = await register(clerk, { regionCode: VILLAGE_B });
  setNow(t, at('03-16'));
  await act(clerk, ids.D, { action: 'withdraw', reason: '申请人自行和解' });
  setNow(t, at('03-18'));
  await act(mediator, ids.C, { action: 'conclude', outcome: 'mediated_agreement', summary: '达成协议' });
  setNow(t, at('03-20'));
  ids.E = await register(clerk, { regionCode: VILLAGE_A });
  await act(clerk, ids.E, { action: 'decline', legalGround: '已进入诉讼程序', guidance: 'litigation' });
  setNow(t, at('03-25'));
  ids.F = await register(clerk, { regionCode: VILLAGE_A, categoryCode: 'labor' });
  await handle(ids.F, 'justice');
  setNow(t, at('03-28'));
  await report('other');
  setNow(t, at('03-30'));
  await act(justice, ids.B, {
    action: 'conclude',
    outcome: 'mediation_failed',
    summary: '调解不成',
    guidance: 'arbitration',
  });
  setNow(t, at('03-31'));
  await act(clerk, ids.B, { action: 'follow_up', satisfaction: 'basically_satisfied' });
  setNow(t, at('04-20'));
  await concludeReport(t.deps, dispatcher, environment, { result: '已整改' }, null);
  setNow(t, NOW);
  return { ids, units };
}
