/** Pure banding of a 64-bit fingerprint for LSH: band widths, band values and the bucket keys to probe. */
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

/** Bit `i` (0 = most significant) of the 64-bit value split into [hi, lo]. */
function bitAt(hi: number, lo: number, i: number): number {
  return i < 32 ? (hi >>> (31 - i)) & 1 : (lo >>> (63 - i)) & 1;
}

/** The value of each band of `fp`, most significant band first (each value fits in ≤ 32 bits). */
export function bandValues(fp: string, widths: readonly number[]): number[] {
  const [hi, lo] = fingerprintHalves(fp);
  const out: number[] = [];
  let pos = 0;
  for (const w of widths) {
    let v = 0;
    for (let j = 0; j < w; j++) v = v * 2 + bitAt(hi, lo, pos + j);
    out.push(v);
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
