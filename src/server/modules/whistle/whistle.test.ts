import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../../core/calendar/work-calendar.js';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { sweepMissedReportIns } from './report-in.sweep.js';
import { act, advancePast, expectLedgerOk, loginAll, whistledCase, type Actors } from './test-whistle.js';

let t: TestApp;
let a: Actors;

beforeAll(async () => {
  t = await createTestApp();
  a = await loginAll(t);
});
afterAll(async () => t?.close());

const tasksOf = (caseId: string) =>
  t.db.kysely.selectFrom('report_in_tasks').selectAll().where('case_id', '=', caseId).execute();
const recordsOf = (caseId: string) =>
  t.db.kysely.selectFrom('accountability_records').selectAll().where('case_id', '=', caseId).execute();
const eventsOf = (caseId: string) =>
  t.db.kysely.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();

describe('whistle and report-in (吹哨报到)', () => {
  it('a grid-level case whistled to the township: one department reports in, one misses; the record and both events exist', async () => {
    const escalatedAt = t.deps.clock();
    const c = await whistledCase(t, a);
    // each summoned department has its own task, due one working day after the escalation
    const due = addWorkingDays(t.deps.calendar, { from: new Date(escalatedAt.getTime() + 1000), days: 1 });
    const listed = await a.grid.get(`/api/cases/${c.id}/report-ins`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toHaveLength(2);
    for (const task of listed.json().items) {
      expect(task).toMatchObject({
        status: 'open',
        dueAt: due.toISOString(),
        toLevel: 'township',
        overdue: false,
      });
    }

    // 司法所 reports in on time
    const reported = await act(t, a.justice, c.id, { action: 'report_in', note: '司法所报到' });
    expect(reported.pendingReportIns).toBe(1);
    const afterReport = await tasksOf(c.id);
    const justiceTask = afterReport.find((x) => x.unit_id === c.justice)!;
    expect(justiceTask).toMatchObject({ status: 'done', on_time: true });

    // 派出所 does not: past the working day, the sweep finds it
    advancePast(t, due);
    expect(await sweepMissedReportIns(t.deps)).toEqual({ missed: 1 });
    const tasks = await tasksOf(c.id);
    const policeTask = tasks.find((x) => x.unit_id === c.police)!;
    expect(policeTask.status).toBe('missed');
    expect(policeTask.missed_at).toEqual(t.deps.clock());

    const records = await recordsOf(c.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      unit_id: c.police,
      kind: 'missed_report_in',
      source_type: 'report_in_task',
      source_id: policeTask.id,
      due_at: due,
      recorded_by: null,
      recorded_by_role: 'system',
      unit_region_code: '371403105',
    });

    const events = await eventsOf(c.id);
    expect(events.map((e) => e.action)).toEqual([
      'register',
      'accept',
      'escalate',
      'report_in',
      'report_in_missed',
    ]);
    const reportIn = events[3]!;
    expect(reportIn).toMatchObject({ actor_role: 'department_staff', actor_unit_id: c.justice });
    const missed = events[4]!;
    expect(missed).toMatchObject({
      actor_role: 'system',
      actor_id: null,
      from_state: 'in_progress',
      to_state: 'in_progress',
    });
    expect(missed.payload).toEqual({
      unit_id: c.police,
      task_id: policeTask.id,
      due_at: due.toISOString(),
      accountability_id: records[0]!.id,
    });
    // the projection moved with the chain, and the chain still verifies
    const row = await t.db.kysely
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: 5, last_seq: 5, last_hash: missed.hash, pending_report_ins: 1 });
    await expectLedgerOk(t);

    // the level above sees the record; the department's own staff and another township do not
    a = await loginAll(t);
    const seen = await a.supervisor.get('/api/accountability');
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().items.map((r: { id: string }) => r.id)).toContain(records[0]!.id);
    expect(seen.json().items[0]).toMatchObject({
      unitId: c.police,
      caseNo: c.caseNo,
      kind: 'missed_report_in',
    });
    expect((await a.countySupervisor.get('/api/accountability')).json().items).toHaveLength(1);
    expect((await a.otherSupervisor.get('/api/accountability')).json().items).toHaveLength(0);
    expect((await a.justice.get('/api/accountability')).statusCode).toBe(403);

    // the timeline of the case shows both
    const detail = (await a.grid.get(`/api/cases/${c.id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['report_in', 'report_in_missed']),
    );
  });

  it('the sweep is idempotent: a second run finds nothing and writes nothing', async () => {
    const c = await whistledCase(t, a);
    const [task] = await tasksOf(c.id);
    advancePast(t, task!.due_at);
    expect(await sweepMissedReportIns(t.deps)).toEqual({ missed: 2 });
    const snap = await takeSnapshot(t.db);
    expect(await sweepMissedReportIns(t.deps)).toEqual({ missed: 0 });
    expect(await snap.changes()).toEqual({});
    expect(await recordsOf(c.id)).toHaveLength(2);
    await expectLedgerOk(t);
  });

  it('two sweeps at once write exactly one record and one event per task', async () => {
    a = await loginAll(t);
    const cases = [await whistledCase(t, a), await whistledCase(t, a), await whistledCase(t, a)];
    const [task] = await tasksOf(cases[0]!.id);
    advancePast(t, task!.due_at);
    // small batches so that the two runs interleave over several pages
    const results = await Promise.all([
      sweepMissedReportIns(t.deps, { batchSize: 2 }),
      sweepMissedReportIns(t.deps, { batchSize: 2 }),
    ]);
    expect(results[0]!.missed + results[1]!.missed).toBe(6);
    for (const c of cases) {
      const records = await recordsOf(c.id);
      expect(records.map((r) => r.unit_id).sort()).toEqual([c.justice, c.police].sort());
      const missed = (await eventsOf(c.id)).filter((e) => e.action === 'report_in_missed');
      expect(missed).toHaveLength(2);
      expect(new Set(missed.map((e) => (e.payload as { task_id: string }).task_id)).size).toBe(2);
    }
    await expectLedgerOk(t);
  });

  it('a report-in racing the sweep leaves one consistent outcome (no deadlock, no double record)', async () => {
    a = await loginAll(t);
    const c = await whistledCase(t, a);
    const [task] = await tasksOf(c.id);
    advancePast(t, task!.due_at);
    a = await loginAll(t);
    const version = (await a.justice.get(`/api/cases/${c.id}`)).json().version;
    const [swept, reported] = await Promise.all([
      sweepMissedReportIns(t.deps),
      a.justice.post(`/api/cases/${c.id}/transitions`, { action: 'report_in', version }),
    ]);
    const justiceTask = (await tasksOf(c.id)).find((x) => x.unit_id === c.justice)!;
    const justiceRecords = (await recordsOf(c.id)).filter((r) => r.unit_id === c.justice);
    if (reported.statusCode === 200) {
      // late either way; a record exists exactly when the sweep got there first
      expect(justiceTask).toMatchObject({ status: 'done', on_time: false });
      expect(justiceRecords).toHaveLength(justiceTask.missed_at ? 1 : 0);
    } else {
      // the sweep's record event moved the version first: the client is told to reload
      expect(reported.statusCode).toBe(409);
      expect(justiceTask.status).toBe('missed');
      expect(justiceRecords).toHaveLength(1);
    }
    expect(swept.missed).toBeGreaterThanOrEqual(1);
    await expectLedgerOk(t);
  });

  it('a department that reports in after missing is done (late); the record stands', async () => {
    a = await loginAll(t);
    const c = await whistledCase(t, a);
    const [task] = await tasksOf(c.id);
    advancePast(t, task!.due_at);
    await sweepMissedReportIns(t.deps);
    a = await loginAll(t);
    await act(t, a.justice, c.id, { action: 'report_in', note: '迟到报到' });
    const justiceTask = (await tasksOf(c.id)).find((x) => x.unit_id === c.justice)!;
    expect(justiceTask).toMatchObject({ status: 'done', on_time: false });
    expect(justiceTask.missed_at).not.toBeNull();
    expect((await recordsOf(c.id)).filter((r) => r.unit_id === c.justice)).toHaveLength(1);
    await expectLedgerOk(t);
  });

  it('closing the case before the deadline cancels the open tasks; the sweep then leaves them alone', async () => {
    a = await loginAll(t);
    const concluded = await whistledCase(t, a);
    await act(t, a.grid, concluded.id, {
      action: 'conclude',
      outcome: 'mediated_agreement',
      summary: '达成协议',
    });
    const withdrawn = await whistledCase(t, a);
    await act(t, a.clerk, withdrawn.id, { action: 'withdraw', reason: '当事人自行和解' });
    for (const c of [concluded, withdrawn]) {
      expect((await tasksOf(c.id)).map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    }
    const [task] = await tasksOf(concluded.id);
    advancePast(t, task!.due_at);
    expect(await sweepMissedReportIns(t.deps)).toEqual({ missed: 0 });
    expect(await recordsOf(concluded.id)).toHaveLength(0);
    // the conclusion is kept with the deadline it was measured against
    const conclusion = await t.db.kysely
      .selectFrom('case_conclusions')
      .selectAll()
      .where('case_id', '=', concluded.id)
      .executeTakeFirstOrThrow();
    expect(conclusion).toMatchObject({ seq: 4, on_time: true });
    expect(conclusion.deadline_at).not.toBeNull();
  });
});
