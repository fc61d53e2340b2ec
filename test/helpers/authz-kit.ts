// Shared by the authorization suites (src/server/modules/cases/cases.authz.test.ts and
// cases.policy-http.test.ts): log-ins for many accounts, a valid body for every action, and the
// caller's whole case listing.
import { expect } from 'vitest';
import { ACTIONS, type Action } from '../../src/core/workflow/policy.js';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-accounts.js';
import { currentTotp, type Client, type TestApp } from './test-app.js';

export type Transition = Exclude<Action, 'register'>;
/** Every action a transition can carry (all but register). */
export const TRANSITIONS = ACTIONS.filter((a): a is Transition => a !== 'register');

/**
 * Logs a demo account in from its own address `10.<net>.x.y`: the log-in route allows 10
 * attempts a minute per address, and these suites sign in dozens of accounts.
 */
export async function loginFrom(t: TestApp, username: string, n: number, net = 9): Promise<Client> {
  const totpCode = await currentTotp(t, username);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD, ...(totpCode ? { totpCode } : {}) },
    remoteAddress: `10.${net}.${n >> 8}.${n & 255}`,
  });
  expect(res.statusCode, `${username}: ${res.body}`).toBe(200);
  const c: Client = {
    cookie: res.cookies.map((k) => `${k.name}=${k.value}`).join('; '),
    csrf: res.json().csrfToken,
    request: (opts) =>
      t.app.inject({
        ...opts,
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(opts.headers ?? {}) },
      }),
    get: (url, headers) => c.request({ method: 'GET', url, headers }),
    post: (url, payload, headers) => c.request({ method: 'POST', url, payload: payload as string, headers }),
  };
  return c;
}

/** Units that make a body valid for a case: of its township, and one level above its handling. */
export interface BodyUnits {
  mediation: string;
  justice: string;
  police: string;
  /** a department stationed at the next level up (for escalate) */
  above: string;
}

/** A complete, valid transition body for `action` (units exist and fit the case's place). */
export function transitionBody(
  action: Transition,
  units: BodyUnits,
  version: number,
): Record<string, unknown> {
  const bodies: Record<Transition, Record<string, unknown>> = {
    assign: { unitId: units.mediation, note: '分流交办' },
    accept: {},
    reject: { reason: '不属于本单位职责' },
    rule_rejection: { decision: 'uphold', unitId: units.justice, note: '改派' },
    transfer: { unitId: units.justice, reason: '转司法所' },
    add_co_handler: { unitId: units.police, note: '联办' },
    escalate: { departmentUnitIds: [units.above], reason: '需上级部门参与' },
    report_in: { note: '报到' },
    handle: { note: '上门调解', method: 'visit' },
    pause_clock: { reason: '等待当事人' },
    resume_clock: {},
    request_extension: { workingDays: 5, reason: '案情复杂' },
    rule_extension: { approved: true, note: '同意' },
    conclude: { outcome: 'mediated_agreement', summary: '达成协议' },
    follow_up: { satisfaction: 'satisfied' },
    reopen: { reason: '重新办理' },
    archive: {},
    withdraw: { reason: '自行和解' },
    decline: { legalGround: '已进入诉讼程序', guidance: 'litigation' },
  };
  return { action, version, ...bodies[action] };
}

/** The units of a township place for transitionBody; `above` is given by the caller. */
export async function townshipUnits(t: TestApp, township: string, aboveCode: string): Promise<BodyUnits> {
  return {
    mediation: await t.unitId(`${township}-people-mediation`),
    justice: await t.unitId(`${township}-justice`),
    police: await t.unitId(`${township}-police`),
    above: await t.unitId(aboveCode),
  };
}

/** Every case id of the caller's listing (with extra `&…` filters), paging through with `cursor`. */
export async function listAll(client: Client, filters = '', limit = 3): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(`/api/cases?limit=${limit}${filters}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
  } while (cursor);
  expect(new Set(ids).size, 'a case listed twice while paging').toBe(ids.length);
  return ids;
}
