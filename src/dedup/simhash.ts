/**
 * Word tokens, word shingles and a 64-bit SimHash (Charikar 2002; Manku, Jain, Das Sarma, WWW 2007) of a text.
 *
 * The fingerprint only finds near-duplicate *candidates* (DESIGN.md convention 12); similarity.ts decides.
 * Hashing stays in 32-bit plain numbers: two independent 32-bit lanes make the 64 bits, so the inner loop
 * never touches BigInt.
 */
import { combine32, fmix32, hashString2, popcount32 } from './hash32.js';

/** Default shingle width in words: 3-word shingles are what the near-duplicate literature uses for news. */
export const SHINGLE_SIZE = 3;

// Scripts written without spaces between words: each ideograph/kana is its own token (a crude but stable
// segmentation; Intl.Segmenter is far too slow for the hot path). Other letters/digits/marks form runs.
// The `v` flag (ES2024, Node ≥ 20) allows class subtraction; built from a string so tsc's target check passes.
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const TOKEN_RE = new RegExp(`[${CJK}]|[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+`, 'gv');
// Format characters (soft hyphen U+00AD, zero-width space/joiners, BOM) hide inside words in scraped HTML.
const FORMAT_RE = /\p{Cf}/gu;

/** The reference tokenizer: NFKC, format characters removed, lowercased, Unicode word runs. */
function unicodeTokens(text: string): string[] {
  const folded = text.normalize('NFKC').replace(FORMAT_RE, '').toLowerCase();
  return folded.match(TOKEN_RE) ?? [];
}

// Fast path for the common case (English and Western European news, which is nearly all ASCII plus a few
// typographic marks): when every code unit is one whose NFKC, case and token class cannot depend on its
// neighbours, a plain scan gives exactly what unicodeTokens gives, without the Unicode-property regex and
// NFKC pass that dominate its cost. The class of each character is derived from unicodeTokens itself when the
// module loads, so the two cannot disagree on a single character; anything else falls back to it.
const UNSAFE = 0;
const TOKEN = 1;
const SEP = 2;
/** Typographic marks seen in most Western news text (dashes, quotes, bullet, ellipsis), besides Latin-1. */
const PUNCT_FIRST = 0x2010;
const PUNCT_LAST = 0x2026;

