import type { CaseSnapshot, Relation, Role } from './case-model.js';
import { REGION_ROLES } from './case-model.js';

/** Who is acting: a staff user, a phone-verified resident, or the system. */
export interface Actor {
  role: Role;
  /** the user's id; null for residents and the system */
  userId: string | null;
  /** the unit the user works for (center, department, mediation org, village committee) */
  unitId: string | null;
  /** the region node of the user's scope (region roles: their area; grid workers: their grid) */
  scopeCode: string | null;
  /** residents only: whether their verified phone matches a party of the case */
  isParty?: boolean;
}

/** The actor of what the system does on its own: sweeps, the reopen after a resident's rating. */
export const SYSTEM_ACTOR: Actor = { role: 'system', userId: null, unitId: null, scopeCode: null };

/** Whether `code` lies within the region node `scope` (codes are hierarchical prefixes). */
export function withinScope(scope: string, code: string): boolean {
  return code.startsWith(scope);
}

// Grid workers and security members see and register within their grid; region roles within their area.
const PREFIX_ROLES: readonly Role[] = [...REGION_ROLES, 'grid_worker', 'security_member'];

/** The relations of an actor to a case (never empty: 'none' when nothing else holds). */
export function relationsOf(actor: Actor, snapshot: CaseSnapshot): Relation[] {
  const out: Relation[] = [];
  if (actor.role === 'resident') {
    if (actor.isParty) out.push('party');
  } else if (actor.unitId) {
    for (const link of snapshot.units) {
      if (link.unitId === actor.unitId) out.push(link.relation);
    }
    if (snapshot.ownerUnitId === actor.unitId) out.push('owner');
  }
  if (
    actor.scopeCode &&
    PREFIX_ROLES.includes(actor.role) &&
    withinScope(actor.scopeCode, snapshot.regionCode)
  ) {
    out.push('in_scope');
  }
  if (out.length === 0) out.push('none');
  return out;
}

/** Relations that matter before a case exists (registration): scope of the place given. */
export function relationsForNewCase(actor: Actor, regionCode: string): Relation[] {
  if (actor.scopeCode && PREFIX_ROLES.includes(actor.role) && withinScope(actor.scopeCode, regionCode)) {
    return ['in_scope'];
  }
  return ['none'];
}
