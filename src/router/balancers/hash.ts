/**
 * A 32-bit string hash for routing keys and ring points: FNV-1a over UTF-16 code units, then
 * MurmurHash3's finaliser so that near-equal keys (`a#1`, `a#2`) land far apart on the ring.
 * Not for security: it only spreads keys; node:crypto costs microseconds per call here.
 */
export function hash32(s: string, seed = 0x811c9dc5): number {
  return fmix32(fnv1a(s, 0, s.length, seed));
}

/** FNV-1a over `s[from..to)`, without copying the slice. */
export function fnv1a(s: string, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** MurmurHash3's 32-bit finaliser (avalanche). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
