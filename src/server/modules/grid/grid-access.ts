// Who may do what with grid records: the grid rows of the policy table (src/core/workflow/policy.ts)
// applied to the caller and a record's grid (and, for reports, the unit it is assigned to).
import { prefixUpperBound } from '../../../core/regions/region-code.js';
import type { GridAction, GridRelation } from '../../../core/workflow/policy.js';
import { gridRoleMayEver, isGridAllowed } from '../../../core/workflow/policy.js';
import { withinScope } from '../../../core/workflow/relations.js';
import { forbidden, notFound } from '../../http/errors.js';
import type { AuthContext, StaffUser } from '../auth/auth.service.js';
import type { CodeRange } from './grid.queries.js';

/** Grid work is staff work: a resident's session may not touch it (403, not "log in"). */
export function gridStaff(auth: AuthContext): StaffUser {
  if (auth.kind !== 'staff') throw forbidden();
  return auth.user;
}

/** The caller's relations to a grid record at `regionCode`, assigned to `unitId` (reports). */
export function gridRelations(
  user: StaffUser,
  regionCode: string,
  unitId: string | null = null,
): GridRelation[] {
  const out: GridRelation[] = [];
  if (withinScope(user.scopeCode, regionCode)) out.push('in_scope');
  if (unitId && user.unitId === unitId) out.push('assigned_unit');
  return out;
}

export function mayGrid(user: StaffUser, action: GridAction, regionCode: string, unitId?: string | null) {
  return isGridAllowed(user.role, action, gridRelations(user, regionCode, unitId ?? null));
}

/** 403 unless the role may ever do it (a quick guard before any lookup). */
export function requireGridRole(user: StaffUser, action: GridAction): void {
  if (!gridRoleMayEver(user.role, action)) throw forbidden();
}

/** 403 unless the caller may do `action` at `regionCode`. */
export function requireGrid(user: StaffUser, action: GridAction, regionCode: string): void {
  if (!mayGrid(user, action, regionCode)) throw forbidden('grid.out_of_scope');
}

/** A record the caller may not read is answered like one that does not exist. */
export function requireVisible(visible: boolean): void {
  if (!visible) throw notFound();
}

export function rangeOf(code: string): CodeRange {
  return { lo: code, hi: prefixUpperBound(code) };
}
