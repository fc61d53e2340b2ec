// Starts the workers of issue 4a's queues on the server's pg-boss: 'case-event' (fan-out) and
// 'notify' (delivery). With N server processes each job still runs once.
import type { AppDeps } from '../../deps.js';
import { CASE_EVENT_QUEUE, handleCaseEvent, type CaseEventJob } from './case-events.js';
import { processNotifyJob } from './deliver.js';
import { NOTIFY_QUEUE, type NotifyJob } from './enqueue.js';
import { createProviders, type Providers } from './providers.js';

export async function startNotificationWorkers(
  deps: AppDeps,
  providers: Providers = createProviders(deps.config, deps.clock),
): Promise<void> {
  const jobs = deps.jobs;
  if (!jobs) return;
  await jobs.ensureQueue(NOTIFY_QUEUE);
  await jobs.ensureQueue(CASE_EVENT_QUEUE);
  if (deps.config.production && deps.config.sms.provider === 'dev') {
    process.emitWarning(
      'YIMEN_SMS_PROVIDER is dev in production: SMS (one-time codes too) go to the outbox log, not to phones.',
    );
  }
  await jobs.boss.work<NotifyJob>(
    NOTIFY_QUEUE,
    { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (job) await processNotifyJob(deps, providers, job);
    },
  );
  await jobs.boss.work<CaseEventJob>(
    CASE_EVENT_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (job) await handleCaseEvent(deps, job.data);
    },
  );
}
