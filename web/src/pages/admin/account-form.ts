// The account form's rules: which roles the console may assign, which units a role's account can
// belong to, when the scope follows the unit, and what a change actually sends. The coherence
// rule itself is the core's (account-shape.ts), which the server applies too.
import {
  UNIT_KINDS_OF_ROLE,
  isAdminRole,
  scopeIsGrid,
  type UnitKind,
} from '../../../../src/core/organization/account-shape';
import { STAFF_ROLES, type StaffRole } from '../../../../src/core/workflow/case-model';

/** The roles a security administrator may give: every staff role but the three administrators. */
export const ASSIGNABLE_ROLES: readonly StaffRole[] = STAFF_ROLES.filter((r) => !isAdminRole(r));

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  unitId: string | null;
  unitName: string | null;
  unitCode: string | null;
  scopeCode: string;
  scopeName: string | null;
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  mustChangePassword: boolean;
  isDemo: boolean;
  administrator: boolean;
  createdAt: string;
}

export interface AccountFormValues {
  username?: string;
  displayName?: string;
  role?: StaffRole;
  unitId?: string | null;
  /** only asked for grid roles (a grid of the committee's village) */
  scopeCode?: string | null;
}

/** Unit kinds the unit picker offers for a role. */
export function unitKindsFor(role: StaffRole | undefined): readonly UnitKind[] {
  return role ? UNIT_KINDS_OF_ROLE[role] : [];
}

/** Whether the form asks for a grid: grid workers and security members only; others follow their unit. */
export function asksForGrid(role: StaffRole | undefined): boolean {
  return role !== undefined && scopeIsGrid(role);
}

/** POST /api/admin/users from the form. */
export function createBody(v: AccountFormValues) {
  return {
    username: (v.username ?? '').trim().toLowerCase(),
    displayName: (v.displayName ?? '').trim(),
    role: v.role,
    unitId: v.unitId ?? null,
    ...(asksForGrid(v.role) && v.scopeCode ? { scopeCode: v.scopeCode } : {}),
  };
}

/** PATCH /api/admin/users/:id from the form: only what changed; null when nothing did. */
export function changeBody(original: Account, v: AccountFormValues): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  const name = (v.displayName ?? '').trim();
  if (name && name !== original.displayName) out.displayName = name;
  if (v.role && v.role !== original.role) out.role = v.role;
  const unitId = v.unitId ?? null;
  if (unitId !== original.unitId) out.unitId = unitId;
  if (asksForGrid(v.role ?? original.role) && v.scopeCode && v.scopeCode !== original.scopeCode)
    out.scopeCode = v.scopeCode;
  return Object.keys(out).length ? out : null;
}

export type AccountStatus = 'active' | 'inactive' | 'locked' | 'mustChange';

/** The status tags of an account, most important first. */
export function accountStatus(a: Pick<Account, 'active' | 'locked' | 'mustChangePassword'>): AccountStatus[] {
  const out: AccountStatus[] = [a.active ? 'active' : 'inactive'];
  if (a.locked) out.push('locked');
  if (a.mustChangePassword) out.push('mustChange');
  return out;
}

/** Usernames: lower case, digits and . _ - ; 3 to 64 characters (the server's rule). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
