/**
 * Anchored window fingerprints: extra SimHash fingerprints of a body for the LSH index (lsh.ts), each over a
 * short run of words starting at one of the first prose paragraphs. They only find *candidates*; the
 * decision stays on whole bodies (similarity.ts, DESIGN.md convention 12).
 *
 * Why: a whole-body SimHash moves ~12–20 bits when a publisher trims the last 20–50 % of a story, and ~10
 * when a desk rewrites the lead, so only narrow, index-wide buckets would find those copies — and narrow
 * buckets grow with the index. A window that starts at a paragraph boundary survives every edit that does
 * not touch that paragraph's first words: a trimmed copy keeps its first windows bit for bit, a rewritten
 * lead leaves the later ones intact, and furniture lines (bylines, share prompts, "Update:" notes) are
 * shorter than a prose paragraph, so they never become anchors and never shift the others. Exact or
 * near-exact window matches can then use wide (32-bit) bands, whose buckets stay nearly empty at any size.
 * Anchors, by priority: (1) the starts of prose paragraphs (≥ 20 words); (2) inside paragraphs longer than two
 * windows (bodies without paragraph breaks: plain-text feeds, flattened markup), the sentences whose first words
 * hash to 0 mod 3 — picked by content, not position, so an edit earlier in the text cannot change the pick;
 * (3) paragraphs of 8+ words, for bodies made only of short paragraphs. The first `count` in that order win.
 * 18-word windows beat 26-word ones on real copy-edited press releases (an edit rarely falls in the first 18
 * words of a paragraph). Measured recall of the candidate step: see lsh.ts and bench/dedup.ts.
 */
import { combine32 } from './hash32.js';
import {
  SHINGLE_LO_SEED,
  SHINGLE_SIZE,
  shingleHashes,
  simhash,
  simhashOfLanes,
  tokenizeWithStarts,
  tokens,
  type TokenizedText,
  type TokenizedWithStarts,
} from './simhash.js';

/** Settings of the window fingerprints; defaults in DEFAULT_WINDOWS. */
export interface WindowOptions {
  /** Windows per body: one at each of the first `count` prose paragraphs. */
  count: number;
  /** Word shingles per window (the window spans `shingles + SHINGLE_SIZE - 1` words, across paragraph ends). */
  shingles: number;
  /** A paragraph of at least this many words is prose and anchors a window; shorter ones are furniture-sized. */
  minParagraphWords: number;
}

/** Default windows: 4 windows of 16 shingles (18 words), anchored at paragraphs of ≥ 20 words (bench/dedup.ts). */
export const DEFAULT_WINDOWS: Readonly<WindowOptions> = Object.freeze({ count: 4, shingles: 16, minParagraphWords: 20 });

/**
 * SimHash fingerprints (16 hex chars each, distinct, in anchor priority order) of the windows of a plain-text body whose
 * paragraphs are separated by blank lines (Article.contentText). A body without a prose paragraph gets one
 * window at its start; an empty body gets none.
 */
export function windowFingerprints(text: string, opts: Partial<WindowOptions> = {}, tokenized?: TokenizedText | TokenizedWithStarts): string[] {
  const o: WindowOptions = { ...DEFAULT_WINDOWS, ...opts };
  // `tokenized` (the caller's tokenization of this very text) saves a scan when it carries token starts.
  const t = tokenized === undefined ? tokenizeWithStarts(text) : 'starts' in tokenized ? tokenized : undefined;
  return t ? windowsFromLanes(text, o, t) : windowsFromStrings(text, o);
}

/** Anchors by tier, each in text order; earlier tiers fill the `count` slots first (see the module comment). */
interface Anchors {
  prose: number[];
  sentences: number[];
  medium: number[];
}

/** Files the paragraph starting at token `start` with `words` tokens under its tier, if any. */
function fileParagraph(a: Anchors, o: WindowOptions, start: number, words: number): void {
  if (words >= o.minParagraphWords) a.prose.push(start);
  else if (words >= MEDIUM_WORDS) a.medium.push(start);
}

/** The first `count` anchors in priority order, or the text start when there is none. */
function pick(a: Anchors, o: WindowOptions): number[] {
  const anchors = [...a.prose, ...a.sentences, ...a.medium].slice(0, o.count);
  if (anchors.length === 0) anchors.push(0);
  return anchors;
}

/**
 * The common case (text `scannable` by simhash.ts's fast scan): the body is tokenized once, to hash lanes and token start offsets;
 * paragraph and sentence boundaries become token positions, and each window's SimHash is taken over a slice of the
 * lanes, with no token strings. The same values as {@link windowsFromStrings}: separators are whitespace, so a piece's
 * tokens are the body's tokens that start inside it, and such tokens re-tokenize to themselves.
 */
