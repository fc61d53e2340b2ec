import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from './case-model.js';
import { relationsForNewCase, relationsOf, withinScope } from './relations.js';
import { REGION, UNIT, buildActor, buildResident, buildSnapshot, buildStaff } from './test-factories.js';

const handled = buildSnapshot({
  state: 'in_progress',
  leadUnitId: UNIT.sifa,
  ownerReleased: true,
  units: [
    { unitId: UNIT.sifa, relation: 'lead' },
    { unitId: UNIT.police, relation: 'co_handler' },
    { unitId: UNIT.housing, relation: 'summoned' },
  ],
});

describe('relationsOf: unit links', () => {
  it('gives each linked unit its link: lead, co-handler, summoned', () => {
    expect(relationsOf(buildStaff(UNIT.sifa), handled)).toEqual(['lead']);
    expect(relationsOf(buildStaff(UNIT.police), handled)).toEqual(['co_handler']);
    expect(relationsOf(buildStaff(UNIT.housing, { role: 'mediator' }), handled)).toEqual(['summoned']);
  });

  it('gives the first-contact unit owner, alongside lead when it handles the case itself', () => {
    const clerkNoScope = buildActor({ role: 'clerk', scopeCode: null });
    expect(relationsOf(clerkNoScope, buildSnapshot())).toEqual(['owner']);
    const self = buildSnapshot({ state: 'in_progress', leadUnitId: UNIT.center });
    expect(relationsOf(clerkNoScope, self)).toEqual(['lead', 'owner']);
  });

  it('keeps the owner relation after another unit accepted (the owner stays recorded)', () => {
    expect(handled.ownerReleased).toBe(true);
    expect(relationsOf(buildActor({ role: 'clerk', scopeCode: null }), handled)).toEqual(['owner']);
  });

  it('gives none to staff of an unrelated unit and to users without a unit', () => {
    expect(relationsOf(buildStaff(UNIT.otherCenter), handled)).toEqual(['none']);
    expect(relationsOf(buildStaff(UNIT.sifa, { unitId: null }), handled)).toEqual(['none']);
  });
});

describe('relationsOf: region scope', () => {
  const prefixRoles: Role[] = [
    'clerk',
    'dispatcher',
    'leader',
    'supervisor',
    'grid_worker',
    'security_member',
  ];
  const otherRoles: Role[] = [
    'department_staff',
    'mediator',
    'sys_admin',
    'security_admin',
    'audit_admin',
    'system',
  ];
  const atGrid = buildSnapshot({ regionCode: REGION.grid });

  it.each(prefixRoles)('%s is in scope of a case under its scope node, at any depth', (role) => {
    for (const scopeCode of [REGION.city, REGION.county, REGION.township, REGION.village, REGION.grid]) {
      const actor = buildActor({ role, unitId: UNIT.otherCenter, scopeCode });
      expect(relationsOf(actor, atGrid)).toEqual(['in_scope']);
    }
  });

  it.each(prefixRoles)('%s is not in scope of a case in a sibling or above its node', (role) => {
    for (const scopeCode of [
      REGION.otherGrid,
      REGION.otherVillage,
      REGION.otherTownship,
      REGION.otherCounty,
      REGION.otherCity,
    ]) {
      expect(relationsOf(buildActor({ role, unitId: UNIT.otherCenter, scopeCode }), atGrid)).toEqual([
        'none',
      ]);
    }
    // a grid worker's grid lies below a case registered at village level
    const below = buildActor({ role, unitId: UNIT.otherCenter, scopeCode: REGION.grid });
    expect(relationsOf(below, buildSnapshot({ regionCode: REGION.village }))).toEqual(['none']);
  });

  it.each(otherRoles)('%s never gets in_scope, even with a scope that covers the case', (role) => {
    expect(
      relationsOf(buildActor({ role, unitId: UNIT.otherCenter, scopeCode: REGION.city }), atGrid),
    ).toEqual(['none']);
  });

  it('an empty scope code covers nothing', () => {
    expect(relationsOf(buildActor({ unitId: UNIT.otherCenter, scopeCode: '' }), atGrid)).toEqual(['none']);
  });

  it('combines owner and scope for the township center', () => {
    expect(relationsOf(buildActor(), handled)).toEqual(['owner', 'in_scope']);
  });
});

