import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ancestorCodes, levelOfCode, parentCodeOf } from '../../../core/regions/region-code.js';
import { gridCountOf, gridsOf, villagePlaceName } from './region-codes.js';

describe('region codes', () => {
  it('names the level of each code length and rejects other shapes', () => {
    expect(levelOfCode('37')).toBe('province');
    expect(levelOfCode('3714')).toBe('city');
    expect(levelOfCode('371403')).toBe('county');
    expect(levelOfCode('371403105')).toBe('township');
    expect(levelOfCode('371403105201')).toBe('village');
    expect(levelOfCode('371403105201001')).toBe('grid');
    expect(levelOfCode('37140')).toBeNull();
    expect(levelOfCode('3714ab')).toBeNull();
    expect(levelOfCode('')).toBeNull();
  });

  it('lists the ancestors of a grid as its prefixes, root first', () => {
    expect(ancestorCodes('371402001021001')).toEqual(['37', '3714', '371402', '371402001', '371402001021']);
    expect(ancestorCodes('37')).toEqual([]);
    expect(parentCodeOf('371425002')).toBe('371425');
    expect(parentCodeOf('37')).toBeNull();
  });

  it('every ancestor is a prefix one level up (property)', () => {
    const code = fc
      .constantFrom(2, 4, 6, 9, 12, 15)
      .chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)));
    fc.assert(
      fc.property(code, (c) => {
        const chain = [...ancestorCodes(c), c];
        chain.forEach((a, i) => {
          expect(c.startsWith(a)).toBe(true);
          if (i > 0) expect(parentCodeOf(a)).toBe(chain[i - 1]);
        });
      }),
    );
  });

  it('turns committee names into place names', () => {
    expect(villagePlaceName('胜利社区居委会')).toBe('胜利社区');
    expect(villagePlaceName('阳光社区居民委员会')).toBe('阳光社区');
    expect(villagePlaceName('阳光村村委会')).toBe('阳光村');
    expect(villagePlaceName('阳光村委会')).toBe('阳光村');
    expect(villagePlaceName('王庄村民委员会')).toBe('王庄村');
    expect(villagePlaceName('兴牧村村民委员')).toBe('兴牧村');
    expect(villagePlaceName('尚德居民委员会')).toBe('尚德社区');
    expect(villagePlaceName('小吕新村')).toBe('小吕新村');
  });

  it('gives every village 1 to 4 grids, the same ones every time', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (code) => {
        const grids = gridsOf({ code, name: '胜利社区' });
        expect(grids.length).toBe(gridCountOf(code));
        expect(grids.length).toBeGreaterThanOrEqual(1);
        expect(grids.length).toBeLessThanOrEqual(4);
        expect(gridsOf({ code, name: '胜利社区' })).toEqual(grids);
        grids.forEach((g, i) => {
          expect(g.code).toBe(code + String(i + 1).padStart(3, '0'));
          expect(g.parentCode).toBe(code);
          expect(g.name).toBe(`胜利社区第${i + 1}网格`);
        });
      }),
    );
  });
});
