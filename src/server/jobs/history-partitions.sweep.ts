// Keeps the monthly partitions of the history tables (case_events, audit_log, grid_reports,
// grid_report_events; migration 0016) ahead of time: this month and the next three, created if
// missing by the SECURITY DEFINER function of that migration (the server's role may not create
// tables). Rows of a month without its partition land in the default partition, which then keeps
// that month's partition from being created: hence months ahead, daily.
import { sql } from 'kysely';
import { monthsFrom } from '../../core/grid/grid-rules.js';
import type { AppDeps } from '../deps.js';

export const HISTORY_TABLES = ['case_events', 'audit_log', 'grid_reports', 'grid_report_events'] as const;
export const HISTORY_MONTHS_AHEAD = 3;

export async function sweepHistoryPartitions(
  deps: Pick<AppDeps, 'db' | 'clock'>,
): Promise<{ created: number }> {
  const [first] = monthsFrom(deps.clock(), 1);
  let created = 0;
  for (const table of HISTORY_TABLES) {
    const { rows } = await sql<{ made: number }>`
      select yimen_ensure_id_partitions(${table}, ${first!}::date, ${HISTORY_MONTHS_AHEAD + 1}) as made`.execute(
      deps.db.kysely,
    );
    created += Number(rows[0]?.made ?? 0);
  }
  return { created };
}
