// Plans (visit plans, patrol schedules): set by a township (or higher) dispatcher for a grid, or
// for every grid under a village or township; a worker's tasks of the day derive from them.
import { levelOfCode, selfAndAncestors } from '../../../core/regions/region-code.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { forbidden, notFound, unprocessable } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { gridStaff, mayGrid, rangeOf, requireGrid, requireGridRole } from './grid-access.js';
import * as q from './grid.queries.js';
import type { PlanBodyT } from './grid.schemas.js';

const PLAN_LEVELS = new Set(['township', 'village', 'grid']);

type PlanRow = Awaited<ReturnType<typeof q.listPlans>>[number];

function planOut(p: PlanRow) {
  return {
    id: p.id,
    regionCode: p.region_code,
    regionName: p.region_name,
    kind: p.kind,
    title: p.title,
    every: p.every,
    count: p.count,
    createdAt: p.created_at.toISOString(),
    createdByName: p.created_by_name,
  };
}

export async function createPlan(deps: AppDeps, auth: AuthContext, body: PlanBodyT, ip: string | null) {
  const user = gridStaff(auth);
  requireGridRole(user, 'plan');
  requireGrid(user, 'plan', body.regionCode);
  if (!PLAN_LEVELS.has(levelOfCode(body.regionCode) ?? '')) throw unprocessable('grid.plan_level');
  const region = await q.findRegion(deps.db.kysely, body.regionCode);
  if (!region) throw unprocessable('grid.unknown_region', { code: body.regionCode });
  const id = deps.newId();
  const now = deps.clock();
  await withTransaction(deps.db, async (trx) => {
    await q.insertPlan(trx, {
      county_code: body.regionCode.slice(0, 6),
      id,
      region_code: body.regionCode,
      kind: body.kind,
      title: body.title.trim(),
      every: body.every,
      count: body.count,
      created_by: user.id,
      created_at: now,
    });
    await recordAudit(trx, deps.newId(), {
      actorId: user.id,
      actorRole: user.role,
      actorLabel: user.username,
      at: now,
      ip,
      action: 'grid.plan_create',
      targetType: 'grid_plan',
      targetId: id,
      result: 'success',
      detail: { region_code: body.regionCode, kind: body.kind, every: body.every, count: body.count },
    });
  });
  const [row] = (await q.listPlans(deps.db.kysely, { codes: [body.regionCode] })).filter((p) => p.id === id);
  return planOut(row!);
}

/**
 * Plans a caller may see: a grid worker the plans covering their grid; region staff the plans
 * set within `region` (default their scope), and those above it that cover it.
 */
export async function listPlans(deps: AppDeps, auth: AuthContext, region: string | undefined) {
  const user = gridStaff(auth);
  requireGridRole(user, 'read_work');
  const code = region ?? user.scopeCode;
  requireGrid(user, 'read_work', code);
  const db = deps.db.kysely;
  const within = await q.listPlans(db, { range: rangeOf(code) });
  const above = (await q.listPlans(db, { codes: selfAndAncestors(code).filter((c) => c !== code) })).filter(
    // plans above the caller's own scope are shown too: they bind the grids the caller oversees
    (p) => PLAN_LEVELS.has(levelOfCode(p.region_code) ?? ''),
  );
  return [...above, ...within].map(planOut);
}

export async function deletePlan(deps: AppDeps, auth: AuthContext, id: string, ip: string | null) {
  const user = gridStaff(auth);
  requireGridRole(user, 'plan');
  await withTransaction(deps.db, async (trx) => {
    const plan = await q.getPlan(trx, id);
    if (!plan || !mayGrid(user, 'read_work', plan.region_code)) throw notFound();
    if (!mayGrid(user, 'plan', plan.region_code)) throw forbidden();
    await q.deletePlan(trx, id);
    await recordAudit(trx, deps.newId(), {
      actorId: user.id,
      actorRole: user.role,
      actorLabel: user.username,
      at: deps.clock(),
      ip,
      action: 'grid.plan_delete',
      targetType: 'grid_plan',
      targetId: id,
      result: 'success',
      detail: { region_code: plan.region_code, kind: plan.kind, title: plan.title },
    });
  });
}
