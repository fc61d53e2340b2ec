// Keeps the monthly partitions of grid_work_items ahead of time: this month and the next three,
// created if missing (idempotent) by the SECURITY DEFINER function of migration 0007, since the
// server's role may not create tables. Rows of a month without its partition land in the default
// partition, which then keeps that month's partition from being created: run well ahead.
import { monthsFrom } from '../../../core/grid/grid-rules.js';
import type { AppDeps } from '../../deps.js';
import { ensurePartitions } from './grid.queries.js';

export const PARTITION_MONTHS_AHEAD = 3;

export async function sweepGridPartitions(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<{ created: number }> {
  const [first] = monthsFrom(deps.clock(), 1);
  const created = await ensurePartitions(deps.db.kysely, first!, PARTITION_MONTHS_AHEAD + 1);
  return { created };
}
