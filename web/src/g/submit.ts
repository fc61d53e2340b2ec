// Pressing submit: the clientKey is made now and stays with the queued entry for every retry;
// online, the page waits a few seconds for the answer, else it tells the worker it is queued.
import { outbox } from './outbox';
import type { QueueEntry, SubmissionKind } from './queue';

export type SubmitOutcome =
  { kind: 'sent'; result: unknown } | { kind: 'queued' } | { kind: 'failed'; message: string };

export async function submitThroughOutbox(input: {
  kind: SubmissionKind;
  label: string;
  body: Record<string, unknown>;
  photos: { blob: Blob; name: string }[];
}): Promise<SubmitOutcome> {
  const entry = await outbox.enqueue({ ...input, clientKey: crypto.randomUUID() });
  const settled: QueueEntry | undefined = navigator.onLine ? await outbox.settle(entry.id, 8_000) : entry;
  if (settled?.state === 'sent') return { kind: 'sent', result: settled.result };
  if (settled?.state === 'failed') return { kind: 'failed', message: settled.error ?? '' };
  return { kind: 'queued' };
}
