// The weekly quality call-backs (抽查回访) on real data: the sample of a county's concluded cases
// (repeatable from its seed), checkers who never handled the case, recording a call-back once, the
// rates shown next to 办结率, and the warning a call-back raises when the problem is not solved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawSample, sampleSeed } from '../../../core/analysis/quality-sample.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { buildRegistration, createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { act, setClock } from '../supervision/test-supervision.js';
import { qualityCheckRates, sweepQualitySample } from './quality-checks.service.js';

let t: TestApp;
const concluded: string[] = [];
let checks: { id: string; case_id: string; assigned_to: string; username: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // Monday 2026-03-16 (CST): five cases concluded by the 神头镇 center itself during the week
  setClock(t, '2026-03-16T01:00:00Z');
  for (let i = 0; i < 5; i++) {
    const clerk = await t.login('clerk.shentou');
    const res = await clerk.post(
      '/api/cases',
      buildRegistration({ parties: [{ role: 'applicant', name: `回访${i}`, phone: `1380000100${i}` }] }),
    );
    const id = res.json().id as string;
    await act(clerk, id, { action: 'accept' });
    await act(clerk, id, { action: 'conclude', outcome: 'mediated_agreement', summary: '双方达成协议' });
    concluded.push(id);
    t.advance(3600_000);
  }
  // and one still open (not in the population)
  await (await t.login('clerk.shentou')).post('/api/cases', buildRegistration());
  // the next Monday the sample of last week is drawn
  setClock(t, '2026-03-23T00:30:00Z');
});
afterAll(async () => t?.close());

describe('the weekly sample', () => {
  it('draws 10 % (at least 3) of the county’s concluded cases under its seed, for people who did not handle them', async () => {
    expect(await sweepQualitySample(t.deps)).toEqual({ counties: 1, sampled: 3, unassigned: 0 });
    const sample = await t.db.kysely.selectFrom('quality_samples').selectAll().executeTakeFirstOrThrow();
    expect(sample).toMatchObject({
      county_code: '371403',
      week_start: '2026-03-16',
      population: 5,
      sample_size: 3,
      seed: sampleSeed('371403', '2026-03-16'),
    });
    checks = await t.db.kysely
      .selectFrom('quality_checks as k')
      .innerJoin('users as u', 'u.id', 'k.assigned_to')
      .select(['k.id', 'k.case_id', 'k.assigned_to', 'u.username'])
      .orderBy('k.id')
      .execute();
    // anyone can draw it again from the seed and get the same cases
    expect(checks.map((c) => c.case_id).sort()).toEqual(drawSample(concluded, sample.seed, 3).sort());
    // the 神头镇 center handled them: its staff never check; the county's or the city's do
    for (const c of checks) expect(c.username).toMatch(/^(clerk|dispatcher|supervisor)\.(lingcheng|dezhou)$/);
    // the same week is drawn once
    expect(await sweepQualitySample(t.deps)).toEqual({ counties: 0, sampled: 0, unassigned: 0 });
  });
});

