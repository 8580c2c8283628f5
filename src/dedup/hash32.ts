/** Fast non-cryptographic 32-bit hashing in plain numbers (no BigInt), used for shingles and SimHash. */

/** Murmur3's 32-bit finalizer: spreads every input bit over the whole word (avalanche). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Two independent 32-bit hashes of a string, written into `out[0]` (FNV-1a) and `out[1]` (a multiply-rotate
 * hash with another seed); both finalized with fmix32 so that short tokens still set bits everywhere.
 */
export function hashString2(s: string, out: Uint32Array): void {
  let a = 0x811c9dc5; // FNV-1a 32 offset basis
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193); // FNV prime
    b = Math.imul((b << 5) | (b >>> 27), 0x5bd1e995) ^ c;
  }
  out[0] = fmix32(a ^ s.length);
  out[1] = fmix32(b ^ Math.imul(s.length, 0x27d4eb2d));
}

/** Order-sensitive combination of `k` consecutive 32-bit token hashes starting at `start`, with a lane seed. */
export function combine32(lane: Uint32Array, start: number, k: number, seed: number): number {
  let h = seed;
  for (let j = 0; j < k; j++) {
    // Rotate before mixing so "a b c" and "c b a" differ.
    h = Math.imul(((h << 13) | (h >>> 19)) ^ (lane[start + j] ?? 0), 0x9e3779b1);
  }
  return fmix32(h ^ k);
}

/** Number of set bits in a 32-bit integer (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