function windowsFromLanes(text: string, o: WindowOptions, t: TokenizedWithStarts): string[] {
  const span = o.shingles + SHINGLE_SIZE - 1;
  if (t.count === 0 || o.count <= 0) return [];
  const a: Anchors = { prose: [], sentences: [], medium: [] };
  const { starts, count } = t;
  // Token index of the first token at or after a text offset (offsets only grow, so one cursor serves all).
  let cursor = 0;
  const tokenAt = (offset: number): number => {
    while (cursor < count && (starts[cursor] ?? 0) < offset) cursor++;
    return cursor;
  };
  forEachPiece(text, PARAGRAPH_BREAK_G, (from, to) => {
    const start = tokenAt(from);
    const words = tokenAt(to) - start;
    fileParagraph(a, o, start, words);
    // Only long paragraphs pay for sentence splitting (news paragraphs are 20–50 words).
    if (words > 2 * span) a.sentences.push(...sentencesFromLanes(text.slice(from, to), from, start, t));
  });
  return [...new Set(pick(a, o).map((at) => simhashOfLanes(t.lo.subarray(at, at + span), t.hi.subarray(at, at + span))))];
}

/** Calls `fn` with the [from, to) offsets of each piece `text.split(re)` gives (`re`: the global form of a split regex that never matches empty). */
function forEachPiece(text: string, re: RegExp, fn: (from: number, to: number) => void): void {
  let from = 0;
  for (const m of text.matchAll(re)) {
    fn(from, m.index);
    from = m.index + m[0].length;
  }
  fn(from, text.length);
}

/** {@link sampledSentences} of the paragraph at text offset `offset` (its first token: `first`), from the body's lanes. */
function sentencesFromLanes(paragraph: string, offset: number, first: number, t: TokenizedWithStarts): number[] {
  const { starts, count, lo } = t;
  const out: number[] = [];
  let i = 0;
  let cursor = first;
  forEachPiece(paragraph, SENTENCE_BREAK_G, (_from, to) => {
    const at = cursor;
    while (cursor < count && (starts[cursor] ?? 0) < offset + to) cursor++;
    const words = cursor - at;
    // lane 0 of shingleHashes of the sentence's first SHINGLE_SIZE tokens (one shingle over min(words, k) tokens).
    if (i > 0 && words > 0 && combine32(lo, at, Math.min(words, SHINGLE_SIZE), SHINGLE_LO_SEED) % SENTENCE_SAMPLE === 0) out.push(at);
    i++;
  });
  return out;
}

/** Any text: token strings, and each window re-tokenized from its joined words (the reference path). */
function windowsFromStrings(text: string, o: WindowOptions): string[] {
  const span = o.shingles + SHINGLE_SIZE - 1;
  const all: string[] = [];
  const a: Anchors = { prose: [], sentences: [], medium: [] };
  for (const paragraph of text.split(PARAGRAPH_BREAK)) {
    const start = all.length;
    const toks = tokens(paragraph);
    for (const t of toks) all.push(t);
    fileParagraph(a, o, start, toks.length);
    if (toks.length > 2 * span) {
      a.sentences.push(...sampledSentences(paragraph, start, (s) => {
        const st = tokens(s);
        return { count: st.length, hash: shingleHashes(st.slice(0, SHINGLE_SIZE)).lo[0] ?? 0 };
      }));
    }
  }
  if (all.length === 0 || o.count <= 0) return [];
  // simhash() re-tokenizes the joined words to the same tokens (tokens hold no spaces and are already folded).
  return [...new Set(pick(a, o).map((at) => simhash(all.slice(at, at + span).join(' '))))];
}

/** A sentence's token count and the hash of its first shingle (lane 0 of `shingleHashes` of its first SHINGLE_SIZE tokens). */
interface SentenceStart {
  count: number;
  hash: number;
}

/** Paragraphs of Article.contentText are separated by blank lines. */
const PARAGRAPH_BREAK = /\n[^\S\n]*\n/;
const PARAGRAPH_BREAK_G = new RegExp(PARAGRAPH_BREAK.source, 'g');
/** A sentence ends with . ! ? or … (and closing quotes/brackets) before a space and an upper-case letter or digit. */
const SENTENCE_BREAK = /(?<=[.!?…]["'»”’)]*)\s+(?=["'„«“‚(]?[\p{Lu}\p{N}])/u;
const SENTENCE_BREAK_G = new RegExp(SENTENCE_BREAK.source, 'gu');
/** Paragraphs shorter than prose but this long anchor windows last, for bodies made of short paragraphs (lists, briefs). */
const MEDIUM_WORDS = 8;
/** One sentence in this many (by the hash of its first words) anchors a window inside a long paragraph. */
const SENTENCE_SAMPLE = 3;

/** Token offsets (from `start`) of the sentences of a paragraph, after its first, whose first words hash to 0 mod SENTENCE_SAMPLE. */
function sampledSentences(paragraph: string, start: number, read: (sentence: string) => SentenceStart): number[] {
  const out: number[] = [];
  let at = start;
  for (const [i, sentence] of paragraph.split(SENTENCE_BREAK).entries()) {
    const { count, hash } = read(sentence);
    if (i > 0 && count > 0 && hash % SENTENCE_SAMPLE === 0) out.push(at);
    at += count;
  }
  return out;
}
