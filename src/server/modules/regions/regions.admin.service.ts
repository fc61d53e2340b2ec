// Region-tree maintenance (system configuration): add a grid under a village, rename a node.
// Codes never change — cases, units and accounts hang on them — and nodes are never removed.
// Grids are ours (the statistical codes stop at villages): a new grid takes the village's next
// three-digit number.
import type { AppDeps } from '../../deps.js';
import type { Region } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound, unprocessable } from '../../http/errors.js';
import { recordConfigChange } from '../audit/audit.service.js';
import * as q from './regions.admin.queries.js';
import { findRegion } from './regions.queries.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'newId'>;
interface ConfigActor {
  user: { id: string; role: string; username: string };
  ip: string | null;
}

const MAX_GRIDS = 999;

/** Adds the next grid under a village; its name defaults to 胜利社区第4网格. */
export async function addGrid(
  deps: Deps,
  input: { villageCode: string; name?: string },
  actor: ConfigActor,
): Promise<Region> {
  try {
    return await withTransaction(deps.db, async (trx) => {
      const village = await findRegion(trx, input.villageCode);
      if (!village) throw unprocessable('case.unknown_region', { code: input.villageCode });
      if (village.level !== 'village') throw unprocessable('region.not_village');
      const last = await q.lastGridCode(trx, village.code);
      const n = last ? Number(last.slice(-3)) + 1 : 1;
      if (n > MAX_GRIDS) throw unprocessable('region.grid_full');
      const grid = {
        code: village.code + String(n).padStart(3, '0'),
        parentCode: village.code,
        name: input.name ?? `${village.name}第${n}网格`,
        sort: n,
      };
      await q.insertGrid(trx, grid);
      await recordConfigChange(trx, deps, {
        ...actor,
        action: 'config.region',
        targetType: 'region',
        targetId: grid.code,
        detail: { op: 'add_grid', parentCode: village.code, name: grid.name },
      });
      return {
        code: grid.code,
        parent_code: grid.parentCode,
        level: 'grid' as const,
        name: grid.name,
        sort: n,
      };
    });
  } catch (err) {
    // another grid was added to this village at the same moment: its number is taken
    if ((err as { code?: unknown }).code === '23505') throw conflict('region.concurrent_change');
    throw err;
  }
}

export async function renameRegionNode(
  deps: Deps,
  input: { code: string; name: string },
  actor: ConfigActor,
): Promise<void> {
  await withTransaction(deps.db, async (trx) => {
    const current = await findRegion(trx, input.code);
    if (!current) throw notFound();
    await q.renameRegion(trx, input.code, input.name);
    await recordConfigChange(trx, deps, {
      ...actor,
      action: 'config.region',
      targetType: 'region',
      targetId: input.code,
      detail: { op: 'rename', from: current.name, to: input.name },
    });
  });
}
