// Pure helpers over the unpadded statistical codes (architecture.md, "Region codes are the scope"):
// province 2 digits > city 4 > county 6 > township 9 > village 12 > grid 15. Every ancestor of a
// node is a prefix of its code, so the tree is navigable without recursive queries.
import type { RegionLevel } from '../../db/tables.js';

/** One node of the region tree as stored in `regions`. */
export interface RegionRow {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
  /** position among its siblings, from 1 */
  sort: number;
}

/**
 * The place name of a village/community from its committee's statistical name:
 * 胜利社区居委会 → 胜利社区, 阳光村村委会 → 阳光村, 王庄村民委员会 → 王庄村, 尚德居民委员会 → 尚德社区.
 * The committee name itself stays the name of the village_committee unit.
 */
export function villagePlaceName(committeeName: string): string {
  const villageSuffix = /(村民委员会|村民委员|村委员会|村委会)$/;
  const communitySuffix = /(居民委员会|居委会)$/;
  if (villageSuffix.test(committeeName)) {
    const base = committeeName.replace(villageSuffix, '');
    return base.endsWith('村') || base.endsWith('社区') ? base : base + '村';
  }
  if (communitySuffix.test(committeeName)) {
    const base = committeeName.replace(communitySuffix, '');
    return base.endsWith('社区') ? base : base + '社区';
  }
  return committeeName;
}

/** FNV-1a over the code's characters: a stable, well-spread hash for deterministic demo choices. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * How many grids a village has: 1 to 4, fixed by its code. Weights 15/30/30/25 % give a mean
 * of 2.65, so Dezhou's 5,307 villages get about 14,000 grids (the article's 1.4万 grid workers).
 */
export function gridCountOf(villageCode: string): number {
  const bucket = stableHash(villageCode) % 20;
  if (bucket < 3) return 1;
  if (bucket < 9) return 2;
  if (bucket < 15) return 3;
  return 4;
}

/** The grids under one village: code = village code + 001, 002, …; named 胜利社区第1网格. */
export function gridsOf(village: { code: string; name: string }): RegionRow[] {
  const rows: RegionRow[] = [];
  for (let n = 1; n <= gridCountOf(village.code); n++) {
    rows.push({
      code: village.code + String(n).padStart(3, '0'),
      parentCode: village.code,
      level: 'grid',
      name: `${village.name}第${n}网格`,
      sort: n,
    });
  }
  return rows;
}
