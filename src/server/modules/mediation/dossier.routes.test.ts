// The dossier (卷宗) of an archived case over HTTP, and mediation statistics per organization and
// mediator: the first story taken to its archive, exported as one PDF whose table of contents and
// sections are read back from it; who may (401/403/404) and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { pdfPages } from '../../../../test/helpers/pdf-text.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { DOSSIER_SECTIONS } from './dossier-pdf.js';

let t: TestApp;
let orgId: string;

const HOUR = 3600_000;
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  t = await createTestApp();
  orgId = await t.unitId('371403105-people-mediation');
});
afterAll(async () => t?.close());

async function userId(username: string): Promise<string> {
  const u = await t.db.kysely
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return u.id;
}

async function act(username: string, id: string, body: Record<string, unknown>) {
  const by = await t.login(username);
  const { version } = (await by.get(`/api/cases/${id}`)).json();
  const res = await by.post(`/api/cases/${id}/transitions`, { version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A labor case of 神头镇 mediated by a joint team in one session; agreement or failure. */
async function mediated(outcome: 'agreement' | 'failed'): Promise<{ id: string; caseNo: string }> {
  const clerk = await t.login('clerk.shentou');
  const created = await clerk.post(
    '/api/cases',
    buildRegistration({
      categoryCode: 'labor',
      regionCode: '371403105',
      description: '申请人在某公司工作期间受伤，双方对工伤赔偿数额分歧较大。',
      parties: [
        { role: 'applicant', name: '张三', phone: '13812345678' },
        { role: 'respondent', kind: 'organization', name: '德州某机械制造有限公司' },
      ],
    }),
  );
  const id: string = created.json().id;
  await act('dispatcher.shentou', id, { action: 'assign', unitId: orgId });
  const c = await act('mediator.shentou', id, { action: 'accept' });
  const dispatcher = await t.login('dispatcher.shentou');
  const team = await dispatcher.request({
    method: 'PUT',
    url: `/api/cases/${id}/mediation`,
    payload: {
      orgUnitId: orgId,
      leadMediatorId: await userId('mediator.shentou'),
      members: [
        { userId: await userId('dept.shentou'), role: '司法所工作人员' },
        { name: '赵仲裁', unitId: await t.unitId('371403-hrss'), role: '劳动仲裁专家' },
      ],
    },
  });
  expect(team.statusCode, team.body).toBe(200);
  let mediator = await t.login('mediator.shentou');
  const s = await mediator.post(`/api/cases/${id}/mediation/sessions`, {
    scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
    place: '神头镇综治中心调解室',
    participants: [{ name: '张三', role: '申请人' }],
  });
  t.advance(2 * HOUR);
  mediator = await t.login('mediator.shentou');
  await mediator.post(`/api/mediation-sessions/${s.json().id}/record`, {
    attendance: [{ name: '张三', present: true }],
    minutes:
      outcome === 'agreement'
        ? '释法明理，双方就赔偿数额和支付方式达成一致。'
        : '双方分歧较大，调解不成，告知可申请劳动仲裁。',
    outcome,
  });
  if (outcome === 'agreement') {
    const made = await mediator.post(`/api/cases/${id}/mediation/agreements`, {
      parties: [
        { role: 'applicant', name: '张三' },
        { role: 'respondent', name: '德州某机械制造有限公司', representative: '孙经理' },
      ],
      facts: '申请人在被申请人处工作期间受伤，双方对工伤赔偿数额有争议。',
      terms: ['被申请人一次性支付申请人工伤赔偿金人民币捌万元整。', '双方就本纠纷再无其他争议。'],
      termDueDays: [
        new Date(t.deps.clock().getTime() + 8 * HOUR + 10 * 24 * HOUR).toISOString().slice(0, 10),
        null,
      ],
      performanceDeadline: new Date(t.deps.clock().getTime() + 40 * 24 * HOUR).toISOString().slice(0, 10),
      place: '神头镇综治中心调解室',
    });
    expect(made.statusCode, made.body).toBe(201);
    await act('mediator.shentou', id, {
      action: 'conclude',
      outcome: 'mediated_agreement',
      summary: '调解成功，签订调解协议书。',
    });
  } else {
    await act('mediator.shentou', id, {
      action: 'conclude',
      outcome: 'mediation_failed',
      summary: '调解不成。',
      guidance: 'arbitration',
    });
  }
  return { id, caseNo: c.caseNo };
}

async function archived(outcome: 'agreement' | 'failed') {
  const c = await mediated(outcome);
  await act('clerk.shentou', c.id, { action: 'follow_up', satisfaction: 'satisfied' });
  await act('clerk.shentou', c.id, { action: 'archive' });
  return c;
}

describe('the dossier of an archived case', () => {
  it('is one PDF with a table of contents and the registration, ledger, minutes, agreement and follow-up', async () => {
    const c = await mediated('agreement');
    const mediator = await t.login('mediator.shentou');
    const termId = (await mediator.get(`/api/cases/${c.id}/mediation`)).json().mediation.agreements[0]
      .terms[0].id;
    expect(
      (await mediator.post(`/api/agreement-terms/${termId}/performance`, { mark: 'performed' })).statusCode,
    ).toBe(200);
    // not before it is archived
    const clerk = await t.login('clerk.shentou');
    await expectRefused(t, (h) => clerk.get(`/api/cases/${c.id}/dossier.pdf`, h), {
      status: 409,
      code: 'mediation.dossier_not_archived',
      en: /once the case is archived/,
    });
    await act('clerk.shentou', c.id, { action: 'follow_up', satisfaction: 'satisfied' });
    await act('clerk.shentou', c.id, { action: 'archive', note: '材料齐全，归档。' });

    const res = await (await t.login('clerk.shentou')).get(`/api/cases/${c.id}/dossier.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`dossier-${c.caseNo}.pdf`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(pdf).map(squash);
    // the contents: every section with the page it starts on
    expect(pages[0]).toContain('目录');
    for (const title of DOSSIER_SECTIONS) {
      const m = new RegExp(`${squash(title).replace(/[()（）]/g, '\\$&')}(\\d+)`).exec(pages[0]!);
      expect(m, title).not.toBeNull();
      expect(pages[Number(m![1]) - 1], title).toContain(squash(title));
    }
    const text = pages.join('');
    for (const s of [
      c.caseNo,
      '劳动争议',
      '德州市陵城区神头镇',
      '申请人：张三（电话138****5678）',
      '被申请人：德州某机械制造有限公司',
      '台账哈希链校验：完整',
      '组建调解团队',
      '劳动仲裁专家：赵仲裁',
      '释法明理，双方就赔偿数额和支付方式达成一致。',
      '一、被申请人一次性支付申请人工伤赔偿金人民币捌万元整。',
      '：已履行',
      '未申请司法确认',
      '办结结果：调解成功',
      '满意',
      '材料齐全，归档。',
    ]) {
      expect(text).toContain(s);
    }
    // the phone in clear is nowhere
    expect(text).not.toContain('13812345678');
    // the export is audited with the file's digest
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('target_id', '=', c.id)
      .where('action', '=', 'case.dossier_export')
      .execute();
    expect(audit).toEqual([
      {
        action: 'case.dossier_export',
        detail: expect.objectContaining({ pdf_sm3: t.deps.crypto.sm3Hex(pdf) }),
      },
    ]);
  });

  it('records a failed mediation’s guidance (诉调对接) in the dossier', async () => {
    const c = await archived('failed');
    const res = await (await t.login('dispatcher.shentou')).get(`/api/cases/${c.id}/dossier.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    const text = squash(pdfPages(res.rawPayload).join(''));
    expect(text).toContain('办结结果：调解不成');
    expect(text).toContain('引导渠道（诉调对接）：仲裁');
    expect(text).toContain('无调解协议书');
  });

  it('is for those who may read the case: not another county, not the administrators, not residents', async () => {
    const c = await archived('agreement');
    const url = `/api/cases/${c.id}/dossier.pdf`;
    expect((await t.anonymous().get(url)).statusCode).toBe(401);
    for (const u of ['dispatcher.qihe', 'mediator.lingcheng', 'sysadmin']) {
      const client = await t.login(u);
      await expectRefused(t, (h) => client.get(url, h), { status: 404 });
    }
    const resident = await t.resident('13812345678');
    expect((await resident.get(url)).statusCode).toBe(403);
    const leader = await t.login('leader.lingcheng');
    expect((await leader.get(url)).statusCode).toBe(200);
    await expectRefused(t, (h) => leader.get('/api/cases/not-a-case/dossier.pdf', h), { status: 400 });
  });
});

describe('mediation statistics', () => {
  it('counts cases, conclusions, the success rate and the average duration per organization and mediator', async () => {
    const leader = await t.login('leader.lingcheng');
    const before = (await leader.get('/api/mediation-stats')).json();
    type Row = { orgId: string; cases: number; concluded: number; agreements: number; failed: number };
    type OrgRow = Row & { successRate: number; averageDays: number; name: string; mediationKind: string };
    const own = (s: { orgs: OrgRow[] }) => s.orgs.find((o) => o.orgId === orgId);
    await mediated('agreement');
    await mediated('agreement');
    await mediated('failed');
    const after = await (await t.login('leader.lingcheng')).get('/api/mediation-stats');
    expect(after.statusCode, after.body).toBe(200);
    const o = own(after.json())!;
    const b = own(before) ?? { cases: 0, concluded: 0, agreements: 0, failed: 0 };
    expect(o.cases - b.cases).toBe(3);
    expect(o.concluded - b.concluded).toBe(3);
    expect(o.agreements - b.agreements).toBe(2);
    expect(o.failed - b.failed).toBe(1);
    expect(o.successRate).toBeCloseTo(o.agreements / o.concluded, 4);
    expect(o.averageDays).toBeGreaterThan(0);
    expect(o).toMatchObject({ name: '神头镇人民调解委员会', mediationKind: 'people' });
    const lead = await userId('mediator.shentou');
    const m = after.json().mediators.find((x: { userId: string }) => x.userId === lead);
    expect(m).toMatchObject({ orgId, cases: o.cases, agreements: o.agreements });
    expect(after.json().total.cases).toBeGreaterThanOrEqual(o.cases);

    // a period before any of it has nothing
    const empty = (
      await (await t.login('leader.lingcheng')).get('/api/mediation-stats?from=2025-01-01&to=2025-12-31')
    ).json();
    expect(empty.orgs).toEqual([]);
    expect(empty.total).toMatchObject({ cases: 0, successRate: null, averageDays: null });
    // the organization reads its own
    const mediator = await t.login('mediator.shentou');
    const mine = (await mediator.get('/api/mediation-stats')).json();
    expect(mine.orgs.map((x: { orgId: string }) => x.orgId)).toEqual([orgId]);
    // another county sees none of it
    const qihe = (await (await t.login('leader.qihe')).get('/api/mediation-stats')).json();
    expect(qihe.orgs.some((x: { orgId: string }) => x.orgId === orgId)).toBe(false);
  });

  it('is for leaders, supervisors, dispatchers and the organizations; refuses bad periods', async () => {
    for (const u of ['clerk.shentou', 'sysadmin', 'grid.shentou', 'dept.shentou']) {
      const client = await t.login(u);
      await expectRefused(t, (h) => client.get('/api/mediation-stats', h), { status: 403 });
    }
    expect((await t.anonymous().get('/api/mediation-stats')).statusCode).toBe(401);
    const leader: Client = await t.login('leader.lingcheng');
    await expectRefused(t, (h) => leader.get('/api/mediation-stats?from=2026-03-01&to=2026-02-01', h), {
      status: 400,
      code: 'mediation.bad_period',
      en: /must not end before it starts/,
    });
    await expectRefused(t, (h) => leader.get('/api/mediation-stats?from=2020-01-01&to=2026-02-01', h), {
      status: 400,
      code: 'mediation.bad_period',
    });
    await expectRefused(t, (h) => leader.get('/api/mediation-stats?from=2026-02-30', h), { status: 400 });
    await expectRefused(t, (h) => leader.get('/api/mediation-stats?kind=other', h), { status: 400 });
  });
});
