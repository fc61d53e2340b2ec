// The sweeps as pg-boss schedules and workers, in process (PGlite here; PostgreSQL in its lane):
// the cron rows exist, a sweep job is worked and records what it did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { openCase, setClock } from '../modules/supervision/test-supervision.js';
import { SCHEDULE_TIME_ZONE, SWEEPS, runAllSweeps, startSweeps } from './sweeps.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function waitForJob(queue: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = await t.jobs.boss.getJobById(queue, id, { includeArchive: true });
    if (job && (job.state === 'completed' || job.state === 'failed')) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} of ${queue} did not finish`);
}

describe('sweep schedules', () => {
  it('schedules every sweep each minute and works its jobs in this process', async () => {
    await startSweeps(t.deps, t.jobs);
    const schedules = await t.jobs.boss.getSchedules();
    // pg-boss returns the row's timezone column, which its type declaration leaves out
    const zone = (s: object) => (s as { timezone?: string }).timezone;
    expect(schedules.map((s) => [s.name, s.cron, zone(s)]).sort()).toEqual(
      [
        ['sweep-audit-seal', '* * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-auto-supervision', '* * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-escalations', '* * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-lights', '* * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-report-ins', '* * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-grid-partitions', '17 3 * * *', SCHEDULE_TIME_ZONE],
        ['sweep-history-partitions', '19 3 * * *', SCHEDULE_TIME_ZONE],
        ['sweep-on-call-calls', '* * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-agreement-terms', '7 * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-repeat-keys', '23 3 * * *', SCHEDULE_TIME_ZONE],
        ['sweep-warning-stuck', '*/10 * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-warning-spikes', '11 * * * *', SCHEDULE_TIME_ZONE],
        ['sweep-quality-sample', '30 2 * * 1', SCHEDULE_TIME_ZONE],
        ['sweep-statistics-reports', '*/10 * * * *', SCHEDULE_TIME_ZONE],
      ].sort(),
    );
    expect(SWEEPS.map((s) => s.queue).sort()).toEqual(schedules.map((s) => s.name).sort());
    // starting again (a restart, a second process) rewrites the same schedules
    await startSweeps(t.deps, t.jobs);
    expect(await t.jobs.boss.getSchedules()).toHaveLength(SWEEPS.length);

    setClock(t, '2026-03-16T02:00:00Z');
    const c = await openCase(t);
    setClock(t, '2026-03-17T16:00:01Z');
    const id = await t.jobs.send('sweep-auto-supervision', {});
    expect(id).toEqual(expect.any(String));
    const job = await waitForJob('sweep-auto-supervision', id!);
    expect(job.state).toBe('completed');
    expect(job.output).toEqual({ ordered: 1, pid: process.pid });
    const orders = await t.db.kysely.selectFrom('supervision_orders').select('case_id').execute();
    expect(orders.map((o) => o.case_id)).toEqual([c.id]);
  });

  // a batch of statistics reports (Excel and PDF each) takes longer than the default 30 s
  it('runs all sweeps once, in order, for `yimen sweep`', async () => {
    expect(await runAllSweeps(t.deps)).toEqual({
      lights: { red: 0, yellow: 0 },
      'auto-supervision': { ordered: 0 },
      escalations: { escalated: 0 },
      'report-ins': { missed: 0 },
      'grid-partitions': { created: 0 },
      'history-partitions': { created: 0 },
      'on-call-calls': { missed: 0 },
      'agreement-terms': { before: 0, due: 0 },
      'repeat-keys': { keyed: 0 },
      // the overdue case of the test above
      'warning-stuck': { overdue: 1, bounced: 0, reopened: 0 },
      'warning-spikes': { spikes: 0, series: 1 },
      'quality-sample': { counties: 0, sampled: 0, unassigned: 0 },
      // one batch of the demo city's reports of the periods ended before the test clock
      'statistics-reports': { generated: 20, pending: expect.any(Number) },
      // the audit rows of the test above (how many depends on what it wrote)
      'audit-seal': { sealed: expect.any(Number) },
    });
  }, 180_000);
});
