/**
 * The near-duplicate decision (DESIGN.md convention 12): the LSH index only proposes candidates; two bodies
 * are duplicates when their sets of word 3-shingles overlap enough (Broder 1997, "resemblance" = Jaccard;
 * "containment" for copies trimmed by the publisher).
 *
 * Thresholds (DEFAULT_NEAR_DUP) measured by bench/dedup.ts on 956 real pages: decision alone (no index) finds
 * 100% of copies with new furniture, a rewritten lead, an "Update:" line or copy-edits, 99.9% of copies trimmed
 * by 20–50%, 99.7% of syndicated copies (furniture + new lead + copy-edits) and 99.3% of those also trimmed,
 * plus all 7 natural copies in the corpus and demo site; with the LSH candidates (lsh.ts) precision 1.000 and
 * recall 0.997. No negative (400 pairs sharing the most named entities, 197 same-site pairs, 893 stories with
 * another's first sentence and 893 with its lead over a different body) reached the thresholds: the highest
 * were jaccard 0.18 and containment 0.40 (shorter ≥ 0.3 of the longer). Containment was lowered from 0.8 to
 * 0.7 for a real wire copy (EFE story on two Chilean outlets: jaccard 0.40, containment 0.73).
 */
import { SHINGLE_SIZE, shingleHashes, shingleHashesOf, tokenize, tokens, type TokenizedText } from './simhash.js';

/** Thresholds of the near-duplicate decision; every field has a default in DEFAULT_NEAR_DUP. */
export interface NearDupOptions {
  /** Duplicate when |A∩B| / |A∪B| reaches this. */
  jaccard: number;
  /** Duplicate when |A∩B| / min(|A|,|B|) reaches this (the shorter body is a trimmed copy of the longer)… */
  containment: number;
  /**
   * …and the shorter body has at least this share of the longer one's shingles. Without it a teaser that is
   * only the shared lead would "contain" every story starting with that lead and chain different stories
   * into one cluster.
   */
  minLengthRatio: number;
  /** Below this many word tokens in the shorter body, shingle overlap is noise: title + text must match exactly. */
  minTokens: number;
  /** Words per shingle. */
  shingleSize: number;
}

/** Default thresholds: Jaccard ≥ 0.5 or containment ≥ 0.7 (shorter ≥ 30% of longer), bodies of ≥ 50 words, 3-word shingles (measured: module comment). */
export const DEFAULT_NEAR_DUP: Readonly<NearDupOptions> = Object.freeze({
  jaccard: 0.5,
  containment: 0.7,
  minLengthRatio: 0.3,
  minTokens: 50,
  shingleSize: SHINGLE_SIZE,
});

/** What one comparison found: the decision, both overlap measures, and a human-readable reason. */
export interface BodyComparison {
  duplicate: boolean;
  jaccard: number;
  containment: number;
  reason: string;
}

/** A body to compare: its title and its plain text (Article.title / Article.contentText). */
export interface ComparableBody {
  title: string;
  text: string;
}

/** The set of hashed word shingles of a token list (53-bit integers: exact as Number keys, collisions negligible). */
export function shingleSet(toks: readonly string[], k = SHINGLE_SIZE): Set<number> {
  const { hi, lo } = shingleHashes(toks, k);
  const set = new Set<number>();
  for (let i = 0; i < lo.length; i++) set.add(((hi[i] ?? 0) >>> 11) * 0x1_0000_0000 + (lo[i] ?? 0));
  return set;
}

/** A body reduced once to what the decision reads, for comparing it with many others (the article stage's candidates). */
export interface PreparedBody {
  title: string;
  text: string;
  /** Word tokens of the text. */
  count: number;
  /** Shingle width the set was made with. */
  k: number;
  /** The distinct {@link shingleSet} values of the text, as an open-addressing hash set. */
  shingles: ShingleSet;
}

/**
 * A set of 53-bit shingle keys (shingleSet's `(hi >>> 11) * 2^32 + lo`) held as two 32-bit halves in typed arrays, with
 * an open-addressing index: building and probing it allocates no heap number per shingle, as a Set<number> of such
 * keys does. `lo` is already a mixed hash, so it is the probe start.
 */
interface ShingleSet {
  size: number;
  hi: Uint32Array;
  lo: Uint32Array;
  /** Slot → 1 + index into hi/lo, 0 = empty; length a power of two, at least twice the keys. */
  slots: Uint32Array;
}

function slotOf(set: ShingleSet, hi: number, lo: number): number {
  const mask = set.slots.length - 1;
  let i = lo & mask;
  for (;;) {
    const at = set.slots[i] ?? 0;
    if (at === 0 || (set.hi[at - 1] === hi && set.lo[at - 1] === lo)) return i;
    i = (i + 1) & mask;
  }
}