describe('relationsOf: residents', () => {
  it('a resident whose verified phone matches a party is a party, and nothing else', () => {
    expect(relationsOf(buildResident(), handled)).toEqual(['party']);
    // unit and scope are ignored for residents, whatever the session carries
    const odd = buildResident({ unitId: UNIT.sifa, scopeCode: REGION.city });
    expect(relationsOf(odd, handled)).toEqual(['party']);
  });

  it('a resident who is not a party has no relation', () => {
    expect(relationsOf(buildResident({ isParty: false }), handled)).toEqual(['none']);
    expect(relationsOf(buildResident({ isParty: undefined }), handled)).toEqual(['none']);
  });
});

describe('relationsForNewCase', () => {
  it('is in_scope for prefix roles registering inside their node, none otherwise', () => {
    expect(relationsForNewCase(buildActor({ role: 'clerk' }), REGION.village)).toEqual(['in_scope']);
    expect(
      relationsForNewCase(buildActor({ role: 'grid_worker', scopeCode: REGION.grid }), REGION.grid),
    ).toEqual(['in_scope']);
    expect(relationsForNewCase(buildActor({ role: 'clerk' }), REGION.otherTownship)).toEqual(['none']);
    expect(relationsForNewCase(buildStaff(UNIT.sifa, { scopeCode: REGION.city }), REGION.village)).toEqual([
      'none',
    ]);
    expect(relationsForNewCase(buildResident(), REGION.village)).toEqual(['none']);
  });
});

describe('withinScope', () => {
  it('contains the node itself and everything below it', () => {
    expect(withinScope(REGION.county, REGION.village)).toBe(true);
    expect(withinScope(REGION.county, REGION.county)).toBe(true);
    expect(withinScope(REGION.city, REGION.grid)).toBe(true);
  });

  it('does not contain siblings, ancestors or other branches', () => {
    expect(withinScope(REGION.township, REGION.county)).toBe(false);
    expect(withinScope(REGION.township, REGION.otherTownship)).toBe(false);
    expect(withinScope(REGION.county, '371402001')).toBe(false);
    expect(withinScope(REGION.grid, REGION.otherGrid)).toBe(false);
  });

  it('is a plain string prefix: a code of invalid length would cover several siblings', () => {
    // '3714031' is no node; it covers 371403105 and 371403106 alike, so scope codes must be valid codes
    expect(withinScope('3714031', REGION.township)).toBe(true);
    expect(withinScope('3714031', REGION.otherTownship)).toBe(true);
    expect(withinScope('', REGION.village)).toBe(true);
  });

  // Codes have fixed segment lengths 4/6/9/12/15, so a string prefix is exactly a tree ancestor.
  const digits = (n: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const code = fc
    .tuple(digits(4), digits(2), digits(3), digits(3), digits(3), fc.integer({ min: 1, max: 5 }))
    .map(([a, ...rest]) => [a, ...rest.slice(0, 4)].slice(0, rest[4] as number) as string[]);
  const isAncestor = (a: string[], b: string[]) => a.length <= b.length && a.every((seg, i) => seg === b[i]);

  // a node near b: one of its ancestors (or itself), possibly with one digit changed
  const bump = (seg: string, i: number) => seg.slice(0, i) + ((Number(seg[i]) + 1) % 10) + seg.slice(i + 1);
  const near = fc.tuple(code, fc.integer({ min: 1, max: 5 }), fc.option(fc.nat())).map(([b, k, flip]) => {
    const a = b.slice(0, k);
    if (flip !== null) {
      const at = flip % a.length;
      a[at] = bump(a[at] as string, flip % (a[at] as string).length);
    }
    return [a, b] as const;
  });

  it('agrees with the tree: a scope contains a code exactly when it is the node or an ancestor', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(code, code), near), ([a, b]) => {
        expect(withinScope(a.join(''), b.join(''))).toBe(isAncestor(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('contains every code under every ancestor of it', () => {
    fc.assert(
      fc.property(code, (segs) => {
        for (let i = 1; i <= segs.length; i++)
          expect(withinScope(segs.slice(0, i).join(''), segs.join(''))).toBe(true);
      }),
    );
  });
});
