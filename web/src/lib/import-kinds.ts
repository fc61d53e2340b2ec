// Which imports the console offers a role on its imports page. It mirrors the server's rule
// (mayImport in src/server/modules/imports/imports.routes.ts, which decides): hotline work orders
// for the window roles the policy lets register (they need a unit, whose cases they become);
// accounts for the security administrator; units and mediation organizations, system
// configuration, for the system administrator (三员分立). Base information (residents, houses,
// organizations) is imported on the 基础信息 pages, not here.
import type { Role } from '../../../src/core/workflow/case-model';
import { roleMayEver } from '../../../src/core/workflow/policy';

/** The kinds by the names the API's templates and uploads use. */
export const CONSOLE_IMPORT_KINDS = ['cases', 'users', 'units', 'mediation-orgs'] as const;
export type ConsoleImportKind = (typeof CONSOLE_IMPORT_KINDS)[number];

export function mayImportKind(role: Role, kind: ConsoleImportKind, hasUnit = true): boolean {
  switch (kind) {
    case 'cases':
      return (role === 'clerk' || role === 'dispatcher') && roleMayEver(role, 'register') && hasUnit;
    case 'users':
      return role === 'security_admin';
    case 'units':
    case 'mediation-orgs':
      return role === 'sys_admin';
  }
}

export function importKindsOf(role: Role, hasUnit = true): ConsoleImportKind[] {
  return CONSOLE_IMPORT_KINDS.filter((k) => mayImportKind(role, k, hasUnit));
}
