// What makes a unit coherent (domain.md, "The region tree"): centers exist at city, county and
// township level; departments are stationed at a center (常驻 / 轮驻 / 随叫随驻); mediation
// organizations have one of the four kinds (四调联动); a village committee sits on its village.
import type { RegionLevel } from '../regions/region-code.js';
import { selfAndAncestors } from '../regions/region-code.js';
import type { UnitKind } from './account-shape.js';

export type MediationKind = 'people' | 'industry' | 'administrative' | 'judicial';
export const MEDIATION_KINDS: readonly MediationKind[] = ['people', 'industry', 'administrative', 'judicial'];
export type Stationing = 'permanent' | 'rotation' | 'on_call';
export const STATIONINGS: readonly Stationing[] = ['permanent', 'rotation', 'on_call'];

/** The region levels a unit of each kind may hang on. */
export const LEVELS_OF_KIND: Readonly<Record<UnitKind, readonly RegionLevel[]>> = {
  center: ['city', 'county', 'township'],
  department: ['city', 'county', 'township'],
  mediation_org: ['city', 'county', 'township', 'village'],
  village_committee: ['village'],
};

/** Which optional attributes each kind has: required, allowed, or not allowed (absent). */
type Need = 'required' | 'optional' | 'absent';
export const FIELDS_OF_KIND: Readonly<
  Record<UnitKind, { center: Need; departmentType: Need; mediationKind: Need; stationing: Need }>
> = {
  center: { center: 'absent', departmentType: 'absent', mediationKind: 'absent', stationing: 'absent' },
  department: {
    center: 'required',
    departmentType: 'required',
    mediationKind: 'absent',
    stationing: 'required',
  },
  mediation_org: {
    center: 'optional',
    departmentType: 'absent',
    mediationKind: 'required',
    stationing: 'optional',
  },
  village_committee: {
    center: 'optional',
    departmentType: 'absent',
    mediationKind: 'optional',
    stationing: 'absent',
  },
};

export interface UnitDraft {
  kind: UnitKind;
  regionCode: string;
  regionLevel: RegionLevel;
  /** the center the unit is stationed at (departments) or works with */
  center: { kind: UnitKind; regionCode: string; active: boolean } | null;
  departmentType: string | null;
  mediationKind: MediationKind | null;
  stationing: Stationing | null;
}

export type UnitShapeProblem =
  | { code: 'level'; levels: readonly RegionLevel[] }
  | { code: 'field_required'; field: 'center' | 'departmentType' | 'mediationKind' | 'stationing' }
  | { code: 'field_not_allowed'; field: 'center' | 'departmentType' | 'mediationKind' | 'stationing' }
  | { code: 'center_not_center' }
  | { code: 'center_inactive' }
  | { code: 'center_out_of_region' };

/** Why a unit does not hold together, or null when it does. */
export function checkUnitShape(u: UnitDraft): UnitShapeProblem | null {
  const levels = LEVELS_OF_KIND[u.kind];
  if (!levels.includes(u.regionLevel)) return { code: 'level', levels };
  const needs = FIELDS_OF_KIND[u.kind];
  const present = {
    center: u.center !== null,
    departmentType: u.departmentType !== null && u.departmentType.trim() !== '',
    mediationKind: u.mediationKind !== null,
    stationing: u.stationing !== null,
  };
  for (const field of ['center', 'departmentType', 'mediationKind', 'stationing'] as const) {
    if (needs[field] === 'required' && !present[field]) return { code: 'field_required', field };
    if (needs[field] === 'absent' && present[field]) return { code: 'field_not_allowed', field };
  }
  if (u.center) {
    if (u.center.kind !== 'center') return { code: 'center_not_center' };
    if (!u.center.active) return { code: 'center_inactive' };
    // stationed at the center of its own node or of a node above it, never elsewhere
    if (!selfAndAncestors(u.regionCode).includes(u.center.regionCode))
      return { code: 'center_out_of_region' };
  }
  return null;
}
