/**
 * Word tokens of a text for fingerprints and body comparison: a fast exact scan for the characters most news text
 * uses, the Unicode reference tokenizer for the rest, and per-token 32-bit hash lanes.
 */
import { codeUnitClasses } from '../normalize/char-classes.js';
import { fmix32, hashString2 } from './hash32.js';

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

const classOf = codeUnitClasses(classify, UNSAFE);
/** toLowerCase of each Latin-1 code unit (one code unit for every TOKEN character, by `classify`). */
const LATIN1_LOWER = Uint8Array.from({ length: 0x100 }, (_, c) => String.fromCharCode(c).toLowerCase().charCodeAt(0) & 0xff);

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
export function tokenizeStrings(toks: readonly string[]): TokenizedText {
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
