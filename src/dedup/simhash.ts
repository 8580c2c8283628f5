/**
 * Word tokens, word shingles and a 64-bit SimHash (Charikar 2002; Manku, Jain, Das Sarma, WWW 2007) of a text.
 *
 * The fingerprint only finds near-duplicate *candidates* (DESIGN.md convention 12); similarity.ts decides.
 * Hashing stays in 32-bit plain numbers: two independent 32-bit lanes make the 64 bits, so the inner loop
 * never touches BigInt.
 */
import { combine32, hashString2, popcount32 } from './hash32.js';

/** Default shingle width in words: 3-word shingles are what the near-duplicate literature uses for news. */
export const SHINGLE_SIZE = 3;

// Scripts written without spaces between words: each ideograph/kana is its own token (a crude but stable
// segmentation; Intl.Segmenter is far too slow for the hot path). Other letters/digits/marks form runs.
// The `v` flag (ES2024, Node ≥ 20) allows class subtraction; built from a string so tsc's target check passes.
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const TOKEN_RE = new RegExp(`[${CJK}]|[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+`, 'gv');
// Format characters (soft hyphen U+00AD, zero-width space/joiners, BOM) hide inside words in scraped HTML.
const FORMAT_RE = /\p{Cf}/gu;

/** Unicode word tokens of a text: NFKC-normalized, lowercased, format characters removed, punctuation dropped. */
export function tokens(text: string): string[] {
  const folded = text.normalize('NFKC').replace(FORMAT_RE, '').toLowerCase();
  return folded.match(TOKEN_RE) ?? [];
}

/** Word k-shingles (k consecutive tokens joined by a space); a text shorter than k is a single shingle. */
export function shingles(toks: readonly string[], k = SHINGLE_SIZE): string[] {
  if (toks.length === 0) return [];
  if (toks.length < k) return [toks.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + k <= toks.length; i++) out.push(toks.slice(i, i + k).join(' '));
  return out;
}

/** 64-bit hashes of the word k-shingles of `toks`, as parallel high/low 32-bit lanes (same order as `shingles`). */
export function shingleHashes(toks: readonly string[], k = SHINGLE_SIZE): { hi: Uint32Array; lo: Uint32Array } {
  const n = toks.length;
  const tokLo = new Uint32Array(n);
  const tokHi = new Uint32Array(n);
  const pair = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    hashString2(toks[i] ?? '', pair);
    tokLo[i] = pair[0] ?? 0;
    tokHi[i] = pair[1] ?? 0;
  }
  const width = Math.min(k, n);
  const count = n === 0 ? 0 : n - width + 1;
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    lo[i] = combine32(tokLo, i, width, 0x2545f491);
    hi[i] = combine32(tokHi, i, width, 0x61c88647);
  }
  return { hi, lo };
}

/** The all-zero fingerprint: what an empty text (no word tokens) hashes to. */
export const EMPTY_SIMHASH = '0000000000000000';

/**
 * 64-bit SimHash of the word 3-shingles of `text`, as 16 lowercase hex chars (high 32 bits first).
 * Every shingle occurrence votes ±1 on each bit; a bit is set when its vote total is positive.
 */
export function simhash(text: string, k = SHINGLE_SIZE): string {
  const { hi, lo } = shingleHashes(tokens(text), k);
  if (hi.length === 0) return EMPTY_SIMHASH;
  const acc = new Int32Array(64);
  for (let i = 0; i < lo.length; i++) {
    const l = lo[i] ?? 0;
    const h = hi[i] ?? 0;
    for (let b = 0; b < 32; b++) {
      acc[b] = (acc[b] ?? 0) + (((l >>> b) & 1) << 1) - 1;
      acc[b + 32] = (acc[b + 32] ?? 0) + (((h >>> b) & 1) << 1) - 1;
    }
  }
  let outLo = 0;
  let outHi = 0;
  for (let b = 0; b < 32; b++) {
    if ((acc[b] ?? 0) > 0) outLo |= 1 << b;
    if ((acc[b + 32] ?? 0) > 0) outHi |= 1 << b;
  }
  return hex32(outHi) + hex32(outLo);
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

const FP_RE = /^[0-9a-f]{16}$/i;

/** True when `fp` is a 64-bit fingerprint written as 16 hex chars. */
export function isFingerprint(fp: string): boolean {
  return FP_RE.test(fp);
}

/** Splits a 16-hex-char fingerprint into its [high, low] 32-bit halves; throws TypeError on anything else. */
export function fingerprintHalves(fp: string): [number, number] {
  if (!FP_RE.test(fp)) throw new TypeError(`dedup: not a 64-bit hex fingerprint: ${JSON.stringify(fp)}`);
  return [parseInt(fp.slice(0, 8), 16), parseInt(fp.slice(8), 16)];
}

/** Number of differing bits between two 64-bit hex fingerprints (0..64). */
export function hamming(a: string, b: string): number {
  const [ah, al] = fingerprintHalves(a);
  const [bh, bl] = fingerprintHalves(b);
  return popcount32((ah ^ bh) >>> 0) + popcount32((al ^ bl) >>> 0);
}