describe('recording a call-back', () => {
  it('lets the assignee list and record it once; others are refused and nothing is written', async () => {
    const [first, second, third] = checks;
    const assignee = await t.login(first!.username);
    const mine = (await assignee.get('/api/quality-checks')).json().items;
    expect(mine.map((c: { id: string }) => c.id)).toContain(first!.id);
    for (const c of mine) expect(c.mine).toBe(true);

    await expectRefused(
      t,
      (h) => assignee.post(`/api/quality-checks/${first!.id}/result`, { reached: true }, h),
      {
        status: 400,
        code: 'quality.result_incomplete',
      },
    );
    await expectRefused(
      t,
      (h) =>
        assignee.post(
          `/api/quality-checks/${first!.id}/result`,
          { reached: false, satisfaction: 'satisfied' },
          h,
        ),
      { status: 400, code: 'quality.unreached_with_result' },
    );
    for (const body of [
      {},
      { reached: 'yes' },
      { reached: true, satisfaction: 'happy', reopenNeeded: false },
      { reached: false, x: 1 },
    ]) {
      await expectRefused(t, (h) => assignee.post(`/api/quality-checks/${first!.id}/result`, body, h), {
        status: 400,
      });
    }
    // someone in scope who was not assigned may read it but not record it; others do not see it
    const notAssigned = ['dispatcher.lingcheng', 'supervisor.lingcheng', 'supervisor.dezhou'].find(
      (u) => u !== first!.username,
    )!;
    const other = await t.login(notAssigned);
    expect((await other.get(`/api/quality-checks/${first!.id}`)).statusCode).toBe(200);
    await expectRefused(
      t,
      (h) => other.post(`/api/quality-checks/${first!.id}/result`, { reached: false }, h),
      { status: 403, code: 'quality.not_assigned' },
    );
    const shentou = await t.login('clerk.shentou');
    await expectRefused(t, (h) => shentou.get(`/api/quality-checks/${first!.id}`, h), { status: 404 });
    const foreign = await t.login('dispatcher.decheng');
    await expectRefused(
      t,
      (h) => foreign.post(`/api/quality-checks/${first!.id}/result`, { reached: false }, h),
      {
        status: 404,
      },
    );
    for (const u of ['dept.shentou', 'grid.shentou', 'sysadmin']) {
      const who = await t.login(u);
      await expectRefused(t, (h) => who.get('/api/quality-checks', h), { status: 403 });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/quality-checks', h), { status: 401 });

    const ok = await assignee.post(`/api/quality-checks/${first!.id}/result`, {
      reached: true,
      satisfaction: 'satisfied',
      reopenNeeded: false,
      note: '群众表示满意',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', satisfaction: 'satisfied', reopenNeeded: false });
    await expectRefused(
      t,
      (h) => assignee.post(`/api/quality-checks/${first!.id}/result`, { reached: false }, h),
      {
        status: 409,
        code: 'quality.already_recorded',
      },
    );

    // the second finds the problem unsolved: a stuck-case warning for the township
    const two = await t.login(second!.username);
    const unsolved = await two.post(`/api/quality-checks/${second!.id}/result`, {
      reached: true,
      satisfaction: 'unsatisfied',
      reopenNeeded: true,
      note: '协议未履行',
    });
    expect(unsolved.statusCode, unsolved.body).toBe(200);
    const w = await t.db.kysely
      .selectFrom('warnings')
      .selectAll()
      .where('subject_key', '=', `stuck:quality:${second!.id}`)
      .executeTakeFirstOrThrow();
    expect(w).toMatchObject({
      kind: 'stuck',
      severity: 'orange',
      case_id: second!.case_id,
      level_code: '371403105',
      reasons: [{ code: 'quality_reopen', params: { satisfaction: 'unsatisfied', week: '2026-03-16' } }],
    });
    // the third: nobody answered
    const three = await t.login(third!.username);
    expect(
      (await three.post(`/api/quality-checks/${third!.id}/result`, { reached: false })).json().status,
    ).toBe('unreachable');
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'quality_check.record')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('shows the sample’s satisfaction and reopen rates next to the conclusion rate', async () => {
    const from = new Date('2026-03-15T16:00:00Z');
    const to = new Date('2026-03-22T16:00:00Z');
    const rates = await qualityCheckRates(t.db.kysely, '371403', from, to);
    expect(rates).toMatchObject({
      rule: { rate: 0.1, min: 3 },
      sampled: 3,
      pending: 0,
      unreachable: 1,
      reached: 2,
      satisfied: 1,
      basicallySatisfied: 0,
      unsatisfied: 1,
      satisfactionRate: 0.5,
      reopenNeeded: 1,
      reopenRate: 0.5,
    });
    expect(await qualityCheckRates(t.db.kysely, '371402', from, to)).toMatchObject({
      sampled: 0,
      satisfactionRate: null,
      reopenRate: null,
    });
    const supervisor = await t.login('supervisor.lingcheng');
    const res = await supervisor.get('/api/quality-checks/rates?from=2026-03-16&to=2026-03-22');
    expect(res.json()).toMatchObject({
      region: '371403',
      sampled: 3,
      satisfactionRate: 0.5,
      reopenRate: 0.5,
    });
    const all = (await supervisor.get('/api/quality-checks?scope=scope')).json().items;
    expect(all).toHaveLength(3);
    await expectRefused(t, (h) => supervisor.get('/api/quality-checks/rates?region=371402', h), {
      status: 403,
    });
    await expectRefused(
      t,
      (h) => supervisor.get('/api/quality-checks/rates?from=2026-03-22&to=2026-03-16', h),
      {
        status: 400,
      },
    );
    const clerk = await t.login('clerk.lingcheng');
    await expectRefused(t, (h) => clerk.get('/api/quality-checks/rates', h), { status: 403 });
    await expectRefused(t, (h) => clerk.get('/api/quality-checks?scope=scope', h), { status: 403 });
  });
});
