// Mediation on a case: the first story of the article end to end (陵城区神头镇: a worker injured
// at a company, a joint team of three units, two sessions, an agreement whose QR check says
// genuine until its ledger entry is altered), then who may (401/403/404) and bad input (4xx in
// both languages, nothing written).
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { pdfText } from '../../../../test/helpers/pdf-text.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let dispatcher: Client;
let mediator: Client;

const HOUR = 3600_000;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  dispatcher = await t.login('dispatcher.shentou');
  mediator = await t.login('mediator.shentou');
});
afterAll(async () => t?.close());

const put = (c: Client, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  c.request({ method: 'PUT', url, payload: payload as string, headers });

async function userId(username: string): Promise<string> {
  const u = await t.db.kysely
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return u.id;
}

async function act(by: Client, id: string, body: Record<string, unknown>) {
  const current = (await by.get(`/api/cases/${id}`)).json();
  const res = await by.post(`/api/cases/${id}/transitions`, { version: current.version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A labor-injury case of 神头镇 assigned to its people's mediation committee, accepted by it. */
async function laborCase(): Promise<{ id: string; caseNo: string }> {
  // afresh: the test clock moves on and idles sessions out
  clerk = await t.login('clerk.shentou');
  dispatcher = await t.login('dispatcher.shentou');
  mediator = await t.login('mediator.shentou');
  const created = await clerk.post(
    '/api/cases',
    buildRegistration({
      categoryCode: 'labor',
      regionCode: '371403105',
      description: '申请人在某公司工作期间受伤，公司与申请人对工伤赔偿数额分歧较大，多次协商未果。',
      parties: [
        { role: 'applicant', name: '张三', phone: '13812345678' },
        { role: 'respondent', kind: 'organization', name: '德州某机械制造有限公司' },
      ],
    }),
  );
  expect(created.statusCode, created.body).toBe(201);
  const id: string = created.json().id;
  await act(dispatcher, id, { action: 'assign', unitId: await t.unitId('371403105-people-mediation') });
  const c = await act(mediator, id, { action: 'accept' });
  return { id, caseNo: c.caseNo };
}

async function team() {
  return {
    orgUnitId: await t.unitId('371403105-people-mediation'),
    leadMediatorId: await userId('mediator.shentou'),
    members: [
      { userId: await userId('dept.shentou'), role: '司法所工作人员' },
      { name: '赵仲裁', unitId: await t.unitId('371403-hrss'), role: '劳动仲裁专家' },
      { name: '孙经理', role: '企业代表' },
      { name: '钱师傅', role: '职工代表' },
    ],
  };
}

const agreementBody = {
  parties: [
    { role: 'applicant', name: '张三' },
    { role: 'respondent', name: '德州某机械制造有限公司', representative: '孙经理' },
  ],
  facts:
    '申请人在被申请人处工作期间受伤，双方对工伤赔偿数额有争议，经司法所、劳动仲裁专家、企业代表和职工代表联合调解。',
  terms: [
    '被申请人于履行期限内一次性支付申请人工伤赔偿金人民币捌万元整（80,000 元）。',
    '申请人收到上述款项后，双方就本次工伤纠纷再无其他争议。',
  ],
  performanceDeadline: '2026-04-30',
  place: '神头镇综治中心调解室',
};

/**
 * Someone with the owner's rights rewrites history: in the owner's maintenance session, which the
 * append-only triggers (0015) let through and which is meaningless where there are none.
 */
async function tamper(query: RawBuilder<unknown>) {
  await t.db.asOwner((owner) =>
    owner.kysely.transaction().execute(async (trx) => {
      await sql`select set_config('yimen.maintenance', 'on', true)`.execute(trx);
      await query.execute(trx);
    }),
  );
}

async function ledger(id: string) {
  return t.db.kysely
    .selectFrom('case_events')
    .select(['seq', 'action', 'payload'])
    .where('case_id', '=', id)
    .orderBy('seq')
    .execute();
}

describe('the first story: a joint mediation team at 神头镇 reaches a signed agreement', () => {
  it('team of three units, two sessions, an agreement PDF in Chinese that verifies until altered', async () => {
    const c = await laborCase();
    const orgId = await t.unitId('371403105-people-mediation');

    // suggestions: the organizations on the case's place path with their mediators' load
    const sug = await dispatcher.get(`/api/cases/${c.id}/mediation/suggestions`);
    expect(sug.statusCode, sug.body).toBe(200);
    const items = sug.json().items;
    // by category first (the routing rules send labor disputes to the county's labor committee)
    expect(items[0]).toMatchObject({ unitId: await t.unitId('371403-labor-mediation'), byCategory: true });
    const township = items.find((i: { unitId: string }) => i.unitId === orgId);
    expect(township).toMatchObject({ handlesCase: true, regionCode: '371403105' });
    const lead = await userId('mediator.shentou');
    const before = township.mediators.find((x: { userId: string }) => x.userId === lead).openCases;

    // the township center forms the joint team
    const assigned = await put(dispatcher, `/api/cases/${c.id}/mediation`, await team());
    expect(assigned.statusCode, assigned.body).toBe(200);
    const m = assigned.json().mediation;
    expect(m.orgName).toBe('神头镇人民调解委员会');
    expect(m.members.map((x: { role: string }) => x.role)).toEqual(
      expect.arrayContaining(['司法所工作人员', '劳动仲裁专家', '企业代表', '职工代表']),
    );
    const units = new Set([m.orgUnitId, ...m.members.map((x: { unitId: string | null }) => x.unitId)]);
    units.delete(null);
    expect(units.size).toBe(3);
    // the mediator's load counts this case now
    const after = (await dispatcher.get(`/api/cases/${c.id}/mediation/suggestions`)).json().items;
    const again = after.find((i: { unitId: string }) => i.unitId === orgId);
    expect(again.mediators.find((x: { userId: string }) => x.userId === lead).openCases).toBe(before + 1);

    // session 1, in person: no agreement yet
    const participants = m.members.map((x: { id: string; name: string; role: string }) => ({
      memberId: x.id,
      name: x.name,
      role: x.role,
    }));
    const s1 = await mediator.post(`/api/cases/${c.id}/mediation/sessions`, {
      scheduledAt: new Date(t.deps.clock().getTime() + 24 * HOUR).toISOString(),
      place: '神头镇综治中心调解室',
      participants,
    });
    expect(s1.statusCode, s1.body).toBe(201);
    expect(s1.json()).toMatchObject({ n: 1, status: 'scheduled' });
    t.advance(25 * HOUR);
    mediator = await t.login('mediator.shentou');
    const r1 = await mediator.post(`/api/mediation-sessions/${s1.json().id}/record`, {
      attendance: participants.map((p: { name: string }) => ({ name: p.name, present: true })),
      minutes: '第一次调解：释法明理，双方对赔偿数额仍有分歧。',
      outcome: 'continue',
    });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ status: 'held', outcome: 'continue' });

    // session 2, by video: agreement
    const s2 = await mediator.post(`/api/cases/${c.id}/mediation/sessions`, {
      scheduledAt: new Date(t.deps.clock().getTime() + 48 * HOUR).toISOString(),
      videoUrl: 'https://meet.example.cn/room/371403105',
      participants,
    });
    expect(s2.statusCode, s2.body).toBe(201);
    expect(s2.json().n).toBe(2);
    t.advance(49 * HOUR);
    mediator = await t.login('mediator.shentou');
    const r2 = await mediator.post(`/api/mediation-sessions/${s2.json().id}/record`, {
      attendance: participants.map((p: { name: string }, i: number) => ({ name: p.name, present: i !== 3 })),
      minutes: '第二次调解：双方就赔偿数额和支付方式达成一致。',
      outcome: 'agreement',
    });
    expect(r2.statusCode, r2.body).toBe(200);

    // the agreement
    const made = await mediator.post(`/api/cases/${c.id}/mediation/agreements`, agreementBody);
    expect(made.statusCode, made.body).toBe(201);
    const agreement = made.json();
    expect(agreement.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(agreement.verifyUrl).toBe(
      `${t.deps.config.publicUrl}/verify/agreements/${agreement.id}?d=${agreement.digest}`,
    );

    const file = await mediator.get(`/api/mediation-agreements/${agreement.id}/pdf`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const pdf = file.rawPayload;
    expect(t.deps.crypto.sm3Hex(pdf)).toBe(agreement.pdfDigest);
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const s of [
      '人民调解协议书',
      '申请人：张三',
      '被申请人：德州某机械制造有限公司',
      '劳动仲裁专家：赵仲裁',
      '企业代表：孙经理',
      '职工代表：钱师傅',
      '一、被申请人于履行期限内一次性支付申请人工伤赔偿金人民币捌万元整（80,000元）。',
      '二、申请人收到上述款项后，双方就本次工伤纠纷再无其他争议。',
      '2026年4月30日前履行完毕',
      c.caseNo,
    ]) {
      expect(text).toContain(s);
    }

    // the ledger holds the whole story as record events
    const actions = (await ledger(c.id)).map((e) => e.action);
    expect(actions.slice(-6)).toEqual([
      'mediation_assigned',
      'mediation_session_scheduled',
      'mediation_session_held',
      'mediation_session_scheduled',
      'mediation_session_held',
      'mediation_agreement',
    ]);
    const last = (await ledger(c.id)).at(-1)!;
    expect(last.payload).toMatchObject({ agreement_id: agreement.id, digest: agreement.digest });
    // nothing personal on the ledger: no member names, no minutes
    expect(JSON.stringify(await ledger(c.id))).not.toMatch(/赵仲裁|钱师傅|释法明理/);

    // the public check (no log-in): genuine, with the case number and date only
    const anon = t.anonymous();
    const path = `/verify/agreements/${agreement.id}?d=${agreement.digest}`;
    const page = await anon.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-genuine="true"');
    expect(page.body).toContain('真实有效，未被改动');
    expect(page.body).toContain(c.caseNo);
    expect(page.body).not.toContain('张三');
    const json = await anon.get(`/api${path}`);
    expect(json.json()).toEqual({ genuine: true, caseNo: c.caseNo, date: expect.any(String) });
    // a wrong digest is not genuine
    const wrong = await anon.get(`/api/verify/agreements/${agreement.id}?d=${'0'.repeat(64)}`);
    expect(wrong.json()).toEqual({ genuine: false, caseNo: null, date: null });

    // someone with the owner's rights alters the agreement's ledger entry: not genuine any more
    await tamper(
      sql`update case_events set payload = jsonb_set(payload, '{terms}', '9'::jsonb) where case_id = ${c.id} and action = 'mediation_agreement'`,
    );
    const tampered = await anon.get(path);
    expect(tampered.body).toContain('data-genuine="false"');
    expect(tampered.body).toContain('无法核验');
    expect(tampered.body).not.toContain(c.caseNo);
    expect((await anon.get(`/api${path}`)).json()).toEqual({ genuine: false, caseNo: null, date: null });
  });

  it('an agreement whose stored text was changed is not genuine, though its ledger is intact', async () => {
    const c = await laborCase();
    mediator = await t.login('mediator.shentou');
    dispatcher = await t.login('dispatcher.shentou');
    expect((await put(dispatcher, `/api/cases/${c.id}/mediation`, await team())).statusCode).toBe(200);
    const s = await mediator.post(`/api/cases/${c.id}/mediation/sessions`, {
      scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
      place: '神头镇综治中心调解室',
      participants: [{ name: '张三', role: '申请人' }],
    });
    t.advance(2 * HOUR);
    mediator = await t.login('mediator.shentou');
    await mediator.post(`/api/mediation-sessions/${s.json().id}/record`, {
      attendance: [{ name: '张三', present: true }],
      minutes: '达成一致。',
      outcome: 'agreement',
    });
    const a = (await mediator.post(`/api/cases/${c.id}/mediation/agreements`, agreementBody)).json();
    const path = `/api/verify/agreements/${a.id}?d=${a.digest}`;
    expect((await t.anonymous().get(path)).json().genuine).toBe(true);
    await tamper(
      sql`update mediation_agreements set content = jsonb_set(content, '{terms,0}', '"被申请人支付捌元"') where id = ${a.id}`,
    );
    expect((await t.anonymous().get(path)).json().genuine).toBe(false);
  });
});

describe('who may', () => {
  it('needs a log-in for the mediation routes but not for the check', async () => {
    const c = await laborCase();
    const anon = t.anonymous();
    expect((await anon.get(`/api/cases/${c.id}/mediation`)).statusCode).toBe(401);
    expect((await put(anon, `/api/cases/${c.id}/mediation`, await team())).statusCode).toBe(401);
    const unknown = await anon.get(`/api/verify/agreements/0195f000-0000-7000-8000-000000000001?d=x`);
    expect(unknown.json()).toEqual({ genuine: false, caseNo: null, date: null });
    // the page: in English on request; a malformed link is simply not genuine
    const page = await anon.get('/verify/agreements/not-an-id?d=x', { 'accept-language': 'en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-genuine="false"');
    expect(page.body).toContain('Not genuine');
    // suggestions are for those who may form the team
    await expectRefused(t, (h) => clerk.get(`/api/cases/${c.id}/mediation/suggestions`, h), { status: 403 });
  });

  it('lets the dispatcher in scope or the handling organization form the team; not a clerk or another township', async () => {
    const c = await laborCase();
    const body = await team();
    await expectRefused(t, (h) => put(clerk, `/api/cases/${c.id}/mediation`, body, h), { status: 403 });
    // a dispatcher of another county does not even see the case
    const elsewhere = await t.login('dispatcher.qihe');
    expect((await put(elsewhere, `/api/cases/${c.id}/mediation`, body)).statusCode).toBe(404);
    expect((await put(mediator, `/api/cases/${c.id}/mediation`, body)).statusCode).toBe(200);
  });

  it('lets only the team hold sessions: a department outside the case gets 404, a non-member 403', async () => {
    const c = await laborCase();
    dispatcher = await t.login('dispatcher.shentou');
    const body = await team();
    // a team without the lead mediator's colleague: the lead is mediator.shentou; dept.shentou is
    // a member but its unit does not handle the case, so it cannot read it
    expect((await put(dispatcher, `/api/cases/${c.id}/mediation`, body)).statusCode).toBe(200);
    const session = {
      scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
      place: '神头镇综治中心',
      participants: [{ name: '张三', role: '申请人' }],
    };
    const dept = await t.login('dept.shentou');
    expect((await dept.post(`/api/cases/${c.id}/mediation/sessions`, session)).statusCode).toBe(404);
    // the dispatcher may read the case but does not mediate
    await expectRefused(t, (h) => dispatcher.post(`/api/cases/${c.id}/mediation/sessions`, session, h), {
      status: 403,
    });
    // a case with no team yet: the handling mediator is told so
    const bare = await laborCase();
    mediator = await t.login('mediator.shentou');
    await expectRefused(t, (h) => mediator.post(`/api/cases/${bare.id}/mediation/sessions`, session, h), {
      status: 409,
      code: 'mediation.none',
      en: /No mediation team/,
    });
  });
  it('refuses a mediator whose unit co-handles the case but who is not on the team (403)', async () => {
    const c = await laborCase();
    await act(dispatcher, c.id, {
      action: 'add_co_handler',
      unitId: await t.unitId('371403-labor-mediation'),
      note: '邀请劳动仲裁专家参与',
    });
    expect((await put(dispatcher, `/api/cases/${c.id}/mediation`, await team())).statusCode).toBe(200);
    const county = await t.login('mediator.lingcheng');
    // they read the case and its mediation …
    const view = await county.get(`/api/cases/${c.id}/mediation`);
    expect(view.statusCode).toBe(200);
    expect(view.json().mediation.leadMediatorId).toBe(await userId('mediator.shentou'));
    // … but do not hold its sessions
    const session = {
      scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
      place: '神头镇综治中心',
      participants: [{ name: '张三', role: '申请人' }],
    };
    await expectRefused(t, (h) => county.post(`/api/cases/${c.id}/mediation/sessions`, session, h), {
      status: 403,
      code: 'forbidden',
      en: /Only members of the case’s mediation team/,
    });
  });

  it('serves an agreement PDF only to those who may read the case', async () => {
    const [a] = await t.db.kysely.selectFrom('mediation_agreements').select('id').limit(1).execute();
    const elsewhere = await t.login('dispatcher.qihe');
    expect((await elsewhere.get(`/api/mediation-agreements/${a!.id}/pdf`)).statusCode).toBe(404);
    expect((await t.anonymous().get(`/api/mediation-agreements/${a!.id}/pdf`)).statusCode).toBe(401);
    const township = await t.login('dispatcher.shentou');
    expect((await township.get(`/api/mediation-agreements/${a!.id}/pdf`)).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it('refuses a team that is not the handling organization or whose lead is no mediator of it', async () => {
    const c = await laborCase();
    dispatcher = await t.login('dispatcher.shentou');
    const body = await team();
    await expectRefused(
      t,
      async (h) =>
        put(
          dispatcher,
          `/api/cases/${c.id}/mediation`,
          { ...body, orgUnitId: await t.unitId('371403-labor-mediation') },
          h,
        ),
      { status: 422, code: 'mediation.org_not_handling', en: /does not handle this case/ },
    );
    await expectRefused(
      t,
      async (h) =>
        put(
          dispatcher,
          `/api/cases/${c.id}/mediation`,
          { ...body, orgUnitId: await t.unitId('371403105-justice') },
          h,
        ),
      { status: 422, code: 'mediation.not_org', en: /not a mediation organization/ },
    );
    await expectRefused(
      t,
      async (h) =>
        put(
          dispatcher,
          `/api/cases/${c.id}/mediation`,
          { ...body, leadMediatorId: await userId('dept.shentou') },
          h,
        ),
      { status: 422, code: 'mediation.not_mediator', en: /lead mediator/ },
    );
    await expectRefused(
      t,
      (h) =>
        put(
          dispatcher,
          `/api/cases/${c.id}/mediation`,
          { ...body, members: [{ name: '  ', role: '企业代表' }] },
          h,
        ),
      { status: 400, code: 'mediation.blank', en: /must not be blank/ },
    );
    await expectRefused(t, (h) => put(dispatcher, `/api/cases/${c.id}/mediation`, { orgUnitId: 'x' }, h), {
      status: 400,
    });
  });

  it('refuses sessions without place or link, in the past, recorded twice or early; agreements without one', async () => {
    const c = await laborCase();
    dispatcher = await t.login('dispatcher.shentou');
    mediator = await t.login('mediator.shentou');
    expect((await put(dispatcher, `/api/cases/${c.id}/mediation`, await team())).statusCode).toBe(200);
    const base = {
      scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
      participants: [{ name: '张三', role: '申请人' }],
    };
    const url = `/api/cases/${c.id}/mediation/sessions`;
    await expectRefused(t, (h) => mediator.post(url, base, h), {
      status: 400,
      code: 'mediation.place_or_video',
      en: /place or a video-call link/,
    });
    await expectRefused(
      t,
      (h) =>
        mediator.post(
          url,
          { ...base, place: '调解室', scheduledAt: new Date(t.deps.clock().getTime() - HOUR).toISOString() },
          h,
        ),
      { status: 422, code: 'mediation.session_in_past', en: /in the future/ },
    );
    await expectRefused(t, (h) => mediator.post(url, { ...base, place: '调解室', participants: [] }, h), {
      status: 400,
    });
    const s = await mediator.post(url, { ...base, place: '调解室' });
    expect(s.statusCode).toBe(201);
    const record = {
      attendance: [{ name: '张三', present: true }],
      minutes: '达成一致。',
      outcome: 'agreement',
    };
    const recordUrl = `/api/mediation-sessions/${s.json().id}/record`;
    await expectRefused(t, (h) => mediator.post(recordUrl, record, h), {
      status: 409,
      code: 'mediation.session_not_due',
      en: /not started yet/,
    });
    await expectRefused(
      t,
      (h) => mediator.post(`/api/cases/${c.id}/mediation/agreements`, agreementBody, h),
      {
        status: 409,
        code: 'mediation.no_agreement_session',
        en: /agreement/,
      },
    );
    t.advance(2 * HOUR);
    mediator = await t.login('mediator.shentou');
    await expectRefused(t, (h) => mediator.post(recordUrl, { ...record, outcome: 'maybe' }, h), {
      status: 400,
    });
    expect((await mediator.post(recordUrl, record)).statusCode).toBe(200);
    await expectRefused(t, (h) => mediator.post(recordUrl, record, h), {
      status: 409,
      code: 'mediation.session_held',
      en: /already been recorded/,
    });
    await expectRefused(
      t,
      (h) =>
        mediator.post(
          `/api/cases/${c.id}/mediation/agreements`,
          { ...agreementBody, performanceDeadline: '2020-01-01' },
          h,
        ),
      { status: 422, code: 'mediation.deadline_in_past', en: /after today/ },
    );
    await expectRefused(
      t,
      (h) => mediator.post(`/api/cases/${c.id}/mediation/agreements`, { ...agreementBody, terms: [] }, h),
      { status: 400 },
    );
  });
});
