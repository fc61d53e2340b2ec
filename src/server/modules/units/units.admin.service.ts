// Unit and category administration: system configuration (三员分立: the system administrator's
// work), each change audited in the transaction that makes it. Unit codes and kinds are fixed
// once created (cases, rules and accounts refer to them); names, stationing and active change.
import type { Kysely } from 'kysely';
import type { UnitKind } from '../../../core/organization/account-shape.js';
import {
  checkUnitShape,
  type MediationKind,
  type Stationing,
  type UnitShapeProblem,
} from '../../../core/organization/unit-shape.js';
import type { AppDeps } from '../../deps.js';
import type { Database } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import type { HttpError } from '../../http/errors.js';
import { badRequest, conflict, notFound, unprocessable } from '../../http/errors.js';
import { recordConfigChange } from '../audit/audit.service.js';
import * as q from './units.admin.queries.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'newId'>;
export interface ConfigActor {
  user: { id: string; role: string; username: string };
  ip: string | null;
}

export interface UnitAdminView {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string;
  regionName: string | null;
  centerId: string | null;
  centerName: string | null;
  departmentType: string | null;
  mediationKind: MediationKind | null;
  stationing: Stationing | null;
  active: boolean;
  /** active accounts working for the unit */
  activeUsers: number;
}

const toView = (r: q.UnitAdminRow): UnitAdminView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  regionCode: r.region_code,
  regionName: r.region_name ?? null,
  centerId: r.center_id,
  centerName: r.center_name ?? null,
  departmentType: r.department_type,
  mediationKind: r.mediation_kind,
  stationing: r.stationing,
  active: r.active,
  activeUsers: Number(r.active_users ?? 0),
});

const cursorOf = (r: { region_code: string; code: string }) =>
  Buffer.from(JSON.stringify([r.region_code, r.code])).toString('base64url');

function parseCursor(cursor: string): { regionCode: string; code: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'))
      return { regionCode: v[0] as string, code: v[1] as string };
  } catch {
    // falls through to the refusal
  }
  throw badRequest('case.bad_cursor');
}

export interface UnitAdminFilter {
  kind?: UnitKind;
  under?: string;
  region?: string;
  active?: boolean;
  text?: string;
  cursor?: string;
  limit?: number;
}

