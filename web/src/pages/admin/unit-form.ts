// The unit form's rules: which attributes a kind of unit has (the core's FIELDS_OF_KIND, which
// the server applies), which centers a unit can be stationed at, and what a change sends.
import type { UnitKind } from '../../../../src/core/organization/account-shape';
import {
  FIELDS_OF_KIND,
  LEVELS_OF_KIND,
  type MediationKind,
  type Stationing,
} from '../../../../src/core/organization/unit-shape';
import { levelOfCode, selfAndAncestors } from '../../../../src/core/regions/region-code';

export interface AdminUnit {
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
  activeUsers: number;
}

export interface UnitFormValues {
  code?: string;
  name?: string;
  kind?: UnitKind;
  centerId?: string | null;
  departmentType?: string | null;
  mediationKind?: MediationKind | null;
  stationing?: Stationing | null;
}

type Field = 'centerId' | 'departmentType' | 'mediationKind' | 'stationing';
const CORE_FIELD: Record<Field, keyof (typeof FIELDS_OF_KIND)['center']> = {
  centerId: 'center',
  departmentType: 'departmentType',
  mediationKind: 'mediationKind',
  stationing: 'stationing',
};

/** Whether the form shows a field for this kind, and whether it is required. */
export function fieldState(kind: UnitKind | undefined, field: Field): 'required' | 'optional' | 'hidden' {
  if (!kind) return 'hidden';
  const need = FIELDS_OF_KIND[kind][CORE_FIELD[field]];
  return need === 'absent' ? 'hidden' : need;
}

/** The kinds of unit that may hang on a region node (by its code's level). */
export function kindsAt(regionCode: string): UnitKind[] {
  const level = levelOfCode(regionCode);
  return (Object.keys(LEVELS_OF_KIND) as UnitKind[]).filter(
    (k) => level !== null && LEVELS_OF_KIND[k].includes(level),
  );
}

const clean = (kind: UnitKind | undefined, field: Field, value: string | null | undefined) => {
  if (fieldState(kind, field) === 'hidden') return null;
  const v = typeof value === 'string' ? value.trim() : value;
  return v === '' || v === undefined ? null : v;
};

/** POST /api/admin/units: hidden fields dropped, so switching kind never leaves stale values. */
export function unitCreateBody(regionCode: string, v: UnitFormValues) {
  return {
    code: (v.code ?? '').trim().toLowerCase(),
    name: (v.name ?? '').trim(),
    kind: v.kind,
    regionCode,
    centerId: clean(v.kind, 'centerId', v.centerId),
    departmentType: clean(v.kind, 'departmentType', v.departmentType),
    mediationKind: clean(v.kind, 'mediationKind', v.mediationKind),
    stationing: clean(v.kind, 'stationing', v.stationing),
  };
}

/** PATCH /api/admin/units/:id: only what changed; null when nothing did. */
export function unitChangeBody(original: AdminUnit, v: UnitFormValues): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  const name = (v.name ?? '').trim();
  if (name && name !== original.name) out.name = name;
  for (const field of ['centerId', 'departmentType', 'mediationKind', 'stationing'] as const) {
    const next = clean(original.kind, field, v[field]);
    if (fieldState(original.kind, field) !== 'hidden' && next !== original[field]) out[field] = next;
  }
  return Object.keys(out).length ? out : null;
}

/** The centers a unit at this node can be stationed at: its own node's and those above, nearest first. */
export function centersFor<T extends { regionCode: string; active?: boolean }>(
  regionCode: string,
  centers: T[],
): T[] {
  const path = selfAndAncestors(regionCode);
  return centers
    .filter((c) => path.includes(c.regionCode) && c.active !== false)
    .sort((a, b) => b.regionCode.length - a.regionCode.length);
}

/** Unit codes: lower case, digits and '-', 3 to 60 characters (the server's rule). */
export const UNIT_CODE_PATTERN = /^[0-9a-z][0-9a-z-]{2,59}$/;
