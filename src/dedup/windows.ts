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
import { SHINGLE_SIZE, shingleHashes, simhash, tokens } from './simhash.js';

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
export function windowFingerprints(text: string, opts: Partial<WindowOptions> = {}): string[] {
  const o: WindowOptions = { ...DEFAULT_WINDOWS, ...opts };
  const span = o.shingles + SHINGLE_SIZE - 1;
  const all: string[] = [];
  // Anchors by tier, each in text order; earlier tiers fill the `count` slots first (see the module comment).
  const prose: number[] = [];
  const sentenceAnchors: number[] = [];
  const medium: number[] = [];
  for (const paragraph of text.split(PARAGRAPH_BREAK)) {
    const start = all.length;
    const toks = tokens(paragraph);
    for (const t of toks) all.push(t);
    if (toks.length >= o.minParagraphWords) prose.push(start);
    else if (toks.length >= MEDIUM_WORDS) medium.push(start);
    // Only long paragraphs pay for sentence splitting (news paragraphs are 20–50 words).
    if (toks.length > 2 * span) sentenceAnchors.push(...sampledSentences(paragraph, start));
  }
  if (all.length === 0 || o.count <= 0) return [];
  const anchors = [...prose, ...sentenceAnchors, ...medium].slice(0, o.count);
  if (anchors.length === 0) anchors.push(0);
  // simhash() re-tokenizes the joined words to the same tokens (tokens hold no spaces and are already folded).
  return [...new Set(anchors.map((at) => simhash(all.slice(at, at + span).join(' '))))];
}

/** Paragraphs of Article.contentText are separated by blank lines. */
const PARAGRAPH_BREAK = /\n[^\S\n]*\n/;
/** A sentence ends with . ! ? or … (and closing quotes/brackets) before a space and an upper-case letter or digit. */
const SENTENCE_BREAK = /(?<=[.!?…]["'»”’)]*)\s+(?=["'„«“‚(]?[\p{Lu}\p{N}])/u;
/** Paragraphs shorter than prose but this long anchor windows last, for bodies made of short paragraphs (lists, briefs). */
const MEDIUM_WORDS = 8;
/** One sentence in this many (by the hash of its first words) anchors a window inside a long paragraph. */
const SENTENCE_SAMPLE = 3;

/** Token offsets (from `start`) of the sentences of a paragraph, after its first, whose first words hash to 0 mod SENTENCE_SAMPLE. */
function sampledSentences(paragraph: string, start: number): number[] {
  const out: number[] = [];
  let at = start;
  for (const [i, sentence] of paragraph.split(SENTENCE_BREAK).entries()) {
    const toks = tokens(sentence);
    if (i > 0 && toks.length > 0 && (shingleHashes(toks.slice(0, SHINGLE_SIZE)).lo[0] ?? 0) % SENTENCE_SAMPLE === 0) out.push(at);
    at += toks.length;
  }
  return out;
}