/** Units (active or not) in region order; nextCursor continues the list. */
export async function listUnitsAdmin(deps: Deps, f: UnitAdminFilter) {
  const limit = f.limit ?? 50;
  const rows = await q.findUnitsAdmin(deps.db.kysely, {
    kind: f.kind,
    under: f.under,
    region: f.region,
    active: f.active,
    text: f.text?.trim() || undefined,
    after: f.cursor ? parseCursor(f.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!) : null,
  };
}

function shapeError(p: UnitShapeProblem, kind: UnitKind): HttpError {
  switch (p.code) {
    case 'level':
      return unprocessable(`unit.level.${kind}`);
    case 'field_required':
      return unprocessable(`unit.field_required.${p.field}`);
    case 'field_not_allowed':
      return unprocessable(`unit.field_not_allowed.${p.field}`);
    default:
      return unprocessable(`unit.${p.code}`);
  }
}

interface Placement {
  kind: UnitKind;
  regionCode: string;
  centerId: string | null;
  departmentType: string | null;
  mediationKind: MediationKind | null;
  stationing: Stationing | null;
}

async function checkPlacement(db: Kysely<Database>, p: Placement): Promise<void> {
  const region = await q.findRegionBasics(db, p.regionCode);
  if (!region) throw unprocessable('case.unknown_region', { code: p.regionCode });
  const center = p.centerId ? await q.findUnitBasics(db, p.centerId) : undefined;
  if (p.centerId && !center) throw unprocessable('case.unknown_unit', { id: p.centerId });
  const problem = checkUnitShape({
    kind: p.kind,
    regionCode: p.regionCode,
    regionLevel: region.level,
    center: center ? { kind: center.kind, regionCode: center.region_code, active: center.active } : null,
    departmentType: p.departmentType,
    mediationKind: p.mediationKind,
    stationing: p.stationing,
  });
  if (problem) throw shapeError(problem, p.kind);
}

export interface NewUnit extends Placement {
  code: string;
  name: string;
}

export async function createUnit(deps: Deps, input: NewUnit, actor: ConfigActor): Promise<UnitAdminView> {
  const id = deps.newId();
  try {
    await withTransaction(deps.db, async (trx) => {
      if (await q.unitCodeTaken(trx, input.code)) throw conflict('unit.code_taken', { code: input.code });
      await checkPlacement(trx, input);
      if (input.kind === 'center' && (await q.centerAt(trx, input.regionCode)))
        throw conflict('unit.center_exists');
      await q.insertUnit(trx, {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        region_code: input.regionCode,
        center_id: input.centerId,
        department_type: input.departmentType,
        mediation_kind: input.mediationKind,
        stationing: input.stationing,
        created_at: deps.clock(),
      });
      await recordConfigChange(trx, deps, {
        ...actor,
        action: 'config.unit',
        targetType: 'unit',
        targetId: id,
        detail: { op: 'add', ...input },
      });
    });
  } catch (err) {
    // a concurrent creation won the unique code (or the one center of a region)
    const e = err as { code?: unknown; constraint?: unknown };
    if (e.code === '23505')
      throw e.constraint === 'units_one_center_per_region'
        ? conflict('unit.center_exists')
        : conflict('unit.code_taken', { code: input.code });
    throw err;
  }
  return (await getUnitAdmin(deps, id))!;
}

export async function getUnitAdmin(deps: Deps, id: string): Promise<UnitAdminView | null> {
  const row = await q.findUnitAdmin(deps.db.kysely, id);
  return row ? toView(row) : null;
}

export interface UnitChange {
  name?: string;
  active?: boolean;
  centerId?: string | null;
  departmentType?: string | null;
  mediationKind?: MediationKind | null;
  stationing?: Stationing | null;
}

/**
 * Changes a unit. Deactivating is refused while accounts still work for it or units are still
 * stationed at it: the security administrator moves the accounts first (三员分立), and the
 * units below are deactivated or moved, so no one is left attached to a closed unit.
 */
export async function updateUnitAdmin(
  deps: Deps,
  id: string,
  change: UnitChange,
  actor: ConfigActor,
): Promise<UnitAdminView> {
  await withTransaction(deps.db, async (trx) => {
    const current = await q.findUnitAdmin(trx, id);
    if (!current) throw notFound();
    const next: Placement = {
      kind: current.kind,
      regionCode: current.region_code,
      centerId: change.centerId !== undefined ? change.centerId : current.center_id,
      departmentType: change.departmentType !== undefined ? change.departmentType : current.department_type,
      mediationKind: change.mediationKind !== undefined ? change.mediationKind : current.mediation_kind,
      stationing: change.stationing !== undefined ? change.stationing : current.stationing,
    };
    const placementChanged =
      change.centerId !== undefined ||
      change.departmentType !== undefined ||
      change.mediationKind !== undefined ||
      change.stationing !== undefined;
    if (placementChanged || (change.active === true && !current.active)) await checkPlacement(trx, next);
    if (change.active === false && current.active) {
      const deps_ = await q.activeDependents(trx, id);
      if (deps_.users > 0) throw unprocessable('unit.has_active_users', { count: deps_.users });
      if (deps_.units > 0) throw unprocessable('unit.has_active_units', { count: deps_.units });
    }
    await q.updateUnit(trx, id, {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      center_id: next.centerId,
      department_type: next.departmentType,
      mediation_kind: next.mediationKind,
      stationing: next.stationing,
    });
    await recordConfigChange(trx, deps, {
      ...actor,
      action: 'config.unit',
      targetType: 'unit',
      targetId: id,
      detail: { op: 'update', code: current.code, ...change },
    });
  });
  return (await getUnitAdmin(deps, id))!;
}

export interface CategoryAdminView {
  code: string;
  nameZh: string;
  nameEn: string;
  sort: number;
  active: boolean;
}

/** Every category, retired ones too, in display order. */
export async function listCategoriesAdmin(deps: Deps): Promise<CategoryAdminView[]> {
  return (await q.listAllCategories(deps.db.kysely)).map((c) => ({
    code: c.code,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    sort: c.sort,
    active: c.active,
  }));
}

export async function createCategory(
  deps: Deps,
  input: { code: string; nameZh: string; nameEn: string; sort?: number; active?: boolean },
  actor: ConfigActor,
): Promise<CategoryAdminView> {
  const active = input.active ?? true;
  try {
    const sort = await withTransaction(deps.db, async (trx) => {
      if (await q.categoryExists(trx, input.code))
        throw conflict('category.code_taken', { code: input.code });
      const sort = await q.insertCategory(trx, {
        code: input.code,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        sort: input.sort,
        active,
      });
      await recordConfigChange(trx, deps, {
        ...actor,
        action: 'config.category',
        targetType: 'category',
        targetId: input.code,
        detail: { op: 'add', ...input, sort, active },
      });
      return sort;
    });
    return { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, sort, active };
  } catch (err) {
    if ((err as { code?: unknown }).code === '23505')
      throw conflict('category.code_taken', { code: input.code });
    throw err;
  }
}
