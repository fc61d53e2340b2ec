// What makes a staff account coherent: the unit it works for and the region node of its scope
// must agree with its role (domain.md, "Who uses it"). Pure: the facts of the unit and the scope
// node come in, a problem (or null) goes out; the server and the console's forms share it.
import type { RegionLevel } from '../regions/region-code.js';
import type { StaffRole } from '../workflow/case-model.js';

export type UnitKind = 'center' | 'department' | 'mediation_org' | 'village_committee';
export const UNIT_KINDS: readonly UnitKind[] = ['center', 'department', 'mediation_org', 'village_committee'];

/**
 * The three administrators (三员分立). Their accounts carry no unit and are created and recovered
 * with the command line only: the security administrator manages everyone else's account, so no
 * administrator can take over another's account (or make a fourth) through the console.
 */
export const ADMIN_ROLES = ['sys_admin', 'security_admin', 'audit_admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(role: string): role is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(role);
}

/** The kinds of unit an account of each role works for; none for the administrators. */
export const UNIT_KINDS_OF_ROLE: Readonly<Record<StaffRole, readonly UnitKind[]>> = {
  // a grid's worker and security member belong to the village (community) committee of the grid
  grid_worker: ['village_committee'],
  security_member: ['village_committee'],
  // region roles work at the governance center of their area
  clerk: ['center'],
  dispatcher: ['center'],
  leader: ['center'],
  supervisor: ['center'],
  department_staff: ['department'],
  // a village committee doubles as the village's people's mediation committee
  mediator: ['mediation_org', 'village_committee'],
  sys_admin: [],
  security_admin: [],
  audit_admin: [],
};

/** Roles whose scope is a grid of their committee's village rather than the unit's own node. */
const GRID_ROLES: readonly StaffRole[] = ['grid_worker', 'security_member'];

export function scopeIsGrid(role: StaffRole): boolean {
  return GRID_ROLES.includes(role);
}

/** Whether the scope is simply the unit's region node, so a form can fill it in from the unit. */
export function scopeFollowsUnit(role: StaffRole): boolean {
  return !isAdminRole(role) && !scopeIsGrid(role);
}

/** The scope an account of this role at this unit must have, when it follows from the unit. */
export function scopeFromUnit(role: StaffRole, unit: { regionCode: string } | null): string | null {
  return unit && scopeFollowsUnit(role) ? unit.regionCode : null;
}

export interface UnitFacts {
  kind: UnitKind;
  regionCode: string;
  active: boolean;
}

export interface ScopeFacts {
  code: string;
  level: RegionLevel;
  parentCode: string | null;
}

export type AccountShapeProblem =
  | { code: 'unit_required' }
  | { code: 'unit_not_allowed' }
  | { code: 'unit_kind'; kinds: readonly UnitKind[] }
  | { code: 'unit_inactive' }
  | { code: 'scope_not_unit_region'; expected: string }
  | { code: 'scope_not_grid_of_unit'; village: string };

/** Why an account of `role` at `unit` with `scope` does not hold together, or null when it does. */
export function checkAccountShape(
  role: StaffRole,
  unit: UnitFacts | null,
  scope: ScopeFacts,
): AccountShapeProblem | null {
  const kinds = UNIT_KINDS_OF_ROLE[role];
  if (kinds.length === 0) return unit ? { code: 'unit_not_allowed' } : null;
  if (!unit) return { code: 'unit_required' };
  if (!kinds.includes(unit.kind)) return { code: 'unit_kind', kinds };
  if (!unit.active) return { code: 'unit_inactive' };
  if (scopeIsGrid(role)) {
    if (scope.level !== 'grid' || scope.parentCode !== unit.regionCode)
      return { code: 'scope_not_grid_of_unit', village: unit.regionCode };
    return null;
  }
  if (scope.code !== unit.regionCode) return { code: 'scope_not_unit_region', expected: unit.regionCode };
  return null;
}
