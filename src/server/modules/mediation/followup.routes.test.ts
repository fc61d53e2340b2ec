// What follows the first story's agreement, and what comes before it: session notices to the
// participants (in the session's transaction), the performance of the agreement's terms (履行)
// with the reminder sweep and a breach shown on the case, judicial confirmation (司法确认) at a
// court, and a failed mediation guided to arbitration (诉调对接). Who may, and bad input.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { pdfText } from '../../../../test/helpers/pdf-text.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { sweepAgreementTermReminders } from './performance.service.js';

let t: TestApp;
let orgId: string;
let rosterMediatorId: string;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const APPLICANT_PHONE = '13812345678';
const ROSTER_PHONE = '13905340122';

beforeAll(async () => {
  t = await createTestApp();
  orgId = await t.unitId('371403105-people-mediation');
  const dispatcher = await t.login('dispatcher.shentou');
  const added = await dispatcher.post(`/api/mediation-orgs/${orgId}/mediators`, {
    name: '王秀英',
    specialties: ['labor'],
    phone: ROSTER_PHONE,
  });
  expect(added.statusCode, added.body).toBe(201);
  rosterMediatorId = added.json().id;
});
afterAll(async () => t?.close());

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

async function act(username: string, id: string, body: Record<string, unknown>) {
  const by = await t.login(username);
  const { version } = (await by.get(`/api/cases/${id}`)).json();
  const res = await by.post(`/api/cases/${id}/transitions`, { version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

interface Story {
  id: string;
  caseNo: string;
  applicantId: string;
  members: { id: string; name: string; role: string; userId: string | null; mediatorId: string | null }[];
}

/** A labor case of 神头镇 accepted by its committee, with a joint team (a user, a roster mediator, an outsider). */
async function labourCase(): Promise<Story> {
  const clerk = await t.login('clerk.shentou');
  const created = await clerk.post(
    '/api/cases',
    buildRegistration({
      categoryCode: 'labor',
      regionCode: '371403105',
      description: '申请人在某公司工作期间受伤，双方对工伤赔偿数额分歧较大。',
      parties: [
        { role: 'applicant', name: '张三', phone: APPLICANT_PHONE },
        { role: 'respondent', kind: 'organization', name: '德州某机械制造有限公司' },
      ],
    }),
  );
  expect(created.statusCode, created.body).toBe(201);
  const id: string = created.json().id;
  await act('dispatcher.shentou', id, { action: 'assign', unitId: orgId });
  const c = await act('mediator.shentou', id, { action: 'accept' });
  const dispatcher = await t.login('dispatcher.shentou');
  const team = await put(dispatcher, `/api/cases/${id}/mediation`, {
    orgUnitId: orgId,
    leadMediatorId: await userId('mediator.shentou'),
    members: [
      { userId: await userId('dept.shentou'), role: '司法所工作人员' },
      { mediatorId: rosterMediatorId, role: '兼职调解员' },
      { name: '孙经理', role: '企业代表' },
    ],
  });
  expect(team.statusCode, team.body).toBe(200);
  const detail = (await clerk.get(`/api/cases/${id}`)).json();
  return {
    id,
    caseNo: c.caseNo,
    applicantId: detail.parties.find((p: { role: string }) => p.role === 'applicant').id,
    members: team.json().mediation.members,
  };
}

/** The CST day `n` days after the test clock's. */
const dayAfter = (n: number) =>
  new Date(t.deps.clock().getTime() + 8 * HOUR + n * DAY).toISOString().slice(0, 10);
/** Moves the test clock to 10:00 CST of a day. */
const moveTo = (day: string) => t.advance(Date.parse(`${day}T02:00:00Z`) - t.deps.clock().getTime());

const participantsOf = (s: Story) => [
  ...s.members.map((m) => ({ memberId: m.id, name: m.name, role: m.role })),
  { partyId: s.applicantId, name: '张三', role: '申请人' },
];

/** Holds a session that reaches agreement and signs the agreement; returns it. */
async function agreed(s: Story, body: Record<string, unknown> = {}) {
  let mediator = await t.login('mediator.shentou');
  const session = await mediator.post(`/api/cases/${s.id}/mediation/sessions`, {
    scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
    place: '神头镇综治中心调解室',
    participants: participantsOf(s),
  });
  expect(session.statusCode, session.body).toBe(201);
  t.advance(2 * HOUR);
  mediator = await t.login('mediator.shentou');
  const held = await mediator.post(`/api/mediation-sessions/${session.json().id}/record`, {
    attendance: [{ name: '张三', present: true }],
    minutes: '双方就赔偿数额和支付方式达成一致。',
    outcome: 'agreement',
  });
  expect(held.statusCode, held.body).toBe(200);
  const made = await mediator.post(`/api/cases/${s.id}/mediation/agreements`, {
    parties: [
      { role: 'applicant', name: '张三' },
      { role: 'respondent', name: '德州某机械制造有限公司' },
    ],
    facts: '申请人在被申请人处工作期间受伤。',
    terms: ['被申请人支付工伤赔偿金捌万元。', '双方再无其他争议。'],
    performanceDeadline: dayAfter(45),
    place: '神头镇综治中心调解室',
    ...body,
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json() as { id: string };
}

async function mediation(s: Story, as = 'mediator.shentou') {
  const res = await (await t.login(as)).get(`/api/cases/${s.id}/mediation`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().mediation;
}

const ledgerActions = async (id: string) =>
  (
    await t.db.kysely
      .selectFrom('case_events')
      .select('action')
      .where('case_id', '=', id)
      .orderBy('seq')
      .execute()
  ).map((e) => e.action);

describe('session notices', () => {
  it('tell each participant in the session’s transaction: the bell of users, an SMS to parties and roster mediators', async () => {
    const s = await labourCase();
    const mediator = await t.login('mediator.shentou');
    const at = new Date(t.deps.clock().getTime() + DAY);
    const res = await mediator.post(`/api/cases/${s.id}/mediation/sessions`, {
      scheduledAt: at.toISOString(),
      place: '神头镇综治中心调解室',
      participants: participantsOf(s),
    });
    expect(res.statusCode, res.body).toBe(201);
    // the 司法所 member's bell (the lead scheduled it: not told); the applicant and the roster mediator by SMS
    expect(res.json().notified).toEqual({ inapp: 1, sms: 2 });
    const bells = await t.db.kysely
      .selectFrom('staff_notifications')
      .select(['user_id', 'kind', 'params'])
      .where('case_id', '=', s.id)
      .where('kind', '=', 'mediation_session')
      .execute();
    expect(bells).toEqual([
      {
        user_id: await userId('dept.shentou'),
        kind: 'mediation_session',
        params: expect.objectContaining({ caseNo: s.caseNo, n: 1, place: '神头镇综治中心调解室' }),
      },
    ]);
    const sms = await t.db.kysely
      .selectFrom('notifications')
      .select(['id', 'to_bidx'])
      .where('case_id', '=', s.id)
      .where('template', '=', 'mediation_session')
      .execute();
    expect(sms.map((n) => n.to_bidx).sort()).toEqual(
      [
        t.deps.crypto.blindIndex('phone', APPLICANT_PHONE),
        t.deps.crypto.blindIndex('phone', ROSTER_PHONE),
      ].sort(),
    );
    // each SMS has its delivery job, sent in the same transaction
    const jobs = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(`${t.db.jobSchema}.job`)}
      where name = 'notify' and data->>'id' in (${sql.join(sms.map((n) => n.id))})`.execute(t.db.kysely);
    expect(Number(jobs.rows[0]!.n)).toBe(2);
    // the dev outbox shows the applicant the time in China Standard Time
    const outbox = await t.anonymous().get(`/api/dev/outbox?phone=${APPLICANT_PHONE}`);
    if (outbox.statusCode === 200) {
      const cst = new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
      expect(JSON.stringify(outbox.json())).toContain(cst);
    }
  });

  it('refuses a participant who is not on the team or not a party, notifying no one', async () => {
    const s = await labourCase();
    const mediator = await t.login('mediator.shentou');
    const other = await labourCase();
    const base = {
      scheduledAt: new Date(t.deps.clock().getTime() + DAY).toISOString(),
      place: '调解室',
    };
    await expectRefused(
      t,
      (h) =>
        mediator.post(
          `/api/cases/${s.id}/mediation/sessions`,
          { ...base, participants: [{ partyId: other.applicantId, name: '张三', role: '申请人' }] },
          h,
        ),
      { status: 422, code: 'mediation.unknown_party', en: /not a party of this case/ },
    );
    await expectRefused(
      t,
      (h) =>
        mediator.post(
          `/api/cases/${s.id}/mediation/sessions`,
          { ...base, participants: [{ memberId: other.members[0]!.id, name: 'x', role: 'y' }] },
          h,
        ),
      { status: 422, code: 'mediation.unknown_member' },
    );
  });
});

describe('performance of the agreement (履行)', () => {
  it('tracks the terms that oblige someone, with reminders before and on the due day', async () => {
    const s = await labourCase();
    const due = dayAfter(10);
    const a = await agreed(s, { termDueDays: [due, null] });
    const m = await mediation(s);
    const terms = m.agreements[0].terms;
    expect(terms).toEqual([
      expect.objectContaining({ n: 1, dueDay: due, status: 'pending', light: 'pending' }),
    ]);
    const termId: string = terms[0].id;
    // the PDF says the term's own day
    const pdfRes = await (await t.login('mediator.shentou')).get(`/api/mediation-agreements/${a.id}/pdf`);
    const [y, mo, d] = due.split('-').map(Number);
    expect(pdfText(pdfRes.rawPayload).replace(/\s+/g, '')).toContain(`（于${y}年${mo}月${d}日前履行）`);

    const bells = async () =>
      (
        await t.db.kysely
          .selectFrom('staff_notifications')
          .select(['kind', 'user_id', 'unit_id'])
          .where('dedupe_key', 'like', `agreement-term:${termId}:%`)
          .orderBy('created_at')
          .execute()
      ).map((b) => `${b.kind}:${b.user_id ? 'lead' : 'center'}`);
    // five days before: too early
    const dueDate = new Date(`${due}T00:00:00Z`).getTime();
    moveTo(new Date(dueDate - 5 * DAY).toISOString().slice(0, 10));
    await sweepAgreementTermReminders(t.deps);
    expect(await bells()).toEqual([]);
    // three days before: the lead mediator and the center are reminded, once
    moveTo(new Date(dueDate - 3 * DAY).toISOString().slice(0, 10));
    expect((await sweepAgreementTermReminders(t.deps)).before).toBeGreaterThanOrEqual(1);
    await sweepAgreementTermReminders(t.deps);
    expect((await bells()).sort()).toEqual([
      'agreement_term_due_soon:center',
      'agreement_term_due_soon:lead',
    ]);
    expect((await mediation(s)).agreements[0].terms[0].light).toBe('due_soon');
    // on the day
    moveTo(due);
    await sweepAgreementTermReminders(t.deps);
    await sweepAgreementTermReminders(t.deps);
    expect(await bells()).toHaveLength(4);
    expect((await bells()).filter((b) => b.startsWith('agreement_term_due:'))).toHaveLength(2);
    expect((await mediation(s)).agreements[0].terms[0].light).toBe('due_today');

    // the center's clerk, following the case up, records it performed
    const clerk = await t.login('clerk.shentou');
    const done = await clerk.post(`/api/agreement-terms/${termId}/performance`, {
      mark: 'performed',
      note: '已电话核实，款项已到账。',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'performed', light: 'performed' });
    expect((await ledgerActions(s.id)).at(-1)).toBe('agreement_term_performed');
    const event = await t.db.kysely
      .selectFrom('case_events')
      .select('payload')
      .where('case_id', '=', s.id)
      .where('action', '=', 'agreement_term_performed')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ term_id: termId, n: 1, late: false });
    expect(JSON.stringify(event.payload)).not.toContain('款项');
    await expectRefused(
      t,
      (h) => clerk.post(`/api/agreement-terms/${termId}/performance`, { mark: 'breached' }, h),
      {
        status: 409,
        code: 'mediation.term_marked',
        en: /cannot be recorded any more/,
      },
    );
  });

  it('shows a breach on the case: its mediation, its timeline and the center’s bell; it may still be performed late', async () => {
    const s = await labourCase();
    await agreed(s);
    const m = await mediation(s);
    expect(m.agreements[0].terms.map((x: { n: number }) => x.n)).toEqual([1, 2]);
    const termId: string = m.agreements[0].terms[0].id;
    t.advance(60 * DAY);
    const mediator = await t.login('mediator.shentou');
    expect((await mediation(s)).agreements[0].terms[0].light).toBe('overdue');
    const breached = await mediator.post(`/api/agreement-terms/${termId}/performance`, {
      mark: 'breached',
      note: '被申请人未按期支付。',
    });
    expect(breached.statusCode, breached.body).toBe(200);
    const detail = (await (await t.login('clerk.shentou')).get(`/api/cases/${s.id}`)).json();
    expect(detail.timeline.at(-1)).toMatchObject({
      action: 'agreement_term_breached',
      payload: expect.objectContaining({ n: 1, late: true }),
    });
    expect((await mediation(s)).agreements[0].terms[0]).toMatchObject({
      status: 'breached',
      light: 'breached',
    });
    const bell = await t.db.kysely
      .selectFrom('staff_notifications')
      .select(['unit_id', 'kind'])
      .where('case_id', '=', s.id)
      .where('kind', '=', 'agreement_term_breached')
      .execute();
    expect(bell).toEqual([{ unit_id: await t.unitId('371403105-center'), kind: 'agreement_term_breached' }]);
    const late = await mediator.post(`/api/agreement-terms/${termId}/performance`, { mark: 'performed' });
    expect(late.json().status).toBe('performed');
  });

  it('lets the handling units and the center record it; not a leader, nor another county', async () => {
    const s = await labourCase();
    await agreed(s);
    const termId: string = (await mediation(s)).agreements[0].terms[0].id;
    const url = `/api/agreement-terms/${termId}/performance`;
    const body = { mark: 'performed' };
    // a leader reads the case but records nothing on it; others do not even see it
    const leader = await t.login('leader.shentou');
    await expectRefused(t, (h) => leader.post(url, body, h), { status: 403 });
    const qihe = await t.login('dispatcher.qihe');
    await expectRefused(t, (h) => qihe.post(url, body, h), { status: 404 });
    const county = await t.login('mediator.lingcheng');
    await expectRefused(t, (h) => county.post(url, body, h), { status: 404 });
    expect((await t.anonymous().post(url, body)).statusCode).toBe(401);
    const dispatcher = await t.login('dispatcher.shentou');
    await expectRefused(t, (h) => dispatcher.post(url, { mark: 'maybe' }, h), { status: 400 });
    await expectRefused(t, (h) => dispatcher.post(url, { mark: 'performed', note: 'x'.repeat(1001) }, h), {
      status: 400,
    });
    await expectRefused(
      t,
      (h) =>
        dispatcher.post('/api/agreement-terms/0195f000-0000-7000-8000-000000000001/performance', body, h),
      { status: 404 },
    );
    expect((await dispatcher.post(url, body)).statusCode).toBe(200);
  });

  it('refuses due days that do not fit the agreement', async () => {
    const s = await labourCase();
    const mediator = await t.login('mediator.shentou');
    const session = await mediator.post(`/api/cases/${s.id}/mediation/sessions`, {
      scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
      place: '调解室',
      participants: participantsOf(s),
    });
    t.advance(2 * HOUR);
    const again = await t.login('mediator.shentou');
    await again.post(`/api/mediation-sessions/${session.json().id}/record`, {
      attendance: [{ name: '张三', present: true }],
      minutes: '达成一致。',
      outcome: 'agreement',
    });
    const today = new Date(t.deps.clock().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const deadline = `${Number(today.slice(0, 4)) + 1}-01-31`;
    const body = {
      parties: [
        { role: 'applicant', name: '张三' },
        { role: 'respondent', name: '某公司' },
      ],
      facts: '工伤赔偿。',
      terms: ['支付赔偿金。', '再无争议。'],
      performanceDeadline: deadline,
      place: '调解室',
    };
    const url = `/api/cases/${s.id}/mediation/agreements`;
    await expectRefused(t, (h) => again.post(url, { ...body, termDueDays: [deadline] }, h), {
      status: 400,
      code: 'mediation.term_days_length',
    });
    await expectRefused(
      t,
      (h) =>
        again.post(url, { ...body, termDueDays: [`${Number(deadline.slice(0, 4)) + 1}-01-01`, null] }, h),
      {
        status: 422,
        code: 'mediation.term_day_out_of_range',
        en: /between today and the performance deadline/,
      },
    );
    await expectRefused(t, (h) => again.post(url, { ...body, termDueDays: ['2020-01-01', null] }, h), {
      status: 422,
      code: 'mediation.term_day_out_of_range',
    });
    await expectRefused(t, (h) => again.post(url, { ...body, termDueDays: ['soon', null] }, h), {
      status: 400,
    });
  });
});

describe('judicial confirmation (司法确认)', () => {
  it('refers the agreement to a court on the case’s path and records its acceptance and ruling', async () => {
    const s = await labourCase();
    const a = await agreed(s);
    const mediator = await t.login('mediator.shentou');
    const courts = (await mediator.get(`/api/cases/${s.id}/mediation/courts`)).json().items;
    const county = await t.unitId('371403-court');
    expect(courts.map((c: { unitId: string }) => c.unitId)).toContain(county);
    expect(courts.map((c: { regionCode: string }) => c.regionCode)).toEqual(
      [...courts.map((c: { regionCode: string }) => c.regionCode)].sort((x, y) => y.length - x.length),
    );
    const referred = await mediator.post(`/api/mediation-agreements/${a.id}/judicial-confirmations`, {
      courtUnitId: county,
      note: '双方当事人共同申请',
    });
    expect(referred.statusCode, referred.body).toBe(201);
    const r = referred.json();
    expect(r).toMatchObject({ status: 'referred', courtName: '陵城区人民法院' });
    await expectRefused(
      t,
      (h) =>
        mediator.post(`/api/mediation-agreements/${a.id}/judicial-confirmations`, { courtUnitId: county }, h),
      { status: 409, code: 'mediation.referral_exists' },
    );
    const step = (body: Record<string, unknown>, h: Record<string, string> = {}) =>
      mediator.post(`/api/judicial-confirmations/${r.id}/steps`, body, h);
    expect((await step({ step: 'accept' })).json().status).toBe('accepted');
    await expectRefused(t, (h) => step({ step: 'confirm' }, h), {
      status: 400,
      code: 'mediation.ruling_no_required',
      en: /ruling number/,
    });
    const confirmed = await step({ step: 'confirm', rulingNo: '（2026）鲁1403民特12号' });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', rulingNo: '（2026）鲁1403民特12号' });
    expect(confirmed.json().decidedAt).toEqual(expect.any(String));
    await expectRefused(t, (h) => step({ step: 'withdraw' }, h), {
      status: 409,
      code: 'mediation.referral_state',
      en: /"confirmed"/,
    });
    const view = await mediation(s);
    expect(view.agreements[0].judicialConfirmations).toEqual([
      expect.objectContaining({ id: r.id, status: 'confirmed', courtUnitId: county }),
    ]);
    expect((await ledgerActions(s.id)).slice(-3)).toEqual([
      'judicial_confirmation_referred',
      'judicial_confirmation_updated',
      'judicial_confirmation_updated',
    ]);
  });

  it('refuses a unit that is no court of the place, a referral after 30 days, and anyone off the team', async () => {
    const s = await labourCase();
    const a = await agreed(s);
    const mediator = await t.login('mediator.shentou');
    const url = `/api/mediation-agreements/${a.id}/judicial-confirmations`;
    for (const code of ['371403105-justice', '371425-court']) {
      await expectRefused(t, async (h) => mediator.post(url, { courtUnitId: await t.unitId(code) }, h), {
        status: 422,
        code: 'mediation.not_court',
        en: /not a court/,
      });
    }
    const county = await t.unitId('371403-court');
    const dispatcher = await t.login('dispatcher.shentou');
    await expectRefused(t, (h) => dispatcher.post(url, { courtUnitId: county }, h), { status: 403 });
    const qihe = await t.login('dispatcher.qihe');
    await expectRefused(t, (h) => qihe.post(url, { courtUnitId: county }, h), { status: 404 });
    await expectRefused(t, (h) => mediator.post(url, { courtUnitId: 'court' }, h), { status: 400 });
    t.advance(31 * DAY);
    const late = await t.login('mediator.shentou');
    await expectRefused(t, (h) => late.post(url, { courtUnitId: county }, h), {
      status: 422,
      code: 'mediation.referral_window',
      en: /within 30 days/,
    });
  });
});

describe('failed mediation (诉调对接)', () => {
  it('concludes only with guidance to arbitration or court, which the case’s mediation then shows', async () => {
    const s = await labourCase();
    let mediator = await t.login('mediator.shentou');
    const session = await mediator.post(`/api/cases/${s.id}/mediation/sessions`, {
      scheduledAt: new Date(t.deps.clock().getTime() + HOUR).toISOString(),
      place: '调解室',
      participants: participantsOf(s),
    });
    t.advance(2 * HOUR);
    mediator = await t.login('mediator.shentou');
    await mediator.post(`/api/mediation-sessions/${session.json().id}/record`, {
      attendance: [{ name: '张三', present: true }],
      minutes: '双方分歧较大，调解不成。',
      outcome: 'failed',
    });
    const { version } = (await mediator.get(`/api/cases/${s.id}`)).json();
    await expectRefused(
      t,
      (h) =>
        mediator.post(
          `/api/cases/${s.id}/transitions`,
          { version, action: 'conclude', outcome: 'mediation_failed', summary: '调解不成' },
          h,
        ),
      { status: 422, code: 'invalid_command', zh: /引导的渠道/ },
    );
    expect((await mediation(s)).conclusion).toBeNull();
    await act('mediator.shentou', s.id, {
      action: 'conclude',
      outcome: 'mediation_failed',
      summary: '调解不成，已告知申请人向陵城区劳动人事争议仲裁委员会申请仲裁。',
      guidance: 'arbitration',
    });
    expect((await mediation(s)).conclusion).toEqual({
      outcome: 'mediation_failed',
      guidance: 'arbitration',
      at: expect.any(String),
    });
    const last = await t.db.kysely
      .selectFrom('case_events')
      .select(['action', 'payload'])
      .where('case_id', '=', s.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      action: 'conclude',
      payload: { outcome: 'mediation_failed', guidance: 'arbitration' },
    });
  });
});
