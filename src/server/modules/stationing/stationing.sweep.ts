// Unanswered on-call calls (随叫随驻): a call still open past its deadline turns missed and an
// accountability record (问责记录) is written against the department, in one transaction per call.
// Idempotent and safe with several processes: the call changes only while still open
// (UPDATE … WHERE status = 'open' RETURNING) and the record is unique per call.
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { recordAccountability } from '../accountability/accountability.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { dueOpenCalls, markCallMissed } from './stationing.queries.js';

export const MISSED_ON_CALL = 'missed_on_call';
const BATCH = 200;

export async function sweepMissedOnCallCalls(deps: AppDeps): Promise<{ missed: number }> {
  const now = deps.clock();
  let missed = 0;
  for (;;) {
    const batch = await dueOpenCalls(deps.db.kysely, now, BATCH);
    let changed = 0;
    for (const { id } of batch) {
      const done = await withTransaction(deps.db, async (trx) => {
        const call = await markCallMissed(trx, id, now);
        if (!call) return false;
        const record = await recordAccountability(trx, deps, {
          unitId: call.unit_id,
          kind: MISSED_ON_CALL,
          caseId: call.case_id,
          sourceType: 'on_call_call',
          sourceId: call.id,
          reason: '随叫随驻超时：被呼叫部门未在响应时限内应答',
          dueAt: new Date(call.due_at),
          occurredAt: now,
          detail: { center_id: call.center_id, called_at: new Date(call.called_at).toISOString() },
        });
        await recordAudit(trx, deps.newId(), {
          at: now,
          actorId: null,
          actorRole: 'system',
          actorLabel: 'system',
          ip: null,
          action: 'stationing.call_missed',
          targetType: 'on_call_call',
          targetId: call.id,
          result: 'success',
          detail: { unitId: call.unit_id, accountabilityId: record.id },
        });
        return true;
      });
      if (done) {
        missed += 1;
        changed += 1;
      }
    }
    // a call another process took is no longer open, so the next page moves on
    if (batch.length < BATCH || changed === 0) break;
  }
  return { missed };
}