function classify(c: number): number {
  const ch = String.fromCharCode(c);
  const toks = unicodeTokens(ch);
  const nfkc = ch.normalize('NFKC');
  const lower = ch.toLowerCase();
  // A token character: NFKC-stable, one Latin-1 code unit once lowercased, and a whole token on its own.
  if (nfkc === ch && lower.length === 1 && lower.charCodeAt(0) < 0x100 && toks.length === 1 && toks[0] === lower) return TOKEN;
  // A separator: no token, and its NFKC form is ASCII punctuation or space that cannot compose with a neighbour.
  if (toks.length === 0 && !/\p{Cf}/u.test(ch) && (nfkc === ch || /^[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+$/.test(nfkc))) return SEP;
  return UNSAFE;
}

const LATIN1_CLASS = Uint8Array.from({ length: 0x100 }, (_, c) => classify(c));
const PUNCT_CLASS = Uint8Array.from({ length: PUNCT_LAST - PUNCT_FIRST + 1 }, (_, i) => classify(PUNCT_FIRST + i));
/** toLowerCase of each Latin-1 code unit (one code unit for every TOKEN character, by `classify`). */
const LATIN1_LOWER = Uint8Array.from({ length: 0x100 }, (_, c) => String.fromCharCode(c).toLowerCase().charCodeAt(0) & 0xff);

function classOf(c: number): number {
  if (c < 0x100) return LATIN1_CLASS[c] ?? UNSAFE;
  return c >= PUNCT_FIRST && c <= PUNCT_LAST ? (PUNCT_CLASS[c - PUNCT_FIRST] ?? UNSAFE) : UNSAFE;
}

/**
 * True when every code unit of `text` is one the fast scan handles exactly. Tokens of such a text are
 * fixed points of the tokenizer: their space-joined string tokenizes to themselves, with the same lanes.
 */
export function scannable(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (classOf(text.charCodeAt(i)) === UNSAFE) return false;
  return true;
}

/** Unicode word tokens of a text: NFKC-normalized, lowercased, format characters removed, punctuation dropped. */
export function tokens(text: string): string[] {
  if (!scannable(text)) return unicodeTokens(text);
  // Every safe character lowercases to one code unit of the same class, so positions carry over.
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    if (classOf(lower.charCodeAt(i)) === TOKEN) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(lower.slice(start));
  return out;
}

/**
 * A text reduced to what its content hash and SimHash are made of: the normalized text (its {@link tokens}
 * joined by single spaces) as UTF-8, and two independent 32-bit hashes of each token (hashString2's lanes).
 */
export interface TokenizedText {
  /** Number of tokens. */
  count: number;
  /** UTF-8 bytes of `tokens(text).join(' ')`. */
  utf8: Uint8Array;
  /** hashString2 lane 0 (FNV-1a) of each token. */
  lo: Uint32Array;
  /** hashString2 lane 1 of each token. */
  hi: Uint32Array;
}

const UTF8 = new TextEncoder();
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const LANE1_SEED = 0x9747b28c;

/**
 * Tokenizes once for both hashes. Safe texts (see above) are scanned in one pass that writes the normalized
 * UTF-8 and hashes each token as it goes, with no per-token string; the lane arithmetic is hashString2's,
 * inlined (tests pin contentHash and simhash values, so the two cannot drift apart unnoticed).
 */
export function tokenize(text: string): TokenizedText {
  return scan(text, false) ?? tokenizeStrings(unicodeTokens(text));
}

/** A {@link TokenizedText} with the offset in its text where each token starts. */
export type TokenizedWithStarts = TokenizedText & { starts: Uint32Array };

/**
 * {@link tokenize} of a {@link scannable} text, plus the offset in `text` where each token starts (windows.ts maps
 * paragraph and sentence boundaries to token positions with them); undefined for any other text.
 */
export function tokenizeWithStarts(text: string): TokenizedWithStarts | undefined {
  const t = scan(text, true);
  return t && { ...t, starts: scratch.starts.slice(0, t.count) };
}

/**
 * Worst-case-sized buffers the scan writes into, grown when a longer text comes, reused by every call (the scan is
 * synchronous): results are exact-size copies, so no call allocates, or keeps alive, a buffer sized for the worst case.
 */
const scratch = { lo: new Uint32Array(0), hi: new Uint32Array(0), starts: new Uint32Array(0), utf8: new Uint8Array(0) };

let scratchChars = -1;

function reserve(n: number): void {
  if (n <= scratchChars) return;
  scratchChars = Math.max(n, 2 * scratchChars, 1024);
  // Worst cases: every other character a one-char token; Latin-1 letters take two UTF-8 bytes.
  const tokens = (scratchChars >>> 1) + 1;
  scratch.lo = new Uint32Array(tokens);
  scratch.hi = new Uint32Array(tokens);
  scratch.starts = new Uint32Array(tokens);
  scratch.utf8 = new Uint8Array(2 * scratchChars);
}

/** The fast scan (see above); undefined at the first character it cannot handle exactly. */
function scan(text: string, withStarts: boolean): TokenizedText | undefined {
  const n = text.length;
  reserve(n);
  const { lo, hi, utf8 } = scratch;
  const starts = withStarts ? scratch.starts : undefined;
  let count = 0;
  let bytes = 0;
  let len = 0;
  let a = FNV_OFFSET;
  let b = LANE1_SEED;
  for (let i = 0; i <= n; i++) {
    const raw = i < n ? text.charCodeAt(i) : 0x20;
    const cls = classOf(raw);
    if (cls === TOKEN) {
      const c = LATIN1_LOWER[raw] ?? raw;
      if (len === 0 && count > 0) utf8[bytes++] = 0x20;
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul((b << 5) | (b >>> 27), 0x5bd1e995) ^ c;
      len++;
      if (c < 0x80) utf8[bytes++] = c;
      else {
        utf8[bytes++] = 0xc0 | (c >>> 6);
        utf8[bytes++] = 0x80 | (c & 0x3f);
      }
    } else if (cls === UNSAFE) {
      return undefined;
    } else if (len > 0) {
      // Every token character is one code unit, so the token began `len` units back.
      if (starts) starts[count] = i - len;
      lo[count] = fmix32(a ^ len);
      hi[count] = fmix32(b ^ Math.imul(len, 0x27d4eb2d));
      count++;
      len = 0;
      a = FNV_OFFSET;
      b = LANE1_SEED;
    }
  }
  return { count, utf8: utf8.slice(0, bytes), lo: lo.slice(0, count), hi: hi.slice(0, count) };
}

/** {@link TokenizedText} of tokens already split (the Unicode path). */
function tokenizeStrings(toks: readonly string[]): TokenizedText {
  const n = toks.length;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const pair = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    hashString2(toks[i] ?? '', pair);
    lo[i] = pair[0] ?? 0;
    hi[i] = pair[1] ?? 0;
  }
  return { count: n, utf8: UTF8.encode(toks.join(' ')), lo, hi };
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
