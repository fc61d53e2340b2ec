import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegionLevel } from '../regions/region-code.js';
import { UNIT_KINDS } from './account-shape.js';
import {
  FIELDS_OF_KIND,
  LEVELS_OF_KIND,
  MEDIATION_KINDS,
  STATIONINGS,
  checkUnitShape,
  type UnitDraft,
} from './unit-shape.js';

const townCenter = { kind: 'center' as const, regionCode: '371403105', active: true };
const department: UnitDraft = {
  kind: 'department',
  regionCode: '371403105',
  regionLevel: 'township',
  center: townCenter,
  departmentType: '司法',
  mediationKind: null,
  stationing: 'permanent',
};

describe('unit shape', () => {
  it('accepts a center, a stationed department, a mediation organization and a village committee', () => {
    expect(
      checkUnitShape({
        kind: 'center',
        regionCode: '371403',
        regionLevel: 'county',
        center: null,
        departmentType: null,
        mediationKind: null,
        stationing: null,
      }),
    ).toBeNull();
    expect(checkUnitShape(department)).toBeNull();
    // a county department stationed at the township center below it is out of its region
    expect(checkUnitShape({ ...department, regionCode: '371403', regionLevel: 'county' })).toEqual({
      code: 'center_out_of_region',
    });
    expect(
      checkUnitShape({
        kind: 'mediation_org',
        regionCode: '371403105',
        regionLevel: 'township',
        center: null,
        departmentType: null,
        mediationKind: 'people',
        stationing: null,
      }),
    ).toBeNull();
    expect(
      checkUnitShape({
        kind: 'village_committee',
        regionCode: '371403105200',
        regionLevel: 'village',
        center: townCenter,
        departmentType: null,
        mediationKind: 'people',
        stationing: null,
      }),
    ).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkUnitShape({ ...department, regionLevel: 'village', regionCode: '371403105200' })).toEqual({
      code: 'level',
      levels: ['city', 'county', 'township'],
    });
    expect(checkUnitShape({ ...department, center: null })).toEqual({
      code: 'field_required',
      field: 'center',
    });
    expect(checkUnitShape({ ...department, departmentType: '  ' })).toEqual({
      code: 'field_required',
      field: 'departmentType',
    });
    expect(checkUnitShape({ ...department, stationing: null })).toEqual({
      code: 'field_required',
      field: 'stationing',
    });
    expect(checkUnitShape({ ...department, mediationKind: 'people' })).toEqual({
      code: 'field_not_allowed',
      field: 'mediationKind',
    });
    expect(checkUnitShape({ ...department, center: { ...townCenter, kind: 'department' } })).toEqual({
      code: 'center_not_center',
    });
    expect(checkUnitShape({ ...department, center: { ...townCenter, active: false } })).toEqual({
      code: 'center_inactive',
    });
    expect(checkUnitShape({ ...department, center: { ...townCenter, regionCode: '371403106' } })).toEqual({
      code: 'center_out_of_region',
    });
  });
});

const levelByLength: Record<number, RegionLevel> = { 4: 'city', 6: 'county', 9: 'township', 12: 'village' };
const draftArb: fc.Arbitrary<UnitDraft> = fc
  .record({
    kind: fc.constantFrom(...UNIT_KINDS),
    regionCode: fc.constantFrom('3714', '371403', '371403105', '371403105200', '371425002'),
    center: fc.option(
      fc.record({
        kind: fc.constantFrom(...UNIT_KINDS),
        regionCode: fc.constantFrom('3714', '371403', '371403105', '371425002'),
        active: fc.boolean(),
      }),
    ),
    departmentType: fc.option(fc.constantFrom('公安', '司法', '')),
    mediationKind: fc.option(fc.constantFrom(...MEDIATION_KINDS)),
    stationing: fc.option(fc.constantFrom(...STATIONINGS)),
  })
  .map((d) => ({ ...d, regionLevel: levelByLength[d.regionCode.length]! }));

describe('unit shape, properties', () => {
  it('an accepted unit sits at a level its kind allows and has exactly the attributes its kind needs', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        if (checkUnitShape(d) !== null) return;
        expect(LEVELS_OF_KIND[d.kind]).toContain(d.regionLevel);
        const needs = FIELDS_OF_KIND[d.kind];
        if (needs.center === 'required') expect(d.center).not.toBeNull();
        if (needs.center === 'absent') expect(d.center).toBeNull();
        if (needs.mediationKind === 'required') expect(d.mediationKind).not.toBeNull();
        if (needs.stationing === 'absent') expect(d.stationing).toBeNull();
      }),
    );
  });

  it('an accepted unit’s center is an active center at its own node or above it', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        if (checkUnitShape(d) !== null || !d.center) return;
        expect(d.center.kind).toBe('center');
        expect(d.center.active).toBe(true);
        expect(d.regionCode.startsWith(d.center.regionCode)).toBe(true);
      }),
    );
  });
});
