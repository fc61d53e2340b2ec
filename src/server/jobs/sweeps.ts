// The recurring sweeps as pg-boss cron schedules. pg-boss's cron monitor lets one process per
// interval turn each schedule into one job a minute, however many server processes run; the
// 'stately' queue policy keeps at most one job of a sweep queued and one active, so a slow run
// never piles up copies; a job whose worker died is retried once it expires. The sweeps
// themselves are idempotent and claim rows with FOR UPDATE SKIP LOCKED, so a run of
// `yimen sweep` beside the servers (or an expired job retried while the first still runs) is safe.
import type { AppDeps } from '../deps.js';
import {
  sweepAutoSupervision,
  sweepEscalations,
  sweepLights,
} from '../modules/supervision/supervision.sweeps.js';
import { sweepMissedReportIns } from '../modules/whistle/report-in.sweep.js';
import { sweepGridPartitions } from '../modules/grid/grid-partitions.sweep.js';
import { sweepMissedOnCallCalls } from '../modules/stationing/stationing.sweep.js';
import { sweepAgreementTermReminders } from '../modules/mediation/performance.service.js';
import { sweepHistoryPartitions } from './history-partitions.sweep.js';
import { sealAuditLog } from '../modules/audit/audit-chain.service.js';
import { sweepRepeatKeys, sweepSpikes, sweepStuck } from '../modules/warnings/warnings.sweeps.js';
import { sweepQualitySample } from '../modules/quality-checks/quality-checks.service.js';
import { sweepStatisticsReports } from '../modules/reports/statistics-reports.sweep.js';
import type { JobQueue, QueueOptions } from './queue.js';

export interface Sweep {
  /** short name (CLI output, logs) */
  name: string;
  /** pg-boss queue and schedule name */
  queue: string;
  /** cron expression (minute resolution), time zone Asia/Shanghai */
  cron: string;
  run(deps: AppDeps): Promise<Record<string, number>>;
}

/** In the order a one-shot run needs: lights, then orders for what turned overdue, then escalation. */
export const SWEEPS: readonly Sweep[] = [
  { name: 'lights', queue: 'sweep-lights', cron: '* * * * *', run: sweepLights },
  { name: 'auto-supervision', queue: 'sweep-auto-supervision', cron: '* * * * *', run: sweepAutoSupervision },
  { name: 'escalations', queue: 'sweep-escalations', cron: '* * * * *', run: sweepEscalations },
  // issue 5a (whistle): missed report-ins become accountability records
  {
    name: 'report-ins',
    queue: 'sweep-report-ins',
    cron: '* * * * *',
    run: (deps) => sweepMissedReportIns(deps),
  },
  // issue 6 (grid work): the monthly partitions of grid_work_items, created months ahead
  { name: 'grid-partitions', queue: 'sweep-grid-partitions', cron: '17 3 * * *', run: sweepGridPartitions },
  // issue 9 (scale): the monthly partitions of the ledger, audit log and grid reports
  {
    name: 'history-partitions',
    queue: 'sweep-history-partitions',
    cron: '19 3 * * *',
    run: sweepHistoryPartitions,
  },
  // issue 7 (stationing): on-call calls not answered in time become accountability records
  { name: 'on-call-calls', queue: 'sweep-on-call-calls', cron: '* * * * *', run: sweepMissedOnCallCalls },
  // issue 7 (mediation): reminders of agreement terms falling due (履行提醒), before and on the day
  {
    name: 'agreement-terms',
    queue: 'sweep-agreement-terms',
    cron: '7 * * * *',
    run: (deps) => sweepAgreementTermReminders(deps),
  },
  // issue 8 (研判预警): repeat keys of rows older than 0013 first, then stuck cases (overdue, bounced,
  // reopened), spikes of a category in a township, and each Monday the week's quality sample
  { name: 'repeat-keys', queue: 'sweep-repeat-keys', cron: '23 3 * * *', run: sweepRepeatKeys },
  { name: 'warning-stuck', queue: 'sweep-warning-stuck', cron: '*/10 * * * *', run: sweepStuck },
  { name: 'warning-spikes', queue: 'sweep-warning-spikes', cron: '11 * * * *', run: sweepSpikes },
  { name: 'quality-sample', queue: 'sweep-quality-sample', cron: '30 2 * * 1', run: sweepQualitySample },
  // the periodic statistics reports (定期统计报表) of each center once its period has ended
  {
    name: 'statistics-reports',
    queue: 'sweep-statistics-reports',
    cron: '*/10 * * * *',
    run: (deps) => sweepStatisticsReports(deps),
  },
  // issue 10: the audit log's new rows are sealed into its hash chain (last: it seals the others')
  { name: 'audit-seal', queue: 'sweep-audit-seal', cron: '* * * * *', run: sealAuditLog },
];

export const SWEEP_QUEUE_OPTIONS: QueueOptions = {
  policy: 'stately',
  retryLimit: 3,
  retryDelay: 30,
  // a run normally takes well under a second; an expired one (its worker died) is retried
  expireInSeconds: 15 * 60,
  retentionMinutes: 60,
};

export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

/**
 * pg-boss creates a queue by inserting its row and attaching a partition, which locks the queue
 * table: two processes creating queues at the same moment (a fresh database, several servers
 * starting together) can deadlock, and PostgreSQL then aborts one of them. Its retry finds the
 * queue made by the other and does nothing.
 */
async function retryOnDeadlock(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}

/** Creates the sweep queues, (re)writes their cron schedules and works them in this process. */
export async function startSweeps(deps: AppDeps, jobs: JobQueue): Promise<void> {
  for (const sweep of SWEEPS) {
    await retryOnDeadlock(() => jobs.ensureQueue(sweep.queue, SWEEP_QUEUE_OPTIONS));
    await jobs.boss.schedule(sweep.queue, sweep.cron, {}, { tz: SCHEDULE_TIME_ZONE });
    await jobs.boss.work(sweep.queue, { pollingIntervalSeconds: 2, batchSize: 1 }, async () => {
      const result = await sweep.run(deps);
      // kept as the job's output: which process ran it and what it did
      return { ...result, pid: process.pid };
    });
  }
}

/** Runs every sweep once, in order (`yimen sweep`, tests). */
export async function runAllSweeps(deps: AppDeps): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const sweep of SWEEPS) out[sweep.name] = await sweep.run(deps);
  return out;
}
