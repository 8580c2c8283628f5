/** Pure banding of a 64-bit fingerprint for LSH: band widths, band values, the bucket keys to probe and the slots (key + score) they map to. */
import { fingerprintHalves } from './simhash.js';

/** Widths in bits of `bands` contiguous bands covering all 64 bits (widths differ by at most one). */
export function bandWidths(bands: number): number[] {
  // At least 2 bands so that each band value fits in 32 bits (exact in a Number, usable with `^`).
  if (!Number.isInteger(bands) || bands < 2 || bands > 32) {
    throw new RangeError(`dedup: bands must be an integer in 2..32, got ${bands}`);
  }
  const base = Math.floor(64 / bands);
  const extra = 64 % bands;
  return Array.from({ length: bands }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Bits [pos, pos + w) of the 64-bit value [hi, lo] (0 = most significant, w ≤ 32) as an unsigned Number. */
function bitsAt(hi: number, lo: number, pos: number, w: number): number {
  if (w === 0) return 0;
  const end = pos + w;
  // `% 2 ** w` rather than a mask: w may be 32, where `(1 << w) - 1` wraps.
  if (end <= 32) return (hi >>> (32 - end)) % 2 ** w;
  if (pos >= 32) return (lo >>> (64 - end)) % 2 ** w;
  const loBits = end - 32;
  return ((hi >>> 0) % 2 ** (32 - pos)) * 2 ** loBits + (lo >>> (32 - loBits));
}

/** The value of each band of `fp`, most significant band first (each value fits in ≤ 32 bits). */
export function bandValues(fp: string, widths: readonly number[]): number[] {
  const [hi, lo] = fingerprintHalves(fp);
  const out: number[] = [];
  let pos = 0;
  for (const w of widths) {
    out.push(bitsAt(hi, lo, pos, w));
    pos += w;
  }
  return out;
}

/** Bucket name suffix `${band}:${hex value}`; hex is zero-padded so that a 16-bit band reads like the fp's own digits. */
export function bucketName(band: number, value: number, width: number): string {
  return `${band}:${value.toString(16).padStart(Math.ceil(width / 4), '0')}`;
}

/** Buckets an fp is stored in: one per band. */
export function storeBuckets(fp: string, widths: readonly number[]): string[] {
  return bandValues(fp, widths).map((v, b) => bucketName(b, v, widths[b] ?? 0));
}

/**
 * Buckets to read when looking up `fp`: its own bucket in every band and, with `probe` = 1, also every bucket
 * one bit away in each band (multi-probe LSH, Lv et al., VLDB 2007). Probing finds any stored fp whose
 * Hamming distance is below 2 × bands without widening the buckets themselves.
 */
export function probeBuckets(fp: string, widths: readonly number[], probe: 0 | 1): string[] {
  const out: string[] = [];
  bandValues(fp, widths).forEach((v, b) => {
    const w = widths[b] ?? 0;
    out.push(bucketName(b, v, w));
    if (probe === 1) for (let j = 0; j < w; j++) out.push(bucketName(b, (v ^ (1 << j)) >>> 0, w));
  });
  return out;
}

/**
 * High bits of a band value that name its Redis key; the remaining low bits become the score inside that key
 * (a sorted set), so a band never has more than 2^16 keys whatever its width. Narrow bands (≤ 16 bits) keep
 * one key per value, named like {@link bucketName}, with score 0.
 */
export const KEY_BITS = 16;

/** Where one band value is stored: the key suffix (`${band}:${hex of the high bits}`) and the score inside that key. */
export interface BandSlot {
  bucket: string;
  score: number;
}

/** The slot of `value` in band `band` of width `width` (see {@link KEY_BITS}). */
export function bandSlot(band: number, value: number, width: number): BandSlot {
  const low = Math.max(0, width - KEY_BITS);
  const div = 2 ** low;
  // Division, not `>>>`: band values reach 2^32 - 1 and stay exact as Numbers.
  return { bucket: bucketName(band, Math.floor(value / div), width - low), score: value % div };
}

/** Slots an fp is stored in: one per band. */
export function storeSlots(fp: string, widths: readonly number[]): BandSlot[] {
  return bandValues(fp, widths).map((v, b) => bandSlot(b, v, widths[b] ?? 0));
}

/** Slots to read when looking up `fp`: its own in every band and, with `probe` = 1, every slot one bit away (as {@link probeBuckets}). */
export function probeSlots(fp: string, widths: readonly number[], probe: 0 | 1): BandSlot[] {
  const out: BandSlot[] = [];
  bandValues(fp, widths).forEach((v, b) => {
    const w = widths[b] ?? 0;
    out.push(bandSlot(b, v, w));
    // XOR on the unsigned value: `^` yields a signed int32, `>>> 0` brings it back to 0..2^32-1.
    if (probe === 1) for (let j = 0; j < w; j++) out.push(bandSlot(b, (v ^ (2 ** j)) >>> 0, w));
  });
  return out;
}
