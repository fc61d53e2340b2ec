// Alone in its file, so no other queue's timers blur the count.
import { expect, test } from 'vitest';
import { createTestDb } from '../../../test/helpers/test-db.js';
import { withTransaction } from '../db/transaction.js';
import { createJobQueue } from './queue.js';

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'Timeout' || kind === 'TCPSocketWrap' || kind === 'TCPWrap')
      counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

test('stopping the queue and closing the database leave no timers or sockets behind', async () => {
  const before = countResources();
  const db = await createTestDb();
  const queue = await createJobQueue(db, { schema: db.jobSchema, startWorkers: true });
  await queue.start();
  await queue.ensureQueue('test.shutdown');
  const worked = new Promise<void>((resolve) => {
    void queue.boss.work('test.shutdown', { pollingIntervalSeconds: 0.5 }, async () => resolve());
  });
  await withTransaction(db, (trx) => queue.sendInTransaction(trx, 'test.shutdown', {}));
  await worked;
  expect(countResources()).not.toEqual(before);

  await queue.stop();
  await db.close();
  // Let closed sockets finish their teardown.
  await new Promise((resolve) => setTimeout(resolve, 50));
  // At most what was there before (a runner timer present then may have fired since).
  const after = countResources();
  for (const [kind, n] of Object.entries(after)) expect(n, kind).toBeLessThanOrEqual(before[kind] ?? 0);
});
