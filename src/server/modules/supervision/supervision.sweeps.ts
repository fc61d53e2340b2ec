// The background sweeps of supervision: lights, automatic orders for overdue cases, escalation of
// unanswered orders. Each takes its clock from deps (a fixed one in tests) and is idempotent and
// safe to run in several processes at once: rows are claimed with FOR UPDATE SKIP LOCKED,
// conditions are checked again under the lock, and a unique index allows one automatic order per
// case deadline. A row another transaction holds is left for the next run.
import {
  AUTO_ORDER_WORKING_DAYS,
  ESCALATION_WORKING_DAYS,
  autoOrderLevel,
  escalationLevel,
  orderDueAt,
} from '../../../core/supervision/supervision-rules.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { notifyLightChanges } from '../live/live.notify.js';
import { SYSTEM_ACTOR } from '../../../core/workflow/relations.js';
import { appendRecords } from '../cases/case-records.js';
import * as q from './supervision.queries.js';

export type SweepDeps = Pick<AppDeps, 'db' | 'clock' | 'calendar' | 'crypto' | 'newId' | 'jobs'>;

/** Rows per transaction: small enough to hold locks briefly, large enough to amortize round trips. */
const LIGHT_BATCH = 1000;
const ORDER_BATCH = 200;

/** The text of an automatic order (the API also says kind 'automatic', for other languages). */
export const AUTO_ORDER_INSTRUCTIONS = '案件已超过办理时限，请主办单位说明办理情况并尽快办结。';

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

/**
 * Moves stored lights on: clocks past their deadline turn red, green ones past two thirds of their
 * time yellow; every change is announced to the live streams in the same transaction.
 */
export async function sweepLights(deps: SweepDeps): Promise<{ red: number; yellow: number }> {
  const now = deps.clock();
  const counts = { red: 0, yellow: 0 };
  for (const to of ['red', 'yellow'] as const) {
    for (;;) {
      const ids = await withTransaction(deps.db, async (trx) => {
        const changed = await q.markLightBatch(trx, to, now, LIGHT_BATCH);
        await notifyLightChanges(trx, changed);
        return changed;
      });
      counts[to] += ids.length;
      if (ids.length < LIGHT_BATCH) break;
    }
  }
  return counts;
}

/**
 * Issues an automatic supervision order (督办单, by the system) for every open, running, overdue
 * case that has no unanswered order and none issued for its current deadline: addressed to the
 * lead unit, followed up at the handling level (at least the township), due in
 * AUTO_ORDER_WORKING_DAYS working days. One 'supervision_ordered' event per order.
 */
export async function sweepAutoSupervision(deps: SweepDeps): Promise<{ ordered: number }> {
  const now = deps.clock();
  const dueAt = orderDueAt(deps.calendar, now, AUTO_ORDER_WORKING_DAYS);
  let ordered = 0;
  let after: { deadline: Date; id: string } | null = null;
  for (;;) {
    const batch: { seen: number; last: { deadline: Date; id: string } | null; ordered: number } =
      await withTransaction(deps.db, async (trx) => {
        const rows = await q.lockAutoSupervisionBatch(trx, now, ORDER_BATCH, after);
        const orders = rows.map((row) => {
          const level = autoOrderLevel(row.region_code, row.handling_level);
          return {
            row,
            order: {
              county_code: row.county_code,
              id: deps.newId(),
              case_id: row.id,
              kind: 'automatic' as const,
              status: 'open' as const,
              instructions: AUTO_ORDER_INSTRUCTIONS,
              issued_by: null,
              issuer_role: 'system',
              issuer_unit_id: null,
              level_code: level,
              issued_level_code: level,
              addressed_unit_id: row.lead_unit_id ?? row.owner_unit_id,
              due_at: dueAt,
              for_deadline_at: row.deadline_at!,
              created_at: now,
              updated_at: now,
            },
          };
        });
        const inserted = await q.insertAutoOrders(
          trx,
          orders.map((o) => o.order),
        );
        await q.markAutoSupervised(
          trx,
          rows.map((r) => r.id),
        );
        const records = await appendRecords(
          trx,
          deps,
          orders
            .filter((o) => inserted.has(o.row.id))
            .map(({ row, order }) => ({
              row,
              action: 'supervision_ordered' as const,
              payload: {
                order_id: order.id,
                kind: 'automatic',
                instructions: AUTO_ORDER_INSTRUCTIONS,
                due_at: dueAt.toISOString(),
                level_code: order.level_code,
                addressed_unit_id: order.addressed_unit_id,
                for_deadline_at: order.for_deadline_at.toISOString(),
              },
            })),
          SYSTEM_ACTOR,
          now,
        );
        const last = rows.at(-1);
        return {
          seen: rows.length,
          last: last ? { deadline: last.deadline_at!, id: last.id } : null,
          ordered: records.length,
        };
      });
    ordered += batch.ordered;
    if (batch.seen < ORDER_BATCH || !batch.last) break;
    after = batch.last;
  }
  return { ordered };
}

/**
 * Escalates every order unanswered past its due time, on an open case, to the level above the one
 * following it up (township → county → city; the city is the top), with a new due time
 * ESCALATION_WORKING_DAYS working days on. One 'supervision_escalated' event per step.
 */
export async function sweepEscalations(deps: SweepDeps): Promise<{ escalated: number }> {
  const now = deps.clock();
  const dueAt = orderDueAt(deps.calendar, now, ESCALATION_WORKING_DAYS);
  let escalated = 0;
  let after: { due: Date; id: string } | null = null;
  for (;;) {
    const candidates = await q.escalationCandidates(deps.db.kysely, now, ORDER_BATCH, after);
    if (candidates.length === 0) break;
    const last = candidates.at(-1)!;
    after = { due: last.due_at, id: last.id };
    escalated += await withTransaction(deps.db, async (trx) => {
      // the cases first (the lock order of every writer), skipping those held elsewhere
      const locked = await q.lockCasesSkipLocked(trx, [...new Set(candidates.map((c) => c.case_id))]);
      const rows = new Map(locked.filter((r) => OPEN_STATES.includes(r.state)).map((r) => [r.id, r]));
      const steps = candidates.flatMap((c) => {
        const to = escalationLevel(c.level_code);
        return rows.has(c.case_id) && to ? [{ id: c.id, fromLevel: c.level_code, toLevel: to }] : [];
      });
      // answered or escalated by someone else first: left out here
      const done = await q.escalateOrders(trx, steps, { dueAt, now });
      const from = new Map(steps.map((s) => [s.id, s.fromLevel]));
      const records = await appendRecords(
        trx,
        deps,
        done.map((o) => ({
          row: rows.get(o.case_id)!,
          action: 'supervision_escalated' as const,
          payload: {
            order_id: o.id,
            from_level_code: from.get(o.id)!,
            to_level_code: o.level_code,
            escalations: o.escalations,
            due_at: dueAt.toISOString(),
          },
        })),
        SYSTEM_ACTOR,
        now,
      );
      return records.length;
    });
    if (candidates.length < ORDER_BATCH) break;
  }
  return { escalated };
}
