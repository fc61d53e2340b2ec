// Expiry of report-ins (报到): an open task past its deadline becomes missed, an accountability
// record (问责记录) is written against the department, and a 'report_in_missed' record event goes on
// the case's ledger, all in one transaction per task. Idempotent and safe with several processes:
// the case row is locked first (the order transitions use), then the task changes only if it is
// still open (UPDATE … WHERE status = 'open' RETURNING), and the record is unique per task.
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordAccountability } from '../accountability/accountability.service.js';
import { SYSTEM_ACTOR } from '../../../core/workflow/relations.js';
import { appendRecord } from '../cases/case-records.js';
import { dueOpenTasks, lockCaseRow, markMissed } from './whistle.queries.js';

export const MISSED_REPORT_IN = 'missed_report_in';
const BATCH = 200;

/** Marks every overdue open report-in task missed; returns how many this run marked. */
export async function sweepMissedReportIns(
  deps: AppDeps,
  opts: { batchSize?: number } = {},
): Promise<{ missed: number }> {
  const now = deps.clock();
  const size = opts.batchSize ?? BATCH;
  let missed = 0;
  let after: { dueAt: Date; id: string } | null = null;
  for (;;) {
    const batch = await dueOpenTasks(deps.db.kysely, now, after, size);
    for (const task of batch) {
      if (await missOne(deps, task.case_id, task.id, now)) missed += 1;
    }
    if (batch.length < size) break;
    const last = batch[batch.length - 1]!;
    after = { dueAt: last.due_at, id: last.id };
  }
  return { missed };
}

async function missOne(deps: AppDeps, caseId: string, taskId: string, now: Date): Promise<boolean> {
  return withTransaction(deps.db, async (trx) => {
    const row = await lockCaseRow(trx, caseId);
    if (!row) return false;
    const task = await markMissed(trx, taskId, now);
    // reported in, cancelled or taken by another sweep since the list was read
    if (!task) return false;
    const record = await recordAccountability(trx, deps, {
      unitId: task.unit_id,
      kind: MISSED_REPORT_IN,
      caseId,
      sourceType: 'report_in_task',
      sourceId: task.id,
      reason: `吹哨报到超时：${row.case_no} 被点名部门未在期限内报到`,
      dueAt: task.due_at,
      occurredAt: now,
      detail: {
        case_no: row.case_no,
        escalation_seq: task.escalation_seq,
        from_level: task.from_level,
        to_level: task.to_level,
        summoned_at: task.summoned_at.toISOString(),
      },
    });
    const { seq } = await appendRecord(
      trx,
      deps,
      {
        row,
        action: 'report_in_missed',
        payload: {
          unit_id: task.unit_id,
          task_id: task.id,
          due_at: task.due_at.toISOString(),
          accountability_id: record.id,
        },
      },
      SYSTEM_ACTOR,
      now,
    );
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: null,
      actorRole: 'system',
      actorLabel: 'system',
      ip: null,
      action: 'case.report_in_missed',
      targetType: 'case',
      targetId: caseId,
      result: 'success',
      detail: { seq, task_id: task.id, unit_id: task.unit_id, accountability_id: record.id },
    });
    return true;
  });
}
