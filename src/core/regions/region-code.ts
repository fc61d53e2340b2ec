// Pure helpers over the unpadded statistical codes (architecture.md, "Region codes are the scope"):
// province 2 digits > city 4 > county 6 > township 9 > village 12 > grid 15. Every ancestor of a
// node is a prefix of its code, so the tree is navigable without recursive queries.

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village' | 'grid';

/** Code length of each level, root first. */
export const LEVEL_CODE_LENGTHS: readonly (readonly [RegionLevel, number])[] = [
  ['province', 2],
  ['city', 4],
  ['county', 6],
  ['township', 9],
  ['village', 12],
  ['grid', 15],
];

/** The level a code belongs to, or null when its length or characters are not a region code. */
export function levelOfCode(code: string): RegionLevel | null {
  if (!/^[0-9]+$/.test(code)) return null;
  const entry = LEVEL_CODE_LENGTHS.find(([, length]) => length === code.length);
  return entry ? entry[0] : null;
}

/** Codes of the ancestors of `code`, root first, excluding the code itself. Empty for unknown shapes. */
export function ancestorCodes(code: string): string[] {
  if (levelOfCode(code) === null) return [];
  return LEVEL_CODE_LENGTHS.map(([, length]) => length)
    .filter((length) => length < code.length)
    .map((length) => code.slice(0, length));
}

/** The parent's code, or null for a province (or a malformed code). */
export function parentCodeOf(code: string): string | null {
  return ancestorCodes(code).at(-1) ?? null;
}

/** The code itself and its ancestors: the units "at or above" a place hang on these. */
export function selfAndAncestors(code: string): string[] {
  return levelOfCode(code) === null ? [] : [...ancestorCodes(code), code];
}

/**
 * The exclusive upper bound of the codes under `code` for a range scan
 * (`region_code >= code AND region_code < bound`): the code with its last digit carried up, so it
 * holds under any collation. Null when nothing is above (all nines).
 */
export function prefixUpperBound(code: string): string | null {
  const digits = [...code];
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] !== '9') {
      digits[i] = String(Number(digits[i]) + 1);
      return digits.slice(0, i + 1).join('');
    }
  }
  return null;
}
