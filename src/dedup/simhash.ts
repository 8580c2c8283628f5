/**
 * Word tokens, word shingles and a 64-bit SimHash (Charikar 2002; Manku, Jain, Das Sarma, WWW 2007) of a text.
 *
 * The fingerprint only finds near-duplicate *candidates* (DESIGN.md convention 12); similarity.ts decides.
 * Hashing stays in 32-bit plain numbers: two independent 32-bit lanes make the 64 bits, so the inner loop
 * never touches BigInt.
 */
import { combine32, popcount32 } from './hash32.js';
import { tokenize, tokenizeStrings, type TokenizedText } from './tokenize.js';

export { scannable, tokenize, tokenizeWithStarts, tokens, type TokenizedText, type TokenizedWithStarts } from './tokenize.js';

/** Default shingle width in words: 3-word shingles are what the near-duplicate literature uses for news. */
export const SHINGLE_SIZE = 3;

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
  const t = tokenizeStrings(toks);
  return combineShingles(t.lo, t.hi, k);
}

/** {@link shingleHashes} of a text already tokenized (same lanes as `shingleHashes(tokens(text))`, no token strings). */
export function shingleHashesOf(t: TokenizedText, k = SHINGLE_SIZE): { hi: Uint32Array; lo: Uint32Array } {
  return combineShingles(t.lo, t.hi, k);
}

/** Seeds of the two shingle lanes (combine32), low lane first. */
export const SHINGLE_LO_SEED = 0x2545f491;
const SHINGLE_HI_SEED = 0x61c88647;

/** Shingle hashes from per-token lanes: each lane's k consecutive token hashes combined, order-sensitive. */
function combineShingles(tokLo: Uint32Array, tokHi: Uint32Array, k: number): { hi: Uint32Array; lo: Uint32Array } {
  const n = tokLo.length;
  const width = Math.min(k, n);
  const count = n === 0 ? 0 : n - width + 1;
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    lo[i] = combine32(tokLo, i, width, SHINGLE_LO_SEED);
    hi[i] = combine32(tokHi, i, width, SHINGLE_HI_SEED);
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
  return simhashOf([tokenize(text)], k);
}

/**
 * {@link simhash} of the concatenation of texts already tokenized: `simhashOf([tokenize(a), tokenize(b)])`
 * equals `simhash(a + '\n' + b)`, because no token, NFKC composition or case context spans a line break.
 */
export function simhashOf(parts: readonly TokenizedText[], k = SHINGLE_SIZE): string {
  const [tokLo, tokHi] = parts.length === 1 && parts[0] ? [parts[0].lo, parts[0].hi] : concatLanes(parts);
  return simhashOfLanes(tokLo, tokHi, k);
}

/** {@link simhash} of the tokens whose hashString2 lanes are `tokLo`/`tokHi` (windows.ts passes slices of a body's lanes). */
export function simhashOfLanes(tokLo: Uint32Array, tokHi: Uint32Array, k = SHINGLE_SIZE): string {
  const { hi, lo } = combineShingles(tokLo, tokHi, k);
  if (hi.length === 0) return EMPTY_SIMHASH;
  // A bit's vote total is positive exactly when it is set in more than half of the shingles.
  const onesLo = bitCounts(lo);
  const onesHi = bitCounts(hi);
  let outLo = 0;
  let outHi = 0;
  for (let b = 0; b < 32; b++) {
    if (2 * (onesLo[b] ?? 0) > lo.length) outLo |= 1 << b;
    if (2 * (onesHi[b] ?? 0) > hi.length) outHi |= 1 << b;
  }
  return hex32(outHi) + hex32(outLo);
}

/** The lanes of several tokenized texts, end to end. */
export function concatLanes(parts: readonly TokenizedText[]): [Uint32Array, Uint32Array] {
  const n = parts.reduce((sum, p) => sum + p.count, 0);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  let at = 0;
  for (const p of parts) {
    lo.set(p.lo, at);
    hi.set(p.hi, at);
    at += p.count;
  }
  return [lo, hi];
}

const NIBBLE_LOW_BITS = 0x11111111;

/**
 * How many of `words` have each of the 32 bits set. SWAR: four accumulators each hold eight 4-bit counters
 * (bits b, b+4, … of every word), so a word costs four masked adds instead of 32 bit tests; the counters are
 * emptied into `counts` every 15 words, before a 4-bit counter can overflow.
 */
function bitCounts(words: Uint32Array): Uint32Array {
  const counts = new Uint32Array(32);
  for (let start = 0; start < words.length; start += 15) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    const end = Math.min(start + 15, words.length);
    for (let i = start; i < end; i++) {
      const w = words[i] ?? 0;
      a0 += w & NIBBLE_LOW_BITS;
      a1 += (w >>> 1) & NIBBLE_LOW_BITS;
      a2 += (w >>> 2) & NIBBLE_LOW_BITS;
      a3 += (w >>> 3) & NIBBLE_LOW_BITS;
    }
    for (let shift = 0; shift < 32; shift += 4) {
      counts[shift] = (counts[shift] ?? 0) + ((a0 >>> shift) & 15);
      counts[shift + 1] = (counts[shift + 1] ?? 0) + ((a1 >>> shift) & 15);
      counts[shift + 2] = (counts[shift + 2] ?? 0) + ((a2 >>> shift) & 15);
      counts[shift + 3] = (counts[shift + 3] ?? 0) + ((a3 >>> shift) & 15);
    }
  }
  return counts;
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
