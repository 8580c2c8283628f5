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
import { SHINGLE_SIZE, shingleHashes, tokens } from './simhash.js';

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

function intersectionSize(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

const fmt = (x: number): string => x.toFixed(2);

/** Decides whether two article bodies are near-duplicates (same story, possibly re-edited, trimmed or re-framed). */
export function compareBodies(a: ComparableBody, b: ComparableBody, opts: Partial<NearDupOptions> = {}): BodyComparison {
  const o: NearDupOptions = { ...DEFAULT_NEAR_DUP, ...opts };
  const ta = tokens(a.text);
  const tb = tokens(b.text);
  const sa = shingleSet(ta, o.shingleSize);
  const sb = shingleSet(tb, o.shingleSize);
  const inter = intersectionSize(sa, sb);
  const union = sa.size + sb.size - inter;
  const minSize = Math.min(sa.size, sb.size);
  const maxSize = Math.max(sa.size, sb.size);
  const jaccard = union === 0 ? 0 : inter / union;
  const containment = minSize === 0 ? 0 : inter / minSize;
  const result = (duplicate: boolean, reason: string): BodyComparison => ({ duplicate, jaccard, containment, reason });

  const minTokens = Math.min(ta.length, tb.length);
  if (minTokens < o.minTokens) {
    // Short items (briefs, title-only entries): a shared phrase is not evidence, so require the same words.
    const na = `${tokens(a.title).join(' ')}\n${ta.join(' ')}`;
    const nb = `${tokens(b.title).join(' ')}\n${tb.join(' ')}`;
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
