// A small, stable, non-cryptographic hash for deterministic choices that must be repeatable and
// checkable (the held-out part of the labelled texts, the weekly quality-check sample). Nothing
// secret depends on it; the sample's seed is published with the sample.

/** FNV-1a over the UTF-16 code units of `s`, then a final avalanche (murmur3 fmix32): 0 .. 2^32-1. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