function has(set: ShingleSet, hi: number, lo: number): boolean {
  return (set.slots[slotOf(set, hi, lo)] ?? 0) !== 0;
}

/**
 * Tokenizes and shingles a body once (`tokenized`: `tokenize(body.text)` when the caller already has it), keeping its
 * distinct shingles in a {@link ShingleSet}; comparing two prepared bodies then only probes one set with the other.
 */
export function prepareBody(body: ComparableBody, k = SHINGLE_SIZE, tokenized: TokenizedText = tokenize(body.text)): PreparedBody {
  const { hi, lo } = shingleHashesOf(tokenized, k);
  let cap = 2;
  while (cap < 2 * lo.length) cap *= 2;
  const set: ShingleSet = { size: 0, hi: new Uint32Array(lo.length), lo: new Uint32Array(lo.length), slots: new Uint32Array(cap) };
  for (let i = 0; i < lo.length; i++) {
    const h = (hi[i] ?? 0) >>> 11;
    const l = lo[i] ?? 0;
    const slot = slotOf(set, h, l);
    if ((set.slots[slot] ?? 0) !== 0) continue;
    set.hi[set.size] = h;
    set.lo[set.size] = l;
    set.size += 1;
    set.slots[slot] = set.size;
  }
  return { title: body.title, text: body.text, count: tokenized.count, k, shingles: set };
}

/** Keys present in both sets. */
function intersectionSize(a: ShingleSet, b: ShingleSet): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (let i = 0; i < small.size; i++) if (has(large, small.hi[i] ?? 0, small.lo[i] ?? 0)) n++;
  return n;
}

const fmt = (x: number): string => x.toFixed(2);

/** Decides whether two article bodies are near-duplicates (same story, possibly re-edited, trimmed or re-framed). */
export function compareBodies(a: ComparableBody, b: ComparableBody, opts: Partial<NearDupOptions> = {}): BodyComparison {
  const k = opts.shingleSize ?? DEFAULT_NEAR_DUP.shingleSize;
  return comparePrepared(prepareBody(a, k), prepareBody(b, k), opts);
}

/** {@link compareBodies} of bodies already prepared (with `opts.shingleSize`, default SHINGLE_SIZE). */
export function comparePrepared(pa: PreparedBody, pb: PreparedBody, opts: Partial<NearDupOptions> = {}): BodyComparison {
  const o: NearDupOptions = { ...DEFAULT_NEAR_DUP, ...opts };
  const a = pa.k === o.shingleSize ? pa : prepareBody(pa, o.shingleSize);
  const b = pb.k === o.shingleSize ? pb : prepareBody(pb, o.shingleSize);
  const inter = intersectionSize(a.shingles, b.shingles);
  const union = a.shingles.size + b.shingles.size - inter;
  const minSize = Math.min(a.shingles.size, b.shingles.size);
  const maxSize = Math.max(a.shingles.size, b.shingles.size);
  const jaccard = union === 0 ? 0 : inter / union;
  const containment = minSize === 0 ? 0 : inter / minSize;
  const result = (duplicate: boolean, reason: string): BodyComparison => ({ duplicate, jaccard, containment, reason });

  const minTokens = Math.min(a.count, b.count);
  if (minTokens < o.minTokens) {
    // Short items (briefs, title-only entries): a shared phrase is not evidence, so require the same words.
    const na = `${tokens(a.title).join(' ')}\n${tokens(a.text).join(' ')}`;
    const nb = `${tokens(b.title).join(' ')}\n${tokens(b.text).join(' ')}`;
    if (na === '\n' || nb === '\n') return result(false, 'nothing to compare: empty title and body');
    const same = na === nb;
    return result(same, `short body (${minTokens} < ${o.minTokens} tokens): title and text ${same ? 'identical' : 'differ'}`);
  }
  if (jaccard >= o.jaccard) return result(true, `jaccard ${fmt(jaccard)} ≥ ${o.jaccard}`);
  if (containment >= o.containment) {
    const ratio = minSize / maxSize;
    if (ratio >= o.minLengthRatio) {
      return result(true, `containment ${fmt(containment)} ≥ ${o.containment} (shorter body is ${fmt(ratio)} of the longer)`);
    }
    return result(false, `containment ${fmt(containment)} but shorter body is only ${fmt(ratio)} of the longer (< ${o.minLengthRatio})`);
  }
  return result(false, `jaccard ${fmt(jaccard)} < ${o.jaccard} and containment ${fmt(containment)} < ${o.containment}`);
}
